// Per-frame leg kinematics: foot poses, the toe-rocker pitch solve, swing
// trajectories and the knee. The stance planning is in walker_stance.cc.
#include "sim/walker_legs.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "sim/walker_foot.h"

namespace thaplan::sim {
namespace {

// Vertical speeds of the toe at lift-off and the heel at contact (m/s): a
// gentle lift and landing (our choice).
constexpr double kToeLiftSpeed = 0.15;
constexpr double kHeelLandSpeed = 0.05;
constexpr double kMinToeClearance = 0.01;
// The mid-swing arc is raised in these steps until the toe clears the floor,
// checked at kSwingChecks - 1 inner times of the swing.
constexpr double kBumpStep = 0.005;
constexpr double kBumpMax = 0.2;
constexpr int kSwingChecks = 100;

// d/dpsi of Pitch(v, psi).
Vec3 PitchRate(const Vec3& v, double psi) {
  double s = 0, c = 0;
  SinCos(psi, &s, &c);
  return {-v[0] * s - v[2] * c, 0, v[0] * c - v[2] * s};
}

}  // namespace

bool SolveKnee(const Vec3& hip, const Vec3& a, double d, double thigh, double shank,
               Vec3* knee) {
  if (d >= thigh + shank || d <= std::abs(thigh - shank)) return false;
  const double inv_d = 1.0 / d;
  const Vec3 axis = Scale(a, inv_d);
  // Along the hip -> ankle axis, then off it toward the walking direction x:
  // n = (x - axis axis_x) / |x - axis axis_x|, |x - axis axis_x|^2 = 1 - axis_x^2.
  const double along = (thigh * thigh - shank * shank + d * d) * 0.5 * inv_d;
  const double off = std::sqrt(thigh * thigh - along * along);
  const double ax = axis[0];
  const double n_scale = off / std::sqrt(1 - ax * ax);
  *knee = {hip[0] + axis[0] * along + (1 - ax * ax) * n_scale,
           hip[1] + axis[1] * along - ax * axis[1] * n_scale,
           hip[2] + axis[2] * along - ax * axis[2] * n_scale};
  return true;
}

std::string Fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

double HipExtensionDeg(const Rot& pelvis, const Vec3& hip, const Vec3& knee) {
  const Vec3 u = pelvis.Inverse(Sub(knee, hip));
  return -std::atan2(u[0], -u[2]) * kRadToDeg;
}

double LegModel::HeelRiseTime(int k) const { return StanceOf(k).t_hr; }

LegModel::FootPose LegModel::ToePivot(const Vec3& toe, double psi) const {
  double s = 0, c = 1;
  if (psi != 0.0) SinCos(psi, &s, &c);
  return {Sub(toe, Pitch({dims_.foot, 0, 0}, c, s)), psi, c, s};
}

Vec3 LegModel::Ankle(const FootPose& p) const {
  return Add(p.heel,
             Pitch({dims_.ankle_forward, 0, dims_.ankle_height}, p.cos_psi, p.sin_psi));
}

Vec3 LegModel::Toe(const FootPose& p) const {
  return Add(p.heel, Pitch({dims_.foot, 0, 0}, p.cos_psi, p.sin_psi));
}

LegModel::HipState LegModel::HipAt(double t, Side side) const {
  const PelvisPose pose = plan_->Pose(t);
  return {pose.Hip(side), pose.rot};
}

bool LegModel::StanceKnee(const Vec3& hip, const FootPose& pose, Vec3* knee) const {
  const Vec3 a = Sub(Ankle(pose), hip);
  const double d = Norm(a);
  // A stance knee never straightens beyond kKneeMinStanceDeg.
  return d <= stance_reach_ && SolveKnee(hip, a, d, dims_.thigh, dims_.shank, knee);
}

double LegModel::ExtensionAt(const HipState& hip, const FootPose& pose) const {
  Vec3 knee;
  if (!StanceKnee(hip.centre, pose, &knee))
    return std::numeric_limits<double>::quiet_NaN();
  return HipExtensionDeg(hip.pelvis, hip.centre, knee);
}

double LegModel::HeelDownExtension(const Stance& st, double t) const {
  const HipState hip = HipAt(t, st.side);
  const Vec3 a = Sub(Ankle(HeelRockerPose(st, t)), hip.centre);
  Vec3 knee;
  if (!SolveKnee(hip.centre, a, Norm(a), dims_.thigh, dims_.shank, &knee))
    return std::numeric_limits<double>::quiet_NaN();
  return HipExtensionDeg(hip.pelvis, hip.centre, knee);
}

double LegModel::TargetExtension(const Stance& st, double t) const {
  return t < st.t_pk ? st.rise.Value(t) : st.fall.Value(t);
}

LegModel::Swing LegModel::SwingCurves(const Stance& st) const {
  const GaitPlan& plan = *plan_;
  const int k = st.k;
  Swing sw;
  sw.t_to = st.t_to;
  sw.t_hs = plan.HsTime(k + 2);
  sw.t_mid = 0.5 * (sw.t_to + sw.t_hs);
  sw.inv_duration = 1 / (sw.t_hs - sw.t_to);
  sw.y = plan.FootY(st.side);
  // Lift-off: the toe leaves with the pelvis's forward speed, so toe minus
  // pelvis has its minimum exactly at toe off (Zeni et al. 2008). The
  // stance's roll brings the toe to this speed and to the forward
  // acceleration the swing starts with (MakeStance).
  const FootPose off = ToePivot(ToeAt(st, st.t_to), st.psi_to);
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
  return sw;
}

double LegModel::SwingToeAcceleration(const Stance& st, const Swing& sw) const {
  // toe = ankle + Pitch(r, psi): the ankle's acceleration plus the pitch's
  // centripetal and tangential terms. The mid-swing arc is vertical.
  const Vec3 ankle_to_toe{dims_.foot - dims_.ankle_forward, 0, -dims_.ankle_height};
  const double rate = st.dpsi_to;
  return sw.ax.StartAcceleration() - Pitch(ankle_to_toe, st.psi_to)[0] * rate * rate +
         PitchRate(ankle_to_toe, st.psi_to)[0] * sw.psi1.StartAcceleration();
}

Status LegModel::MakeSwing(int k) {
  Swing sw = SwingCurves(StanceOf(k));
  // Raise the mid-swing arc until the toe clears the floor. The toe and heel
  // heights rise linearly with the arc, so one evaluation of the swing per
  // check time serves every arc; a check within rounding of its limit is
  // decided by the pose itself.
  struct Check {
    double t, toe_z, heel_z, per_arc, clearance;
  };
  std::array<Check, kSwingChecks - 1> checks;
  sw.bump = 0.0;
  for (int i = 1; i < kSwingChecks; ++i) {
    const double s = i / double{kSwingChecks}, t = sw.t_to + s * (sw.t_hs - sw.t_to);
    const FootPose p = SwingPose(sw, t);
    const bool mid = s > 0.3 && s < 0.7;
    checks[static_cast<size_t>(i - 1)] = {t, Toe(p)[2], p.heel[2],
                                          16 * s * s * (1 - s) * (1 - s),
                                          mid ? kMinToeClearance : 0.0};
  }
  constexpr double kRounding = 1e-12;  // m, far above the rounding of a height
  for (double bump = 0.0; bump <= kBumpMax; bump += kBumpStep) {
    sw.bump = bump;
    bool ok = true;
    for (const Check& c : checks) {
      const double toe = c.toe_z + c.per_arc * bump - c.clearance;
      const double heel = c.heel_z + c.per_arc * bump;
      if (toe > kRounding && heel > kRounding) continue;
      if (toe < -kRounding || heel < -kRounding) {
        ok = false;
        break;
      }
      const FootPose p = SwingPose(sw, c.t);
      if (!(Toe(p)[2] >= c.clearance && p.heel[2] >= 0.0)) {
        ok = false;
        break;
      }
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
  // ax and az span the swing, psi1 and psi2 its halves: one fraction serves.
  const double s = (t - sw.t_to) * sw.inv_duration;
  const double arc = 16 * s * s * (1 - s) * (1 - s) * sw.bump;
  const Vec3 ankle{sw.ax.AtFraction(s), sw.y, sw.az.AtFraction(s) + arc};
  const double psi =
      t < sw.t_mid ? sw.psi1.AtFraction(2 * s) : sw.psi2.AtFraction(2 * s - 1);
  double sn = 0, c = 0;
  SinCos(psi, &sn, &c);
  return {Sub(ankle, Pitch({dims_.ankle_forward, 0, dims_.ankle_height}, c, sn)), psi, c,
          sn};
}

LegModel::FootPose LegModel::HeelRockerPose(const Stance& st, double t) const {
  if (t < st.t_ff) {
    const double s = (t - st.t_hs) / (st.t_ff - st.t_hs);
    return HeelPivot(st.heel, kHeelStrikePitchDeg * kDegToRad * (1 - SmoothStep(s)));
  }
  return HeelPivot(st.heel, 0.0);
}

namespace {

double PitchGuess(const PitchHistory& h, double previous_pass) {
  // The previous pass's pitch shifted as at the frames before (linearly
  // extrapolated), else this pass's pitches extrapolated (cubic, quadratic,
  // linear): the start of the solve, whose result does not depend on it.
  const double* off = h.pass_offset;
  if (!std::isnan(previous_pass) && !std::isnan(off[0])) {
    return previous_pass + (std::isnan(off[1]) ? off[0] : 2 * off[0] - off[1]);
  }
  const double* p = h.psi;
  switch (h.count) {
    case 0:
      return 0.0;
    case 1:
      return p[0];
    case 2:
      return 2 * p[0] - p[1];
    case 3:
      return 3 * p[0] - 3 * p[1] + p[2];
    default:
      return 4 * p[0] - 6 * p[1] + 4 * p[2] - p[3];
  }
}

}  // namespace

Result<LegPoints> LegModel::At(const PelvisPose& pelvis, double t, Side side,
                               PitchHistory& history, double& pitch) const {
  const int k = plan_->LastStrike(side, t);
  if (k < k_first_ || k >= k_first_ + static_cast<int>(stances_.size())) {
    return Status::Internal("walker: t = " + Fixed2(t) +
                            " s lies outside the generated walk");
  }
  const Stance& st = StanceOf(k);
  const HipState hip{pelvis.Hip(side), pelvis.rot};
  const double previous_pass = pitch;
  pitch = std::numeric_limits<double>::quiet_NaN();
  FootPose pose{};
  Vec3 solved_knee{std::numeric_limits<double>::quiet_NaN(), 0, 0};
  if (t >= st.t_to) {
    pose = SwingPose(SwingOf(k), t);
  } else if (t < st.t_hr) {
    pose = HeelRockerPose(st, t);
  } else {
    if (history.k != k) {
      const double last_slope = history.slope[0];
      history = PitchHistory{};
      history.k = k;
      history.slope[0] = last_slope;  // the best guess until this stance has its own
    }
    const double psi_guess = PitchGuess(history, previous_pass);
    const double* slopes = history.slope;
    double slope = slopes[1] > 0 && 2 * slopes[0] > slopes[1] ? 2 * slopes[0] - slopes[1]
                                                              : slopes[0];
    THAPLAN_ASSIGN_OR_RETURN(const double psi,
                             SolvePitch(st, hip, t, psi_guess, slope, &solved_knee));
    for (int i = 3; i > 0; --i) history.psi[i] = history.psi[i - 1];
    history.psi[0] = psi;
    history.count = std::min(history.count + 1, 4);
    history.slope[1] = slopes[0];
    history.slope[0] = slope;
    history.pass_offset[1] = history.pass_offset[0];
    history.pass_offset[0] = psi - previous_pass;  // NaN without a previous pass
    pitch = psi;
    pose = ToePivot(ToeAt(st, t), psi);
  }
  LegPoints out;
  out.hip = hip.centre;
  out.ankle = Ankle(pose);
  out.heel = pose.heel;
  out.toe = Toe(pose);
  if (!std::isnan(solved_knee[0])) {
    out.knee = solved_knee;  // what SolveKnee below would give
    return out;
  }
  const Vec3 a = Sub(out.ankle, out.hip);
  if (!SolveKnee(out.hip, a, Norm(a), dims_.thigh, dims_.shank, &out.knee)) {
    return Status::Internal("walker: the " + std::string(SideName(side)) +
                            " leg cannot reach its ankle at t = " + Fixed2(t) +
                            " s (hip-ankle " + Fixed2(Norm(a)) + " m, leg " +
                            Fixed2(dims_.thigh + dims_.shank) + " m)");
  }
  return out;
}

}  // namespace thaplan::sim
