#include "gait/noise.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace thaplan::gait {
namespace {

// A smooth walking-like track: 1.2 m/s forward with a 1 Hz vertical bob.
std::vector<Vec3> Smooth(int n, double rate) {
  std::vector<Vec3> track;
  for (int i = 0; i < n; ++i) {
    const double t = i / rate;
    track.push_back({1.2 * t, 0.05, 0.9 + 0.02 * std::sin(2 * std::numbers::pi * t)});
  }
  return track;
}

// Gaussian draws by Box-Muller from mt19937_64's raw output (fixed by the
// standard, so every compiler gives the same numbers).
class Gauss {
 public:
  explicit Gauss(uint64_t seed) : engine_(seed) {}
  double Next() {
    const double u = (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
    const double v = (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * v);
  }

 private:
  std::mt19937_64 engine_;
};

TEST(NoiseSdTest, WhiteNoiseOnASmoothTrackWithinFivePercent) {
  for (double sd : {0.0005, 0.002, 0.005}) {
    std::vector<Vec3> track = Smooth(3000, 100);
    Gauss g(7);
    for (Vec3& p : track) {
      for (size_t c = 0; c < 3; ++c) p[c] += sd * g.Next();
    }
    EXPECT_NEAR(NoiseSd(track), sd, 0.05 * sd) << sd;
  }
}

TEST(NoiseSdTest, ACubicReadsZero) {
  std::vector<Vec3> track;
  for (int i = 0; i < 200; ++i) {
    const double t = i / 100.0;
    track.push_back({t, 0.1 * t * t, 0.3 * t * t * t});  // third differences constant
  }
  // The cubic's third difference is 6 * 0.3 * dt^3 = 1.8e-6 m in one
  // coordinate: the median over the three coordinates is 0.
  EXPECT_NEAR(NoiseSd(track), 0.0, 1e-12);
}

TEST(NoiseSdTest, GapsBreakRunsAndTooFewGiveNoEstimate) {
  std::vector<Vec3> track = Smooth(200, 100);
  Gauss g(3);
  for (Vec3& p : track) p[0] += 0.002 * g.Next();
  // Every fourth sample missing: runs of three, no third difference.
  for (size_t i = 0; i < track.size(); i += 4) track[i] = {NAN, NAN, NAN};
  EXPECT_TRUE(std::isnan(NoiseSd(track)));
  // Too short a track.
  EXPECT_TRUE(std::isnan(NoiseSd(Smooth(kMinNoiseDifferences + 2, 100))));
  EXPECT_FALSE(std::isnan(NoiseSd(Smooth(kMinNoiseDifferences + 3, 100))));
}

// docs/gait-events.md: every observed event within one frame up to 5 mm at
// 60 Hz and up to 2.5 mm at 100-120 Hz; nothing measured above 120 Hz.
TEST(NoiseSdTest, OneFrameLimitFollowsTheMeasuredRange) {
  EXPECT_EQ(OneFrameNoiseLimitM(50), 0.005);
  EXPECT_EQ(OneFrameNoiseLimitM(60), 0.005);
  EXPECT_EQ(OneFrameNoiseLimitM(80), 0.0025);
  EXPECT_EQ(OneFrameNoiseLimitM(100), 0.0025);
  EXPECT_EQ(OneFrameNoiseLimitM(120), 0.0025);
  EXPECT_TRUE(std::isnan(OneFrameNoiseLimitM(200)));
  EXPECT_TRUE(std::isnan(OneFrameNoiseLimitM(0)));
}

}  // namespace
}  // namespace thaplan::gait
