// Leg and foot kinematics of the synthetic walker: planted feet with heel and
// toe rockers, swing trajectories that land at the next placement, knees by
// two-link inverse kinematics, and a prescribed hip extension in late stance.
// Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_LEGS_H_
#define THAPLAN_SIM_WALKER_LEGS_H_

#include <vector>

#include "sim/walker_plan.h"

namespace thaplan::sim {

struct LegPoints {
  Vec3 hip, knee, ankle, heel, toe;
};

// Hip extension (deg, extension positive) of the thigh hip -> knee, measured
// in the sagittal plane of the pelvis frame `pelvis` (x anterior, z up).
double HipExtensionDeg(const Rot& pelvis, const Vec3& hip, const Vec3& knee);

// Sets plan.z_low / z_high from the leg geometry (see docs/walker.md).
void SetPelvisHeights(GaitPlan& plan, const BodyDims& dims);

class LegModel {
 public:
  static Result<LegModel> Make(const GaitPlan& plan, const BodyDims& dims,
                               const WalkParams& params);
  Result<LegPoints> At(double t, Side side) const;
  // Time the heel leaves the ground in the stance that starts at heel strike k.
  double HeelRiseTime(int k) const;

 private:
  struct Stance {
    int k = 0;
    Side side = Side::kLeft;
    double t_hs = 0, t_ff = 0, t_hr = 0, t_pk = 0, t_to = 0;
    Vec3 heel{}, toe{};  // placements on the floor
    Hermite rise, fall;  // prescribed hip extension (deg) before / after the peak
    double psi_to = 0, dpsi_to = 0;  // foot pitch (rad) and its rate at toe off
  };
  struct Swing {
    double t_to = 0, t_hs = 0, t_mid = 0, y = 0, bump = 0;
    Hermite ax, az, psi1, psi2;
  };
  struct FootPose {
    Vec3 heel;
    double psi;  // pitch, positive toes up
  };

  LegModel(const GaitPlan& plan, const BodyDims& dims) : plan_(&plan), dims_(dims) {}
  Status MakeStance(int k, double peak_ext_deg);
  Status MakeSwing(int k);
  const Stance& StanceOf(int k) const {
    return stances_[static_cast<size_t>(k - k_first_)];
  }
  const Swing& SwingOf(int k) const { return swings_[static_cast<size_t>(k - k_first_)]; }

  FootPose HeelPivot(const Vec3& heel, double psi) const { return {heel, psi}; }
  FootPose ToePivot(const Vec3& toe, double psi) const;
  FootPose StancePose(const Stance& st, double t, double* psi_out) const;
  FootPose SwingPose(const Swing& sw, double t) const;
  Vec3 Ankle(const FootPose& p) const;
  Vec3 Toe(const FootPose& p) const;
  // Hip extension with the foot at `pose`, NaN when the leg cannot reach it.
  struct HipState {
    Vec3 centre;
    Rot pelvis;
  };
  HipState HipAt(double t, Side side) const;
  double ExtensionAt(const HipState& hip, const FootPose& pose) const;
  double ExtensionAt(double t, Side side, const FootPose& pose) const;
  Result<double> SolvePitch(const Stance& st, double t) const;
  // Most hip extension the leg can have at t with its toe at `toe`.
  double MaxExtension(Side side, const Vec3& toe, double t, int iterations) const;
  // Whether the leg can follow `rise` (checked at a few times) with its knee
  // flexed at least the stance minimum.
  bool RiseIsReachable(Side side, const Vec3& toe, const Hermite& rise) const;
  double TargetExtension(const Stance& st, double t) const;

  const GaitPlan* plan_;
  BodyDims dims_;
  int k_first_ = 0;
  double stance_reach_ = 0;
  std::vector<Stance> stances_;
  std::vector<Swing> swings_;
};

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_LEGS_H_
