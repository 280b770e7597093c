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

// Heel rise is searched between these fractions (Perry: terminal stance
// starts at 31 %); docs/walker.md explains the search.
constexpr double kHeelRiseLatest = 0.40;
constexpr double kHeelRiseEarliest = 0.12;
constexpr double kHeelRiseStep = 0.005;
// A candidate rise is checked at this many equal steps up to the peak.
constexpr int kRiseChecks = 8;
// The hip flexes this much from its peak extension to toe off (Winter 2009:
// about -12 deg at 52 % to about -5 deg at 60 %), or less when the heel
// cannot rise enough for that (long strides), but at least kMinDropDeg;
// the most raised heel stays kFallEdgeDeg of extension below the target.
constexpr double kExtensionDropDeg = 7.0;
constexpr double kMinDropDeg = 1.0;
constexpr double kFallEdgeDeg = 0.1;
// A rise with its start slope cut starts at least this far below the peak.
constexpr double kCutEdgeDeg = 0.05;
// How far inside its window an unsteady stride peaks when the requested
// value is outside.
constexpr double kUnsteadyMarginDeg = 0.5;
// The heel-down extension early in the stance is sampled at this many equal
// steps (plus heel strike) for the window.
constexpr int kEarlyChecks = 12;
// The toe roll's acceleration at toe off is repeated until two passes agree
// to within this (m/s^2); the estimate's pitches are too coarse for the
// exact figure.
constexpr double kRollTolerance = 1e-6;
constexpr double kRollEstimateTolerance = 0.1;
constexpr int kRollPasses = 20;
// The pitch rate at toe off is the backward difference over this time (s).
constexpr double kRateStep = 1e-4;

}  // namespace

LegModel::LegModel(const GaitPlan& plan, const BodyDims& dims)
    : plan_(&plan), dims_(dims), stance_reach_(KneeSpan(dims, kKneeMinStanceDeg)) {}

LegModel LegModel::Planner(const GaitPlan& plan, const BodyDims& dims) {
  return LegModel(plan, dims);
}

