// Gap filling and splitting of landmark trajectories.
#ifndef THAPLAN_GAIT_GAPS_H_
#define THAPLAN_GAIT_GAPS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "thaplan/trial.h"

namespace thaplan::gait {

struct GapFillStats {
  int gaps_filled = 0;
  int64_t frames_filled = 0;
  int gaps_left = 0;  // interior gaps longer than the limit (they split)
};

// Fills interior runs of missing samples (NaN in any coordinate) of at most
// `max_frames` frames in place. The fill is the cubic (Lagrange) polynomial
// through the two valid samples on each side of the gap, so a trajectory
// that is a cubic in time is restored exactly. Where only one valid sample
// exists on a side (another gap or the edge right behind it), the polynomial
// drops to the points available (quadratic, then linear). Leading and
// trailing missing runs are never extrapolated.
GapFillStats FillShortGaps(std::vector<Vec3>& xs, int64_t max_frames);

// Maximal runs [begin, end) of true values at least `min_length` long.
std::vector<std::pair<int64_t, int64_t>> TrueRuns(const std::vector<char>& ok,
                                                  int64_t min_length);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_GAPS_H_
