#include "gait/gaps.h"

#include <gtest/gtest.h>

#include <cmath>

namespace thaplan::gait {
namespace {

Vec3 Cubic(double t) {
  return {0.5 + 0.2 * t - 0.03 * t * t + 0.001 * t * t * t, -1 + 0.01 * t * t,
          2 - 0.002 * t * t * t};
}

std::vector<Vec3> CubicTrack(int n) {
  std::vector<Vec3> xs;
  for (int i = 0; i < n; ++i) xs.push_back(Cubic(i));
  return xs;
}

constexpr Vec3 kNan{NAN, NAN, NAN};

TEST(GapFillTest, RestoresACubicExactly) {
  std::vector<Vec3> xs = CubicTrack(40);
  for (int i = 12; i < 22; ++i) xs[static_cast<size_t>(i)] = kNan;  // 10 frames
  const GapFillStats s = FillShortGaps(xs, 10);
  EXPECT_EQ(s.gaps_filled, 1);
  EXPECT_EQ(s.frames_filled, 10);
  for (int i = 0; i < 40; ++i) {
    for (size_t a = 0; a < 3; ++a)
      EXPECT_NEAR(xs[static_cast<size_t>(i)][a], Cubic(i)[a], 1e-9) << i;
  }
}

TEST(GapFillTest, OnlyOneValidSampleBeforeDropsToAQuadratic) {
  // Frame 0 valid, gap 1..3: points 0, 4, 5 -> quadratic, exact for a parabola.
  std::vector<Vec3> xs;
  for (int i = 0; i < 8; ++i) xs.push_back({static_cast<double>(i * i), 1.0, 2.0 * i});
  for (int i = 1; i <= 3; ++i) xs[static_cast<size_t>(i)] = kNan;
  FillShortGaps(xs, 5);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_NEAR(xs[static_cast<size_t>(i)][0], i * i, 1e-12);
    EXPECT_NEAR(xs[static_cast<size_t>(i)][2], 2.0 * i, 1e-12);
  }
}

TEST(GapFillTest, LongGapsAndEdgesAreLeftMissing) {
  std::vector<Vec3> xs = CubicTrack(60);
  xs[0] = kNan;
  xs[1] = kNan;                                                     // leading
  for (int i = 20; i < 31; ++i) xs[static_cast<size_t>(i)] = kNan;  // 11 > 10
  xs[59] = kNan;                                                    // trailing
  const GapFillStats s = FillShortGaps(xs, 10);
  EXPECT_EQ(s.gaps_filled, 0);
  EXPECT_EQ(s.gaps_left, 1);
  EXPECT_TRUE(IsMissing(xs[0]));
  EXPECT_TRUE(IsMissing(xs[25]));
  EXPECT_TRUE(IsMissing(xs[59]));
}

TEST(GapFillTest, PartiallyMissingSampleCountsAsMissing) {
  std::vector<Vec3> xs = CubicTrack(20);
  xs[10][1] = NAN;
  FillShortGaps(xs, 10);
  EXPECT_NEAR(xs[10][0], Cubic(10)[0], 1e-9);
  EXPECT_NEAR(xs[10][1], Cubic(10)[1], 1e-9);
}

TEST(TrueRunsTest, KeepsRunsOfMinimumLength) {
  const std::vector<char> ok = {1, 1, 0, 1, 1, 1, 0, 0, 1};
  const auto runs = TrueRuns(ok, 2);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0], std::make_pair(int64_t{0}, int64_t{2}));
  EXPECT_EQ(runs[1], std::make_pair(int64_t{3}, int64_t{6}));
}

}  // namespace
}  // namespace thaplan::gait
