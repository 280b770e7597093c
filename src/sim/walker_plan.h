// The walker's timing, foot placements and pelvis trajectory (the "plan"),
// all in the walk's local frame: x along the walking direction, y to the
// left, z up, floor at z = 0. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_PLAN_H_
#define THAPLAN_SIM_WALKER_PLAN_H_

#include <vector>

#include "sim/walker_body.h"
#include "sim/walker_math.h"
#include "thaplan/walker.h"

namespace thaplan::sim {

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
  double step_width_m = 0;
  // Pelvis centre (mid hip joint centres).
  std::vector<double> pelvis_x_knot;         // at t_k, index k - k_min
  std::vector<double> z_low;                 // at t_k
  std::vector<double> z_high;                // at t_high
  std::vector<double> t_high;                // the hip passes over the stance ankle
  double speed_osc_m = 0;                    // amplitude of the step-frequency surge
  double sway_left_m = 0, sway_right_m = 0;  // pelvis lateral bump amplitudes
  double tilt_rad = 0, tilt_osc_rad = 0, obliquity_rad = 0, rotation_rad = 0;
  double hip_half_width = 0;

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

  double PelvisX(double t) const;
  double PelvisVx(double t) const;
  double PelvisY(double t) const;
  double PelvisZ(double t) const;
  Rot PelvisRot(double t) const;
  Vec3 PelvisCentre(double t) const { return {PelvisX(t), PelvisY(t), PelvisZ(t)}; }
  Vec3 HipCentre(double t, Side side) const;
  // Where the pelvis lateral bump of a side is (0..1), for obliquity.
  double SwayShape(double t, Side side) const;
};

// Draws the placements and timing; the pelvis heights are set later
// (SetPelvisHeights) because they depend on the legs.
Result<GaitPlan> MakeGaitPlan(const WalkParams& params, const BodyDims& dims,
                              uint64_t seed);

// Pelvis bump amplitudes that give lateral excursions (relative to the
// stride mean) of `left` and `right` for the pelvis alone.
[[nodiscard]] Status SetPelvisSway(GaitPlan& plan, double left, double right);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_PLAN_H_
