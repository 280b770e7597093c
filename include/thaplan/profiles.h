// Landmark profiles: how a capture system names its markers or keypoints,
// and the step that turns a Trial (file names, file axes) into a
// LandmarkSeries (canonical landmarks, +Z up, metres) that gait analysis
// consumes.
//
//   Trial ──DetectProfile/FindProfile/LoadProfileJson──► LandmarkProfile
//   Trial + LandmarkProfile ──ApplyProfile──► LandmarkSeries
//
// docs/profiles.md describes the built-in profiles and the JSON format for a
// clinic's own device (example: data/profiles/opencap_lab_markers.json).
#ifndef THAPLAN_PROFILES_H_
#define THAPLAN_PROFILES_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/landmarks.h"
#include "thaplan/status.h"
#include "thaplan/trial.h"

namespace thaplan {

struct LandmarkProfile {
  std::string name;  // e.g. "plug-in-gait"
  std::string description;
  // Compare names ignoring ASCII case ("lasi" matches "LASI").
  bool case_insensitive = false;
  // Drop everything up to the last ':' of a file's name before comparing
  // ("A22:LASI" -> "LASI"), as Vicon prefixes labels with the subject.
  bool strip_subject_prefix = true;
  // For each canonical landmark, the source names accepted, most preferred
  // first (e.g. a joint centre before the lateral marker). Empty: the
  // system has no such landmark.
  std::array<std::vector<std::string>, kLandmarkCount> sources;
  // Optional, per canonical landmark: two or more marker names whose mean is
  // the landmark (knee centre = midpoint of the lateral and medial femoral
  // epicondyle markers). Used when no `sources` name has data and every
  // midpoint marker has data.
  std::array<std::vector<std::string>, kLandmarkCount> midpoint;
  // Optional, per canonical landmark: three or more technical markers fixed
  // to the segment that carries it (the thigh cluster for the knee centre).
  // When a trial lacks the landmark but ApplyOptions::static_trial has it,
  // the landmark is rebuilt in every frame from this cluster (calibrated
  // anatomical systems technique, Cappozzo et al. 1995; docs/profiles.md).
  std::array<std::vector<std::string>, kLandmarkCount> cluster;

