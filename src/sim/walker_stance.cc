// Stance planning of the walker's legs: heel rise, the prescribed hip
// extension of the toe rocker, and the foot's pitch at toe off
// (docs/walker.md, "Legs and feet").
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/walker_foot.h"
#include "sim/walker_legs.h"

namespace thaplan::sim {
namespace {

// Peak hip extension at ~52 % of the stride, around contralateral heel
// strike (Winter 2009, Appendix A hip angle; Perry & Burnfield 2010).
constexpr double kPeakFraction = 0.52;
// Heel rise is searched between these fractions (Perry: terminal stance
// starts at 31 %); docs/walker.md explains the search.
constexpr double kHeelRiseLatest = 0.40;
constexpr double kHeelRiseEarliest = 0.12;
constexpr double kHeelRiseStep = 0.005;
// A candidate rise is checked at this many equal steps up to the peak.
constexpr int kRiseChecks = 8;
// The hip flexes this much from its peak extension to toe off (Winter 2009:
// about -12 deg at 52 % to about -5 deg at 60 %).
constexpr double kExtensionDropDeg = 7.0;
// How far below its reachable maximum a shortened (unsteady) stride peaks.
constexpr double kUnsteadyMarginDeg = 0.5;

}  // namespace

Result<LegModel> LegModel::Make(const GaitPlan& plan, const BodyDims& dims,
                                const WalkParams& params, int k_first, int k_last,
                                Fidelity fidelity) {
  LegModel model(plan, dims);
  model.stance_reach_ = KneeSpan(dims, kKneeMinStanceDeg);
  model.fidelity_ = fidelity;
  model.tolerance_ = fidelity == Fidelity::kExact ? std::sin(1e-10 * kDegToRad) : 1e-6;
  model.k_first_ = k_first;
  model.stances_.reserve(static_cast<size_t>(k_last - model.k_first_ + 1));
  model.swings_.reserve(model.stances_.capacity());
  for (int k = model.k_first_; k <= k_last; ++k) {
    const double peak = GaitPlan::SideOf(k) == Side::kLeft
                            ? params.peak_hip_extension_left_deg
                            : params.peak_hip_extension_right_deg;
    THAPLAN_RETURN_IF_ERROR(model.MakeStance(k, peak));
  }
  for (int k = model.k_first_; k <= k_last; ++k)
    THAPLAN_RETURN_IF_ERROR(model.MakeSwing(k));
  return model;
}

double LegModel::ReachBoundary(const Vec3& hip, const Vec3& toe, Vec3* knee) const {
  // With the toe planted the ankle turns on a circle about it: ankle - hip =
  // d + Pitch(w, psi), d = toe - hip, w the toe -> ankle vector, so
  // |ankle - hip|^2 = |d|^2 + |w|^2 + 2 (a cos psi + b sin psi)
  //                 = |d|^2 + |w|^2 + 2 rho cos(psi - theta).
  // The leg reaches while that is at most stance_reach_^2, i.e. while
  // cos(psi - theta) <= c / rho; going down from the unreachable psi = 0 the
  // first such pitch is theta - acos(c / rho).
  const Vec3 w{dims_.ankle_forward - dims_.foot, 0, dims_.ankle_height};
  const Vec3 d = Sub(toe, hip);
  const double a = d[0] * w[0] + d[2] * w[2], b = d[2] * w[0] - d[0] * w[2];
  const double rho = std::sqrt(a * a + b * b);
  const double c = 0.5 * (stance_reach_ * stance_reach_ - Dot(d, d) - Dot(w, w));
  const double lowest = kPitchMinDeg * kDegToRad;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(c > -rho)) return nan;  // no pitch reaches
  // The margin keeps rounding from leaving psi a hair outside the reach
  // (it moves the boundary by far less than the 1e-10 deg the solves aim at);
  // should it still, step further in.
  constexpr double kMargin = 1e-14;
  double psi = std::atan2(b, a) - std::acos(std::min(1.0, c / rho)) - kMargin;
  if (!(psi >= lowest)) return nan;
  for (double nudge = kMargin; !StanceKnee(hip, ToePivot(toe, psi), knee); nudge *= 2) {
    if (psi == lowest) return nan;
    psi = std::max(lowest, psi - nudge);
  }
  return psi;
}

double LegModel::MaxExtension(const HipState& hip, const Vec3& toe) const {
  Vec3 knee;
  // The flat foot if the leg reaches it; else the least heel rise that lets
  // it reach.
  if (!StanceKnee(hip.centre, ToePivot(toe, 0.0), &knee) &&
      std::isnan(ReachBoundary(hip.centre, toe, &knee))) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return HipExtensionDeg(hip.pelvis, hip.centre, knee);
}

bool LegModel::RiseFailsCheck(const Stance& st, const Hermite& rise, int j) const {
  const double t = rise.t0 + (rise.t1 - rise.t0) * j / kRiseChecks;
  return rise.Value(t) > MaxExtension(HipAt(t, st.side), st.toe);
}

int LegModel::FailedRiseCheck(const Stance& st, const Hermite& rise, int first) const {
  // Checks first, first + 1, ..., then wraps around: whether some check fails
  // does not depend on the order.
  for (int n = 0; n < kRiseChecks - 1; ++n) {
    const int j = 1 + (first - 1 + n) % (kRiseChecks - 1);
    if (RiseFailsCheck(st, rise, j)) return j;
  }
  return 0;
}

