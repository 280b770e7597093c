// The automatic pelvis of the walker (WalkParams::pelvic_tilt_deg = NaN): the
// mean anterior tilt, its once-per-stride asymmetry and, when the two peaks
// are further apart than the legs' scissor allows, a step-length asymmetry,
// so that both legs realise their requested pelvis-referenced peak
// extensions (docs/walker.md, "The automatic pelvis").
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/walker_legs.h"

namespace thaplan::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Each peak is placed at least this far inside its leg's window when the
// window is wide enough (else at its middle): the windows are computed for
// the requested sway, and the sway calibration moves the hips by a few
// millimetres afterwards.
constexpr double kMarginDeg = 1.0;
// A peak is accepted when it lies this fraction of its margin inside.
constexpr double kAcceptFraction = 0.5;
constexpr int kTiltIterations = 12;
constexpr int kStepRounds = 16;
// Bounds of what the walker will choose: the mean tilt within -20..40 deg,
// the asymmetry at most 15 deg (docs/walker.md discusses how these compare
// with patients), each step at least 30 % of the stride.
constexpr double kMeanMinDeg = -20.0, kMeanMaxDeg = 40.0;
constexpr double kAsymMaxDeg = 15.0;
constexpr double kStepAsymMaxPerStride = 0.2;
// The landing knee may flex up to this at heel strike (kKneeAtStrikeDeg
// normally); each degree widens the scissor by about kScissorPerKnee deg.
constexpr double kKneeAtStrikeMaxDeg = 20.0;
constexpr double kScissorPerKnee = 0.5;

struct Interval {
  double lo = -kInf, hi = kInf;
  bool Contains(double x) const { return x >= lo && x <= hi; }
  bool Empty() const { return !(lo <= hi); }
};

// Per side (0 left, 1 right): the intersection of the windows of its steady
// stances, the largest early extension, and the stride lengths.
struct SideWindows {
  Interval window[2];
  double early[2] = {-kInf, -kInf};
  double shortest[2] = {kInf, kInf}, longest[2] = {0, 0};
};

// The steady strides start at heel strikes first_capture_k + 2 ..
// last_capture_k - 4; their frames run up to the next heel strike of the same
// side, whose heel-down extension counts too.
SideWindows SteadyWindows(const GaitPlan& plan, const LegModel& planner) {
  SideWindows w;
  for (int k = plan.first_capture_k + 2; k <= plan.last_capture_k - 2; ++k) {
    const size_t s = GaitPlan::SideOf(k) == Side::kLeft ? 0 : 1;
    const ExtensionWindow e = planner.Window(k);
    w.early[s] = std::max(w.early[s], e.early);
    if (k > plan.last_capture_k - 4) continue;
    w.window[s].lo = std::max(w.window[s].lo, e.lo);
    w.window[s].hi = std::min(w.window[s].hi, e.hi);
    const double stride = plan.HeelX(k + 2) - plan.HeelX(k);
    w.shortest[s] = std::min(w.shortest[s], stride);
    w.longest[s] = std::max(w.longest[s], stride);
  }
  return w;
}

Side SideAt(size_t s) { return s == 0 ? Side::kLeft : Side::kRight; }

std::string PeakField(const WalkParams& params, size_t s) {
  return "peak_hip_extension_" + std::string(SideName(SideAt(s))) + "_deg = " +
         Fixed2(s == 0 ? params.peak_hip_extension_left_deg
                       : params.peak_hip_extension_right_deg);
}

// The outcome of a tilt search: done, or the scissor (deg) the legs lack at
// one side's peak, with the sign of the step asymmetry that would add it.
struct TiltOutcome {
  bool done = false;
  double scissor_short_deg = 0;
};

