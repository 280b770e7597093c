#include "sim/walker_legs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/walker_foot.h"

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
// The hip flexes this much from its peak extension to toe off (Winter 2009:
// about -12 deg at 52 % to about -5 deg at 60 %).
constexpr double kExtensionDropDeg = 7.0;
constexpr double kPitchMinDeg = -80.0;
// How far below its reachable maximum a shortened (unsteady) stride peaks.
constexpr double kUnsteadyMarginDeg = 0.5;
// Vertical speeds of the toe at lift-off and the heel at contact (m/s): a
// gentle lift and landing (our choice).
constexpr double kToeLiftSpeed = 0.15;
constexpr double kHeelLandSpeed = 0.05;
constexpr double kMinToeClearance = 0.01;

// Two-link inverse kinematics: the knee in the plane of hip, ankle and the
// walking direction, on the anterior side. False when the leg cannot reach.
bool SolveKnee(const Vec3& hip, const Vec3& ankle, double thigh, double shank,
               Vec3* knee) {
  const Vec3 a = Sub(ankle, hip);
  const double d = Norm(a);
  if (d >= thigh + shank || d <= std::abs(thigh - shank)) return false;
  const Vec3 axis = Scale(a, 1.0 / d);
  const Vec3 fwd{1, 0, 0};
  const Vec3 n = Normalized(Sub(fwd, Scale(axis, Dot(fwd, axis))));
  const double along = (thigh * thigh - shank * shank + d * d) / (2 * d);
  const double off = std::sqrt(thigh * thigh - along * along);
  *knee = Add(hip, Add(Scale(axis, along), Scale(n, off)));
  return true;
}

// d/dpsi of Pitch(v, psi).
Vec3 PitchRate(const Vec3& v, double psi) {
  const double c = std::cos(psi), s = std::sin(psi);
  return {-v[0] * s - v[2] * c, 0, v[0] * c - v[2] * s};
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

}  // namespace

double HipExtensionDeg(const Rot& pelvis, const Vec3& hip, const Vec3& knee) {
  const Vec3 u = pelvis.Inverse(Sub(knee, hip));
  return -std::atan2(u[0], -u[2]) * kRadToDeg;
}

