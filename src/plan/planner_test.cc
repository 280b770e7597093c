// The planner on models trained on a simulated cohort, checked against
// XGBoost's own predictions and against exhaustive evaluation of the grid.
#include <gtest/gtest.h>

#include <cmath>

#include "model/random.h"
#include "model/xgb.h"
#include "plan/plan_testing.h"

namespace thaplan {
namespace {

using Fixed = std::array<std::optional<double>, kDecisionVarCount>;

class PlanCohortTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cohort_ = new CohortModel(CohortOptions{400, 3, 11, SignalLevel::kHigh});
    models_ = new plan_testing::CohortModels(
        plan_testing::TrainCohortModels(*cohort_, 300, 60, 4));
    combined_ = new plan_testing::CohortModels(
        plan_testing::TrainCohortModels(*cohort_, 300, 60, 4, true));
  }
  static void TearDownTestSuite() {
    delete combined_;
    delete models_;
    delete cohort_;
  }
  // A coarse grid (2 deg / 2 mm) keeps the exhaustive evaluation short.
  static PlanOptions Coarse() {
    PlanOptions o;
    o.profile = *BuiltinProfile("lewinnek-widmer");
    o.profile.angle_resolution_deg = 2;
    o.profile.length_resolution_mm = 1;
    o.heat_map = false;
    return o;
  }
  static PlanPatient Patient(int i, bool combined = false) {
    return plan_testing::PatientFor(*cohort_, i, models_->targets.size(), combined);
  }
  // The models without, and with, the combined anteversion as a feature.
  static const plan_testing::CohortModels& Models(bool combined) {
    return combined ? *combined_ : *models_;
  }
  static void BranchAndBoundEqualsBruteForce(const std::vector<PlanTarget>& targets,
                                             const PlanPatient& patient);
  static void ReplanWithTheCupFixed(bool combined);
  static CohortModel* cohort_;
  static plan_testing::CohortModels* models_;
  static plan_testing::CohortModels* combined_;
};
CohortModel* PlanCohortTest::cohort_ = nullptr;
plan_testing::CohortModels* PlanCohortTest::models_ = nullptr;
plan_testing::CohortModels* PlanCohortTest::combined_ = nullptr;

bool CloseFloat(double a, double b) {
  return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b));
}

TEST_F(PlanCohortTest, CompiledModelEqualsXgboostOnRandomRowsWithMissingValues) {
  ASSERT_EQ(models_->targets.size(), 3u);
  model::SplitMix64 rng(7);
  const auto uniform = [&] { return static_cast<double>(rng.Next() >> 11) * 0x1.0p-53; };
  for (const PlanTarget& t : models_->targets) {
    Result<CompiledModel> compiled = CompileXgboostJson(t.bundle.model_json, "m");
    ASSERT_TRUE(compiled.ok()) << compiled.status().message();
    EXPECT_EQ(compiled->trees.size(), 60u);
    FeatureMatrix x;
    x.cols = t.bundle.card.features.size();
    x.rows = 1000;
    for (size_t r = 0; r < x.rows; ++r) {
      for (const CardFeature& f : t.bundle.card.features) {
        // Across and beyond the training range; 10 % missing.
        const double v = f.min + (uniform() * 1.4 - 0.2) * (f.max - f.min);
        x.values.push_back(uniform() < 0.1 ? NAN : static_cast<float>(v));
      }
    }
    Result<xgb::Booster> booster = xgb::Booster::LoadJson(t.bundle.model_json);
    ASSERT_TRUE(booster.ok());
    Result<xgb::DMatrix> dm = xgb::DMatrix::Create(x);
    ASSERT_TRUE(dm.ok());
    Result<std::vector<float>> want = booster->Predict(*dm);
    ASSERT_TRUE(want.ok());
    Result<std::vector<float>> dense = booster->PredictDense(x.values, x.rows);
    ASSERT_TRUE(dense.ok()) << dense.status().message();
    for (size_t r = 0; r < x.rows; ++r) {
      EXPECT_EQ((*dense)[r], (*want)[r]) << r;  // the same predictor, bit for bit
      const double got = PredictCompiled(*compiled, &x.values[r * x.cols]);
      ASSERT_TRUE(CloseFloat(got, (*want)[r]))
          << r << ": " << got << " vs " << (*want)[r];
    }
  }
}