// Sets the plan's mean tilt and asymmetry, starting at the nominal tilt and
// changing it the least: one tilt for both peaks when there is one, else the
// least asymmetry.
Result<TiltOutcome> ChooseTilt(GaitPlan& plan, const BodyDims& dims,
                               const WalkParams& params) {
  const LegModel planner = LegModel::Planner(plan, dims);
  const double peak[2] = {params.peak_hip_extension_left_deg,
                          params.peak_hip_extension_right_deg};
  double mean = kNominalTiltDeg, asym = 0;
  SetPelvisTilt(plan, mean, asym);
  for (int iter = 0; iter < kTiltIterations; ++iter) {
    const SideWindows w = SteadyWindows(plan, planner);
    // Raising the tilt at a side's peak by d lowers its window by about d
    // (pelvis-referenced extension = thigh angle - tilt), so the raises that
    // put the peak inside are [lo - peak, hi - peak]: `need` holds them
    // shrunk by the margin, `accept` by a fraction of it.
    Interval need[2], accept[2];
    for (size_t s = 0; s < 2; ++s) {
      const Interval& win = w.window[s];
      if (win.Empty()) {
        return Status::InvalidInput(
            "walk params: " + PeakField(params, s) + ": the steady " +
            std::string(SideName(SideAt(s))) + " strides (" + Fixed2(w.shortest[s]) +
            ".." + Fixed2(w.longest[s]) + " m) share no realisable peak at any pelvic " +
            "tilt (at tilt " + Fixed2(mean) + " deg the shortest reaches at most " +
            Fixed2(win.hi) + " deg, a longer one needs at least " + Fixed2(win.lo) +
            " deg); expected a smaller stride_length_cv_pct");
      }
      const double margin = std::min(kMarginDeg, (win.hi - win.lo) / 2);
      need[s] = {win.lo - peak[s] + margin, win.hi - peak[s] - margin};
      const double slack = kAcceptFraction * margin;
      accept[s] = {win.lo - peak[s] + slack, win.hi - peak[s] - slack};
    }
    // A side's early extension is measured while the other leg is near its
    // peak: it falls by about d when the other peak's tilt rises by d, and it
    // must stay below its own peak. The tilt cannot separate the two legs at
    // one instant; a lack there is the legs' scissor.
    for (size_t s = 0; s < 2; ++s) {
      const size_t other = 1 - s;
      need[other].lo = std::max(need[other].lo, w.early[s] - peak[s] + kMarginDeg);
      accept[other].lo =
          std::max(accept[other].lo, w.early[s] - peak[s] + kAcceptFraction * kMarginDeg);
    }
    if (need[0].Empty() && need[1].Empty()) {
      return Status::InvalidInput(
          "walk params: " + PeakField(params, 0) + ", " + PeakField(params, 1) +
          ": at stride length " + Fixed2(params.stride_length_mean_m) +
          " m neither leg, at its peak, is far enough behind the other, just landed; " +
          "expected peaks nearer what the stride allows");
    }
    for (size_t s = 0; s < 2; ++s) {
      // Lacking at the right peak (the left heel strike): longer left steps.
      if (need[s].Empty()) {
        const double lack = need[s].lo - need[s].hi;
        return TiltOutcome{false, s == 1 ? lack : -lack};
      }
    }
    if (accept[0].Contains(0.0) && accept[1].Contains(0.0)) return TiltOutcome{true, 0};
    double raise[2];
    const Interval both{std::max(need[0].lo, need[1].lo),
                        std::min(need[0].hi, need[1].hi)};
    if (!both.Empty()) {
      raise[0] = raise[1] = std::clamp(0.0, both.lo, both.hi);
    } else if (need[0].hi < need[1].lo) {
      raise[0] = need[0].hi;
      raise[1] = need[1].lo;
    } else {
      raise[0] = need[0].lo;
      raise[1] = need[1].hi;
    }
    mean += (raise[0] + raise[1]) / 2;
    asym += (raise[0] - raise[1]) / 2;
    if (!(mean >= kMeanMinDeg && mean <= kMeanMaxDeg && std::abs(asym) <= kAsymMaxDeg)) {
      return Status::InvalidInput(
          "walk params: pelvic_tilt_deg = auto: " + PeakField(params, 0) + " and " +
          PeakField(params, 1) + " at stride length " +
          Fixed2(params.stride_length_mean_m) + " m need a mean pelvic tilt of " +
          Fixed2(mean) + " deg, " + Fixed2(std::abs(asym)) + " deg more at the " +
          (asym > 0 ? "left" : "right") + " peak; expected " + Fixed2(kMeanMinDeg) +
          ".." + Fixed2(kMeanMaxDeg) + " deg, at most " + Fixed2(kAsymMaxDeg) +
          " deg more (peaks nearer what the stride allows)");
    }
    SetPelvisTilt(plan, mean, asym);
  }
  return Status::Internal("walker: the pelvic tilt search did not settle for " +
                          PeakField(params, 0) + ", " + PeakField(params, 1));
}

}  // namespace

