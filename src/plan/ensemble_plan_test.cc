// The verdict from bootstrap ensembles (docs/planning.md, "Difference and
// uncertainty"), on hand-built trees: the main model prefers cup anteversion
// >= 20.25 by 1 (standardised); the members agree or disagree about that.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "plan/hand_trees_testing.h"
#include "thaplan/plan.h"

namespace thaplan {
namespace {

constexpr const char* kFeatures[] = {
    "cup_inclination_deg",  "cup_anteversion_deg",      "stem_anteversion_deg",
    "leg_length_change_mm", "femoral_offset_change_mm", "preop_lld_mm",
    "postop_lld_mm"};

// An XGBoost JSON model of three trees: inclination < 35.25 costs 1; cup
// anteversion < 20.25 gives `below`, else `above`; post-op LLD outside
// [-1, 1.3) costs 2 or 1.
std::string ModelJson(double below, double above) {
  using plan_testing::HandTree;
  const std::vector<HandTree> trees = {
      {{1, -1, -1}, {2, -1, -1}, {0, 0, 0}, {35.25, 1, 0}},
      {{1, -1, -1}, {2, -1, -1}, {1, 0, 0}, {20.25, below, above}},
      {{1, -1, 3, -1, -1}, {2, -1, 4, -1, -1}, {6, 0, 6, 0, 0}, {-1, 2, 1.3, 0, 1}}};
  return plan_testing::HandModel(trees, 1.0, std::size(kFeatures)).dump();
}

// The target: the main model (0.5 below, -0.5 above) and, as stored by
// training, one member per (below, above) pair in model.json's attributes.
PlanTarget Target(const std::vector<std::pair<double, double>>& members) {
  nlohmann::json root = nlohmann::json::parse(ModelJson(0.5, -0.5));
  for (size_t m = 0; m < members.size(); ++m) {
    root["learner"]["attributes"][EnsembleAttributeName(m)] =
        ModelJson(members[m].first, members[m].second);
  }
  PlanTarget t = plan_testing::HandPlanTarget(root.dump(), kFeatures);
  t.bundle.card.ensemble.members = members.size();
  t.bundle.card.ensemble.method = members.empty() ? "" : "bootstrap";
  t.bundle.card.validation.conformal = {{0.9, 2, 0.9}};  // wider than the gain
  return t;
}

PlanPatient Patient() { return plan_testing::HandPatient({0, 0, 0, 0, 0, -7.3f, 0}); }

PlanOptions Options() {
  PlanOptions o;
  o.profile = *BuiltinProfile("lewinnek-widmer");
  o.heat_map = false;
  return o;
}

// Worked out in hand_trees_test.cc: the optimum raises cup anteversion to
// 20.5 (stem 31 for the Widmer band); the standard plan keeps 15 (stem 32).
const PlacementValues kOptimum = {40, 20.5, 31, 7.5, 0};
const PlacementValues kStandard = {40, 15, 32, 7.5, 0};

TEST(PlanEnsembleTest, MembersThatAgreeMakeTheOptimumTheRecommendation) {
  // Members' differences (standard - optimum): 1, 0.9, 0.8, 0.7, 0.6.
  std::vector<std::pair<double, double>> members;
  for (int m = 0; m < 5; ++m) members.push_back({0.5, -0.5 + 0.1 * m});
  Result<PlanResult> r = PlanPlacement({Target(members)}, Patient(), Options());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->standard_recommended);
  EXPECT_EQ(r->recommended.placement, kOptimum);
  EXPECT_EQ(r->recommended.role, "recommended (the model's optimum)");
  EXPECT_EQ(r->ensemble_members, 5u);
  const PlanDifference& d = r->recommended.vs_standard;
  EXPECT_DOUBLE_EQ(d.predicted, 1.0);
  EXPECT_EQ(d.members, 5u);
  EXPECT_NEAR(d.mean, 0.8, 1e-6);
  EXPECT_NEAR(d.lower, 0.6 + 0.4 * 0.1, 1e-6);  // the 10 % quantile, interpolated
  EXPECT_NEAR(d.upper, 0.9 + 0.6 * 0.1, 1e-6);
  EXPECT_NEAR(d.sd, std::sqrt(0.025), 1e-6);
  // The conformal half-width (2) is wider than the gain, but the ensemble
  // shows the difference itself: the verdict says better.
  EXPECT_NE(r->verdict, kNoBetterVerdict);
  EXPECT_EQ(r->verdict.rfind("the recommended placement is predicted to beat the "
                             "standard plan by 1; across the 5-member bootstrap "
                             "ensemble the difference is 0.8 on average and above 0.64",
                             0),
            0u)
      << r->verdict;
  EXPECT_EQ(r->standard.vs_standard.lower, 0);
  EXPECT_EQ(r->model_optimum().placement, kOptimum);
}

// The members agree (as above), but the profile's placement-effect check
// says their contrasts do not show in the patients they left out: the
// agreement is not evidence, so the standard plan is recommended.
TEST(PlanEnsembleTest, AnUnconfirmedPlacementCheckHoldsBackAgreeingMembers) {
  std::vector<std::pair<double, double>> members;
  for (int m = 0; m < 5; ++m) members.push_back({0.5, -0.5 + 0.1 * m});
  PlanOptions o = Options();
  PlacementEffectCheck check;
  // Made and not confirmed, or not made at all (e.g. the table is not the
  // training data): either way the agreement alone is not evidence.
  for (bool made : {true, false}) {
    check.checked = made;
    check.confirmed = false;
    check.note = made ? "placement effects inside the limits not confirmed (test)"
                      : "placement effects not checked (test)";
    o.placement_check = check;
    Result<PlanResult> r = PlanPlacement({Target(members)}, Patient(), o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->verdict, kNoBetterVerdict) << made;
    EXPECT_TRUE(r->standard_recommended) << made;
    EXPECT_EQ(r->recommended.placement, kStandard);
    ASSERT_FALSE(r->alternatives.empty());
    EXPECT_EQ(r->alternatives.front().placement, kOptimum);
    EXPECT_NE(r->alternatives.front().role.find("not confirmed"), std::string::npos)
        << r->alternatives.front().role;
    EXPECT_NEAR(r->alternatives.front().vs_standard.lower, 0.64, 1e-6);  // still agreeing
    ASSERT_TRUE(r->placement_check.has_value());
    EXPECT_NE(std::find(r->notes.begin(), r->notes.end(), check.note), r->notes.end());
  }
  // Confirmed, the same members make the optimum the recommendation again.
  check.checked = true;
  check.confirmed = true;
  o.placement_check = check;
  Result<PlanResult> r = PlanPlacement({Target(members)}, Patient(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->standard_recommended);
  EXPECT_EQ(r->recommended.placement, kOptimum);
}

TEST(PlanEnsembleTest, MembersThatDisagreeMakeTheStandardPlanTheRecommendation) {
  // Members' differences: +1, -1, +1, -1, +1.
  std::vector<std::pair<double, double>> members;
  for (int m = 0; m < 5; ++m) {
    members.push_back(m % 2 == 0 ? std::pair{0.5, -0.5} : std::pair{-0.5, 0.5});
  }
  Result<PlanResult> r = PlanPlacement({Target(members)}, Patient(), Options());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->verdict, kNoBetterVerdict);
  EXPECT_TRUE(r->standard_recommended);
  EXPECT_EQ(r->recommended.placement, kStandard);
  EXPECT_EQ(r->recommended.role, "recommended (the standard plan)");
  // The model's optimum stays visible: the first alternative, labelled.
  ASSERT_GE(r->alternatives.size(), 1u);
  const PlanPoint& optimum = r->alternatives.front();
  EXPECT_EQ(optimum.placement, kOptimum);
  EXPECT_EQ(&r->model_optimum(), &optimum);
  EXPECT_EQ(optimum.role.rfind("the model's optimum, not recommended", 0), 0u);
  EXPECT_DOUBLE_EQ(r->improvement, 1.0);  // the main model's own difference
  EXPECT_DOUBLE_EQ(optimum.vs_standard.lower, -1.0);
  EXPECT_DOUBLE_EQ(optimum.vs_standard.upper, 1.0);
  EXPECT_NEAR(optimum.vs_standard.mean, 0.2, 1e-12);
  EXPECT_EQ(r->alternatives.size(), Options().alternatives + 1);
  EXPECT_NE(std::find_if(r->notes.begin(), r->notes.end(),
                         [](const std::string& n) {
                           return n.starts_with("recommended: the standard plan");
                         }),
            r->notes.end());
  // Re-planning with the cup as placed keeps the rule.
  Result<Planner> planner = Planner::Create({Target(members)}, Patient(), Options());
  ASSERT_TRUE(planner.ok());
  std::array<std::optional<double>, kDecisionVarCount> fixed;
  fixed[0] = 45;
  Result<PlanResult> replan = planner->Replan(fixed);
  ASSERT_TRUE(replan.ok());
  EXPECT_TRUE(replan->standard_recommended);
  EXPECT_EQ(replan->recommended.placement[0], 45);
}

TEST(PlanEnsembleTest, ABundleWithoutAnEnsemblePlansAsBefore) {
  Result<PlanResult> r = PlanPlacement({Target({})}, Patient(), Options());
  ASSERT_TRUE(r.ok()) << r.status().message();
  // The conformal uncertainty (2) exceeds the gain (1): "no better", but
  // the optimum is still the recommendation, as before ensembles.
  EXPECT_EQ(r->verdict, kNoBetterVerdict);
  EXPECT_FALSE(r->standard_recommended);
  EXPECT_EQ(r->recommended.placement, kOptimum);
  EXPECT_DOUBLE_EQ(r->uncertainty, 2.0);
  EXPECT_EQ(r->ensemble_members, 0u);
  EXPECT_EQ(r->recommended.vs_standard.members, 0u);
  EXPECT_DOUBLE_EQ(r->recommended.vs_standard.predicted, 1.0);
  EXPECT_TRUE(std::isnan(r->recommended.vs_standard.lower));
  EXPECT_EQ(r->uncertainty_basis.rfind("the conformal interval half-widths", 0), 0u);
  EXPECT_NE(std::find_if(r->notes.begin(), r->notes.end(),
                         [](const std::string& n) {
                           return n.find("hand has no bootstrap ensemble") !=
                                  std::string::npos;
                         }),
            r->notes.end());
}

TEST(PlanEnsembleTest, RefusesACardListingMembersTheModelDoesNotHold) {
  PlanTarget t = Target({});
  t.bundle.card.ensemble.members = 2;
  Result<PlanResult> r = PlanPlacement({t}, Patient(), Options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "hand/model.json: learner.attributes.thaplan_ensemble_000: missing: "
            "expected the 2 ensemble members the card lists");
}

TEST(PlanEnsembleTest, ModelsWithDifferentEnsembleSizesUseTheSmallest) {
  std::vector<std::pair<double, double>> five(5, {0.5, -0.5}), three(3, {0.5, -0.5});
  PlanTarget a = Target(five), b = Target(three);
  b.bundle.card.name = "other";
  PlanPatient p = Patient();
  p.rows.push_back(p.rows.front());
  Result<PlanResult> r = PlanPlacement({a, b}, p, Options());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->ensemble_members, 3u);
  EXPECT_NE(std::find(r->notes.begin(), r->notes.end(),
                      "model hand: 5 ensemble members, the first 3 used (the smallest "
                      "ensemble of the models)"),
            r->notes.end());
  EXPECT_FALSE(r->standard_recommended);  // every member: difference 2
  EXPECT_DOUBLE_EQ(r->recommended.vs_standard.lower, 2.0);
}

}  // namespace
}  // namespace thaplan
