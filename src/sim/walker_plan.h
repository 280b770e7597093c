// The walker's timing, foot placements and pelvis trajectory (the "plan"),
// all in the walk's local frame: x along the walking direction, y to the
// left, z up, floor at z = 0. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_PLAN_H_
#define THAPLAN_SIM_WALKER_PLAN_H_

#include <array>
#include <vector>

#include "sim/walker_body.h"
#include "sim/walker_foot.h"
#include "sim/walker_math.h"
#include "thaplan/walker.h"

namespace thaplan::sim {

// Anterior tilt of the ASIS/PSIS frame the walker uses unless the legs need
// another (WalkParams::pelvic_tilt_deg, default 10 deg; docs/walker.md).
inline constexpr double kNominalTiltDeg = 10.0;

// The part of the pelvis motion at time t that the COM-sway calibration does
// not change (forward position, the sway bumps' shapes, the orientation), so
// that it can be computed once per time and reused by every pass.
struct PelvisMotion {
  double t = 0;
  double cos_phase = 0;  // of the stride phase 2 pi (t - t0_s) / stride_time_s
  double x = 0;
  double shape_left = 0, shape_right = 0;  // lateral bumps, 0..1
  Rot rot;
};

// The pelvis at time t: its centre (mid hip joint centres), orientation and
// hip joint centres (index 0 left, 1 right).
struct PelvisPose {
  Vec3 centre{};
  Rot rot;
  Vec3 hip[2]{};
  const Vec3& Hip(Side side) const { return hip[side == Side::kLeft ? 0 : 1]; }
};

// Heel strikes are numbered k = k_min..k_max over the whole generated walk;
// even k are left, odd k right; k = 0 is the first left heel strike of the
// first complete stride in the capture.
struct GaitPlan {
  double stride_time_s = 0;
  double t0_s = 0;  // time of heel strike k = 0
  double stance_fraction = 0.6;
  double sample_rate_hz = 0;
  int64_t frame_count = 0;
  int k_min = 0, k_max = 0;
  int first_capture_k = 0, last_capture_k = 0;  // heel strikes inside the capture
  int stride_count = 0;                         // steady strides per side
  std::vector<double> heel_x;                   // X_k at index k - k_min
  double step_asym_m = 0;                       // see MakeGaitPlan
  // Knee flexion of the leading leg at its heel strike (deg; 0 left, 1
  // right), which sets the pelvis's lowest point there (SetPelvisHeights).
  double knee_at_strike_deg[2] = {kKneeAtStrikeDeg, kKneeAtStrikeDeg};
  double step_width_m = 0;
  // Pelvis centre (mid hip joint centres).
  std::vector<double> pelvis_x_knot;         // at t_k, index k - k_min
  std::vector<double> z_low;                 // at t_k
  std::vector<double> z_high;                // at t_high
  std::vector<double> t_high;                // the hip passes over the stance ankle
  double speed_osc_m = 0;                    // amplitude of the step-frequency surge
  double sway_left_m = 0, sway_right_m = 0;  // pelvis lateral bump amplitudes
  // Anterior tilt: tilt_rad + tilt_asym_rad cos(phase - left peak phase) +
  // tilt_osc_rad cos(2 phase); tilt_asym_rad > 0 tilts the pelvis more at
  // the left leg's peak extension than at the right's (SetPelvisTilt).
  double tilt_rad = 0, tilt_asym_rad = 0, tilt_osc_rad = 0;
  double obliquity_rad = 0, rotation_rad = 0;
  double hip_half_width = 0;
  // Precomputed by MakeGaitPlan and SetPelvisTilt, for evaluating the pelvis
  // quickly.
  double inv_half_stride = 0;         // 2 / stride_time_s
  double sin_tilt = 0, cos_tilt = 0;  // of tilt_rad
  double asym_cos = 0, asym_sin = 0;  // tilt_asym_rad x cos, sin of the left peak phase
  std::vector<std::array<double, 4>> x_poly;   // pelvis x on step k, in s
  std::vector<double> z_rise_inv, z_fall_inv;  // 1 / durations of the z segments

  double HsTime(int k) const { return t0_s + k * stride_time_s / 2; }
  double FrameTime(int64_t i) const { return static_cast<double>(i) / sample_rate_hz; }
  static Side SideOf(int k) { return (k % 2 == 0) ? Side::kLeft : Side::kRight; }
  double HeelX(int k) const { return heel_x[static_cast<size_t>(k - k_min)]; }
  double FootY(Side s) const {
    return s == Side::kLeft ? step_width_m / 2 : -step_width_m / 2;
  }
  // Index of the last heel strike (any side) at or before t, clamped.
  int StepIndex(double t) const;
  // Last heel strike of `side` at or before t.
  int LastStrike(Side side, double t) const;

  PelvisMotion Motion(double t) const;
  // The pose for the current sway amplitudes and pelvis heights.
  PelvisPose Pose(const PelvisMotion& m) const;
  PelvisPose Pose(double t) const { return Pose(Motion(t)); }
  double PelvisX(double t) const;
  double PelvisVx(double t) const;
  double PelvisZ(double t) const;
  // The pelvis orientation: tilt_delta is the tilt minus tilt_rad (rad, at
  // most 0.3 in magnitude).
  Rot Rotation(double cos_phase, double tilt_delta, double sway_shape) const;
  // Anterior tilt at t (rad).
  double TiltAt(double t) const;
};

// Draws the placements and timing, and the times the pelvis passes over each
// stance ankle; the pelvis heights are set later (SetPelvisHeights) because
// they depend on the legs. The right heels land step_asym_m behind the
// midpoints of the left ones (plus their jitter), so that left steps are
// 2 step_asym_m longer than right steps; stride lengths do not change.
Result<GaitPlan> MakeGaitPlan(const WalkParams& params, const BodyDims& dims,
                              uint64_t seed, double step_asym_m = 0);

// Mean anterior tilt and its once-per-stride asymmetry (deg; see GaitPlan).
void SetPelvisTilt(GaitPlan& plan, double mean_deg, double asym_deg);

// Pelvis bump amplitudes that give lateral excursions (relative to the
// stride mean) of `left` and `right` for the pelvis alone.
[[nodiscard]] Status SetPelvisSway(GaitPlan& plan, double left, double right);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_PLAN_H_
