// The planner on hand-built trees whose optimum is worked out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plan/hand_trees_testing.h"
#include "thaplan/plan.h"

namespace thaplan {
namespace {

// Features of the hand-built models, in model order.
constexpr const char* kFeatures[] = {"cup_inclination_deg",
                                     "cup_anteversion_deg",
                                     "stem_anteversion_deg",
                                     "leg_length_change_mm",
                                     "femoral_offset_change_mm",
                                     "preop_lld_mm",
                                     "postop_lld_mm",
                                     "age_at_surgery"};

using plan_testing::HandTree;

// Lower is better. inc < 35.25 costs 1; av < 20.25 costs 0.5 (else -0.5);
// post-op LLD < -1 costs 2, >= 1.3 costs 1; a tree on age alone (the patient
// is 70: constant 5) and one on offset inside it (never reached at 70).
PlanTarget HandTarget(double conformal_q) {
  std::vector<HandTree> trees = {
      {{1, -1, -1}, {2, -1, -1}, {0, 0, 0}, {35.25, 1, 0}},
      {{1, -1, -1}, {2, -1, -1}, {1, 0, 0}, {20.25, 0.5, -0.5}},
      {{1, -1, 3, -1, -1}, {2, -1, 4, -1, -1}, {6, 0, 6, 0, 0}, {-1, 2, 1.3, 0, 1}},
      {{1, 3, -1, -1, -1}, {2, 4, -1, -1, -1}, {7, 4, 0, 0, 0}, {60, -2, 5, 3, 0}},
  };
  PlanTarget t = plan_testing::HandPlanTarget(
      plan_testing::HandModel(trees, 1.0, std::size(kFeatures)).dump(), kFeatures);
  if (!std::isnan(conformal_q))
    t.bundle.card.validation.conformal = {{0.9, conformal_q, 0.9}};
  return t;
}

PlanPatient Patient() { return plan_testing::HandPatient({0, 0, 0, 0, 0, -7.3f, 0, 70}); }

PlanOptions Options() {
  PlanOptions o;
  o.profile = *BuiltinProfile("lewinnek-widmer");
  return o;
}

TEST(PlanHandTreesTest, FindsTheWorkedOutOptimum) {
  Result<PlanResult> r = PlanPlacement({HandTarget(2)}, Patient(), Options());
  ASSERT_TRUE(r.ok()) << r.status().message();
  // inc >= 35.5 is free: 40 is nearest the standard. av >= 20.5: 20.5. The
  // Widmer band then allows stem <= (42.3 - 20.5) / 0.7 = 31.1: 31 (nearest
  // the standard's 32). Post-op LLD in [-1, 1.3): change 6.5..8.5 with pre-op
  // -7.3; the standard's restoring 7.5 lies inside. Offset free: 0.
  const PlacementValues want = {40, 20.5, 31, 7.5, 0};
  EXPECT_EQ(r->recommended.placement, want);
  EXPECT_DOUBLE_EQ(r->recommended.objective, 1 + 0 - 0.5 + 0 + 5);
  // Standard: centre 40 / 15, stem (37.3 - 15) / 0.7 = 31.86 -> 32, 7.5, 0.
  const PlacementValues standard = {40, 15, 32, 7.5, 0};
  EXPECT_EQ(r->standard.placement, standard);
  EXPECT_DOUBLE_EQ(r->standard.objective, 1 + 0 + 0.5 + 0 + 5);
  EXPECT_DOUBLE_EQ(r->improvement, 1.0);
  EXPECT_DOUBLE_EQ(r->uncertainty, 2.0);  // one target: q / scale
  EXPECT_EQ(r->verdict, kNoBetterVerdict);
  EXPECT_NEAR(r->recommended.postop_lld_mm, 0.2, 1e-6);
  EXPECT_NEAR(r->recommended.combined_anteversion_deg, 20.5 + 0.7 * 31, 1e-9);
  ASSERT_EQ(r->recommended.indices.size(), 1u);
  EXPECT_DOUBLE_EQ(r->recommended.indices[0].lower, 5.5 - 2);
  EXPECT_DOUBLE_EQ(r->recommended.indices[0].upper, 5.5 + 2);
}

TEST(PlanHandTreesTest, VerdictSaysBetterOnlyWhenTheGainExceedsTheUncertainty) {
  Result<PlanResult> r = PlanPlacement({HandTarget(0.25)}, Patient(), Options());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_DOUBLE_EQ(r->uncertainty, 0.25);
  EXPECT_NE(r->verdict, kNoBetterVerdict);
  EXPECT_EQ(r->verdict.rfind("the recommended placement is predicted to beat", 0), 0u);
  Result<PlanResult> unknown = PlanPlacement({HandTarget(NAN)}, Patient(), Options());
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(std::isnan(unknown->uncertainty));
  EXPECT_EQ(unknown->verdict.rfind("the uncertainty is unknown", 0), 0u);
}

TEST(PlanHandTreesTest, ReplanKeepsFixedValuesAndReoptimisesTheRest) {
  Result<Planner> planner = Planner::Create({HandTarget(2)}, Patient(), Options());
  ASSERT_TRUE(planner.ok()) << planner.status().message();
  std::array<std::optional<double>, kDecisionVarCount> fixed;
  fixed[0] = 33.2;  // the cup as placed, off the grid
  fixed[1] = 15;
  Result<PlanResult> r = planner->Replan(fixed);
  ASSERT_TRUE(r.ok()) << r.status().message();
  // inc 33.2 costs 1, av 15 costs 0.5; stem free in the band: 32 (standard).
  const PlacementValues want = {33.2, 15, 32, 7.5, 0};
  EXPECT_EQ(r->recommended.placement, want);
  EXPECT_DOUBLE_EQ(r->recommended.objective, 1 + 1 + 0.5 + 0 + 5);
  EXPECT_EQ(r->standard.placement, want);  // the standard keeps the cup as placed
  EXPECT_DOUBLE_EQ(r->improvement, 0);
}

TEST(PlanHandTreesTest, PessimisticObjectiveShiftsEveryPlacementAlike) {
  PlanOptions o = Options();
  o.pessimistic = true;
  Result<PlanResult> r = PlanPlacement({HandTarget(2)}, Patient(), o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_DOUBLE_EQ(r->recommended.objective, 5.5 + 2);  // the upper end (lower is better)
  EXPECT_DOUBLE_EQ(r->improvement, 1.0);
  Result<PlanResult> refused = PlanPlacement({HandTarget(NAN)}, Patient(), o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "model hand: no conformal quantile at level 0.9: expected a validated model "
            "(thaplan model validate) for the pessimistic objective");
}

TEST(PlanHandTreesTest, StemHeldWhenTheProfileDoesNotLetItBeChosen) {
  PlanOptions o = Options();
  o.profile.stem_anteversion_choosable = false;
  PlanPatient p = Patient();
  p.rows[0][2] = 20;  // recorded stem anteversion
  Result<PlanResult> r = PlanPlacement({HandTarget(2)}, p, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->recommended.placement[2], 20);
  EXPECT_EQ(r->standard.placement[2], 20);
  // av >= 20.5 is wanted and 20.5 + 0.7 x 20 = 34.5 is inside the band.
  EXPECT_EQ(r->recommended.placement[1], 20.5);
  p.rows[0][2] = NAN;
  Result<PlanResult> refused = PlanPlacement({HandTarget(2)}, p, o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(
      refused.status().message(),
      "patient hand patient: stem_anteversion_deg is missing and profile "
      "lewinnek-widmer does not let the stem's anteversion be chosen: expected --fix "
      "stem_anteversion_deg=VALUE");
}

TEST(PlanHandTreesTest, KnnGuardFlagsPlacementsFarFromTheTrainingPlacements) {
  TrainingSupport support;
  // 40 training placements around inc 40-44, av 20-24, stem 30, LL 7.5, offset 0.
  for (int i = 0; i < 40; ++i) {
    support.rows.push_back(
        {40.0 + i % 5, 20.0 + (i / 5) % 5, 30.0 + (i % 3), 7.5, 0.0 + i % 2});
  }
  Result<Planner> planner =
      Planner::Create({HandTarget(2)}, Patient(), Options(), support);
  ASSERT_TRUE(planner.ok());
  Result<PlanPoint> near = planner->Evaluate({42, 22, 31, 7.5, 0});
  Result<PlanPoint> far = planner->Evaluate({30, 5, 10, 7.5, 0});
  ASSERT_TRUE(near.ok() && far.ok());
  EXPECT_FALSE(near->outside_support);
  EXPECT_TRUE(far->outside_support);
  EXPECT_GT(far->knn_distance, near->knn_distance);
  // The guard prepared once (as SupportFromTable does) gives the same
  // distances; one prepared for another k is not used.
  for (size_t k : {Options().knn_k, size_t{2}}) {
    TrainingSupport prepared = support;
    prepared.guard = std::make_shared<const SupportGuard>(
        PrepareSupportGuard(support.rows, k, Options().knn_quantile));
    Result<Planner> p = Planner::Create({HandTarget(2)}, Patient(), Options(), prepared);
    ASSERT_TRUE(p.ok());
    Result<PlanPoint> near2 = p->Evaluate({42, 22, 31, 7.5, 0});
    Result<PlanPoint> far2 = p->Evaluate({30, 5, 10, 7.5, 0});
    ASSERT_TRUE(near2.ok() && far2.ok());
    EXPECT_EQ(near2->knn_distance, near->knn_distance) << k;
    EXPECT_EQ(far2->knn_distance, far->knn_distance) << k;
    EXPECT_EQ(far2->outside_support, far->outside_support) << k;
  }
}

TEST(PlanHandTreesTest, PatientFeaturesOutsideTheTrainingRangeAreNoted) {
  PlanTarget t = HandTarget(2);
  t.bundle.card.features[7].min = 40;  // age_at_surgery trained on 40..65
  t.bundle.card.features[7].max = 65;
  Result<PlanResult> r = PlanPlacement({t}, Patient(), Options());
  ASSERT_TRUE(r.ok());
  EXPECT_NE(
      std::find(r->notes.begin(), r->notes.end(),
                "patient's age_at_surgery = 70 is outside the training range 40..65: "
                "predictions extrapolate"),
      r->notes.end());
}

TEST(PlanHandTreesTest, HeatMapHoldsTheObjectiveAndTheSafeZone) {
  Result<PlanResult> r = PlanPlacement({HandTarget(2)}, Patient(), Options());
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->heat_map.has_value());
  const HeatMap& m = *r->heat_map;
  // No training ranges: the cup box +- 10 deg at 0.5 deg.
  EXPECT_EQ(m.inclination_deg.front(), 20);
  EXPECT_EQ(m.inclination_deg.back(), 60);
  EXPECT_EQ(m.anteversion_deg.front(), -5);
  EXPECT_EQ(m.anteversion_deg.size() * m.inclination_deg.size(), m.objective.size());
  const auto at = [&](double inc, double av) {
    const size_t c = static_cast<size_t>((inc - 20) / 0.5);
    const size_t row = static_cast<size_t>((av + 5) / 0.5);
    return m.objective[row * m.inclination_deg.size() + c];
  };
  EXPECT_DOUBLE_EQ(at(40, 20.5), 5.5);
  EXPECT_DOUBLE_EQ(at(35, 20.5), 6.5);  // inc < 35.25
  EXPECT_DOUBLE_EQ(at(40, 20), 6.5);    // av < 20.25
  // Safe zone at stem 31: av in [32.3 - 21.7 = 10.6, 42.3 - 21.7 = 20.6]
  // (inside Lewinnek's 5..25), inc 30..50.
  ASSERT_EQ(m.safe_zone.size(), 5u);
  EXPECT_EQ(m.safe_zone[0][0], 30);
  EXPECT_NEAR(m.safe_zone[0][1], 32.3 - 0.7 * 31, 1e-9);
  EXPECT_EQ(m.safe_zone[2][0], 50);
  EXPECT_NEAR(m.safe_zone[2][1], 42.3 - 0.7 * 31, 1e-9);
}

}  // namespace
}  // namespace thaplan

namespace thaplan {
namespace {

// Intervals are cut to the values the index can take: a CV is never negative
// (GaitSummaryColumns: stride_length_cv_pct 0..100); a target the registry
// does not know keeps its whole interval.
TEST(PlanHandTreesTest, IntervalsAreCutToTheIndexRange) {
  PlanTarget cv = HandTarget(10);
  cv.bundle.card.dataset.targets[0].column = "m3_stride_length_cv_pct";
  Result<PlanResult> r = PlanPlacement({cv}, Patient(), Options());
  ASSERT_TRUE(r.ok()) << r.status().message();
  const IndexPrediction& p = r->recommended.indices[0];
  ASSERT_LT(p.value, 10);  // so value - 10 < 0
  EXPECT_EQ(p.lower, 0);
  EXPECT_EQ(p.upper, p.value + 10);
  Result<PlanResult> y = PlanPlacement({HandTarget(10)}, Patient(), Options());
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->recommended.indices[0].lower, y->recommended.indices[0].value - 10);
}

}  // namespace
}  // namespace thaplan
