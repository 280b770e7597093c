// Canonical landmarks: the names gait analysis works with, whatever the
// capture system called them. A landmark profile (profiles.h) maps a file's
// names onto these; the result is a LandmarkSeries in one fixed frame.
#ifndef THAPLAN_LANDMARKS_H_
#define THAPLAN_LANDMARKS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/trial.h"

namespace thaplan {

enum class Side { kLeft, kRight };
std::string_view SideName(Side side);  // "left", "right"
inline constexpr Side Other(Side side) {
  return side == Side::kLeft ? Side::kRight : Side::kLeft;
}

// Sex for the segment model (de Leva 1996 has female and male tables).
enum class Sex { kUnspecified, kFemale, kMale };

enum class Landmark {
  kLeftAsis,
  kRightAsis,
  kLeftPsis,
  kRightPsis,
  kSacrum,    // mid-PSIS / sacral marker
  kLeftHip,   // hip joint centre (given by the file, or from ASIS/PSIS by regression)
  kRightHip,
  kMidHip,    // pelvis centre keypoint of markerless systems (OpenPose midHip)
  kLeftKnee,
  kRightKnee,
  kLeftAnkle,
  kRightAnkle,
  kLeftHeel,
  kRightHeel,
  kLeftToe,
  kRightToe,
  kLeftShoulder,
  kRightShoulder,
  kNeck,      // C7 marker or neck keypoint
  kHead,
  kLeftElbow,
  kRightElbow,
  kLeftWrist,
  kRightWrist,
  kCount,
};

inline constexpr size_t kLandmarkCount = static_cast<size_t>(Landmark::kCount);

// Stable snake_case names ("left_asis", "right_heel", ...), used in profile
// JSON files, keypoint CSV exports and messages.
std::string_view LandmarkName(Landmark l);
std::optional<Landmark> LandmarkFromName(std::string_view name);

// Positions of the canonical landmarks over time, in metres, in a right-handed
// frame with +Z up; X and Y are the file's horizontal axes (rotated with the
// vertical where needed). The walking direction is NOT assumed: analysis
// finds it per stride.
struct LandmarkSeries {
  double sample_rate_hz = 0;
  double start_time_s = 0;
  int64_t frame_count = 0;
  // One vector per canonical landmark: empty when the file does not have it,
  // otherwise frame_count entries with NaN where missing.
  std::array<std::vector<Vec3>, kLandmarkCount> positions;
  // Optional confidences (markerless), same shape; empty when none.
  std::array<std::vector<float>, kLandmarkCount> confidence;
  // How the hip joint centres were obtained: "file" or the regression used
  // ("harrington2007", "davis1991"); "" when there are none.
  std::string hip_centre_method;
  // Whether the pelvis is tracked by ASIS/PSIS (or sacrum) markers, which
  // decides the hip-angle reference frame (CLINICAL.md section 2).
  bool pelvis_tracked = false;
  std::string source_path;

  bool Has(Landmark l) const { return !positions[static_cast<size_t>(l)].empty(); }
  const std::vector<Vec3>& Of(Landmark l) const { return positions[static_cast<size_t>(l)]; }
  std::vector<Vec3>& Of(Landmark l) { return positions[static_cast<size_t>(l)]; }
  double TimeOf(int64_t frame) const {
    return start_time_s + static_cast<double>(frame) / sample_rate_hz;
  }
};

}  // namespace thaplan

#endif  // THAPLAN_LANDMARKS_H_
