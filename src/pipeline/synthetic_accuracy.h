// Test-only: synthetic walks taken the whole way a user's file goes
// (SimulateWalk -> TrialFromSeries -> keypoint CSV or TRC text -> parse ->
// the thaplan-canonical profile -> ApplyProfile -> AnalyzeTrial) and the
// analysis compared with the walker's truth. Header-only so it stays out of
// the library (CMakeLists.txt globs *.cc).
#ifndef THAPLAN_PIPELINE_SYNTHETIC_ACCURACY_H_
#define THAPLAN_PIPELINE_SYNTHETIC_ACCURACY_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "thaplan/gait.h"
#include "thaplan/io.h"
#include "thaplan/keypoints.h"
#include "thaplan/profiles.h"
#include "thaplan/trc.h"
#include "thaplan/walker.h"

namespace thaplan::testing {

// OpenSim's TRC convention is +Y up (trc.h) and FormatTrc writes the
// coordinates as they are, so a Z-up walk is first turned the way OpenSim
// holds it: file (x, y, z) = (X, Z, -Y); ApplyProfile maps it back.
inline Trial ToYUp(Trial trial) {
  for (Vec3& p : trial.positions_m) p = {p[0], p[2], -p[1]};
  trial.vertical_axis = Axis::kY;
  trial.vertical_sign = 1;
  return trial;
}

// Keypoints as keypoint CSV in metres (what markerless pipelines write),
// markers as TRC in millimetres (OpenSim, Motion Analysis), then back.
inline Result<LandmarkSeries> ThroughFile(const LandmarkSeries& series,
                                          WalkLandmarkSet set) {
  Trial trial;
  if (set == WalkLandmarkSet::kKeypoints) {
    THAPLAN_ASSIGN_OR_RETURN(
        std::string text,
        FormatKeypointCsv(TrialFromSeries(series, "keypoints"), LengthUnit::kMetres));
    THAPLAN_ASSIGN_OR_RETURN(trial, ParseKeypointCsv(text, "synthetic.csv"));
  } else {
    THAPLAN_ASSIGN_OR_RETURN(
        std::string text,
        FormatTrc(ToYUp(TrialFromSeries(series, "trc")), LengthUnit::kMillimetres));
    THAPLAN_ASSIGN_OR_RETURN(trial, ParseTrc(text, "synthetic.trc"));
  }
  THAPLAN_ASSIGN_OR_RETURN(LandmarkProfile profile, FindProfile("thaplan-canonical"));
  return ApplyProfile(trial, profile);
}

// One walk the whole way a user's file goes: simulated, written in its
// landmark set's file format (ThroughFile), read back and analysed.
struct AnalysedWalk {
  WalkTruth truth;
  LandmarkSeries series;  // as read back from the file
  GaitReport report;
};

inline Result<AnalysedWalk> AnalyseWalk(const WalkParams& p, uint64_t seed,
                                        const GaitOptions& options) {
  THAPLAN_ASSIGN_OR_RETURN(SyntheticWalk walk, SimulateWalk(p, seed));
  AnalysedWalk a;
  a.truth = std::move(walk.truth);
  THAPLAN_ASSIGN_OR_RETURN(a.series, ThroughFile(walk.series, p.landmark_set));
  THAPLAN_ASSIGN_OR_RETURN(a.report, AnalyzeTrial(a.series, options));
  return a;
}

struct Condition {
  const char* name;
  WalkLandmarkSet set;
  double sample_rate_hz;
  double noise_sd_m;
};

// Uniform draws from mt19937_64's raw output (fixed by the standard; the
// standard distributions are not), so every compiler makes the same walks.
class Draw {
 public:
  explicit Draw(uint64_t seed) : engine_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  double Uniform(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(engine_() >> 11) * 0x1.0p-53;
  }

