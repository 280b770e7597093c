// Validation on simulated tables with known truth: y = f(X) + noise with the
// noise set so that the oracle R^2 (var f / var y) is known.
#include "thaplan/validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "model/random.h"
#include "model/validation_testing.h"
#include "thaplan/train.h"

namespace thaplan {
namespace {

double Normal(model::SplitMix64* rng) {
  // Box-Muller.
  const double u1 = (static_cast<double>(rng->Next() >> 11) + 0.5) * 0x1.0p-53;
  const double u2 = static_cast<double>(rng->Next() >> 11) * 0x1.0p-53;
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// n rows, 6 standard-normal features of which 3 carry signal:
// f = x0 + 0.5 x1 - 0.5 x2 (variance 1.5); noise variance 1.5 (1 - r2) / r2,
// so the oracle R^2 is r2 (r2 = 0: pure noise). The pre-op column is
// f / 2 + noise; `sites` sites in turn.
Table Simulate(size_t n, double r2, uint64_t seed, size_t sites = 1) {
  model::SplitMix64 rng(seed);
  Table t;
  t.source = "simulated";
  t.x.rows = n;
  t.x.cols = 6;
  for (size_t c = 0; c < 6; ++c)
    t.features.push_back({"x" + std::to_string(c), "", "", ""});
  TargetColumn target;
  target.spec.name = target.spec.column = "y";
  target.spec.preop_column = "preop_y";
  const double noise_sd = r2 > 0 ? std::sqrt(1.5 * (1 - r2) / r2) : 1.0;
  for (size_t r = 0; r < n; ++r) {
    double x[6];
    for (double& v : x) v = Normal(&rng);
    for (double v : x) t.x.values.push_back(static_cast<float>(v));
    const double f = r2 > 0 ? x[0] + 0.5 * x[1] - 0.5 * x[2] : 0.0;
    target.values.push_back(10 + f + noise_sd * Normal(&rng));
    target.preop.push_back(10 + f / 2 + Normal(&rng));
    t.groups.push_back("site" + std::to_string(r % sites));
    t.keys.push_back("row " + std::to_string(r + 1));
  }
  t.targets.push_back(std::move(target));
  return t;
}

// A quick configuration: one candidate (no tuning), shallow trees.
ValidationOptions Quick(Protocol p) {
  ValidationOptions o;
  o.protocols = {p};
  o.grid.max_depth = {2};
  o.grid.eta = {0.1};
  o.grid.rounds = {60};
  o.repeats = 1;
  o.ci_replicates = 200;
  return o;
}

using model::testing::Model;

TEST(ValidationTest, CrossValidatedR2ApproachesTheOracleAsNGrows) {
  ValidationOptions o = Quick(Protocol::kRepeatedCv);
  o.grid.rounds = {300};
  o.conformal_levels = {};
  double error_small = 0, error_large = 0;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    auto small = Validate(Simulate(60, 0.5, seed), o);
    auto large = Validate(Simulate(1000, 0.5, seed + 10), o);
    ASSERT_TRUE(small.ok() && large.ok());
    const double r_small =
        Model(small->targets[0].protocols[0], "xgboost").metrics.at("r2").value;
    const double r_large =
        Model(large->targets[0].protocols[0], "xgboost").metrics.at("r2").value;
    error_small += std::abs(r_small - 0.5) / 3;
    error_large += std::abs(r_large - 0.5) / 3;
    // Shallow trees approximate the linear signal by steps: below the oracle.
    EXPECT_NEAR(r_large, 0.5, 0.12) << "seed " << seed;
    // Ridge fits the true (linear) model: closer.
    EXPECT_NEAR(Model(large->targets[0].protocols[0], "ridge").metrics.at("r2").value,
                0.5, 0.06);
  }
  EXPECT_LT(error_large, error_small);
}

TEST(ValidationTest, PermutationTestRejectsOnlyWithSignal) {
  ValidationOptions o = Quick(Protocol::kPermutation);
  o.grid.rounds = {30};
  o.grid.eta = {0.3};
  o.folds = 3;
  o.ci_replicates = 0;
  o.permutations = 19;  // smallest possible p = 1 / 20 = 0.05
  auto signal = Validate(Simulate(120, 0.4, 5), o);
  ASSERT_TRUE(signal.ok()) << signal.status().message();
  const PermutationTest& t =
      *Model(signal->targets[0].protocols[0], "xgboost").permutation;
  EXPECT_EQ(t.at_least_observed, 0);
  EXPECT_DOUBLE_EQ(t.p_value, 0.05);
  EXPECT_GT(t.observed, 0.1);
  int rejections = 0;
  for (uint64_t seed = 20; seed < 24; ++seed) {
    auto noise = Validate(Simulate(120, 0, seed), o);
    ASSERT_TRUE(noise.ok());
    const PermutationTest& n =
        *Model(noise->targets[0].protocols[0], "xgboost").permutation;
    EXPECT_EQ(n.permutations, 19);
    rejections += n.p_value <= 0.05 ? 1 : 0;
  }
  EXPECT_LE(rejections, 1);  // each run rejects with probability 0.05
}

TEST(ValidationTest, ConformalCoverageIsNominalOverSimulations) {
  ValidationOptions o = Quick(Protocol::kRepeatedCv);
  o.ci_replicates = 0;
  o.grid.inner_folds = 5;
  double covered80 = 0, covered90 = 0, stored90 = 0, n = 0;
  for (uint64_t seed = 100; seed < 115; ++seed) {
    o.seed = seed;
    auto r = Validate(Simulate(200, 0.4, seed), o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    for (const ConformalCoverage& c : r->targets[0].protocols[0].conformal) {
      const double hits = c.coverage * static_cast<double>(c.n);
      if (c.method == "cv_plus" && c.level == 0.8) covered80 += hits;
      if (c.method == "cv_plus" && c.level == 0.9)
        covered90 += hits, n += static_cast<double>(c.n);
      if (c.method == "stored_quantile" && c.level == 0.9) stored90 += hits;
    }
  }
  ASSERT_EQ(n, 15 * 200);
  EXPECT_NEAR(covered80 / n, 0.8, 0.03);
  EXPECT_NEAR(covered90 / n, 0.9, 0.03);
  EXPECT_NEAR(stored90 / n, 0.9, 0.03);
}

TEST(ValidationTest, SameSeedSameReportWhateverTheThreads) {
  ValidationOptions o = Quick(Protocol::kRepeatedCv);
  o.protocols = {Protocol::kRepeatedCv, Protocol::kBootstrap, Protocol::kSeed};
  o.grid.max_depth = {2, 3};  // tuning on
  o.grid.rounds = {20, 40};
  o.bootstrap_replicates = 6;
  o.seed_splits = 6;
  o.repeats = 2;
  const Table table = Simulate(120, 0.3, 9);
  o.threads = 1;
  auto one = Validate(table, o);
  o.threads = 2;
  auto two = Validate(table, o);
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(ToJson(*one).dump(), ToJson(*two).dump());
  o.seed = 1;
  auto other = Validate(table, o);
  EXPECT_NE(ToJson(*one).dump(), ToJson(*other).dump());
}

TEST(ValidationTest, LeaveOneSiteOutTestsEachSiteOnce) {
  auto r = Validate(Simulate(90, 0.3, 3, 3), Quick(Protocol::kLeaveOneSiteOut));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const ModelResult& m = Model(r->targets[0].protocols[0], "xgboost");
  ASSERT_EQ(m.sites.size(), 3u);
  for (size_t s = 0; s < 3; ++s) {
    EXPECT_EQ(m.sites[s].site, "site" + std::to_string(s));
    EXPECT_EQ(m.sites[s].n, 30u);
  }
  EXPECT_EQ(m.n, 90u);
  auto single = Validate(Simulate(40, 0.3, 3, 1), Quick(Protocol::kLeaveOneSiteOut));
  ASSERT_TRUE(single.ok());
  EXPECT_TRUE(single->targets[0].protocols[0].models.empty());
  EXPECT_EQ(single->targets[0].protocols[0].notes.at(0),
            "not run: the rows come from 1 site; leave-one-site-out needs at least 2");
}

TEST(ValidationTest, SeedProtocolGradesOneSplitAndShowsTheSpread) {
  ValidationOptions o = Quick(Protocol::kSeed);
  o.seed_splits = 20;
  auto r = Validate(Simulate(100, 0.3, 4), o);
  ASSERT_TRUE(r.ok());
  const ModelResult& m = Model(r->targets[0].protocols[0], "xgboost");
  EXPECT_EQ(m.n, 30u);  // 30 % of 100
  EXPECT_EQ(m.spread.at("r2").count, 20u);
  double shares = 0;
  for (const auto& [grade, share] : m.grade_share) shares += share;
  EXPECT_DOUBLE_EQ(shares, 1.0);
  EXPECT_EQ(m.grade, R2GradeName(GradeR2(m.metrics.at("r2").value)));
  const Estimate& e = m.metrics.at("r2");
  EXPECT_LE(e.lower, e.value);
  EXPECT_GE(e.upper, e.value);
}

TEST(ValidationTest, BootstrapOptimismIsPositiveForTheTrees) {
  ValidationOptions o = Quick(Protocol::kBootstrap);
  o.bootstrap_replicates = 10;
  auto r = Validate(Simulate(100, 0.3, 6), o);
  ASSERT_TRUE(r.ok());
  const Estimate& e = Model(r->targets[0].protocols[0], "xgboost").metrics.at("r2");
  EXPECT_GT(e.optimism, 0.05);  // 60 trees of depth 2 fit 100 rows closely
  EXPECT_DOUBLE_EQ(e.value, e.apparent - e.optimism);
  EXPECT_LT(e.value, e.apparent);
}

// R2 = 1 - MSE / Var(y), so an RMSE and an R2 corrected for the same
// optimism must agree: 1 - RMSE^2 / Var(y) = R2, up to the bootstrap
// samples' own variances (a few thousandths here). The RMSE corrected on its
// own scale broke this (an RMSE above the SD of y beside an R2 near 0).
TEST(ValidationTest, BootstrapRmseAgreesWithTheCorrectedR2) {
  ValidationOptions o = Quick(Protocol::kBootstrap);
  o.bootstrap_replicates = 10;
  const Table t = Simulate(100, 0.3, 6);
  auto r = Validate(t, o);
  ASSERT_TRUE(r.ok());
  const std::vector<double>& y = t.targets[0].values;
  double mean = 0, var = 0;
  for (double v : y) mean += v / static_cast<double>(y.size());
  for (double v : y) var += (v - mean) * (v - mean) / static_cast<double>(y.size());
  for (const char* name : {"xgboost", "ridge"}) {
    const ModelResult& m = Model(r->targets[0].protocols[0], name);
    const Estimate& r2 = m.metrics.at("r2");
    const Estimate& rmse = m.metrics.at("rmse");
    EXPECT_NEAR(1 - rmse.value * rmse.value / var, r2.value, 0.02) << name;
    EXPECT_NEAR(1 - rmse.apparent * rmse.apparent / var, r2.apparent, 1e-9) << name;
    EXPECT_DOUBLE_EQ(rmse.value, rmse.apparent - rmse.optimism) << name;
    EXPECT_LE(rmse.lower, rmse.value) << name;
    EXPECT_GE(rmse.upper, rmse.value) << name;
  }
}

TEST(ValidationTest, JsonShowsUndefinedMetricsAsNull) {
  ValidationOptions o = Quick(Protocol::kSeed);
  o.seed_splits = 2;
  auto r = Validate(Simulate(60, 0.3, 2), o);
  ASSERT_TRUE(r.ok());
  const nlohmann::json j = ToJson(*r);
  const nlohmann::json& models = j["targets"][0]["protocols"][0]["models"];
  ASSERT_EQ(models[1]["model"], "mean");
  // The training mean of the single split is a constant prediction, which has
  // no calibration slope.
  EXPECT_TRUE(models[1]["metrics"]["calibration_slope"]["value"].is_null());
  EXPECT_TRUE(models[0]["metrics"]["r2"]["value"].is_number());
  EXPECT_EQ(j["targets"][0]["residual_quantiles"].size(), 2u);
}

TEST(ValidationTest, BinaryTargetsReportAucBrierAndCalibration) {
  Table t = Simulate(200, 0.5, 8);
  TargetColumn& c = t.targets[0];
  c.spec.kind = TargetKind::kBinary;
  c.spec.name = "y>=10";
  for (double& v : c.values) v = v >= 10 ? 1.0 : 0.0;
  for (double& v : c.preop) v = v >= 10 ? 1.0 : 0.0;
  auto r = Validate(t, Quick(Protocol::kRepeatedCv));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const ProtocolResult& p = r->targets[0].protocols[0];
  EXPECT_NE(p.design.find("(stratified)"), std::string::npos);
  EXPECT_TRUE(p.conformal.empty());  // intervals are for continuous targets
  const ModelResult& m = Model(p, "xgboost");
  // The latent R^2 of 0.5 gives an informative classifier: chance is 0.5 and
  // the AUC's standard error at n = 200 is about 0.035.
  EXPECT_GT(m.metrics.at("auc").value, 0.65);
  EXPECT_LT(m.metrics.at("brier").value, 0.25);  // better than a coin
  EXPECT_EQ(m.metrics.count("r2"), 0u);
  EXPECT_TRUE(m.grade.empty());
  EXPECT_NEAR(Model(p, "mean").metrics.at("brier").value, 0.25, 0.01);
}

TEST(ValidationTest, ReportCarriesOutOfFoldPredictionsAndSplitValues) {
  const Table table = Simulate(100, 0.3, 5);
  auto r = Validate(table, Quick(Protocol::kRepeatedCv));  // one repeat
  ASSERT_TRUE(r.ok());
  const ProtocolResult& p = r->targets[0].protocols[0];
  EXPECT_EQ(p.observed, table.targets[0].values);
  const ModelResult& m = Model(p, "xgboost");
  ASSERT_EQ(m.oof.size(), 100u);
  // With one repeat the estimate is the metric of exactly these predictions.
  EXPECT_DOUBLE_EQ(m.metrics.at("r2").value, R2Score(p.observed, m.oof));
  EXPECT_EQ(r->targets[0].data_sha256, TrainingTableSha256(table, 0));
  EXPECT_EQ(r->targets[0].mean_abs_shap.size(), 6u);
  // x0 carries the most signal, x3..x5 none.
  EXPECT_GT(r->targets[0].mean_abs_shap[0], 2 * r->targets[0].mean_abs_shap[3]);

  ValidationOptions o = Quick(Protocol::kSeed);
  o.seed_splits = 7;
  r = Validate(table, o);
  ASSERT_TRUE(r.ok());
  const ModelResult& s = Model(r->targets[0].protocols[0], "xgboost");
  ASSERT_EQ(s.split_values.size(), 7u);
  EXPECT_EQ(s.split_values[0], s.metrics.at("r2").value);  // the single split
  double mean = 0;
  for (double v : s.split_values) mean += v / 7;
  EXPECT_NEAR(mean, s.spread.at("r2").mean, 1e-12);
  const nlohmann::json j = ToJson(*r);
  EXPECT_EQ(j["targets"][0]["protocols"][0]["models"][0]["split_values"].size(), 7u);
  EXPECT_EQ(j["rows"], 100);
  EXPECT_EQ(j["options"]["seed_splits"], 7);
  EXPECT_FALSE(j["options"].contains("threads"));
}

TEST(ValidationTest, RefusesTooFewRowsAndBadOptions) {
  auto r = Validate(Simulate(8, 0.3, 2), Quick(Protocol::kRepeatedCv));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "validation: target 'y': 8 rows with a value: expected at least 10");
  ValidationOptions o = Quick(Protocol::kRepeatedCv);
  o.folds = 1;
  r = Validate(Simulate(30, 0.3, 2), o);
  EXPECT_EQ(r.status().message(), "validation options: folds = 1: expected at least 2");
  o = Quick(Protocol::kRepeatedCv);
  o.grid.eta = {0};
  r = Validate(Simulate(30, 0.3, 2), o);
  EXPECT_EQ(r.status().message(),
            "validation options: grid.eta = 0: expected 0 < eta <= 1");
}

}  // namespace
}  // namespace thaplan