Status LegModel::MakeStance(int k, double peak_ext_deg) {
  const GaitPlan& plan = *plan_;
  const double stride = plan.stride_time_s;
  Stance st;
  st.k = k;
  st.side = GaitPlan::SideOf(k);
  st.t_hs = plan.HsTime(k);
  st.t_ff = st.t_hs + kFootFlatFraction * stride;
  st.t_to = st.t_hs + plan.stance_fraction * stride;
  // The peak sits on a sample so that the sampled maximum is the peak itself.
  st.t_pk = std::round((st.t_hs + kPeakFraction * stride) * plan.sample_rate_hz) /
            plan.sample_rate_hz;
  st.heel = {plan.HeelX(k), plan.FootY(st.side), 0};
  st.toe = Add(st.heel, {dims_.foot, 0, 0});
  const std::string field = "walk params: peak_hip_extension_" +
                            std::string(SideName(st.side)) +
                            "_deg = " + Fixed2(peak_ext_deg);
  auto flat = [&](double t) {
    return ExtensionAt(HipAt(t, st.side), ToePivot(st.toe, 0.0));
  };
  const double reachable = MaxExtension(HipAt(st.t_pk, st.side), st.toe);
  const bool steady = k >= plan.first_capture_k + 2 && k <= plan.last_capture_k - 4;
  if (!steady && reachable < peak_ext_deg + kUnsteadyMarginDeg) {
    // Accelerating and decelerating strides are shorter; they extend as far
    // as they can, short of the requested peak. The truth records it.
    peak_ext_deg = reachable - kUnsteadyMarginDeg;
  }
  if (!(reachable >= peak_ext_deg)) {
    return Status::InvalidInput(
        field + ": the leg reaches at most " + Fixed2(reachable) +
        " deg at stride length " + Fixed2(plan.HeelX(k + 2) - plan.HeelX(k)) +
        " m with pelvic tilt " + Fixed2(plan.tilt_rad * kRadToDeg) +
        " deg; expected a smaller extension, a longer stride or a smaller tilt");
  }
  // Heel rise: the latest time from which a monotone Hermite rise (slope
  // matched to the flat-foot motion) reaches the peak without overshoot
  // (Fritsch-Carlson: start slope <= 3 x secant slope).
  // Prefer the latest heel rise whose curve the leg can follow; failing that,
  // the latest monotone one (the knee then stays at its stance minimum where
  // the curve asks for more than the leg can give, below the peak).
  bool found = false, have_fallback = false;
  Hermite fallback;
  // Successive candidates tend to fail at the same check as the one before
  // (or a later one), so the checks start there.
  int hint = 1;
  for (double f = kHeelRiseLatest; f >= kHeelRiseEarliest - 1e-9; f -= kHeelRiseStep) {
    const double t = st.t_hs + f * stride, h = 1e-4;
    const double e = flat(t);
    if (!std::isfinite(e) || e >= peak_ext_deg) continue;
    const double de = (flat(t + h) - flat(t - h)) / (2 * h);
    if (!std::isfinite(de) || e + std::max(de, 0.0) * (st.t_pk - t) / 3 > peak_ext_deg) {
      continue;
    }
    const Hermite rise{t, st.t_pk, e, peak_ext_deg, std::max(de, 0.0), 0.0};
    const int j = fidelity_ == Fidelity::kExact ? FailedRiseCheck(st, rise, hint) : 0;
    if (j == 0) {
      st.rise = rise;
      found = true;
      break;
    }
    hint = j;
    if (!have_fallback) fallback = rise;
    have_fallback = true;
  }
  if (!found && have_fallback) {
    st.rise = fallback;
    found = true;
  }
  st.t_hr = st.rise.t0;
  if (!found) {
    return Status::InvalidInput(field + ": with the foot flat the hip already extends " +
                                Fixed2(flat(st.t_hs + kHeelRiseEarliest * stride)) +
                                " deg at " + Fixed2(kHeelRiseEarliest * 100) +
                                " % of the stride; expected a larger extension");
  }
  const double fall_time = st.t_to - st.t_pk;
  st.fall = {st.t_pk,      st.t_to,
             peak_ext_deg, peak_ext_deg - kExtensionDropDeg,
             0.0,          -1.5 * kExtensionDropDeg / fall_time};
  // The pitch and its rate at toe off, where the swing takes over.
  constexpr double kRateStep = 1e-4;
  double slope = 0;
  THAPLAN_ASSIGN_OR_RETURN(const double psi_to,
                           SolvePitch(st, HipAt(st.t_to, st.side), st.t_to, 0.0, slope));
  THAPLAN_ASSIGN_OR_RETURN(const double psi_before,
                           SolvePitch(st, HipAt(st.t_to - kRateStep, st.side),
                                      st.t_to - kRateStep, psi_to, slope));
  st.psi_to = psi_to;
  st.dpsi_to = (psi_to - psi_before) / kRateStep;
  stances_.push_back(st);
  return Status::Ok();
}

}  // namespace thaplan::sim