 private:
  std::mt19937_64 engine_;
};

// A plausible THA-cohort walker (CLINICAL.md section 3 ranges), different
// for every seed; markers without hip centres, as a TRC from a lab has them
// (ApplyProfile computes them by Harrington 2007).
inline WalkParams ParamsFor(const Condition& c, uint64_t seed) {
  Draw d(seed);
  WalkParams p;
  p.landmark_set = c.set;
  p.sample_rate_hz = c.sample_rate_hz;
  p.noise_sd_m = c.noise_sd_m;
  p.dropout_fraction = 0.05;
  p.markers_include_hip_centres = false;
  p.stride_length_mean_m = d.Uniform(1.05, 1.20);
  p.stride_length_cv_pct = d.Uniform(2.0, 4.0);
  p.cadence_steps_per_min = d.Uniform(100, 115);
  p.peak_hip_extension_left_deg = d.Uniform(3, 6);
  p.peak_hip_extension_right_deg = d.Uniform(3, 6);
  p.com_sway_left_m = d.Uniform(0.02, 0.035);
  p.com_sway_right_m = d.Uniform(0.02, 0.035);
  p.step_width_m = d.Uniform(0.08, 0.14);
  p.body_height_m = d.Uniform(1.55, 1.70);
  p.pelvic_tilt_deg = d.Uniform(8, 12);
  p.walking_direction_deg = d.Uniform(-180, 180);
  p.sex = seed % 3 == 0 ? Sex::kMale : Sex::kFemale;
  return p;
}

// The analysis options of seed k's walk: the walker's sex, the operated side
// alternating from the left.
inline GaitOptions OptionsFor(const WalkParams& p, int k) {
  GaitOptions o;
  o.operated_side = k % 2 == 1 ? Side::kLeft : Side::kRight;
  o.sex = p.sex;
  return o;
}

struct ConditionErrors {
  int walks = 0;
  // Signed errors, analysis - truth.
  std::vector<double> heel_strike_frames, toe_off_frames;
  std::vector<double> cv_pp;      // pooled stride-length CV, percentage points
  std::vector<double> hip_deg;    // peak hip extension per side, in its frame
  std::vector<double> ratio_rel;  // COM sway ratio, relative
  int events_missed = 0;          // analysable truth events without a match
  int events_not_analysable = 0;  // truth events next to missing edge data
  int stride_set_mismatches = 0;  // CV strides != the truth's steady strides
  std::string first_failure;
};

struct Summary {
  double max = NAN, mean = NAN, p95 = NAN;
  size_t n = 0;
};

// Of the absolute values; p95 is the nearest-rank 95th percentile.
inline Summary Summarise(std::vector<double> v) {
  Summary s;
  s.n = v.size();
  if (v.empty()) return s;
  for (double& x : v) x = std::abs(x);
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  s.max = v.back();
  s.mean = sum / static_cast<double>(v.size());
  const auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(v.size())));
  s.p95 = v[std::max<size_t>(rank, 1) - 1];
  return s;
}

// First and last frames where both feet's heel and toe and both hips have
// data: events closer than 0.1 s to these edges (or beyond) are not
// analysable (the analysis never extrapolates a leading/trailing gap).
inline bool Analysable(const LandmarkSeries& s, double t) {
  using L = Landmark;
  auto ok = [&](int64_t f) {
    for (L l : {L::kLeftHeel, L::kRightHeel, L::kLeftToe, L::kRightToe, L::kLeftHip,
                L::kRightHip}) {
      if (IsMissing(s.Of(l)[static_cast<size_t>(f)])) return false;
    }
    return true;
  };
  int64_t first = 0, last = s.frame_count - 1;
  while (first < s.frame_count && !ok(first)) ++first;
  while (last >= 0 && !ok(last)) --last;
  return t >= s.TimeOf(first) + 0.1 && t <= s.TimeOf(last) - 0.1;
}

// The detected event of `side` and `kind` nearest the truth time, if one is
// within 0.25 s (else the event counts as missed).
inline const GaitEvent* NearestEvent(const GaitReport& r, Side side, GaitEventKind kind,
                                     double truth) {
  const GaitEvent* best = nullptr;
  for (const GaitEvent& g : r.events) {
    if (g.side != side || g.kind != kind) continue;
    if (!best || std::abs(g.time_s - truth) < std::abs(best->time_s - truth)) best = &g;
  }
  return best && std::abs(best->time_s - truth) <= 0.25 ? best : nullptr;
}

