#include "gait/noise.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace thaplan::gait {
namespace {

// Rates at which docs/gait-events.md measured the event errors, and the
// largest noise SD (m) that kept every observed event within one frame.
constexpr double kVerifiedRateLowHz = 60;
constexpr double kVerifiedRateHighHz = 120;
constexpr double kLimitLowRateM = 0.005;    // 60 Hz: max 0.99 frame at 5 mm
constexpr double kLimitHighRateM = 0.0025;  // 100-120 Hz: max 0.98 frame at 2.5 mm

// 1 / (Phi^-1(0.75) sqrt(20)): the median |third difference| of unit white
// noise is 0.6745 sqrt(20).
const double kMedianToSd = 1.0 / (0.674489750196 * std::sqrt(20.0));

}  // namespace

double NoiseSd(const std::vector<Vec3>& track) {
  // Single precision is ample for a median of magnitudes, and selects faster.
  std::vector<float> diffs;
  diffs.reserve(track.size() * 3);
  size_t run = 0;  // observed samples ending at i
  for (size_t i = 0; i < track.size(); ++i) {
    run = IsMissing(track[i]) ? 0 : run + 1;
    if (run < 4) continue;
    const Vec3* p = &track[i - 3];
    for (size_t c = 0; c < 3; ++c) {
      diffs.push_back(
          static_cast<float>(std::abs(p[3][c] - 3 * p[2][c] + 3 * p[1][c] - p[0][c])));
    }
  }
  if (diffs.size() < 3 * static_cast<size_t>(kMinNoiseDifferences)) return NAN;
  const auto mid = diffs.begin() + static_cast<std::ptrdiff_t>(diffs.size() / 2);
  std::nth_element(diffs.begin(), mid, diffs.end());
  return *mid * kMedianToSd;
}

double OneFrameNoiseLimitM(double sample_rate_hz) {
  if (!(sample_rate_hz > 0) || sample_rate_hz > kVerifiedRateHighHz) return NAN;
  return sample_rate_hz <= kVerifiedRateLowHz ? kLimitLowRateM : kLimitHighRateM;
}

}  // namespace thaplan::gait
