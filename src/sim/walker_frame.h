// One noise-free frame of the walker's body: every canonical landmark plus the
// points the de Leva segment model needs. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_FRAME_H_
#define THAPLAN_SIM_WALKER_FRAME_H_

#include <array>

#include "sim/walker_legs.h"

namespace thaplan::sim {

struct BodyFrame {
  // kNeck holds C7 (cervicale); the markerless neck is the mid-shoulder point.
  std::array<Vec3, kLandmarkCount> lm{};
  Vec3 vertex{}, hand_left{}, hand_right{};  // top of head, 3rd metacarpale
  Vec3 com{};
  const Vec3& operator[](Landmark l) const { return lm[static_cast<size_t>(l)]; }
  Vec3& operator[](Landmark l) { return lm[static_cast<size_t>(l)]; }
};

// The whole body at time t, in the walk's local frame.
Result<BodyFrame> MakeBodyFrame(const GaitPlan& plan, const BodyDims& dims,
                                const LegModel& legs, double t);

// Whole-body centre of mass from the de Leva (1996) segments.
Vec3 WholeBodyCom(const BodyFrame& f, Sex sex);

// Hip extension (deg) in the pelvis frame built from the ASIS/PSIS landmarks,
// and relative to the mid-hip -> mid-shoulder line in the walking (x-z)
// plane: the two definitions of CLINICAL.md section 2.
double PelvisFrameHipExtensionDeg(const BodyFrame& f, Side side);
double TrunkFrameHipExtensionDeg(const BodyFrame& f, Side side);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_FRAME_H_
