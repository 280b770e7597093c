// The synthetic walker: realistic walking trials whose truth is known because
// the generator put it there (docs/walker.md explains the kinematic model).
//
// Start with SimulateWalk(): parameters and a seed in, a LandmarkSeries (what
// the gait engine consumes) and a WalkTruth out. The same parameters and seed
// give the same bytes on every run; nothing here reads a clock or a global
// random source. Thread safety: all functions are pure and may run
// concurrently.
#ifndef THAPLAN_WALKER_H_
#define THAPLAN_WALKER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/landmarks.h"
#include "thaplan/status.h"

namespace thaplan {


// Which landmarks the walk emits.
//   kMarkers:   a lab marker set: ASIS, PSIS, sacrum, hip centres (optional),
//               knees, ankles, heels, toes, shoulders, C7 (as kNeck), head,
//               elbows, wrists. The pelvis is tracked.
//   kKeypoints: a markerless keypoint set (OpenPose-like): hip centres,
//               mid-hip, neck (mid-shoulder), shoulders, elbows, wrists,
//               knees, ankles, heels, toes, head. No ASIS/PSIS.
enum class WalkLandmarkSet { kMarkers, kKeypoints };

std::string_view WalkLandmarkSetName(WalkLandmarkSet set);  // "markers", "keypoints"

struct WalkParams {
  // Steady-state stride length: mean (m) and coefficient of variation (%).
  double stride_length_mean_m = 1.10;
  double stride_length_cv_pct = 3.0;
  double cadence_steps_per_min = 108.0;
  // Peak hip extension per side, pelvis-referenced, extension positive (deg).
  double peak_hip_extension_left_deg = 5.0;
  double peak_hip_extension_right_deg = 5.0;
  // Lateral whole-body COM excursion toward each stance side during its single
  // support, relative to the stride mean (CLINICAL.md section 2), in metres.
  double com_sway_left_m = 0.025;
  double com_sway_right_m = 0.025;
  double step_width_m = 0.10;
  double body_height_m = 1.60;
  // Hip-joint-centre-to-floor height standing; 0 = from body height (de Leva).
  double leg_length_m = 0;
  Sex sex = Sex::kFemale;
  // Mean anterior tilt of the ASIS/PSIS pelvis frame while walking (deg).
  // NaN: the walker chooses the mean tilt and a once-per-stride asymmetry
  // so that both legs realise their peak extensions (docs/walker.md); the
  // truth reports what it chose.
  double pelvic_tilt_deg = 10.0;
  // Gaussian measurement noise per coordinate (m) and the fraction of
  // landmark samples missing (in runs of at most 0.1 s).
  double noise_sd_m = 0.0;
  double dropout_fraction = 0.0;
  double sample_rate_hz = 100.0;
  // Steady strides per side. The capture also holds one accelerating stride
  // before them and one decelerating stride after them (per side), which the
  // truth marks as not steady.
  int stride_count = 10;
  // Walking direction in the horizontal plane: degrees counter-clockwise
  // from the +X axis.
  double walking_direction_deg = 0.0;
  WalkLandmarkSet landmark_set = WalkLandmarkSet::kMarkers;
  bool markers_include_hip_centres = true;
};

// Checks every field; the message names each bad field, its value and the
// accepted range ("walk params: cadence_steps_per_min = -5: expected 60..150").
[[nodiscard]] Status ValidateWalkParams(const WalkParams& params);


// One stride: heel strike to the next heel strike of the same foot, both
// inside the capture.
struct StrideTruth {
  Side side = Side::kLeft;
  double heel_strike_s = 0;
  double next_heel_strike_s = 0;
  double toe_off_s = 0;    // this foot's toe off within the stride
  double heel_rise_s = 0;  // the heel leaves the ground (toe rocker starts)
  double length_m = 0;     // heel displacement along the walking direction
  // False for the first and last stride of each side (acceleration and
  // deceleration), which the stride-length CV excludes.
  bool steady = false;
  // Largest hip extension within the stride, from the noise-free geometry.
  double peak_hip_extension_pelvis_deg = 0;
  double peak_hip_extension_trunk_deg = 0;
  // Lateral COM excursion toward each side during that side's single support
  // within this stride, relative to the stride-mean COM (de Leva body).
  double com_excursion_left_m = 0;
  double com_excursion_right_m = 0;
};

struct WalkTruth {
  uint64_t seed = 0;
  WalkParams params;
  // Contact times inside the capture, ascending.
  std::vector<double> heel_strikes_left_s;
  std::vector<double> heel_strikes_right_s;
  std::vector<double> toe_offs_left_s;
  std::vector<double> toe_offs_right_s;
  // Complete strides of both sides in time order of their heel strike.
  std::vector<StrideTruth> strides;
  // Over the steady strides of both sides pooled (sample SD, n - 1).
  double stride_length_mean_m = 0;
  double stride_length_cv_pct = 0;
  double stride_length_cv_left_pct = 0;
  double stride_length_cv_right_pct = 0;
  // Means over the steady strides of each side.
  double peak_hip_extension_left_pelvis_deg = 0;
  double peak_hip_extension_right_pelvis_deg = 0;
  double peak_hip_extension_left_trunk_deg = 0;
  double peak_hip_extension_right_trunk_deg = 0;
  // Means over all steady strides (both sides) of the per-stride excursions;
  // ratio = left / right.
  double com_excursion_left_m = 0;
  double com_excursion_right_m = 0;
  double com_sway_ratio_left_over_right = 0;
  double cadence_steps_per_min = 0;
  double speed_m_per_s = 0;  // steady stride lengths / steady stride times
  double step_width_m = 0;
  double leg_length_m = 0;
  double stance_fraction = 0;  // stance time / stride time
  // The pelvis's mean anterior tilt (deg): the parameter, or the walker's
  // choice when it was NaN; and how much more anterior the tilt is at the
  // left leg's peak extension than the mean (the same less at the right's;
  // 0 unless chosen).
  double pelvic_tilt_deg = 0;
  double pelvic_tilt_asymmetry_deg = 0;
  // Mean step lengths over the steady strides: how far the left (right) heel
  // lands ahead of the other heel at a left (right) heel strike. They differ
  // when the automatic pelvis lengthens one side's steps.
  double step_length_left_m = 0;
  double step_length_right_m = 0;
  // Knee flexion of the landing leg at its heel strike (deg): 5 unless the
  // automatic pelvis chose more.
  double knee_flexion_at_heel_strike_left_deg = 0;
  double knee_flexion_at_heel_strike_right_deg = 0;
};

struct SyntheticWalk {
  LandmarkSeries series;  // metres, +Z up, NaN for dropouts
  WalkTruth truth;
};

// Simulates one walk. Errors (kInvalidInput) name the parameter that makes the
// walk impossible, e.g. a peak hip extension the leg cannot reach at that
// stride length.
Result<SyntheticWalk> SimulateWalk(const WalkParams& params, uint64_t seed);

// Truth as JSON text (pretty-printed, stable key order), with the parameters
// and seed that made it, so the walk can be regenerated.
std::string WalkTruthToJson(const WalkTruth& truth);
// Writes WalkTruthToJson atomically to `path`.
[[nodiscard]] Status WriteTruthJson(const WalkTruth& truth, const std::string& path);

// Parameters from a JSON object whose keys are the WalkParams field names;
// missing keys keep their defaults, unknown keys are refused. `source` names
// the input in messages. This is what `thaplan simulate walk --params` calls.
Result<WalkParams> WalkParamsFromJson(std::string_view json, std::string_view source);
std::string WalkParamsToJson(const WalkParams& params);

// What `thaplan simulate walk` calls: simulate, write the truth JSON to
// `truth_path`, and return the walk so the caller can write the landmarks with
// its TRC or keypoint-CSV writer.
Result<SyntheticWalk> SimulateWalkAndWriteTruth(const WalkParams& params, uint64_t seed,
                                                const std::string& truth_path);

}  // namespace thaplan

#endif  // THAPLAN_WALKER_H_
