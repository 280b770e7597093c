// Body dimensions and the de Leva (1996) segment table for the synthetic
// walker. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_BODY_H_
#define THAPLAN_SIM_WALKER_BODY_H_

#include <array>

#include "thaplan/walker.h"

namespace thaplan::sim {

// One row of de Leva (1996), Table 4: mass as a fraction of body mass, the
// COM position as a fraction of the segment length from the proximal end, and
// the mean segment length (m) in de Leva's sample.
struct SegmentParams {
  double mass_fraction;
  double com_from_proximal;
  double length_m;
};

enum class Segment {
  kHead,      // vertex -> cervicale (C7)
  kTrunk,     // cervicale -> mid hip joint centres
  kUpperArm,  // shoulder -> elbow joint centre
  kForearm,   // elbow -> wrist joint centre
  kHand,      // wrist joint centre -> 3rd metacarpale
  kThigh,     // hip -> knee joint centre
  kShank,     // knee joint centre -> lateral malleolus
  kFoot,      // heel -> toe tip
  kCount,
};
inline constexpr size_t kSegmentCount = static_cast<size_t>(Segment::kCount);

const SegmentParams& DeLeva(Sex sex, Segment segment);
// Stature of de Leva's sample (m), to scale the mean segment lengths.
double DeLevaStature(Sex sex);
// Sum of the mass fractions over the whole body (paired segments twice).
double DeLevaMassSum(Sex sex);

// Lengths and fixed offsets of the walker's body, in metres.
struct BodyDims {
  Sex sex = Sex::kFemale;
  double height = 0;
  double thigh = 0, shank = 0, ankle_height = 0;  // leg
  double foot = 0;                                // heel -> toe tip
  double ankle_forward = 0;                       // heel -> ankle, along the foot
  double trunk = 0, head = 0;                     // C7 -> mid-hip, vertex -> C7
  double upper_arm = 0, forearm = 0, hand = 0;
  double pelvis_width = 0, pelvis_depth = 0;  // inter-ASIS, mid-ASIS -> mid-PSIS
  double psis_width = 0;
  double hip_half_width = 0;     // mid-hip -> each hip joint centre
  Vec3 mid_asis_from_mid_hip{};  // in the pelvis frame (x anterior, z up)
  double shoulder_half_width = 0, shoulder_drop = 0, shoulder_forward = 0;
  double LegLength() const { return thigh + shank + ankle_height; }
};

BodyDims MakeBodyDims(const WalkParams& params);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_BODY_H_
