// Measurement noise of a landmark track, estimated from its own raw samples,
// and the noise up to which the event detectors are verified within one
// frame (docs/gait-events.md, "Noise in a recording").
#ifndef THAPLAN_GAIT_NOISE_H_
#define THAPLAN_GAIT_NOISE_H_

#include <vector>

#include "thaplan/trial.h"

namespace thaplan::gait {

// Fewer third differences than this (from runs of observed samples) give no
// estimate.
inline constexpr int kMinNoiseDifferences = 20;

// SD of white noise per coordinate (track units), NaN when the track has too
// few observed runs. White noise of SD s gives third differences
// x[i+3] - 3x[i+2] + 3x[i+1] - x[i] of SD s sqrt(20); a walking track's own
// third differences are small while a foot stands or moves smoothly, which is
// most of the time, so the median absolute third difference over all
// coordinates of all observed runs, / (0.6745 sqrt(20)), estimates s
// robustly (swing and impact samples fall in the median's upper half).
// Missing samples (NaN) break runs; nothing is interpolated.
double NoiseSd(const std::vector<Vec3>& track);

// The largest noise SD (m) at which heel strikes and toe offs were measured
// within one frame on the synthetic walker at `sample_rate_hz`, over 50 seeds,
// both landmark sets, with 5 % dropouts (docs/gait-events.md): 5 mm at 60 Hz,
// 2.5 mm at 100 and 120 Hz. Between 60 and 100 Hz the smaller figure is used;
// below 60 Hz the 60 Hz figure (measured at 50 Hz too, and once at 30 Hz). NaN
// above 120 Hz, where it was not measured.
double OneFrameNoiseLimitM(double sample_rate_hz);

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_NOISE_H_