// The combined-anteversion models split on it (issue 6): otherwise the tests
// below that use them would check nothing new.
TEST_F(PlanCohortTest, CombinedModelsSplitOnTheCombinedAnteversion) {
  ASSERT_EQ(combined_->targets.size(), 3u);
  const size_t feature = combined_->table.features.size() - 1;
  ASSERT_EQ(combined_->table.features[feature].name, "combined_anteversion_deg");
  size_t splits = 0;
  for (const PlanTarget& t : combined_->targets) {
    EXPECT_EQ(t.bundle.card.features[feature].unit, "deg");
    Result<CompiledModel> compiled = CompileXgboostJson(t.bundle.model_json, "m");
    ASSERT_TRUE(compiled.ok());
    for (const CompiledTree& tree : compiled->trees) {
      for (const TreeNode& node : tree.nodes) {
        splits += node.feature == static_cast<int>(feature);
      }
    }
  }
  EXPECT_GT(splits, 20u);
}

TEST_F(PlanCohortTest, PartialEvaluationEqualsXgboostAtRandomPlacements) {
  for (bool combined : {false, true}) {
    const plan_testing::CohortModels& models = Models(combined);
    Result<Planner> planner =
        Planner::Create(models.targets, Patient(350, combined), Coarse());
    ASSERT_TRUE(planner.ok()) << planner.status().message();
    model::SplitMix64 rng(9);
    const auto uniform = [&](double lo, double hi) {
      return lo + static_cast<double>(rng.Next() >> 11) * 0x1.0p-53 * (hi - lo);
    };
    std::vector<PlacementValues> placements;
    for (int i = 0; i < 1000; ++i) {
      placements.push_back({uniform(25, 55), uniform(0, 30), uniform(5, 45),
                            uniform(-5, 20), uniform(-7, 7)});
    }
    for (size_t t = 0; t < models.targets.size(); ++t) {
      FeatureMatrix x;
      x.cols = models.targets[t].bundle.card.features.size();
      for (const PlacementValues& p : placements) {
        const std::vector<float> row = planner->FeatureRow(t, p);
        x.values.insert(x.values.end(), row.begin(), row.end());
        ++x.rows;
      }
      Result<xgb::Booster> booster =
          xgb::Booster::LoadJson(models.targets[t].bundle.model_json);
      ASSERT_TRUE(booster.ok());
      Result<std::vector<float>> want = booster->Predict(*xgb::DMatrix::Create(x));
      ASSERT_TRUE(want.ok());
      for (size_t i = 0; i < placements.size(); ++i) {
        if (combined) {  // the row holds the placement's combined anteversion
          ASSERT_EQ(x.values[i * x.cols + x.cols - 1],
                    CombinedAnteversionFeature(placements[i][1], placements[i][2]));
        }
        Result<PlanPoint> got = planner->Evaluate(placements[i]);
        ASSERT_TRUE(got.ok());
        ASSERT_TRUE(CloseFloat(got->indices[t].value, (*want)[i]))
            << combined << " " << t << " " << i << ": " << got->indices[t].value << " vs "
            << (*want)[i];
      }
    }
  }
}

TEST_F(PlanCohortTest, BranchAndBoundFindsTheBruteForceOptimum) {
  for (int patient : {300, 317, 342, 365, 399}) {
    SCOPED_TRACE(patient);
    BranchAndBoundEqualsBruteForce(models_->targets, Patient(patient));
  }
}

// Issue 6: splits on the combined anteversion, searched exactly.
TEST_F(PlanCohortTest, BranchAndBoundFindsTheBruteForceOptimumWithTheCombinedFeature) {
  for (int patient : {300, 317, 342, 365, 399}) {
    SCOPED_TRACE(patient);
    BranchAndBoundEqualsBruteForce(combined_->targets, Patient(patient, true));
  }
}

void PlanCohortTest::BranchAndBoundEqualsBruteForce(
    const std::vector<PlanTarget>& targets, const PlanPatient& patient) {
  Result<Planner> planner = Planner::Create(targets, patient, Coarse());
  ASSERT_TRUE(planner.ok()) << planner.status().message();
  Result<PlanResult> plan = planner->Plan();
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  Result<PlanPoint> brute = planner->BruteForceOptimum({});
  ASSERT_TRUE(brute.ok());
  EXPECT_EQ(plan->recommended.placement, brute->placement);
  EXPECT_EQ(plan->recommended.objective, brute->objective);
  // Every grid placement evaluated by XGBoost itself reaches the same one.
  size_t points = 0;
  Result<PlanPoint> xgb = planner->XgboostGridOptimum({}, 4096, &points);
  ASSERT_TRUE(xgb.ok()) << xgb.status().message();
  EXPECT_EQ(xgb->placement, plan->recommended.placement);
  EXPECT_EQ(points, plan->grid_points);
  EXPECT_GT(points, 1000u);
  EXPECT_LE(plan->recommended.objective, plan->standard.objective + 1e-12);
}

