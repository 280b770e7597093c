// AnalyzeTrial / AnalyzeSession: the gait pipeline end to end.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "gait/com.h"
#include "gait/direction.h"
#include "gait/events.h"
#include "gait/hip_angle.h"
#include "gait/indices.h"
#include "gait/noise.h"
#include "gait/preprocess.h"
#include "gait/strides.h"
#include "thaplan/gait.h"

namespace thaplan {
namespace {

using gait::Segment;

// Below this horizontal extent of both pelvis and feet, the trial is not a
// walk (ours: a third of the shortest stride we expect, ~0.6 m).
constexpr double kMinWalkingRangeM = 0.2;
// Leg-length estimates outside this range suggest wrong units (ours).
constexpr double kMinLegM = 0.5;
constexpr double kMaxLegM = 1.2;

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Per-trial output and the facts the session needs to build the indices.
struct TrialOutcome {
  std::vector<GaitEvent> events;
  std::vector<StrideMetrics> strides;
  std::vector<DroppedStride> dropped;
  std::vector<std::string> notes;
  HipAngleFrame hip_frame = HipAngleFrame::kNone;
  std::array<std::string, 2> hip_missing;
  std::string com_missing;
  std::set<std::string> strike_methods, off_methods;
  TrialNoise noise;
};

Status CheckWalking(const gait::Preprocessed& p, std::string_view name) {
  double pelvis = 0, feet = 0;
  for (const Segment& seg : p.segments) {
    pelvis = std::max(pelvis, gait::HorizontalRange(seg.pelvis));
    for (const gait::FootChoice& c : p.feet) {
      for (Landmark l : {c.strike, c.off}) {
        if (seg.Has(l))
          feet = std::max(feet, gait::HorizontalRange(seg.pos[gait::Idx(l)]));
      }
    }
  }
  const double moved = std::max(pelvis, feet);
  if (moved >= kMinWalkingRangeM) return Status::Ok();
  return Status::InvalidInput(std::string(name) +
                              ": no walking detected: pelvis and feet "
                              "moved at most " +
                              Fixed(moved, 3) + " m over " + Fixed(p.duration_s, 2) +
                              " s (walking moves at least " +
                              Fixed(kMinWalkingRangeM, 2) + " m)");
}

// Median pelvis height above the lowest foot landmark: the leg length.
double EstimateLegLength(const gait::Preprocessed& p) {
  std::vector<double> heights;
  for (const Segment& seg : p.segments) {
    for (size_t f = 0; f < static_cast<size_t>(seg.size()); ++f) {
      double lowest = INFINITY;
      for (const gait::FootChoice& c : p.feet) {
        for (Landmark l : {c.strike, c.off, c.width}) {
          if (seg.Has(l) && !IsMissing(seg.pos[gait::Idx(l)][f])) {
            lowest = std::min(lowest, seg.pos[gait::Idx(l)][f][2]);
          }
        }
      }
      const double h = seg.pelvis[f][2] - lowest;
      if (std::isfinite(h)) heights.push_back(h);
    }
  }
  if (heights.empty()) return kNoValue;
  std::nth_element(heights.begin(),
                   heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2),
                   heights.end());
  return heights[heights.size() / 2];
}

double LegLength(const gait::Preprocessed& p, const GaitOptions& o,
                 std::vector<std::string>& notes) {
  if (o.leg_length_m > 0) return o.leg_length_m;
  const double est = EstimateLegLength(p);
  if (!std::isfinite(est) || est < kMinLegM || est > kMaxLegM) {
    const double used = std::isfinite(est) ? std::clamp(est, kMinLegM, kMaxLegM) : 0.9;
    notes.push_back("leg length estimate " + Fixed(est, 3) + " m is outside " +
                    Fixed(kMinLegM, 1) + "-" + Fixed(kMaxLegM, 1) + " m (units?); used " +
                    Fixed(used, 2) + " m");
    return used;
  }
  notes.push_back(
      "leg length estimated as the median pelvis height above the lowest foot "
      "landmark: " +
      Fixed(est, 3) + " m");
  return est;
}

// The noisiest event landmark of the raw series, with a note comparing it with
// the noise up to which events were verified within one frame.
TrialNoise MeasureNoise(const LandmarkSeries& s, const gait::Preprocessed& p, int trial,
                        std::vector<std::string>& notes) {
  TrialNoise n;
  n.trial = trial;
  n.sample_rate_hz = s.sample_rate_hz;
  n.one_frame_limit_m = gait::OneFrameNoiseLimitM(s.sample_rate_hz);
  for (const gait::FootChoice& c : p.feet) {
    for (Landmark l : {c.strike, c.off}) {
      if (l == Landmark::kCount || !s.Has(l)) continue;
      const double sd = gait::NoiseSd(s.Of(l));
      if (std::isfinite(sd) && !(sd <= n.sd_m)) {
        n.sd_m = sd;
        n.landmark = std::string(LandmarkName(l));
      }
    }
  }
  if (n.landmark.empty()) {
    notes.push_back("event-landmark noise not estimated: fewer than " +
                    std::to_string(gait::kMinNoiseDifferences) +
                    " runs of 4 observed samples");
    return n;
  }
  std::string note = "event-landmark noise " + Fixed(1000 * n.sd_m, 2) + " mm SD (" +
                     n.landmark + ", robust third differences of the raw samples): ";
  const std::string rate = Fixed(s.sample_rate_hz, 0) + " Hz";
  if (!std::isfinite(n.one_frame_limit_m)) {
    note += "events were verified within one frame up to 120 Hz only, not at " + rate;
  } else {
    const bool within = n.sd_m <= n.one_frame_limit_m;
    note += std::string(within ? "within" : "above") + " the " +
            Fixed(1000 * n.one_frame_limit_m, 1) +
            " mm up to which events were verified within one frame at " + rate +
            (within ? ""
                    : "; events may be off by more than one frame (docs/gait-events.md)");
  }
  notes.push_back(note);
  return n;
}

GaitEvent ToPublic(const gait::Event& e, const Segment& seg, int trial, double fs) {
  GaitEvent g;
  g.trial = trial;
  g.segment = seg.index;
  g.side = e.side;
  g.kind = e.kind;
  g.frame = seg.begin + e.frame;
  g.time_s = seg.start_time_s + e.Frame() / fs;
  g.method = e.method;
  g.across_gap = e.across_gap;
  return g;
}

void AnalyzeSegment(const Segment& seg, const gait::Preprocessed& p, const GaitOptions& o,
                    double prominence, int trial, bool pelvis_tracked, int& next_bout,
                    TrialOutcome& out) {
  std::vector<gait::Event> events;
  for (Side side : {Side::kLeft, Side::kRight}) {
    auto e = gait::DetectSideEvents(seg, side, gait::FootOf(p, side), prominence);
    events.insert(events.end(), e.begin(), e.end());
  }
  std::sort(events.begin(), events.end(), [](const gait::Event& a, const gait::Event& b) {
    return a.Frame() < b.Frame();
  });
  int across_gaps = 0;
  for (const gait::Event& e : events) {
    out.events.push_back(ToPublic(e, seg, trial, seg.sample_rate_hz));
    // The summary lists methods; events timed on filled samples are counted.
    if (e.across_gap) ++across_gaps;
    (e.kind == GaitEventKind::kHeelStrike ? out.strike_methods : out.off_methods)
        .insert(e.method);
  }
  if (across_gaps > 0) {
    out.notes.push_back("segment " + std::to_string(seg.index) + ": " +
                        std::to_string(across_gaps) + " event(s) timed within " +
                        Fixed(gait::kFilledGapWindowS, 2) +
                        " s of gap-filled samples (across_gap): not observed");
  }
  gait::StrideBuild built = gait::BuildStrides(seg, events, p.feet, o, trial);
  gait::MarkBouts(built.strides, o.max_turn_deg, next_bout);
  const gait::HipPlan hip = gait::ChooseHipFrame(seg, pelvis_tracked);
  out.hip_frame = hip.frame;
  out.hip_missing = hip.missing;
  gait::AddPeakHipExtension(seg, hip, built.strides);
  const gait::ComTrack com = gait::WholeBodyCom(seg, o.sex);
  out.com_missing = com.missing;
  for (const std::string& a : com.approximations) {
    if (std::find(out.notes.begin(), out.notes.end(), "COM: " + a) == out.notes.end()) {
      out.notes.push_back("COM: " + a);
    }
  }
  for (gait::StrideWork& w : built.strides) {
    if (!com.com.empty()) {
      const gait::Sway sway = gait::StrideSway(com.com, w);
      w.metrics.com_lateral_excursion_m = sway.lateral_m;
      w.metrics.com_vertical_rise_m = sway.rise_m;
    }
    out.strides.push_back(w.metrics);
  }
  out.dropped.insert(out.dropped.end(), built.dropped.begin(), built.dropped.end());
  if (seg.treadmill) {
    out.notes.push_back("segment " + std::to_string(seg.index) +
                        ": the pelvis progresses slower than " +
                        Fixed(gait::kMinProgressionSpeed, 2) +
                        " m/s (treadmill-like); walking direction "
                        "from the feet" +
                        (o.belt_speed_m_s > 0 ? "; stride length uses the belt speed"
                                              : "; stride length and speed need the belt "
                                                "speed and are not reported"));
  }
}

Result<TrialOutcome> AnalyzeOne(const LandmarkSeries& s, const GaitOptions& o, int trial,
                                const std::string& name, int& next_bout) {
  THAPLAN_ASSIGN_OR_RETURN(gait::Preprocessed p, gait::Preprocess(s, o, name));
  for (Segment& seg : p.segments) gait::ComputeDirection(seg, p.feet);
  THAPLAN_RETURN_IF_ERROR(CheckWalking(p, name));
  TrialOutcome out;
  out.notes = p.notes;
  out.notes.push_back("pelvis centre: " +
                      std::string(gait::PelvisSourceName(p.pelvis_source)));
  out.noise = MeasureNoise(s, p, trial, out.notes);
  const double leg = LegLength(p, o, out.notes);
  const double prominence = o.prominence_leg_fraction * leg;
  for (const Segment& seg : p.segments) {
    AnalyzeSegment(seg, p, o, prominence, trial, s.pelvis_tracked, next_bout, out);
  }
  if (out.events.empty()) {
    out.notes.push_back("no gait events found (minimum peak prominence " +
                        Fixed(prominence, 3) + " m)");
  }
  for (std::string& n : out.notes) n = name + ": " + n;
  return out;
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "none" : out;
}

void AddQualityNotes(GaitReport& r, const GaitOptions& o) {
  const int valid = static_cast<int>(r.strides.size());
  int boundary = 0;
  for (const StrideMetrics& m : r.strides) boundary += m.bout_boundary ? 1 : 0;
  r.quality_notes.push_back(std::to_string(valid) + " valid strides (" +
                            std::to_string(boundary) +
                            " first/last of a walk, not in the CV); " +
                            std::to_string(r.dropped.size()) + " dropped");
  int across = 0;
  for (const StrideMetrics& m : r.strides) across += m.low_reliability ? 1 : 0;
  if (across > 0) {
    r.quality_notes.push_back(
        std::to_string(across) +
        " valid stride(s) low reliability: events timed across gap-filled samples "
        "(events_across_gap), their contacts interpolated, not observed");
  }
  for (const DroppedStride& d : r.dropped) {
    r.quality_notes.push_back(r.trials[static_cast<size_t>(d.trial)] + ": dropped " +
                              d.reason);
  }
  if (r.stride_length_cv.pooled.low_reliability) {
    r.quality_notes.push_back(
        "stride-length CV from " + std::to_string(r.stride_length_cv.pooled.n) +
        " strides (< " + std::to_string(o.reliable_strides_cv) +
        "): low reliability (variability from short walks has ICC 0.2-0.6, Brach 2008)");
  }
  if (r.peak_hip_extension.frame == HipAngleFrame::kTrunk) {
    r.quality_notes.push_back(
        "hip angle in the trunk frame (pelvis not tracked): reads about 10 deg more "
        "extension "
        "than pelvis-referenced angles; markerless sagittal hip angles can differ from "
        "marker-based ones by up to 10 deg RMSE");
  }
}

}  // namespace

