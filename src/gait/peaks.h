// Local extrema with a prominence threshold, edge-aware.
#ifndef THAPLAN_GAIT_PEAKS_H_
#define THAPLAN_GAIT_PEAKS_H_

#include <cstdint>
#include <span>
#include <vector>

namespace thaplan::gait {

struct Peak {
  int64_t index = 0;
  // Sub-sample position: from a parabola through 3 samples, or the centre
  // of a flat top; in [-0.5, 0.5].
  double offset = 0;
  double prominence = 0;
};

// Strict local maxima strictly inside x (index 1 .. n-2; a flat top counts
// once, at its middle) whose prominence is at least `min_prominence`.
//
// Prominence follows the usual definition (height above the higher of the
// two lowest points reached before a higher sample on each side), except at
// the ends of the data: a side that reaches the end of x without meeting a
// higher sample is truncated by the recording, so it is ignored and the
// other side's base is used (the lower base when both are truncated). This
// keeps heel strikes near the start or end of a short recording.
std::vector<Peak> FindPeaks(std::span<const double> x, double min_prominence);

// The same for minima (peaks of -x); prominence is reported positive.
std::vector<Peak> FindTroughs(std::span<const double> x, double min_prominence);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_PEAKS_H_