TEST_F(PlanCohortTest, ReplanWithTheCupFixedFindsTheBruteForceOptimum) {
  for (bool combined : {false, true}) {
    SCOPED_TRACE(combined);
    ReplanWithTheCupFixed(combined);
  }
}

void PlanCohortTest::ReplanWithTheCupFixed(bool combined) {
  Result<Planner> planner =
      Planner::Create(Models(combined).targets, Patient(333, combined), Coarse());
  ASSERT_TRUE(planner.ok());
  Fixed cup;
  cup[0] = 47.3;  // as placed, off the grid
  cup[1] = 11.8;
  Result<PlanResult> replan = planner->Replan(cup);
  ASSERT_TRUE(replan.ok()) << replan.status().message();
  Result<PlanPoint> brute = planner->BruteForceOptimum(cup);
  ASSERT_TRUE(brute.ok());
  EXPECT_EQ(replan->recommended.placement, brute->placement);
  EXPECT_EQ(replan->recommended.placement[0], 47.3);
  EXPECT_EQ(replan->recommended.placement[1], 11.8);
  EXPECT_EQ(replan->standard.placement[0], 47.3);
  Result<PlanPoint> xgb = planner->XgboostGridOptimum(cup);
  ASSERT_TRUE(xgb.ok());
  EXPECT_EQ(xgb->placement, brute->placement);
}

TEST_F(PlanCohortTest, AlternativesAreTheBestDistinctPlacementsInTurn) {
  PlanOptions o = Coarse();
  o.alternatives = 3;
  Result<Planner> planner = Planner::Create(models_->targets, Patient(321), o);
  ASSERT_TRUE(planner.ok());
  Result<PlanResult> plan = planner->Plan();
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->alternatives.size(), 3u);
  const std::vector<PlacementValues> grid = planner->FeasibleGrid({});
  std::vector<PlacementValues> chosen = {plan->recommended.placement};
  const auto distinct = [&](const PlacementValues& x) {
    for (const PlacementValues& c : chosen) {
      bool differs = false;
      for (size_t v = 0; v < kDecisionVarCount; ++v)
        differs |= std::abs(x[v] - c[v]) >= 2;
      if (!differs) return false;
    }
    return true;
  };
  for (const PlanPoint& alt : plan->alternatives) {
    EXPECT_TRUE(distinct(alt.placement));
    double best = INFINITY;
    for (const PlacementValues& x : grid) {
      if (distinct(x)) best = std::min(best, planner->Evaluate(x)->objective);
    }
    EXPECT_NEAR(alt.objective, best, 1e-9);
    EXPECT_GE(alt.objective, plan->recommended.objective);
    chosen.push_back(alt.placement);
  }
}

TEST_F(PlanCohortTest, PlacementsOutsideTheTrainingRangesAreNotSearched) {
  PlanOptions o = Coarse();
  o.profile.cup_inclination_deg = {0, 90, "test: wider than any training data"};
  Result<Planner> planner = Planner::Create(models_->targets, Patient(310), o);
  ASSERT_TRUE(planner.ok());
  double lo = -INFINITY, hi = INFINITY;
  for (const PlanTarget& t : models_->targets) {
    lo = std::max(lo, t.bundle.card.features[3].min);  // cup_inclination_deg
    hi = std::min(hi, t.bundle.card.features[3].max);
  }
  ASSERT_EQ(models_->targets[0].bundle.card.features[3].name, "cup_inclination_deg");
  for (const PlacementValues& x : planner->FeasibleGrid({})) {
    ASSERT_GE(static_cast<float>(x[0]), lo);
    ASSERT_LE(static_cast<float>(x[0]), hi);
  }
  Result<PlanResult> plan = planner->Plan();
  ASSERT_TRUE(plan.ok());
  for (const std::string& flag : plan->recommended.flags) {
    EXPECT_EQ(flag.find("training range"), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace thaplan
