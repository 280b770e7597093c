// Truth of a synthetic walk, computed from what the generator put in and from
// its noise-free body. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_TRUTH_H_
#define THAPLAN_SIM_WALKER_TRUTH_H_

#include <vector>

#include "sim/walker_frame.h"

namespace thaplan::sim {

WalkTruth ComputeTruth(const WalkParams& params, uint64_t seed, const GaitPlan& plan,
                       const BodyDims& dims, const LegModel& legs,
                       const std::vector<BodyFrame>& frames);

// First frame whose time is >= t (frame_count when none).
int64_t FirstFrameAtOrAfter(const GaitPlan& plan, double t);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_TRUTH_H_