Result<GaitReport> AnalyzeSession(std::span<const LandmarkSeries> trials,
                                  const GaitOptions& options) {
  if (trials.empty()) return Status::InvalidInput("gait session: no trials given");
  GaitReport r;
  std::set<std::string> strike_methods, off_methods;
  HipAngleFrame hip_frame = HipAngleFrame::kNone;
  std::array<std::string, 2> hip_missing{"no trial", "no trial"};
  std::string com_missing;
  int next_bout = 0;
  for (size_t t = 0; t < trials.size(); ++t) {
    const std::string name = trials[t].source_path.empty()
                                 ? "trial " + std::to_string(t + 1)
                                 : trials[t].source_path;
    r.trials.push_back(name);
    THAPLAN_ASSIGN_OR_RETURN(
        TrialOutcome out,
        AnalyzeOne(trials[t], options, static_cast<int>(t), name, next_bout));
    r.noise.push_back(out.noise);
    r.events.insert(r.events.end(), out.events.begin(), out.events.end());
    r.strides.insert(r.strides.end(), out.strides.begin(), out.strides.end());
    r.dropped.insert(r.dropped.end(), out.dropped.begin(), out.dropped.end());
    r.quality_notes.insert(r.quality_notes.end(), out.notes.begin(), out.notes.end());
    strike_methods.insert(out.strike_methods.begin(), out.strike_methods.end());
    off_methods.insert(out.off_methods.begin(), out.off_methods.end());
    if (t == 0 || out.hip_frame == hip_frame) {
      hip_frame = out.hip_frame;
      hip_missing = out.hip_missing;
    } else {
      r.quality_notes.push_back(
          name + ": hip-angle frame " + std::string(HipAngleFrameName(out.hip_frame)) +
          " differs from the first trial's; its hip angles are not pooled");
      for (StrideMetrics& m : r.strides) {
        if (m.trial == static_cast<int>(t)) m.peak_hip_extension_deg = kNoValue;
      }
    }
    if (!out.com_missing.empty()) com_missing = name + ": " + out.com_missing;
  }
  r.event_method =
      "heel strike: " + Join(strike_methods) + "; toe off: " + Join(off_methods);
  r.left = gait::Summarise(r.strides, Side::kLeft);
  r.right = gait::Summarise(r.strides, Side::kRight);
  r.pooled = gait::Summarise(r.strides, std::nullopt);
  r.stride_length_cv = gait::ComputeStrideLengthCv(r.strides, options);
  r.peak_hip_extension = gait::ComputeHipExtension(r.strides, hip_frame, hip_missing);
  r.com = gait::ComputeComSymmetry(r.strides, options, com_missing);
  AddQualityNotes(r, options);
  return r;
}

Result<GaitReport> AnalyzeTrial(const LandmarkSeries& series,
                                const GaitOptions& options) {
  return AnalyzeSession(std::span<const LandmarkSeries>(&series, 1), options);
}

}  // namespace thaplan
