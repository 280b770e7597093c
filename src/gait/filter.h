// Zero-lag Butterworth low-pass filter for marker trajectories.
#ifndef THAPLAN_GAIT_FILTER_H_
#define THAPLAN_GAIT_FILTER_H_

#include <span>
#include <vector>

#include "thaplan/status.h"
#include "thaplan/trial.h"

namespace thaplan::gait {

// y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]
struct Biquad {
  double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

// 2nd-order Butterworth low-pass from the bilinear transform with frequency
// pre-warping (Oppenheim & Schafer, Discrete-Time Signal Processing, 3rd ed.,
// sec. 7.2.2; Winter, Biomechanics and Motor Control of Human Movement, 4th
// ed., sec. 3.4.4). Error when the cut-off is not inside (0, fs/2).
Result<Biquad> DesignButterworthLowPass(double cutoff_hz, double sample_rate_hz);

// Runs the biquad forward then backward over x in place (zero phase, squared
// magnitude: the 4th-order zero-lag filter of CLINICAL.md; gain 1/2 at the
// cut-off). Edges: odd reflection about the end samples (as scipy's filtfilt
// padtype="odd") over `pad` samples, and the state started at its steady
// state for the first padded sample, so a constant passes unchanged.
// `scratch` is reused between calls to avoid allocation. x must be finite;
// fewer than 2 samples are left unchanged.
void FiltFilt(const Biquad& filter, std::span<double> x, int pad,
              std::vector<double>& scratch);

// The same on the three coordinates of a trajectory at once (the three
// recursions are independent, so running them together is ~3x faster).
// `xs` must be finite.
void FiltFilt(const Biquad& filter, std::span<Vec3> xs, int pad,
              std::vector<Vec3>& scratch);

// Default pad: three periods of the cut-off, clamped to the signal.
int DefaultPad(double cutoff_hz, double sample_rate_hz, size_t n);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_FILTER_H_
