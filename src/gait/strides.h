// Strides: assembly from events, event-order validation, spatiotemporal
// metrics (CLINICAL.md section 2, "Per stride").
#ifndef THAPLAN_GAIT_STRIDES_H_
#define THAPLAN_GAIT_STRIDES_H_

#include <array>
#include <vector>

#include "gait/segment.h"
#include "thaplan/gait.h"

namespace thaplan::gait {

struct StrideBuild {
  std::vector<StrideWork> strides;
  std::vector<DroppedStride> dropped;
};

// One stride per pair of consecutive heel strikes of a side. A stride is kept
// only when exactly one contralateral toe off, one contralateral heel strike
// and one ipsilateral toe off lie between its strikes, in that order
// (HS_i < TO_c < HS_c < TO_i < HS_i'); when it lasts at most
// max_stride_time_s; and when the walking direction turns by at most
// max_turn_deg within it. Otherwise it is dropped with the reason.
// `events` holds both sides' events of the segment (segment-local frames).
StrideBuild BuildStrides(const Segment& seg, const std::vector<Event>& events,
                         const std::array<FootChoice, 2>& feet,
                         const GaitOptions& options, int trial);

// Groups each side's strides into bouts (consecutive strides, sharing their
// strikes, turning by at most max_turn_deg from one to the next) and marks
// the first and last stride of every bout (walk start/end, turns).
// `next_bout` numbers bouts across segments.
void MarkBouts(std::vector<StrideWork>& strides, double max_turn_deg, int& next_bout);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_STRIDES_H_