Result<LegModel> LegModel::Make(const GaitPlan& plan, const BodyDims& dims,
                                const WalkParams& params, int k_first, int k_last,
                                Fidelity fidelity) {
  LegModel model(plan, dims);
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

LegModel::Stance LegModel::StanceFrame(int k) const {
  const GaitPlan& plan = *plan_;
  const double stride = plan.stride_time_s;
  Stance st;
  st.k = k;
  st.side = GaitPlan::SideOf(k);
  st.t_hs = plan.HsTime(k);
  st.t_ff = st.t_hs + kFootFlatFraction * stride;
  st.t_to = st.t_hs + plan.stance_fraction * stride;
  // The peak sits on a sample so that the sampled maximum is the peak itself.
  st.t_pk =
      std::round((st.t_hs + kPeakExtensionFraction * stride) * plan.sample_rate_hz) /
      plan.sample_rate_hz;
  st.heel = {plan.HeelX(k), plan.FootY(st.side), 0};
  st.toe = Add(st.heel, {dims_.foot, 0, 0});
  return st;
}

double LegModel::FirstHeelDownAbove(const Stance& st, double peak_ext_deg) const {
  const double rate = plan_->sample_rate_hz;
  const double latest = st.t_hs + kHeelRiseLatest * plan_->stride_time_s;
  for (double i = std::ceil(st.t_hs * rate); i / rate <= latest; ++i) {
    if (!(HeelDownExtension(st, i / rate) < peak_ext_deg)) return i / rate;
  }
  return std::numeric_limits<double>::infinity();
}

ExtensionWindow LegModel::Window(int k) const { return Window(StanceFrame(k)); }

ExtensionWindow LegModel::Window(const Stance& st) const {
  static_assert(
      kHeelRiseCount - 1 ==
      static_cast<int>((kHeelRiseLatest - kHeelRiseEarliest) / kHeelRiseStep + 0.5));
  const double inf = std::numeric_limits<double>::infinity();
  const double stride = plan_->stride_time_s;
  ExtensionWindow w;
  w.hi = MaxExtension(HipAt(st.t_pk, st.side), st.toe);
  if (std::isnan(w.hi)) w.hi = -inf;
  // The least peak a rise from a candidate heel rise of MakeStance reaches
  // is just above the flat-foot extension there (with the start slope cut
  // if need be); the flat-foot extension grows through the stance, so the
  // earliest candidate in reach gives the least.
  w.lo = inf;
  for (int n = kHeelRiseCount - 1; n >= 0 && w.lo == inf; --n) {
    const double t = st.t_hs + (kHeelRiseLatest - n * kHeelRiseStep) * stride;
    const double e = ExtensionAt(HipAt(t, st.side), ToePivot(st.toe, 0.0));
    if (std::isfinite(e)) w.lo = e + kCutEdgeDeg;
  }
  // Early in the stance, with the heel down.
  w.early = -inf;
  for (int j = 0; j <= kEarlyChecks; ++j) {
    const double t = st.t_hs + kEarlyStanceFraction * stride * j / kEarlyChecks;
    const double e = HeelDownExtension(st, t);
    w.early = std::isnan(e) ? inf : std::max(w.early, e);
  }
  // The fall to toe off (at least kMinDropDeg) must stay above what the
  // most raised heel gives.
  const Hermite unit = FallFromPeak(st, 0.0, 1.0);
  w.rise_lo = w.lo;
  w.fall_lo = -inf;
  for (int j = 1; j <= kFallChecks; ++j) {
    const double t = FallCheckTime(st, j);
    w.fall_lo = std::max(
        w.fall_lo, LeastExtension(st, t) + kFallEdgeDeg - kMinDropDeg * unit.Value(t));
  }
  w.lo = std::max(w.rise_lo, w.fall_lo);
  return w;
}

Hermite LegModel::FallFromPeak(const Stance& st, double peak_ext_deg, double drop_deg) {
  const double fall_time = st.t_to - st.t_pk;
  return {st.t_pk,      st.t_to,
          peak_ext_deg, peak_ext_deg - drop_deg,
          0.0,          -1.5 * drop_deg / fall_time};
}

double LegModel::FallCheckTime(const Stance& st, int j) {
  return st.t_pk + (st.t_to - st.t_pk) * j / kFallChecks;
}

double LegModel::LeastExtension(const Stance& st, double t) const {
  return LeastExtension(st, t, HipAt(t, st.side));
}

double LegModel::LeastExtension(const Stance& st, double t, const HipState& hip) const {
  const double e = ExtensionAt(hip, ToePivot(ToeAt(st, t), kPitchMinDeg * kDegToRad));
  return std::isnan(e) ? std::numeric_limits<double>::infinity() : e;
}

LegModel::ToeOffHips LegModel::HipsAtToeOff(const Stance& st) const {
  ToeOffHips hips;
  for (int j = 1; j <= kFallChecks; ++j)
    hips.check[j - 1] = HipAt(FallCheckTime(st, j), st.side);
  hips.at = HipAt(st.t_to, st.side);
  hips.before = HipAt(st.t_to - kRateStep, st.side);
  return hips;
}

double LegModel::FallDrop(const Stance& st, double peak_ext_deg,
                          const ToeOffHips& hips) const {
  // The least extension rises with time and the fall's target drops, both
  // monotonically, so checking at a few times bounds every frame between.
  const Hermite unit = FallFromPeak(st, 0.0, 1.0);
  double drop = kExtensionDropDeg;
  for (int j = 1; j <= kFallChecks; ++j) {
    const double t = FallCheckTime(st, j);
    const double least = LeastExtension(st, t, hips.check[j - 1]);
    drop = std::min(drop, (peak_ext_deg - least - kFallEdgeDeg) / -unit.Value(t));
  }
  return drop;
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
  Stance st = StanceFrame(k);
  const std::string field = "walk params: peak_hip_extension_" +
                            std::string(SideName(st.side)) +
                            "_deg = " + Fixed2(peak_ext_deg);
  auto flat = [&](double t) {
    return ExtensionAt(HipAt(t, st.side), ToePivot(st.toe, 0.0));
  };
  const bool steady = k >= plan.first_capture_k + 2 && k <= plan.last_capture_k - 4;
  if (!steady) {
    // Accelerating and decelerating strides are shorter than the steady
    // ones the pelvis was planned for: they peak at the requested value when
    // their own window holds it with a margin, else as near it as the
    // window allows. The truth records it.
    const ExtensionWindow w = Window(st);
    const double margin = std::clamp((w.hi - w.lo) / 2, 0.0, kUnsteadyMarginDeg);
    peak_ext_deg = std::max(w.lo + margin, std::min(peak_ext_deg, w.hi - margin));
  }
  const double reachable = MaxExtension(HipAt(st.t_pk, st.side), st.toe);
  if (!(reachable >= peak_ext_deg)) {
    return Status::InvalidInput(
        field + ": the leg reaches at most " + Fixed2(reachable) +
        " deg at stride length " + Fixed2(plan.HeelX(k + 2) - plan.HeelX(k)) +
        " m with pelvic tilt " + Fixed2(plan.TiltAt(st.t_pk) * kRadToDeg) +
        " deg; expected a smaller extension, a longer stride or a smaller tilt");
  }
  // Heel rise: the latest time from which a monotone Hermite rise (slope
  // matched to the flat-foot motion) reaches the peak without overshoot
  // (Fritsch-Carlson: start slope <= 3 x secant slope).
  // Prefer the latest heel rise whose curve the leg can follow; failing that,
  // the latest monotone one (the knee then stays at its stance minimum where
  // the curve asks for more than the leg can give, below the peak); failing
  // that (the flat foot extends the hip too fast for the peak), the latest
  // rise that starts below the peak with its slope cut to the bound (the
  // heel then leaves the ground with a jump in its speed).
  bool found = false, have_fallback = false, have_cut = false;
  Hermite fallback, cut;
  // The peak must be the stride's largest extension: with the heel down,
  // before heel rise, the hip must extend less at every sample (checked for
  // the steady strides, whose truth promises the peak).
  const double first_bad = steady ? FirstHeelDownAbove(st, peak_ext_deg)
                                  : std::numeric_limits<double>::infinity();
  // Successive candidates tend to fail at the same check as the one before
  // (or a later one), so the checks start there.
  int hint = 1;
  for (int n = 0; n < kHeelRiseCount; ++n) {
    const double t = st.t_hs + (kHeelRiseLatest - n * kHeelRiseStep) * stride, h = 1e-4;
    if (t > first_bad) continue;
    const double e = flat(t);
    if (!std::isfinite(e) || e >= peak_ext_deg) continue;
    const double de = (flat(t + h) - flat(t - h)) / (2 * h);
    if (!std::isfinite(de)) continue;
    const double bound = 3 * (peak_ext_deg - e) / (st.t_pk - t);
    if (std::max(de, 0.0) > bound) {
      if (!have_cut && e <= peak_ext_deg - kCutEdgeDeg) {
        cut = {t, st.t_pk, e, peak_ext_deg, bound, 0.0};
        have_cut = true;
      }
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
  if (!found && (have_fallback || have_cut)) {
    st.rise = have_fallback ? fallback : cut;
    found = true;
  }
  st.t_hr = st.rise.t0;
  if (!found && first_bad < st.t_hs + kHeelRiseEarliest * stride) {
    return Status::InvalidInput(
        field + ": at t = " + Fixed2(first_bad) + " s, " +
        Fixed2(100 * (first_bad - st.t_hs) / stride) +
        " % into the stride, the hip already extends " +
        Fixed2(HeelDownExtension(st, first_bad)) +
        " deg with the heel down (pelvic tilt " +
        Fixed2(plan.TiltAt(first_bad) * kRadToDeg) +
        " deg); expected a larger extension, or a smaller one on the other side");
  }
  if (!found) {
    return Status::InvalidInput(field + ": with the foot flat the hip already extends " +
                                Fixed2(flat(st.t_hs + kHeelRiseEarliest * stride)) +
                                " deg at " + Fixed2(kHeelRiseEarliest * 100) +
                                " % of the stride; expected a larger extension");
  }
  THAPLAN_RETURN_IF_ERROR(PlanToeRoll(st, peak_ext_deg, field));
  stances_.push_back(st);
  return Status::Ok();
}

Status LegModel::PlanToeRoll(Stance& st, double peak_ext_deg,
                             const std::string& field) const {
  // The toe rolls forward before toe off and leaves the floor with the
  // pelvis's forward velocity and the forward acceleration the swing starts
  // with (ToeRoll, docs/walker.md). That acceleration depends on the toe-off
  // pose, which the roll moves: passes repeat until the two agree, starting
  // from the previous stance of this side (else from the planted toe). The
  // roll lies after the peak (the whole rise sees the planted toe) and is
  // shortened where it would move the toe back.
  const double v = plan_->PelvisVx(st.t_to);
  const double tolerance =
      fidelity_ == Fidelity::kExact ? kRollTolerance : kRollEstimateTolerance;
  const ToeOffHips hips = HipsAtToeOff(st);
  double slope = 0;  // of the pitch solves at toe off, carried between passes
  double accel = 0;
  if (st.k - 2 >= k_first_) {
    accel = StanceOf(st.k - 2).roll.accel;
  } else {
    THAPLAN_RETURN_IF_ERROR(PlanToeOff(st, peak_ext_deg, field, hips, slope));
    accel = SwingToeAcceleration(st, SwingCurves(st));
  }
  double last_accel = 0, last_gap = 0;
  for (int pass = 0;; ++pass) {
    if (pass == kRollPasses) {
      return Status::Internal("walker: the toe roll before toe off at t = " +
                              Fixed2(st.t_to) + " s does not settle");
    }
    double tau = std::min(kToeRollS, st.t_to - st.t_pk);
    if (accel * tau > 3 * v) tau = 3 * v / accel;
    st.roll = ToeRoll::Make(st.t_to, tau, v, accel);
    THAPLAN_RETURN_IF_ERROR(PlanToeOff(st, peak_ext_deg, field, hips, slope));
    const double gap = SwingToeAcceleration(st, SwingCurves(st)) - accel;
    if (std::abs(gap) <= tolerance) break;
    // The gap is nearly linear in the acceleration: secant steps once two
    // passes have it.
    double next = accel + gap;
    if (pass > 0 && gap != last_gap) {
      next = accel - gap * (accel - last_accel) / (gap - last_gap);
    }
    last_accel = accel;
    last_gap = gap;
    accel = next;
  }
  return Status::Ok();
}

Status LegModel::PlanToeOff(Stance& st, double peak_ext_deg, const std::string& field,
                            const ToeOffHips& hips, double& slope) const {
  const double drop = FallDrop(st, peak_ext_deg, hips);
  if (!(drop >= kMinDropDeg)) {
    return Status::InvalidInput(
        field + ": by toe off (t = " + Fixed2(st.t_to) + " s) the hip extends at least " +
        Fixed2(LeastExtension(st, st.t_to, hips.at)) + " deg even with the heel raised " +
        Fixed2(-kPitchMinDeg) + " deg; expected a larger peak hip extension");
  }
  st.fall = FallFromPeak(st, peak_ext_deg, drop);
  // The pitch and its rate at toe off, where the swing takes over.
  THAPLAN_ASSIGN_OR_RETURN(const double psi_to,
                           SolvePitch(st, hips.at, st.t_to, st.psi_to, slope));
  THAPLAN_ASSIGN_OR_RETURN(
      const double psi_before,
      SolvePitch(st, hips.before, st.t_to - kRateStep, psi_to, slope));
  st.psi_to = psi_to;
  st.dpsi_to = (psi_to - psi_before) / kRateStep;
  return Status::Ok();
}

}  // namespace thaplan::sim
