// A motion-capture trial as read from a file (C3D, TRC or keypoint CSV), before
// any landmark mapping: the file's own names, SI units, the vertical axis.
//
// Readers live in src/io/; they parse and convert units, nothing more. Gait
// computation never parses files (docs/architecture.md).
#ifndef THAPLAN_TRIAL_H_
#define THAPLAN_TRIAL_H_

#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/status.h"

namespace thaplan {

using Vec3 = std::array<double, 3>;

enum class Axis { kX = 0, kY = 1, kZ = 2 };

// An event stored in the file (C3D EVENT group): context "Left", "Right" or
// "General"; label e.g. "Foot Strike", "Foot Off".
struct TrialEvent {
  std::string context;
  std::string label;
  double time_s = 0;
};

// A value the capture software computed and stored (C3D ANALYSIS group),
// e.g. context "Left", name "Stride Length", unit "mm".
struct TrialAnalysisValue {
  std::string context;
  std::string name;
  std::string unit;
  double value = 0;
};

struct Trial {
  std::string source_path;
  std::string format;  // "c3d", "trc" or "keypoints"
  double sample_rate_hz = 0;
  double start_time_s = 0;  // time of frame 0
  int64_t frame_count = 0;
  // Landmark names exactly as in the file (a C3D subject prefix such as
  // "A22:" is kept; profiles handle it).
  std::vector<std::string> landmarks;
  // Frame-major positions in metres: index (frame * landmarks.size() + l).
  // NaN in all three coordinates where the landmark is missing.
  std::vector<Vec3> positions_m;
  // Optional per-landmark detection confidence in [0, 1], same indexing as
  // positions_m; empty when the file has none.
  std::vector<float> confidence;
  // The file's vertical axis and its sign (+1: up is +axis), when the format
  // or the user declares it; readers leave it unset when they cannot know.
  std::optional<Axis> vertical_axis;
  int vertical_sign = 1;
  std::vector<TrialEvent> events;
  std::vector<TrialAnalysisValue> analysis;
  // Other header facts worth showing (units as written, processor type, ...).
  // Never subject names or other identifiers.
  std::map<std::string, std::string> metadata;

  double TimeOf(int64_t frame) const {
    return start_time_s + static_cast<double>(frame) / sample_rate_hz;
  }
  const Vec3& At(int64_t frame, size_t landmark) const {
    return positions_m[static_cast<size_t>(frame) * landmarks.size() + landmark];
  }
  Vec3& At(int64_t frame, size_t landmark) {
    return positions_m[static_cast<size_t>(frame) * landmarks.size() + landmark];
  }
  // Index of a landmark by exact name, or nullopt.
  std::optional<size_t> Find(std::string_view name) const {
    for (size_t i = 0; i < landmarks.size(); ++i) {
      if (landmarks[i] == name) return i;
    }
    return std::nullopt;
  }
};

inline bool IsMissing(const Vec3& p) { return std::isnan(p[0]) || std::isnan(p[1]) || std::isnan(p[2]); }

}  // namespace thaplan

#endif  // THAPLAN_TRIAL_H_
