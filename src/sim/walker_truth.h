// Truth of a synthetic walk, computed from what the generator put in and from
// its noise-free body. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_TRUTH_H_
#define THAPLAN_SIM_WALKER_TRUTH_H_

#include <vector>

#include "sim/walker_frame.h"

namespace thaplan::sim {

// The noise-free body, frame by frame (frame i at plan.FrameTime(i)).
struct Body {
  std::vector<PelvisMotion> motion;  // the sway calibration does not change these
  std::vector<UpperBody> upper;      // nor these
  std::vector<LegPoints> legs;       // left, right for each frame
  std::vector<double> com_y;         // lateral whole-body COM
  // Toe-rocker pitch of each leg (left, right for each frame) in the latest
  // pass, NaN where the foot is not on its toe rocker: where the next pass's
  // pitch solves start.
  std::vector<double> pitch;
  const LegPoints& Leg(size_t frame, Side side) const {
    return legs[2 * frame + (side == Side::kLeft ? 0 : 1)];
  }
};

struct ComExcursions {
  double left = 0, right = 0;
};
// Means over the steady strides of the per-stride lateral COM excursions
// (what WalkTruth reports and the sway calibration matches).
ComExcursions SteadyComExcursions(const GaitPlan& plan, const std::vector<double>& com_y);
// The same over the steady strides among those starting at heel strikes
// k_from..k_to.
ComExcursions SteadyComExcursions(const GaitPlan& plan, const std::vector<double>& com_y,
                                  int k_from, int k_to);
// The heel strikes that start the steady strides: first..last.
struct SteadyStrides {
  int first = 0, last = 0;
};
SteadyStrides SteadyStrideRange(const GaitPlan& plan);

WalkTruth ComputeTruth(const WalkParams& params, uint64_t seed, const GaitPlan& plan,
                       const BodyDims& dims, const LegModel& legs, const Body& body);

// First frame whose time is >= t (frame_count when none).
int64_t FirstFrameAtOrAfter(const GaitPlan& plan, double t);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_TRUTH_H_
