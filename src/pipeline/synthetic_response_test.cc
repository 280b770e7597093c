// The indices respond to what the walker put in, in the right direction and
// size, through the same file path as a user's recording (issue 3).
#include <gtest/gtest.h>

#include <utility>

#include "pipeline/synthetic_accuracy.h"

namespace thaplan::testing {
namespace {

struct Measured {
  WalkTruth truth;
  GaitReport report;
};

Measured Measure(const WalkParams& p, uint64_t seed, Side operated) {
  GaitOptions o;
  o.operated_side = operated;
  o.sex = p.sex;
  Result<AnalysedWalk> a = AnalyseWalk(p, seed, o);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  if (!a.ok()) return {};
  return {std::move(a->truth), std::move(a->report)};
}

WalkParams Keypoints() {
  WalkParams p;
  p.landmark_set = WalkLandmarkSet::kKeypoints;
  p.sample_rate_hz = 60;
  p.noise_sd_m = 0.005;
  p.dropout_fraction = 0.05;
  return p;
}

// A walker with stride-length CV 4 % is measured as more variable than one
// with 2 %, walk by walk (same seed: the same standard-normal draws scaled,
// so the truth SDs are in ratio 2 and the CVs nearly so: the sample mean moves
// by the scaled mean deviation too), and
// the measured CV of each is within the 0.3 points of its truth.
TEST(SyntheticResponseTest, StrideLengthCvTwoVersusFourPercent) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    WalkParams p = Keypoints();
    p.stride_length_cv_pct = 2.0;
    const Measured low = Measure(p, seed, Side::kLeft);
    p.stride_length_cv_pct = 4.0;
    const Measured high = Measure(p, seed, Side::kLeft);
    ASSERT_TRUE(low.report.stride_length_cv.pooled.value.has_value());
    ASSERT_TRUE(high.report.stride_length_cv.pooled.value.has_value());
    const double lo = *low.report.stride_length_cv.pooled.value;
    const double hi = *high.report.stride_length_cv.pooled.value;
    EXPECT_NEAR(high.truth.stride_length_cv_pct / low.truth.stride_length_cv_pct, 2.0,
                0.05);
    EXPECT_GT(hi, lo + 1.0) << "seed " << seed;
    EXPECT_NEAR(lo, low.truth.stride_length_cv_pct, 0.3);
    EXPECT_NEAR(hi, high.truth.stride_length_cv_pct, 0.3);
  }
}

// Operated side sways twice as far as the other: ratio ~2 with that side
// operated, ~1/2 with the other, each within 5 % of the truth (the walker
// calibrates the de Leva COM excursions to the request within 0.1 %).
TEST(SyntheticResponseTest, DoubledSwayOnTheOperatedSideGivesRatioTwo) {
  WalkParams p = Keypoints();
  p.com_sway_left_m = 0.040;
  p.com_sway_right_m = 0.020;
  const Measured left_op = Measure(p, 5, Side::kLeft);
  const Measured right_op = Measure(p, 5, Side::kRight);
  ASSERT_TRUE(left_op.report.com.sway_ratio.value.has_value());
  ASSERT_TRUE(right_op.report.com.sway_ratio.value.has_value());
  EXPECT_NEAR(left_op.truth.com_sway_ratio_left_over_right, 2.0, 0.01);
  EXPECT_NEAR(*left_op.report.com.sway_ratio.value, 2.0, 2.0 * 0.05);
  EXPECT_NEAR(*right_op.report.com.sway_ratio.value, 0.5, 0.5 * 0.05);
  // 100 |ln 2| = 69.3 % either way.
  EXPECT_NEAR(*left_op.report.com.asymmetry_pct.value, 100 * std::log(2.0), 5.0);
}

// Peak hip extension 2 deg on the left, 6 deg on the right (pelvis frame,
// markers): each side measured within 1 deg, so the 4 deg difference shows.
TEST(SyntheticResponseTest, HipExtensionFollowsEachSide) {
  WalkParams p;
  p.landmark_set = WalkLandmarkSet::kMarkers;
  p.markers_include_hip_centres = false;
  p.noise_sd_m = 0.001;
  p.dropout_fraction = 0.05;
  p.peak_hip_extension_left_deg = 2.0;
  p.peak_hip_extension_right_deg = 6.0;
  const Measured m = Measure(p, 7, Side::kLeft);
  const HipExtensionIndex& h = m.report.peak_hip_extension;
  ASSERT_EQ(h.frame, HipAngleFrame::kPelvis);
  ASSERT_TRUE(h.left.value && h.right.value);
  EXPECT_NEAR(*h.left.value, 2.0, 1.0);
  EXPECT_NEAR(*h.right.value, 6.0, 1.0);
  EXPECT_NEAR(*h.right.value - *h.left.value, 4.0, 1.0);
}

}  // namespace
}  // namespace thaplan::testing
