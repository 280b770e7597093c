// The walker's body frame by frame: the upper body, the de Leva (1996)
// whole-body COM and the landmarks. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_FRAME_H_
#define THAPLAN_SIM_WALKER_FRAME_H_

#include <array>

#include "sim/walker_legs.h"

namespace thaplan::sim {

// The upper body at one time, as offsets from the mid-hip point (the pelvis
// centre): it moves rigidly with the pelvis centre and depends on the stride
// phase only, so the sway calibration never changes it.
struct UpperBody {
  Vec3 c7{}, head{}, vertex{};                            // vertex = top of the head
  Vec3 shoulder[2]{}, elbow[2]{}, wrist[2]{}, hand[2]{};  // 0 left, 1 right; hand = MET3
  // Sum over the upper-body de Leva segments of mass fraction x lateral COM
  // offset from the mid-hip.
  double com_moment_y = 0;
};

// The upper body over a walk: the mid-hip -> mid-shoulder line leaning
// forward, the trunk counter-rotating against the pelvis, the arms swinging
// opposite the legs (walker_frame.cc gives the values and sources).
class UpperBodyModel {
 public:
  UpperBodyModel(const GaitPlan& plan, const BodyDims& dims);
  // The upper body at m.t (m gives the stride phase).
  UpperBody At(const PelvisMotion& m) const;

 private:
  const GaitPlan* plan_;
  BodyDims dims_;
  Rot lean_;
  Vec3 head_{};  // C7 -> vertex in the trunk frame
  double amp_deg_ = 0, cos_ab_ = 0, sin_ab_ = 0;
};

// Lateral (y) whole-body COM from the de Leva (1996) segments: head
// VERT-CERV, trunk CERV-MIDH, arms, thighs, shanks, feet.
double WholeBodyComY(const Vec3& mid_hip, const UpperBody& upper, const LegPoints& left,
                     const LegPoints& right, Sex sex);

// One frame's landmarks in the walk's local frame: pelvis markers, legs,
// upper body (kNeck holds C7; the markerless neck is the mid-shoulder point).
struct FrameLandmarks {
  std::array<Vec3, kLandmarkCount> lm{};
  const Vec3& operator[](Landmark l) const { return lm[static_cast<size_t>(l)]; }
  Vec3& operator[](Landmark l) { return lm[static_cast<size_t>(l)]; }
};
void PlaceLandmarks(const BodyDims& dims, const PelvisPose& pelvis,
                    const UpperBody& upper, const LegPoints& left, const LegPoints& right,
                    FrameLandmarks& out);

// Hip extension (deg) relative to the mid-hip -> mid-shoulder line in the
// walking (x-z) plane: the trunk-referenced definition of CLINICAL.md
// section 2. (The pelvis-referenced one is HipExtensionDeg with the pelvis
// rotation, which is the ASIS/PSIS frame by construction.)
double TrunkFrameHipExtensionDeg(const Vec3& mid_hip, const Vec3& mid_shoulder,
                                 const Vec3& hip, const Vec3& knee);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_FRAME_H_
