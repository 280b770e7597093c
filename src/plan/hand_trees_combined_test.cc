// The planner on hand-built trees that split on the combined anteversion
// (cup AV + 0.7 x stem AV; issue 6), with the optimum worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "plan/hand_trees_testing.h"
#include "thaplan/plan.h"

namespace thaplan {
namespace {

// Features of the hand-built model, in model order.
constexpr const char* kFeatures[] = {"cup_inclination_deg",      "cup_anteversion_deg",
                                     "stem_anteversion_deg",     "leg_length_change_mm",
                                     "femoral_offset_change_mm", "preop_lld_mm",
                                     "combined_anteversion_deg"};

using plan_testing::HandTree;
using Fixed = std::array<std::optional<double>, kDecisionVarCount>;

// Lower is better; base 1. Combined anteversion < 35.1 costs 1 (else 0); cup
// AV < 12.25 gains 0.5 (else costs 0.5); stem AV >= 30.25 costs 0.25. The best
// leaves of all three cannot meet (cup 12 + 0.7 x stem 30 = 33 < 35.1), so the
// optimum is a small cup with a stem that lifts the sum over 35.1: 1 - 0.5 +
// 0.25 = 0.75.
PlanTarget CombinedTarget() {
  const std::vector<HandTree> trees = {
      {{1, -1, -1}, {2, -1, -1}, {6, 0, 0}, {35.1, 1, 0}},
      {{1, -1, -1}, {2, -1, -1}, {1, 0, 0}, {12.25, -0.5, 0.5}},
      {{1, -1, -1}, {2, -1, -1}, {2, 0, 0}, {30.25, 0, 0.25}},
  };
  return plan_testing::HandPlanTarget(
      plan_testing::HandModel(trees, 1.0, std::size(kFeatures)).dump(), kFeatures);
}

// Recorded stem 20 (the standard plan's stem without a band), pre-op LLD -7.3.
PlanPatient Patient() { return plan_testing::HandPatient({0, 0, 20, 0, 0, -7.3f, 0}); }

// The default limits without the combined-anteversion band, so that the
// trees alone decide the sum; inclination and offset held at the standard
// plan's values (no tree uses them), which keeps the exhaustive checks short.
PlanOptions Options() {
  PlanOptions o;
  o.profile = *BuiltinProfile("lewinnek-widmer");
  o.profile.combined.rule = CombinedRule::kNone;
  o.profile.cup_inclination_deg = {40, 40, "test"};
  o.profile.femoral_offset_change_mm = {0, 0, "test"};
  o.heat_map = false;
  return o;
}

TEST(PlanHandCombinedTest, FindsTheWorkedOutOptimumWithXgboostsFloatRounding) {
  Result<Planner> planner = Planner::Create({CombinedTarget()}, Patient(), Options());
  ASSERT_TRUE(planner.ok()) << planner.status().message();
  Result<PlanResult> r = planner->Plan();
  ASSERT_TRUE(r.ok()) << r.status().message();
  // Cup <= 12 and the sum >= 35.1 as the model sees it, nearest the standard
  // (40, 15, 20, 7.5, 0): cup 12 with stem 33, where 12 + 0.7 x 33 is
  // 35.099999999999994 in double (below 35.1) but the same float as 35.1, so
  // XGBoost sends it right (x < threshold is false). Stem 32.5 gives 34.75.
  // Cup 11.5 would need stem 34, farther from the standard.
  const PlacementValues want = {40, 12, 33, 7.5, 0};
  EXPECT_EQ(r->recommended.placement, want);
  EXPECT_DOUBLE_EQ(r->recommended.objective, 1 + 0 - 0.5 + 0.25);
  EXPECT_EQ(CombinedAnteversionFeature(12, 33), static_cast<float>(35.1));
  const PlacementValues standard = {40, 15, 20, 7.5, 0};
  EXPECT_EQ(r->standard.placement, standard);
  EXPECT_DOUBLE_EQ(r->standard.objective, 1 + 1 + 0.5 + 0);
  Result<PlanPoint> brute = planner->BruteForceOptimum({});
  ASSERT_TRUE(brute.ok());
  EXPECT_EQ(brute->placement, want);
  // The feature row holds the same float.
  EXPECT_EQ(planner->FeatureRow(0, want)[6], static_cast<float>(35.1));
}

TEST(PlanHandCombinedTest, ReplanWithTheCupFixedSplitsOnTheStemAlone) {
  Result<Planner> planner = Planner::Create({CombinedTarget()}, Patient(), Options());
  ASSERT_TRUE(planner.ok()) << planner.status().message();
  Fixed cup;
  cup[0] = 44.1;
  cup[1] = 9.6;  // off the grid: the stem must reach (35.1 - 9.6) / 0.7 = 36.43
  Result<PlanResult> r = planner->Replan(cup);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const PlacementValues want = {44.1, 9.6, 36.5, 7.5, 0};
  EXPECT_EQ(r->recommended.placement, want);
  EXPECT_DOUBLE_EQ(r->recommended.objective, 1 + 0 - 0.5 + 0.25);
  Result<PlanPoint> brute = planner->BruteForceOptimum(cup);
  ASSERT_TRUE(brute.ok());
  EXPECT_EQ(brute->placement, want);
}

TEST(PlanHandCombinedTest, SumsOutsideTheTrainingRangeAreNotSearchedButFixedOnesFlagged) {
  PlanTarget target = CombinedTarget();
  target.bundle.card.features[6].min = 20;  // trained on 20..35 only
  target.bundle.card.features[6].max = 35;
  Result<Planner> planner = Planner::Create({target}, Patient(), Options());
  ASSERT_TRUE(planner.ok()) << planner.status().message();
  for (const PlacementValues& x : planner->FeasibleGrid({})) {
    const float c = CombinedAnteversionFeature(x[1], x[2]);
    ASSERT_GE(c, 20.0f);
    ASSERT_LE(c, 35.0f);
  }
  // Without sums >= 35.1: cup <= 12 and stem < 30.25 cost 1 - 0.5 = 0.5;
  // nearest the standard: cup 12, stem 20 (sum 26).
  Result<PlanResult> r = planner->Plan();
  ASSERT_TRUE(r.ok()) << r.status().message();
  const PlacementValues want = {40, 12, 20, 7.5, 0};
  EXPECT_EQ(r->recommended.placement, want);
  EXPECT_DOUBLE_EQ(r->recommended.objective, 1 + 1 - 0.5 + 0);
  EXPECT_TRUE(r->recommended.flags.empty());
  Result<PlanPoint> brute = planner->BruteForceOptimum({});
  ASSERT_TRUE(brute.ok());
  EXPECT_EQ(brute->placement, want);
  // Cup and stem both fixed outside it: planned, and flagged.
  Fixed both;
  both[1] = 12;
  both[2] = 33;
  Result<PlanResult> fixed = planner->Replan(both);
  ASSERT_TRUE(fixed.ok()) << fixed.status().message();
  EXPECT_DOUBLE_EQ(fixed->recommended.objective, 1 + 0 - 0.5 + 0.25);
  ASSERT_FALSE(fixed->recommended.flags.empty());
  EXPECT_EQ(fixed->recommended.flags[0],
            "combined_anteversion_deg = 35.1: outside the training range 20..35 (the "
            "prediction extrapolates)");
}

// The heat map (cup inclination x anteversion at the plan's stem) has no
// value where the cell's combined anteversion, as the model sees it, lies
// outside the training range 20..35, and the objective elsewhere.
TEST(PlanHandCombinedTest, HeatMapIsBlankWhereTheSumIsOutsideTheTrainingRange) {
  PlanTarget target = CombinedTarget();
  target.bundle.card.features[6].min = 20;
  target.bundle.card.features[6].max = 35;
  PlanOptions o = Options();
  o.heat_map = true;
  Result<PlanResult> r = PlanPlacement({target}, Patient(), o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_TRUE(r->heat_map.has_value());
  const HeatMap& m = *r->heat_map;
  const double stem = r->recommended.placement[2];  // 20: the sum is cup AV + 14
  ASSERT_EQ(m.objective.size(), m.anteversion_deg.size() * m.inclination_deg.size());
  size_t blank = 0, shown = 0;
  for (size_t row = 0; row < m.anteversion_deg.size(); ++row) {
    const double av = m.anteversion_deg[row];
    const float sum = CombinedAnteversionFeature(av, stem);
    const bool outside = sum < 20.0f || sum > 35.0f;
    for (size_t c = 0; c < m.inclination_deg.size(); ++c) {
      const double v = m.objective[row * m.inclination_deg.size() + c];
      if (outside) {
        EXPECT_TRUE(std::isnan(v)) << "av " << av;
        ++blank;
        continue;
      }
      ++shown;
      // By hand: 1 (base) + 1 (sum < 35.1, always here) + (av < 12.25 ? -0.5
      // : 0.5) + 0 (stem 20 < 30.25).
      EXPECT_DOUBLE_EQ(v, av < 12.25 ? 1.5 : 2.5) << "av " << av;
    }
  }
  // Anteversion -5..35 (the box +- 10, no training range for it): sums
  // 9..49, so cup AV below 6 and above 21 is blank.
  EXPECT_GT(blank, 0u);
  EXPECT_GT(shown, 0u);
}

}  // namespace
}  // namespace thaplan
