// Whole-body centre of mass from a segmental model (de Leva 1996) and the
// per-stride COM sway used by the symmetry index (CLINICAL.md s.2).
#ifndef THAPLAN_GAIT_COM_H_
#define THAPLAN_GAIT_COM_H_

#include <string>
#include <vector>

#include "gait/segment.h"
#include "thaplan/gait.h"

namespace thaplan::gait {

// Mass as a fraction of body mass, COM as a fraction of the segment length
// from its proximal (cranial) end, and the sample's mean segment length (m).
struct SegmentParam {
  double mass = 0;
  double com = 0;
  double length_m = 0;
};

// de Leva P. Adjustments to Zatsiorsky-Seluyanov's segment inertia
// parameters. J Biomech 1996;29(9):1223-1230, Table 4 (and its alternate
// endpoint definitions at the bottom of the table).
struct DeLevaTable {
  SegmentParam head;            // vertex -> C7
  SegmentParam trunk_c7;        // C7 -> mid hip joint centre
  SegmentParam trunk_shoulder;  // mid shoulder joint centre -> mid hip joint centre
  SegmentParam upper_arm;       // shoulder -> elbow joint centre
  SegmentParam forearm;         // elbow -> wrist joint centre
  SegmentParam hand;            // wrist joint centre -> 3rd metacarpale
  SegmentParam thigh;           // hip -> knee joint centre
  SegmentParam shank;           // knee -> ankle joint centre
  SegmentParam foot;            // heel -> toe tip
};

// The female or male table; kUnspecified averages the two (ours).
DeLevaTable DeLevaFor(Sex sex);

// head + trunk + 2 x (upper arm, forearm, hand, thigh, shank, foot).
double TotalMassFraction(const DeLevaTable& t);

struct ComTrack {
  std::vector<Vec3> com;                    // empty when the model cannot be built
  std::string missing;                      // why not, when empty
  std::vector<std::string> approximations;  // landmarks stood in for
};

// Whole-body COM per frame of the segment: mass-weighted mean of the segment
// COMs, divided by the table's total mass fraction. Needs both hip centres,
// knees, ankles (or heels) and shoulders or neck; head, arms and toes are
// approximated when absent (see `approximations` and docs/gait.md).
ComTrack WholeBodyCom(const Segment& seg, Sex sex);

struct Sway {
  double lateral_m = kNoValue;  // peak excursion toward the stance side
  double rise_m = kNoValue;     // vertical rise into single support
};

// For one stride (HS_i .. HS_i'), with lateral axis = left of `direction`:
// r(t) = COM lateral, minus the straight line through its values at the two
// strikes (removes drift from a slightly wrong direction), minus its mean
// over the stride. lateral = max of r toward side i over its single support
// [TO_c, HS_c]. rise = max COM height over [TO_c, HS_c] minus min COM height
// over the loading double support [HS_i, TO_c].
Sway StrideSway(const std::vector<Vec3>& com, const StrideWork& stride);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_COM_H_
