// CheckPlacementEffects on simulated patients: a placement effect put into
// the outcome inside the limits is confirmed with a slope near 1; the
// simulator's own outcomes, flat inside the default limits (docs/simulator.md),
// are not.
#include <gtest/gtest.h>

#include <cmath>

#include "plan/plan_testing.h"
#include "plan/planner_impl.h"
#include "thaplan/plan.h"
#include "thaplan/train.h"

namespace thaplan {
namespace {

using plan_testing::FeatureIndex;
using plan_testing::Sd;

constexpr int kPatients = 600;

// One target's model (the table's first index), with a bootstrap ensemble
// of 20, on the table as given.
PlanTarget Train(const Table& table, int ensemble = 20) {
  TrainOptions options;
  options.spec.feature_set.reset();
  for (const FeatureInfo& f : table.features) options.spec.features.push_back(f.column);
  options.rounds = 100;
  options.threads = 1;
  options.ensemble = ensemble;
  options.params["max_depth"] = "3";
  options.params["eta"] = "0.1";
  Result<ModelBundle> bundle = TrainModel(table, 0, options);
  EXPECT_TRUE(bundle.ok()) << bundle.status().message();
  PlanTarget t;
  if (!bundle.ok()) return t;
  t.bundle = std::move(bundle).value();
  t.better = *DefaultBetter(table.targets[0].spec.column);
  t.scale = Sd(table.targets[0].values);
  return t;
}

// The simulated table with only its first target.
Table FirstTarget() {
  Table t = SimulatedPlanningTable(CohortModel(CohortOptions{}), 0, kPatients);
  t.targets.resize(1);
  return t;
}

PlanOptions Default() {
  PlanOptions o;
  o.profile = *BuiltinProfile("lewinnek-widmer");
  return o;
}

// The check of the default profile for a model trained on `table`: made, on
// more than 100 of its patients, every patient counted once.
PlacementEffectCheck CheckOn(const Table& table) {
  std::vector<PlanTarget> targets = {Train(table)};
  Result<PlacementEffectCheck> c =
      CheckPlacementEffects(targets, {{&table, 0}}, Default());
  EXPECT_TRUE(c.ok()) << c.status().message();
  if (!c.ok()) return {};
  EXPECT_TRUE(c->checked);
  EXPECT_GT(c->rows, 100u);
  EXPECT_EQ(c->rows + c->outside + c->in_bag, table.rows());
  return *c;
}

TEST(PlacementCheckTest, SlopeAndRobustStandardErrorByHand) {
  // x = 0..3, y = 0, 1, 1, 3: Sxx = 5, Sxy = 4.5, slope 0.9; residuals 0.1,
  // 0.2, -0.7, 0.4; HC1 variance 4/2 * (2.25*0.01 + 0.25*0.04 + 0.25*0.49 +
  // 2.25*0.16) / 5^2 = 1.03 / 25.
  const plan_internal::SlopeFit f = plan_internal::FitSlope({0, 1, 2, 3}, {0, 1, 1, 3});
  EXPECT_NEAR(f.slope, 0.9, 1e-12);
  EXPECT_NEAR(f.se, std::sqrt(1.03) / 5, 1e-12);
  EXPECT_TRUE(std::isnan(plan_internal::FitSlope({1, 1, 1}, {0, 1, 2}).slope));
  EXPECT_NEAR(plan_internal::NormalQuantile(0.9), 1.2815515655446004, 1e-9);
  EXPECT_NEAR(plan_internal::NormalQuantile(0.975), 1.959963984540054, 1e-9);
}

TEST(PlacementCheckTest, AnEffectInsideTheLimitsIsConfirmedWithASlopeNearOne) {
  Table table = FirstTarget();
  // Worse the further the cup's inclination is from 40 deg: 0.1 SD per degree,
  // in the target's own "worse" direction.
  const size_t inc = FeatureIndex(table, "cup_inclination_deg");
  const double sd = Sd(table.targets[0].values);
  const double worse =
      *DefaultBetter(table.targets[0].spec.column) == Better::kLower ? 1 : -1;
  for (size_t r = 0; r < table.rows(); ++r) {
    table.targets[0].values[r] += worse * 0.1 * sd * std::fabs(table.x.at(r, inc) - 40.0);
  }
  const PlacementEffectCheck c = CheckOn(table);
  EXPECT_TRUE(c.confirmed) << c.note;
  EXPECT_GT(c.lower, 0);
  EXPECT_NEAR(c.slope, 1.0, 0.35) << c.note;
  EXPECT_DOUBLE_EQ(c.level, 0.9);
}

TEST(PlacementCheckTest, TheSimulatorsFlatTruthInsideTheDefaultLimitsIsNotConfirmed) {
  const PlacementEffectCheck c = CheckOn(FirstTarget());
  EXPECT_FALSE(c.confirmed) << c.note;
  EXPECT_LE(c.lower, 0);
  EXPECT_EQ(c.note.rfind("placement effects inside the limits not confirmed", 0), 0u);
}

TEST(PlacementCheckTest, IsNotComputedWithoutTheTrainingTableOrAnEnsemble) {
  Table table = FirstTarget();
  std::vector<PlanTarget> targets = {Train(table)};
  Table other = table;
  other.targets[0].values[3] += 1;  // not the training data any more
  Result<PlacementEffectCheck> c =
      CheckPlacementEffects(targets, {{&other, 0}}, Default());
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->checked);
  EXPECT_FALSE(c->confirmed);
  EXPECT_NE(c->note.find("data hash differs"), std::string::npos) << c->note;

  std::vector<PlanTarget> seedless = targets;
  seedless[0].bundle.card.ensemble.seeds.resize(3);  // a card that lost its seeds
  c = CheckPlacementEffects(seedless, {{&table, 0}}, Default());
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->checked);
  EXPECT_NE(c->note.find("lists 3 member seeds for 20 members"), std::string::npos) << c->note;

  std::vector<PlanTarget> plain = {Train(table, 0)};
  c = CheckPlacementEffects(plain, {{&table, 0}}, Default());
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->checked);
  EXPECT_NE(c->note.find("no bootstrap ensemble"), std::string::npos) << c->note;

  EXPECT_FALSE(CheckPlacementEffects(targets, {}, Default()).ok());
}

}  // namespace
}  // namespace thaplan
