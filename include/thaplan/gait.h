// Gait analysis: a LandmarkSeries in, a GaitReport out (CLINICAL.md section 2).
//
// Pipeline per trial: fill short gaps, split at long ones, low-pass filter,
// find the walking direction, detect heel strikes and toe offs (Zeni 2008),
// assemble and validate strides, compute per-stride metrics, then the three
// indices over the session: stride-length CV (stability), peak hip extension
// (propulsion) and COM sway symmetry. docs/gait.md documents every step and
// constant.
//
// Thread safety: the functions are pure; call them from any thread.
#ifndef THAPLAN_GAIT_H_
#define THAPLAN_GAIT_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/landmarks.h"
#include "thaplan/status.h"

namespace thaplan {

enum class GaitEventKind { kHeelStrike, kToeOff };
enum class HipAngleFrame { kNone, kPelvis, kTrunk };

std::string_view SexName(Sex sex);  // "unspecified", "female", "male"
std::string_view GaitEventKindName(GaitEventKind kind);   // "heel_strike", "toe_off"
std::string_view HipAngleFrameName(HipAngleFrame frame);  // "none", "pelvis", "trunk"

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct GaitOptions {
  // 4th-order zero-lag Butterworth low-pass on positions (CLINICAL.md s.2).
  bool low_pass = true;
  double position_cutoff_hz = 6.0;
  // Gaps up to this long are filled; longer ones split the trial.
  double max_gap_fill_s = 0.1;
  // Valid stretches shorter than this are not analysed (noted in the report).
  double min_segment_s = 0.5;
  // Operated side; without it COM values are reported per side, no ratio.
  std::optional<Side> operated_side;
  // Selects the de Leva (1996) table; kUnspecified averages the two.
  Sex sex = Sex::kUnspecified;
  // Zeni peak prominence = factor x leg length (docs/gait.md: why 0.2).
  double prominence_leg_fraction = 0.2;
  // Leg length in metres; 0 estimates it from the pelvis height.
  double leg_length_m = 0;
  // Treadmill belt speed, when known: lets stride length be computed for a
  // walk whose pelvis stays in place. 0 = unknown.
  double belt_speed_m_s = 0;
  // Stride-length CV: no value below min, low-reliability flag below reliable
  // (Brach 2008 via CLINICAL.md).
  int min_strides_cv = 6;
  int reliable_strides_cv = 20;
  // A stride whose walking direction turns more than this is dropped.
  double max_turn_deg = 30;
  // Longer strides are dropped (a pause or a missed strike).
  double max_stride_time_s = 3.0;
};

struct GaitEvent {
  int trial = 0;    // index into GaitReport::trials
  int segment = 0;  // analysed stretch within the trial
  Side side = Side::kLeft;
  GaitEventKind kind = GaitEventKind::kHeelStrike;
  int64_t frame = 0;  // nearest frame of the trial
  double time_s = 0;  // sub-frame estimate, trial time base
  std::string method;
  // Timed on gap-filled samples: the timing landmark has a filled sample
  // within 0.05 s of the event, so the contact itself was interpolated, not
  // observed (docs/gait.md section 5).
  bool across_gap = false;
};

struct StrideMetrics {
  int trial = 0;
  int segment = 0;
  int bout = 0;  // consecutive strides of one side in one direction
  Side side = Side::kLeft;
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  double start_time_s = 0;
  double end_time_s = 0;
  double direction_deg = 0;  // heading of the walking direction, atan2(y, x)
  double stride_time_s = kNoValue;
  double stride_length_m = kNoValue;  // NaN on a treadmill without belt speed
  double speed_m_s = kNoValue;
  double cadence_steps_per_min = kNoValue;  // 120 / stride time
  double step_length_m = kNoValue;
  double step_width_m = kNoValue;
  double stance_pct = kNoValue;
  double swing_pct = kNoValue;
  double single_support_pct = kNoValue;
  double double_support_pct = kNoValue;
  double peak_hip_extension_deg = kNoValue;
  double com_lateral_excursion_m = kNoValue;  // toward this side, its single support
  double com_vertical_rise_m = kNoValue;
  bool bout_boundary = false;  // first or last of its bout: not in the CV
  // How many of its five events (HS_i, TO_c, HS_c, TO_i, HS_i') were timed
  // across gap-filled samples (GaitEvent::across_gap). Such a stride is kept
  // but low_reliability: its timing rests on interpolated, not observed,
  // contacts (docs/gait.md section 5).
  int events_across_gap = 0;
  bool low_reliability = false;
};

struct DroppedStride {
  int trial = 0;
  Side side = Side::kLeft;
  double start_time_s = 0;
  double end_time_s = 0;
  std::string reason;
};

struct MeanSd {
  double mean = kNoValue;
  double sd = kNoValue;  // sample SD (n - 1)
  int n = 0;
};

struct SpatiotemporalSummary {
  int strides = 0;
  MeanSd stride_time_s, stride_length_m, speed_m_s, cadence_steps_per_min, step_length_m,
      step_width_m, stance_pct, swing_pct, single_support_pct, double_support_pct;
};

// A value that may be absent; when absent, `reason` says why.
struct IndexValue {
  std::optional<double> value;
  int n = 0;  // strides behind the value
  bool low_reliability = false;
  std::string reason;
};

struct StrideLengthCvIndex {
  IndexValue pooled, left, right;  // percent
  std::string method;
};

struct HipExtensionIndex {
  IndexValue left, right;  // degrees, extension positive
  HipAngleFrame frame = HipAngleFrame::kNone;
  std::string method;
};

struct ComSymmetryIndex {
  IndexValue lateral_left_m, lateral_right_m;
  IndexValue vertical_rise_left_m, vertical_rise_right_m;
  IndexValue sway_ratio;     // d_operated / d_non-operated
  IndexValue asymmetry_pct;  // 100 |ln ratio|
  std::optional<Side> operated_side;
  std::string method;
};

// Measurement noise of one trial's event landmarks (the heels and toes, or
// what stands in for them), estimated from its raw samples, against the
// noise up to which events were verified within one frame on synthetic walks
// at its sample rate (docs/gait-events.md, "Noise in a recording").
struct TrialNoise {
  int trial = 0;
  std::string landmark;    // the noisiest event landmark; "" when none measurable
  double sd_m = kNoValue;  // its noise SD per coordinate
  double sample_rate_hz = kNoValue;
  double one_frame_limit_m = kNoValue;  // NaN above 120 Hz: not verified
};

struct GaitReport {
  std::vector<std::string> trials;  // source path, or "trial N"
  std::vector<TrialNoise> noise;    // one per trial
  std::vector<GaitEvent> events;
  std::vector<StrideMetrics> strides;  // valid strides only
  std::vector<DroppedStride> dropped;
  SpatiotemporalSummary left, right, pooled;
  StrideLengthCvIndex stride_length_cv;
  HipExtensionIndex peak_hip_extension;
  ComSymmetryIndex com;
  std::string event_method;
  std::vector<std::string> quality_notes;
};

// Analyses one walking trial. Errors (InvalidInput) name the trial and the
// problem: bad sample rate, frame counts that disagree, no pelvis or foot
// landmarks with data, no walking. Missing data for one index leaves that
// index absent with its reason; the others are still computed.
Result<GaitReport> AnalyzeTrial(const LandmarkSeries& series, const GaitOptions& options);

// Pools the strides of several trials of one session into one report. Every
// trial must be analysable; the first failing trial's error is returned with
// its index.
Result<GaitReport> AnalyzeSession(std::span<const LandmarkSeries> trials,
                                  const GaitOptions& options);

nlohmann::json ToJson(const GaitReport& report);

// Plain-text per-stride table and summary for the CLI (fixed-width columns).
std::string FormatStrideTable(const GaitReport& report);

}  // namespace thaplan

#endif  // THAPLAN_GAIT_H_
