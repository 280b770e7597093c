// The walker's measurement-noise generator (ziggurat on xoshiro256** halves)
// against the standard normal distribution's published values.
#include "sim/walker_rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace thaplan::sim {
namespace {

// Marsaglia & Tsang (2000): layers of equal area v, the base layer's edge r.
// The top layer must close at x = 0: v / x[255] + f(x[255]) = 1.
TEST(WalkerRngTest, ZigguratLayersHaveEqualAreaAndCloseAtTheTop) {
  const ZigguratTables& z = Ziggurat();
  const double v = ZigguratTables::kV;
  EXPECT_NEAR(
      v,
      ZigguratTables::kR * std::exp(-0.5 * ZigguratTables::kR * ZigguratTables::kR) +
          std::sqrt(std::numbers::pi / 2) *
              std::erfc(ZigguratTables::kR / std::sqrt(2.0)),
      1e-12);
  for (size_t i = 1; i + 1 < ZigguratTables::kLayers; ++i) {
    EXPECT_NEAR(z.x[i] * (z.f[i + 1] - z.f[i]), v, 1e-12) << "layer " << i;
  }
  EXPECT_NEAR(v / z.x[255] + z.f[255], 1.0, 1e-9);
}

// 3 million values: the sample moments and tail frequencies against the
// standard normal (mean 0, variance 1, kurtosis 3; P(|z| > 1) = 0.3173105,
// P(|z| > 2) = 0.0455003, P(|z| > 3) = 0.0026998, Abramowitz & Stegun
// table 26.1), each within 4 standard errors of its estimate.
TEST(WalkerRngTest, NoiseIsStandardNormal) {
  NoiseSource noise(2024, 2);
  std::vector<Vec3> values(1000000, Vec3{0, 0, 0});
  noise.AddTo(1.0, values);
  const double n = 3.0 * static_cast<double>(values.size());
  double sum = 0, sum2 = 0, sum4 = 0, over1 = 0, over2 = 0, over3 = 0, over_r = 0;
  for (const Vec3& v : values) {
    for (double x : v) {
      sum += x;
      sum2 += x * x;
      sum4 += x * x * x * x;
      over1 += std::abs(x) > 1;
      over2 += std::abs(x) > 2;
      over3 += std::abs(x) > 3;
      over_r += std::abs(x) > ZigguratTables::kR;  // the tail algorithm's values
    }
  }
  EXPECT_NEAR(sum / n, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(sum2 / n, 1.0, 4 * std::sqrt(2 / n));
  EXPECT_NEAR(sum4 / n, 3.0, 4 * std::sqrt(96 / n));  // Var(z^4) = 105 - 9
  auto near = [&](double count, double p) {
    EXPECT_NEAR(count / n, p, 4 * std::sqrt(p * (1 - p) / n)) << p;
  };
  near(over1, 0.3173105);
  near(over2, 0.0455003);
  near(over3, 0.0026998);
  near(over_r, std::erfc(ZigguratTables::kR / std::sqrt(2.0)));
}

TEST(WalkerRngTest, NoiseScalesAndRepeatsWithTheSeed) {
  std::vector<Vec3> a(500, Vec3{1, 2, 3}), b = a, c = a, unit(500, Vec3{0, 0, 0});
  NoiseSource(7, 2).AddTo(0.002, a);
  NoiseSource(7, 2).AddTo(0.002, b);
  NoiseSource(8, 2).AddTo(0.002, c);
  NoiseSource(7, 2).AddTo(1.0, unit);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < 3; ++j) {
      EXPECT_NEAR(a[i][j] - (static_cast<double>(j) + 1), 0.002 * unit[i][j], 1e-15);
    }
  }
}

}  // namespace
}  // namespace thaplan::sim