inline void CompareEvents(const WalkTruth& t, const GaitReport& r,
                          const LandmarkSeries& s, ConditionErrors& e) {
  auto one = [&](const std::vector<double>& times, Side side, GaitEventKind kind) {
    for (double truth : times) {
      if (!Analysable(s, truth)) {
        ++e.events_not_analysable;
        continue;
      }
      const GaitEvent* best = NearestEvent(r, side, kind, truth);
      if (!best) {
        ++e.events_missed;
        continue;
      }
      (kind == GaitEventKind::kHeelStrike ? e.heel_strike_frames : e.toe_off_frames)
          .push_back((best->time_s - truth) * s.sample_rate_hz);
    }
  };
  one(t.heel_strikes_left_s, Side::kLeft, GaitEventKind::kHeelStrike);
  one(t.heel_strikes_right_s, Side::kRight, GaitEventKind::kHeelStrike);
  one(t.toe_offs_left_s, Side::kLeft, GaitEventKind::kToeOff);
  one(t.toe_offs_right_s, Side::kRight, GaitEventKind::kToeOff);
}

// The strides the analysis put in its CV (valid, not first/last of a bout)
// must be exactly the truth's steady strides (CLINICAL.md: the first and last
// stride of a walk are excluded; docs/walker.md marks them not steady).
inline bool SameStrideSet(const WalkTruth& t, const GaitReport& r) {
  int used = 0, steady = 0;
  for (const StrideTruth& s : t.strides) steady += s.steady ? 1 : 0;
  for (const StrideMetrics& m : r.strides) {
    if (m.bout_boundary) continue;
    ++used;
    const auto match =
        std::find_if(t.strides.begin(), t.strides.end(), [&](const auto& s) {
          return s.side == m.side && std::abs(s.heel_strike_s - m.start_time_s) < 0.1;
        });
    if (match == t.strides.end() || !match->steady) return false;
  }
  return used == steady;
}

inline void CompareIndices(const WalkTruth& t, const GaitReport& r, bool markers,
                           Side operated, ConditionErrors& e, std::string& why) {
  if (!SameStrideSet(t, r)) {
    ++e.stride_set_mismatches;
    why = "the analysis's CV strides differ from the truth's steady strides";
  }
  if (r.stride_length_cv.pooled.value) {
    e.cv_pp.push_back(*r.stride_length_cv.pooled.value - t.stride_length_cv_pct);
  } else {
    why = "no CV: " + r.stride_length_cv.pooled.reason;
  }
  const HipExtensionIndex& h = r.peak_hip_extension;
  const HipAngleFrame expected = markers ? HipAngleFrame::kPelvis : HipAngleFrame::kTrunk;
  if (h.frame != expected || !h.left.value || !h.right.value) {
    why = "hip extension missing or in frame " + std::string(HipAngleFrameName(h.frame));
  } else {
    e.hip_deg.push_back(*h.left.value - (markers ? t.peak_hip_extension_left_pelvis_deg
                                                 : t.peak_hip_extension_left_trunk_deg));
    e.hip_deg.push_back(*h.right.value - (markers
                                              ? t.peak_hip_extension_right_pelvis_deg
                                              : t.peak_hip_extension_right_trunk_deg));
  }
  const double truth_ratio = operated == Side::kLeft
                                 ? t.com_sway_ratio_left_over_right
                                 : 1.0 / t.com_sway_ratio_left_over_right;
  if (r.com.sway_ratio.value) {
    e.ratio_rel.push_back(*r.com.sway_ratio.value / truth_ratio - 1.0);
  } else {
    why = "no sway ratio: " + r.com.sway_ratio.reason;
  }
}

// Seeds 1..seeds of a condition; the operated side alternates.
inline ConditionErrors RunCondition(const Condition& c, int seeds) {
  ConditionErrors e;
  for (int k = 1; k <= seeds; ++k) {
    const auto seed = static_cast<uint64_t>(k);
    std::string why;
    const WalkParams p = ParamsFor(c, seed);
    const GaitOptions o = OptionsFor(p, k);
    const Result<AnalysedWalk> a = AnalyseWalk(p, seed, o);
    if (!a.ok()) {
      why = a.status().ToString();
    } else {
      ++e.walks;
      CompareEvents(a->truth, a->report, a->series, e);
      CompareIndices(a->truth, a->report, c.set == WalkLandmarkSet::kMarkers,
                     *o.operated_side, e, why);
    }
    if (!why.empty() && e.first_failure.empty()) {
      e.first_failure = "seed " + std::to_string(k) + ": " + why;
    }
  }
  return e;
}