  const std::vector<std::string>& SourcesOf(Landmark l) const {
    return sources[static_cast<size_t>(l)];
  }
  const std::vector<std::string>& MidpointOf(Landmark l) const {
    return midpoint[static_cast<size_t>(l)];
  }
  const std::vector<std::string>& ClusterOf(Landmark l) const {
    return cluster[static_cast<size_t>(l)];
  }
};

// The built-in profiles: plug-in-gait, opensim-gait2392 (also Gait2354),
// openpose-body25, opencap-augmented, mediapipe-blazepose33, halpe26. The
// order breaks ties in DetectProfile.
const std::vector<LandmarkProfile>& BuiltinProfiles();

// A built-in profile by name; NotFound lists the names there are.
Result<LandmarkProfile> FindProfile(std::string_view name);

// A profile from a JSON file (docs/profiles.md). Errors name the file, the
// key and the bad value.
Result<LandmarkProfile> LoadProfileJson(const std::string& path);
Result<LandmarkProfile> ParseProfileJson(std::string_view text, const std::string& name);

// Which of the trial's landmarks a profile picks. A source that is NaN in
// every frame counts as absent, and the next accepted name is tried; then
// the midpoint, when each of its markers has data somewhere.
struct ProfileMatch {
  std::string profile_name;
  int matched = 0;  // canonical landmarks found with data (source or midpoint)
  // Index into Trial::landmarks per canonical landmark, when a source is found.
  std::array<std::optional<size_t>, kLandmarkCount> columns;
  // Otherwise, the indices of the midpoint markers (empty when not used).
  std::array<std::vector<size_t>, kLandmarkCount> midpoint_columns;
};
ProfileMatch MatchProfile(const Trial& trial, const LandmarkProfile& profile);

struct ProfileDetection {
  LandmarkProfile profile;  // the built-in profile with the most matches
  int matched = 0;          // how many canonical landmarks it found
  // Every built-in profile's count, in BuiltinProfiles() order.
  std::vector<std::pair<std::string, int>> scores;
};

// Chooses the built-in profile that finds the most canonical landmarks in
// the trial (ties: earlier in BuiltinProfiles()). NotFound when none finds
// any, with a few of the file's labels to help write a JSON profile.
Result<ProfileDetection> DetectProfile(const Trial& trial);

enum class HipCentreMethod {
  kHarrington2007,  // pelvic width and depth (Harrington et al. 2007)
  kDavis1991,       // leg length and inter-ASIS distance (Davis et al. 1991)
};

// "harrington2007" or "davis1991", as stored in LandmarkSeries.
std::string_view HipCentreMethodName(HipCentreMethod method);

struct ApplyOptions {
  // Overrides the trial's vertical axis (e.g. a keypoint CSV without
  // vertical=, or a file known to be mislabelled). Sign +1: up is +axis.
  std::optional<Axis> vertical_axis;
  int vertical_sign = 1;
  // Refuse data where the head/shoulders (else pelvis) are not clearly above
  // the feet (else knees) in the +Z-up frame. Turn off only for trials that
  // are not upright, knowing nothing then checks the axis.
  bool check_vertical = true;
  // Compute hip joint centres from ASIS and PSIS (or sacrum) when the file
  // has none.
  bool compute_hip_centres = true;
  HipCentreMethod hip_centre_method = HipCentreMethod::kHarrington2007;
  // Davis 1991 only: leg length (ASIS to medial malleolus), required; the
  // ASIS-trochanter distance (default: Vicon's regression on leg length);
  // marker radius (default 7 mm, the common 14 mm marker).
  std::optional<double> leg_length_m;
  std::optional<double> asis_trochanter_distance_m;
  double marker_radius_m = 0.007;
  // Landmarks the caller's analysis cannot do without; a missing one is an
  // error naming it and the source names looked for.
  std::vector<Landmark> required;
  // A static (standing) trial of the same subject and marker set. Landmarks
  // the trial lacks but the static trial has (by source or midpoint) are
  // rebuilt from the profile's cluster of the same segment in every frame
  // (docs/profiles.md, "Static calibration"). Null: no calibration.
  std::shared_ptr<const Trial> static_trial;
  // Static calibration refuses a cluster whose rigid fit leaves a larger
  // root-mean-square residual than this in any frame of either trial (a
  // marker that moved on the skin, fell off or was mislabelled). Ours:
  // docs/profiles.md gives the reasoning.
  double max_cluster_residual_m = 0.010;
};

// Picks each canonical landmark the profile finds (source, else midpoint,
// else static calibration when options.static_trial is set), rotates the trial's
// frame so that up is +Z (right-handed; the horizontal axes are kept where
// possible: Y-up files map (x, y, z) -> (x, -z, y)), checks that up is up,
// sets pelvis_tracked (both ASIS and both PSIS or a sacrum), and when the
// file has no hip centres and the pelvis is tracked, computes them per frame
// (NaN where a pelvis marker is missing). Errors: malformed trial, every
// marker NaN, no vertical axis known, vertical check failed, nothing found,
// a required landmark missing, Davis without a leg length, a static
// calibration cluster that is collinear or fits with a residual above
// options.max_cluster_residual_m. `notes`, when given, receives what was
// derived and how well (one line per calibrated landmark: cluster, RMS
// residuals); callers put them in the report's quality notes.
Result<LandmarkSeries> ApplyProfile(const Trial& trial, const LandmarkProfile& profile,
                                    const ApplyOptions& options = {},
                                    std::vector<std::string>* notes = nullptr);

}  // namespace thaplan

#endif  // THAPLAN_PROFILES_H_