Result<GaitPlan> PlanAutomaticPelvis(const WalkParams& params, const BodyDims& dims,
                                     uint64_t seed, std::vector<HeightSample>& samples) {
  // When the legs' scissor at one side's heel strike (the other side's
  // peak) is too narrow, the landing leg first flexes its knee more at heel
  // strike (its thigh flexes by about half as much, the pelvis drops so the
  // trailing leg reaches further back), up to kKneeAtStrikeMaxDeg; then its
  // steps grow longer than the other side's (the scissor widens by about
  // step / leg length radians, and narrows as much at the other heel strike).
  const double max_asym = kStepAsymMaxPerStride * params.stride_length_mean_m;
  const double per_m = kRadToDeg / dims.LegLength();  // deg of scissor per m
  double knee[2] = {kKneeAtStrikeDeg, kKneeAtStrikeDeg};
  double asym = 0;
  for (int round = 0; round < kStepRounds; ++round) {
    THAPLAN_ASSIGN_OR_RETURN(GaitPlan plan, MakeGaitPlan(params, dims, seed, asym));
    plan.knee_at_strike_deg[0] = knee[0];
    plan.knee_at_strike_deg[1] = knee[1];
    PelvisHeightSamples(plan, dims, samples);
    THAPLAN_RETURN_IF_ERROR(
        SetPelvisSway(plan, params.com_sway_left_m, params.com_sway_right_m));
    SetPelvisHeights(plan, dims, samples);
    THAPLAN_ASSIGN_OR_RETURN(const TiltOutcome outcome, ChooseTilt(plan, dims, params));
    if (outcome.done) return plan;
    // Aim a little past the lack, so that the margins hold.
    const double lack = outcome.scissor_short_deg;
    const size_t landing = lack > 0 ? 0 : 1;
    double want = std::abs(lack) + 0.5 * kMarginDeg;
    if (knee[landing] < kKneeAtStrikeMaxDeg) {
      const double more =
          std::min(kKneeAtStrikeMaxDeg - knee[landing], want / kScissorPerKnee);
      knee[landing] += more;
      want -= more * kScissorPerKnee;
    }
    asym += (lack > 0 ? want : -want) / per_m;
    if (!(std::abs(asym) <= max_asym)) {
      return Status::InvalidInput(
          "walk params: " + PeakField(params, 0) + ", " + PeakField(params, 1) +
          ": at stride length " + Fixed2(params.stride_length_mean_m) +
          " m the leg at its peak cannot be far enough behind the other, just landed, " +
          "even with the landing knee flexed " + Fixed2(kKneeAtStrikeMaxDeg) +
          " deg and the " + (asym > 0 ? "left" : "right") + " steps " +
          Fixed2(100 * 2 * max_asym / params.stride_length_mean_m) +
          " % of the stride longer; expected peaks nearer each other");
    }
  }
  return Status::Internal("walker: the step asymmetry search did not settle for " +
                          PeakField(params, 0) + ", " + PeakField(params, 1));
}

}  // namespace thaplan::sim
