// Issue 3: the accuracy of the gait analysis on synthetic walks whose truth
// is known, taken the whole way a user's file goes (walker -> keypoint CSV
// or TRC text -> parse -> thaplan-canonical profile -> AnalyzeTrial), over
// many seeds, and compared with WalkTruth (docs/gait.md section 10).
//
// Noise (per coordinate, white, before the analysis's 6 Hz filter):
// - markers 1 mm: optoelectronic marker reconstruction noise is sub-mm to
//   ~1 mm (Chiari et al., Gait Posture 2005;21:197-211, instrumental errors);
// - keypoints 5 mm: the middle of the few-mm-to-1-cm jitter of markerless
//   keypoint trajectories (issue 3); markerless joint centres also carry
//   systematic offsets of centimetres (Needham et al., Sci Rep 2021;11:20673)
//   that the walker does not model (docs/walker.md, Limits).
// 5 % of every landmark's samples are dropped in runs of up to 0.1 s.
// Event timing over the issue's whole range: synthetic_events_test.cc.
#include "pipeline/synthetic_accuracy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace thaplan::testing {
namespace {

// The issue's figures; never widened.
constexpr double kCvPp = 0.3;
constexpr double kHipDeg = 1.0;
constexpr double kRatioRel = 0.05;

const Condition kConditions[] = {
    {"keypoints 60 Hz, 5 mm", WalkLandmarkSet::kKeypoints, 60, 0.005},
    {"keypoints 120 Hz, 5 mm", WalkLandmarkSet::kKeypoints, 120, 0.005},
    {"markers 60 Hz, 1 mm", WalkLandmarkSet::kMarkers, 60, 0.001},
    {"markers 120 Hz, 1 mm", WalkLandmarkSet::kMarkers, 120, 0.001},
};

void CheckIndices(int seeds_per_condition) {
  for (const Condition& c : kConditions) {
    SCOPED_TRACE(c.name);
    const ConditionErrors e = RunCondition(c, seeds_per_condition);
    std::printf("%s\n", FormatErrors(c, e).c_str());
    ASSERT_EQ(e.walks, seeds_per_condition) << e.first_failure;
    EXPECT_EQ(e.stride_set_mismatches, 0) << e.first_failure;
    EXPECT_LE(Summarise(e.cv_pp).max, kCvPp);
    EXPECT_LE(Summarise(e.hip_deg).max, kHipDeg);
    EXPECT_LE(Summarise(e.ratio_rel).max, kRatioRel);
    EXPECT_EQ(e.events_missed, 0);
  }
}

TEST(SyntheticAccuracyTest, IndicesWithinIssueFiguresFourSeeds) { CheckIndices(4); }

TEST(SyntheticAccuracyTest, IndicesWithinIssueFiguresThirtySeeds_slow) {
  CheckIndices(30);
}

}  // namespace
}  // namespace thaplan::testing