Result<LegModel> LegModel::Make(const GaitPlan& plan, const BodyDims& dims,
                                const WalkParams& params) {
  LegModel model(plan, dims);
  model.stance_reach_ = KneeSpan(dims, kKneeMinStanceDeg);
  // Stances whose stride touches the capture, and the swings after them.
  model.k_first_ = plan.first_capture_k - 2;
  const int k_last = plan.last_capture_k;
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

double LegModel::HeelRiseTime(int k) const { return StanceOf(k).t_hr; }

LegModel::FootPose LegModel::ToePivot(const Vec3& toe, double psi) const {
  return {Sub(toe, Pitch({dims_.foot, 0, 0}, psi)), psi};
}

Vec3 LegModel::Ankle(const FootPose& p) const {
  return Add(p.heel, Pitch({dims_.ankle_forward, 0, dims_.ankle_height}, p.psi));
}

Vec3 LegModel::Toe(const FootPose& p) const {
  return Add(p.heel, Pitch({dims_.foot, 0, 0}, p.psi));
}

LegModel::HipState LegModel::HipAt(double t, Side side) const {
  return {plan_->HipCentre(t, side), plan_->PelvisRot(t)};
}

double LegModel::ExtensionAt(const HipState& hip, const FootPose& pose) const {
  const Vec3 ankle = Ankle(pose);
  Vec3 knee;
  // A stance knee never straightens beyond kKneeMinStanceDeg.
  if (Norm(Sub(ankle, hip.centre)) > stance_reach_ ||
      !SolveKnee(hip.centre, ankle, dims_.thigh, dims_.shank, &knee)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return HipExtensionDeg(hip.pelvis, hip.centre, knee);
}

double LegModel::ExtensionAt(double t, Side side, const FootPose& pose) const {
  return ExtensionAt(HipAt(t, side), pose);
}

double LegModel::TargetExtension(const Stance& st, double t) const {
  return t < st.t_pk ? st.rise.Value(t) : st.fall.Value(t);
}

Result<double> LegModel::SolvePitch(const Stance& st, double t) const {
  // Extension falls as the heel rises (the ankle moves up and forward), so
  // bisect on the pitch for the prescribed extension. NaN (leg cannot reach a
  // flat foot) counts as "more heel rise needed".
  const double target = TargetExtension(st, t);
  const HipState hip = HipAt(t, st.side);
  auto excess = [&](double psi) {
    const double e = ExtensionAt(hip, ToePivot(st.toe, psi));
    return std::isnan(e) ? 1e9 : e - target;
  };
  if (excess(0.0) <= 0) return 0.0;  // foot stays flat
  // Bisection keeps excess(lo) <= 0 < excess(hi); lo is always a reachable
  // pose. A target above what the leg can reach ends at the straight knee.
  double lo = kPitchMinDeg * kDegToRad, hi = 0.0;
  if (excess(lo) > 0) {
    return Status::InvalidInput(
        "walk params: peak_hip_extension_" + std::string(SideName(st.side)) +
        "_deg: at t = " + Fmt(t) + " s the hip cannot extend as little as " +
        Fmt(target) + " deg even with the heel raised " + Fmt(-kPitchMinDeg) +
        " deg; expected a larger peak hip extension");
  }
  // Illinois false position while both ends are reachable, bisection while
  // the high end is not; stop when the extension matches to 1e-10 deg.
  double f_lo = excess(lo), f_hi = excess(hi);
  int kept = 0;  // which end stayed in the last step: -1 lo, +1 hi
  for (int iter = 0; iter < 200 && hi - lo > 1e-15; ++iter) {
    const bool secant = f_hi < 1e8;
    const double x = secant ? (lo * f_hi - hi * f_lo) / (f_hi - f_lo) : 0.5 * (lo + hi);
    const double f = excess(x);
    if (std::abs(f) < 1e-10) return x;
    if (f > 0) {
      hi = x;
      f_hi = f;
      if (kept == -1 && secant) f_lo /= 2;
      kept = -1;
    } else {
      lo = x;
      f_lo = f;
      if (kept == 1 && secant) f_hi /= 2;
      kept = 1;
    }
  }
  return lo;
}

double LegModel::MaxExtension(Side side, const Vec3& toe, double t,
                              int iterations) const {
  const HipState hip = HipAt(t, side);
  const double flat = ExtensionAt(hip, ToePivot(toe, 0.0));
  if (!std::isnan(flat)) return flat;
  // The leg cannot reach the flat foot: the most extension is with the least
  // heel rise that lets it reach.
  double lo = kPitchMinDeg * kDegToRad, hi = 0.0;
  for (int iter = 0; iter < iterations; ++iter) {
    const double mid = 0.5 * (lo + hi);
    (std::isnan(ExtensionAt(hip, ToePivot(toe, mid))) ? hi : lo) = mid;
  }
  return ExtensionAt(hip, ToePivot(toe, lo));
}

bool LegModel::RiseIsReachable(Side side, const Vec3& toe, const Hermite& rise) const {
  constexpr int kChecks = 8;
  for (int j = 1; j < kChecks; ++j) {
    const double t = rise.t0 + (rise.t1 - rise.t0) * j / kChecks;
    if (rise.Value(t) > MaxExtension(side, toe, t, 40)) return false;
  }
  return true;
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
                            "_deg = " + Fmt(peak_ext_deg);
  auto flat = [&](double t) { return ExtensionAt(t, st.side, ToePivot(st.toe, 0.0)); };
  const double reachable = MaxExtension(st.side, st.toe, st.t_pk, 64);
  const bool steady = k >= plan.first_capture_k + 2 && k <= plan.last_capture_k - 4;
  if (!steady && reachable < peak_ext_deg + kUnsteadyMarginDeg) {
    // Accelerating and decelerating strides are shorter; they extend as far
    // as they can, short of the requested peak. The truth records it.
    peak_ext_deg = reachable - kUnsteadyMarginDeg;
  }
  if (!(reachable >= peak_ext_deg)) {
    return Status::InvalidInput(
        field + ": the leg reaches at most " + Fmt(reachable) + " deg at stride length " +
        Fmt(plan.HeelX(k + 2) - plan.HeelX(k)) + " m with pelvic tilt " +
        Fmt(plan.tilt_rad * kRadToDeg) +
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
  for (double f = kHeelRiseLatest; f >= kHeelRiseEarliest - 1e-9; f -= kHeelRiseStep) {
    const double t = st.t_hs + f * stride, h = 1e-4;
    const double e = flat(t), de = (flat(t + h) - flat(t - h)) / (2 * h);
    if (!std::isfinite(e) || !std::isfinite(de) || e >= peak_ext_deg ||
        e + std::max(de, 0.0) * (st.t_pk - t) / 3 > peak_ext_deg) {
      continue;
    }
    const Hermite rise{t, st.t_pk, e, peak_ext_deg, std::max(de, 0.0), 0.0};
    if (RiseIsReachable(st.side, st.toe, rise)) {
      st.rise = rise;
      found = true;
      break;
    }
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
                                Fmt(flat(st.t_hs + kHeelRiseEarliest * stride)) +
                                " deg at " + Fmt(kHeelRiseEarliest * 100) +
                                " % of the stride; expected a larger extension");
  }
  const double fall_time = st.t_to - st.t_pk;
  st.fall = {st.t_pk,      st.t_to,
             peak_ext_deg, peak_ext_deg - kExtensionDropDeg,
             0.0,          -1.5 * kExtensionDropDeg / fall_time};
  stances_.push_back(st);  // SolvePitch reads the stance through its argument only
  THAPLAN_ASSIGN_OR_RETURN(const double psi_to, SolvePitch(st, st.t_to));
  THAPLAN_ASSIGN_OR_RETURN(const double psi_before, SolvePitch(st, st.t_to - 1e-4));
  stances_.back().psi_to = psi_to;
  stances_.back().dpsi_to = (psi_to - psi_before) / 1e-4;
  return Status::Ok();
}

Status LegModel::MakeSwing(int k) {
  const GaitPlan& plan = *plan_;
  const Stance& st = StanceOf(k);
  Swing sw;
  sw.t_to = st.t_to;
  sw.t_hs = plan.HsTime(k + 2);
  sw.t_mid = 0.5 * (sw.t_to + sw.t_hs);
  sw.y = plan.FootY(st.side);
  // Lift-off: the toe leaves with the pelvis's forward speed, so toe minus
  // pelvis has its minimum exactly at toe off (Zeni et al. 2008).
  const FootPose off = ToePivot(st.toe, st.psi_to);
  const Vec3 ankle_off = Ankle(off);
  const Vec3 toe_vel{plan.PelvisVx(sw.t_to), 0, kToeLiftSpeed};
  const Vec3 ankle_from_toe{dims_.ankle_forward - dims_.foot, 0, dims_.ankle_height};
  const Vec3 ankle_vel =
      Add(toe_vel, Scale(PitchRate(ankle_from_toe, st.psi_to), st.dpsi_to));
  // Landing: heel at the next placement with the pelvis's forward speed, so
  // heel minus pelvis peaks exactly at heel strike; the pitch is still.
  const double psi_hs = kHeelStrikePitchDeg * kDegToRad;
  const Vec3 heel_on{plan.HeelX(k + 2), sw.y, 0};
  const Vec3 ankle_on =
      Add(heel_on, Pitch({dims_.ankle_forward, 0, dims_.ankle_height}, psi_hs));
  sw.ax = {sw.t_to,     sw.t_hs,      ankle_off[0],
           ankle_on[0], ankle_vel[0], plan.PelvisVx(sw.t_hs)};
  sw.az = {sw.t_to, sw.t_hs, ankle_off[2], ankle_on[2], ankle_vel[2], -kHeelLandSpeed};
  const double mean_rate = (psi_hs - st.psi_to) / (sw.t_hs - sw.t_to);
  sw.psi1 = {sw.t_to, sw.t_mid, st.psi_to, 0.0, st.dpsi_to, mean_rate};
  sw.psi2 = {sw.t_mid, sw.t_hs, 0.0, psi_hs, mean_rate, 0.0};
  // Raise the mid-swing arc until the toe clears the floor.
  for (sw.bump = 0.0; sw.bump <= 0.2; sw.bump += 0.005) {
    bool ok = true;
    for (int i = 1; i < 100 && ok; ++i) {
      const double s = i / 100.0, t = sw.t_to + s * (sw.t_hs - sw.t_to);
      const FootPose p = SwingPose(sw, t);
      const double toe_z = Toe(p)[2], heel_z = p.heel[2];
      const bool mid = s > 0.3 && s < 0.7;
      ok = toe_z >= (mid ? kMinToeClearance : 0.0) && heel_z >= 0.0;
    }
    if (ok) {
      swings_.push_back(sw);
      return Status::Ok();
    }
  }
  return Status::Internal("walker: no swing arc clears the floor for heel strike " +
                          std::to_string(k + 2));
}

LegModel::FootPose LegModel::SwingPose(const Swing& sw, double t) const {
  const double s = (t - sw.t_to) / (sw.t_hs - sw.t_to);
  const double arc = 16 * s * s * (1 - s) * (1 - s) * sw.bump;
  const Vec3 ankle{sw.ax.Value(t), sw.y, sw.az.Value(t) + arc};
  const double psi = t < sw.t_mid ? sw.psi1.Value(t) : sw.psi2.Value(t);
  return {Sub(ankle, Pitch({dims_.ankle_forward, 0, dims_.ankle_height}, psi)), psi};
}

LegModel::FootPose LegModel::StancePose(const Stance& st, double t,
                                        double* psi_out) const {
  if (t < st.t_ff) {
    const double s = (t - st.t_hs) / (st.t_ff - st.t_hs);
    return HeelPivot(st.heel, kHeelStrikePitchDeg * kDegToRad * (1 - SmoothStep(s)));
  }
  if (t < st.t_hr) return HeelPivot(st.heel, 0.0);
  return ToePivot(st.toe, *psi_out);
}

Result<LegPoints> LegModel::At(double t, Side side) const {
  const int k = plan_->LastStrike(side, t);
  if (k < k_first_ || k >= k_first_ + static_cast<int>(stances_.size())) {
    return Status::Internal("walker: t = " + Fmt(t) +
                            " s lies outside the generated walk");
  }
  const Stance& st = StanceOf(k);
  FootPose pose{};
  if (t < st.t_to) {
    double psi = 0;
    if (t >= st.t_hr) {
      THAPLAN_ASSIGN_OR_RETURN(psi, SolvePitch(st, t));
    }
    pose = StancePose(st, t, &psi);
  } else {
    pose = SwingPose(SwingOf(k), t);
  }
  LegPoints p;
  p.hip = plan_->HipCentre(t, side);
  p.ankle = Ankle(pose);
  p.heel = pose.heel;
  p.toe = Toe(pose);
  if (!SolveKnee(p.hip, p.ankle, dims_.thigh, dims_.shank, &p.knee)) {
    return Status::Internal("walker: the " + std::string(SideName(side)) +
                            " leg cannot reach its ankle at t = " + Fmt(t) +
                            " s (hip-ankle " + Fmt(Norm(Sub(p.ankle, p.hip))) +
                            " m, leg " + Fmt(dims_.thigh + dims_.shank) + " m)");
  }
  return p;
}

}  // namespace thaplan::sim
