// Sagittal hip angle and peak hip extension per stride (CLINICAL.md s.2,
// "Propulsion").
#ifndef THAPLAN_GAIT_HIP_ANGLE_H_
#define THAPLAN_GAIT_HIP_ANGLE_H_

#include <array>
#include <string>
#include <vector>

#include "gait/segment.h"

namespace thaplan::gait {

// Hip flexion in degrees (flexion positive) of the thigh (hip centre ->
// knee) in the pelvic sagittal plane. Pelvis frame after ISB (Wu et al.,
// J Biomech 2002): Z from left to right ASIS, X anterior (mid-posterior ->
// mid-ASIS, made orthogonal to Z), Y = Z x X up. The angle is
// atan2(thigh.X, -thigh.Y), which equals the first angle of the Z-X-Y
// Cardan sequence that OpenSim's hip_flexion uses, whatever the adduction
// and rotation. NaN when any input is missing.
double HipFlexionPelvisDeg(const Vec3& hip, const Vec3& knee, const Vec3& left_asis,
                           const Vec3& right_asis, const Vec3& mid_posterior);

// Hip flexion in degrees of the thigh relative to the trunk line (mid-hip ->
// upper trunk point), both projected onto the vertical plane containing the
// walking direction `d`: thigh angle from the downward vertical (forward
// positive) plus the trunk's forward lean from the upward vertical.
double HipFlexionTrunkDeg(const Vec3& hip, const Vec3& knee, const Vec3& mid_hip,
                          const Vec3& upper_trunk, const Vec2& d);

struct HipPlan {
  HipAngleFrame frame = HipAngleFrame::kNone;
  std::array<std::string, 2> missing;  // per side: why no angle ("" when available)
};

// Pelvis frame when the pelvis is tracked and ASIS + PSIS (or sacrum) are
// present; otherwise the trunk frame when shoulders (or neck) are present.
HipPlan ChooseHipFrame(const Segment& seg, bool pelvis_tracked);

// Sets metrics.peak_hip_extension_deg = max over the stride of -flexion;
// NaN when a landmark is missing in any frame of the stride.
void AddPeakHipExtension(const Segment& seg, const HipPlan& plan,
                         std::vector<StrideWork>& strides);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_HIP_ANGLE_H_