// Event errors in frames, split by whether the analysis timed the event on
// measured samples or across gap-filled ones (GaitEvent::across_gap: the
// walker's dropouts replaced the samples around the event by a cubic, so the
// contact itself was not observed).
struct EventSplit {
  std::vector<double> strikes_observed, strikes_filled, offs_observed, offs_filled;
  int missed = 0;
  int walks = 0;    // analysed
  int flagged = 0;  // whose report puts the noise above the verified one-frame limit
  std::string first_failure;  // a walk that could not be made or analysed
};

inline void SplitEvents(const WalkTruth& t, const GaitReport& r, const LandmarkSeries& s,
                        EventSplit& out) {
  auto one = [&](const std::vector<double>& times, Side side, GaitEventKind kind) {
    for (double truth : times) {
      if (!Analysable(s, truth)) continue;
      const GaitEvent* best = NearestEvent(r, side, kind, truth);
      if (!best) {
        ++out.missed;
        continue;
      }
      const bool filled = best->across_gap;
      const bool strike = kind == GaitEventKind::kHeelStrike;
      (strike ? (filled ? out.strikes_filled : out.strikes_observed)
              : (filled ? out.offs_filled : out.offs_observed))
          .push_back((best->time_s - truth) * s.sample_rate_hz);
    }
  };
  one(t.heel_strikes_left_s, Side::kLeft, GaitEventKind::kHeelStrike);
  one(t.heel_strikes_right_s, Side::kRight, GaitEventKind::kHeelStrike);
  one(t.toe_offs_left_s, Side::kLeft, GaitEventKind::kToeOff);
  one(t.toe_offs_right_s, Side::kRight, GaitEventKind::kToeOff);
}

// Seeds 1..seeds of a condition (walkers and options as RunCondition).
inline EventSplit RunEvents(const Condition& c, int seeds) {
  EventSplit out;
  for (int k = 1; k <= seeds; ++k) {
    const auto seed = static_cast<uint64_t>(k);
    const WalkParams p = ParamsFor(c, seed);
    const Result<AnalysedWalk> a = AnalyseWalk(p, seed, OptionsFor(p, k));
    if (!a.ok()) {
      if (out.first_failure.empty())
        out.first_failure = "seed " + std::to_string(k) + ": " + a.status().ToString();
      continue;
    }
    ++out.walks;
    const TrialNoise& n = a->report.noise.at(0);
    if (!(n.sd_m <= n.one_frame_limit_m)) ++out.flagged;
    SplitEvents(a->truth, a->report, a->series, out);
  }
  return out;
}

inline std::string FormatErrors(const Condition& c, const ConditionErrors& e) {
  std::string out = std::string(c.name) + ": " + std::to_string(e.walks) + " walks, " +
                    std::to_string(e.events_missed) + " events missed, " +
                    std::to_string(e.events_not_analysable) + " not analysable\n";
  auto line = [&](const char* what, const std::vector<double>& v, double scale) {
    const Summary s = Summarise(v);
    double signed_mean = 0;
    for (double x : v) signed_mean += x;
    signed_mean /= std::max<double>(1, static_cast<double>(v.size()));
    char buf[200];
    std::snprintf(
        buf, sizeof buf,
        "  %-22s n=%4zu  |err| max %7.3f  mean %7.3f  p95 %7.3f  (bias %+.3f)\n", what,
        s.n, s.max * scale, s.mean * scale, s.p95 * scale, signed_mean * scale);
    out += buf;
  };
  line("heel strike (frames)", e.heel_strike_frames, 1);
  line("toe off (frames)", e.toe_off_frames, 1);
  line("stride-length CV (pp)", e.cv_pp, 1);
  line("peak hip ext. (deg)", e.hip_deg, 1);
  line("COM sway ratio (%)", e.ratio_rel, 100);
  return out;
}

}  // namespace thaplan::testing

#endif  // THAPLAN_PIPELINE_SYNTHETIC_ACCURACY_H_
