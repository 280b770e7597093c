#include "sim/walker_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace thaplan::sim {
namespace {

// Against libm over the walker's whole range (phases of long walks, pitches,
// joint angles), near the quadrant boundaries where the reduction works
// hardest, and for tiny arguments.
TEST(WalkerMathTest, SinCosMatchesLibm) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> wide(-1e5, 1e5), narrow(-4, 4),
      tiny(-1e-6, 1e-6);
  std::vector<double> xs = {
      0.0, -0.0, 1e-300, std::numbers::pi, -std::numbers::pi / 2, std::numbers::pi / 4};
  for (int i = 0; i < 200000; ++i) {
    xs.push_back(wide(rng));
    xs.push_back(narrow(rng));
    xs.push_back(tiny(rng));
  }
  for (int k = -4000; k <= 4000; ++k) {
    const double q = k * std::numbers::pi / 2;
    for (double d : {-1e-9, -1e-15, 0.0, 1e-15, 1e-9}) xs.push_back(q + d);
  }
  double worst_s = 0, worst_c = 0;
  for (double x : xs) {
    double s = 0, c = 0;
    SinCos(x, &s, &c);
    worst_s = std::max(worst_s, std::abs(s - std::sin(x)));
    worst_c = std::max(worst_c, std::abs(c - std::cos(x)));
    ASSERT_NEAR(s, std::sin(x), 4.5e-16) << "x = " << x;
    ASSERT_NEAR(c, std::cos(x), 4.5e-16) << "x = " << x;
  }
  std::printf("SinCos vs libm over %zu arguments: max |error| sin %.2g, cos %.2g\n",
              xs.size(), worst_s, worst_c);
}

}  // namespace
}  // namespace thaplan::sim
