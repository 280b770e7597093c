#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "thaplan/model.h"

namespace thaplan {
namespace {

// Reference values were computed once with Debian's scikit-learn 1.2.1
// (/usr/bin/python3):
//   from sklearn.metrics import r2_score, mean_squared_error, mean_absolute_error,
//       roc_auc_score, brier_score_loss
//   from sklearn.linear_model import LinearRegression, LogisticRegression
//   r2_score(y, p); mean_squared_error(y, p, squared=False); mean_absolute_error(y, p)
//   LinearRegression().fit(p.reshape(-1, 1), y)            -> intercept_, coef_
//   roc_auc_score(yb, pb); brier_score_loss(yb, pb)
//   L = log(pb / (1 - pb)); LogisticRegression(penalty=None,
//       solver="newton-cholesky", tol=1e-14).fit(L.reshape(-1, 1), yb).coef_
//                                                         -> calibration slope
const std::vector<double> kY = {3.0, -0.5, 2.0, 7.0, 4.2, 1.1};
const std::vector<double> kP = {2.5, 0.0, 2.0, 8.0, 3.9, 1.5};
const std::vector<double> kYb = {0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1};
const std::vector<double> kPb = {0.1, 0.4, 0.35, 0.8, 0.2,  0.9,
                                 0.6, 0.6, 0.7,  0.3, 0.45, 0.95};

TEST(ModelMetricsTest, HandWorkedRegression) {
  // y = 1 2 3, prediction 1 2 4: SS_res = 1, SS_tot = 2 -> R^2 = 0.5;
  // RMSE = sqrt(1/3); MAE = 1/3. OLS of y on p: mean p = 7/3, Sxy = 3,
  // Sxx = 14/3 -> slope 9/14, intercept 2 - 9/14 * 7/3 = 0.5.
  const std::vector<double> y = {1, 2, 3};
  const std::vector<double> p = {1, 2, 4};
  const RegressionMetrics m = EvaluateRegression(y, p);
  EXPECT_EQ(m.n, 3u);
  EXPECT_DOUBLE_EQ(m.r2, 0.5);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(1.0 / 3.0));
  EXPECT_DOUBLE_EQ(m.mae, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.calibration.slope, 9.0 / 14.0);
  EXPECT_NEAR(m.calibration.intercept, 0.5, 1e-15);
}

TEST(ModelMetricsTest, RegressionMatchesScikitLearn) {
  EXPECT_NEAR(R2Score(kY, kP), 0.9486200822078684, 1e-15);
  EXPECT_NEAR(Rmse(kY, kP), 0.5400617248673217, 1e-15);
  EXPECT_NEAR(Mae(kY, kP), 0.45, 1e-15);
  const Calibration c = LinearCalibration(kY, kP);
  EXPECT_NEAR(c.intercept, 0.04237981292147275, 1e-13);
  EXPECT_NEAR(c.slope, 0.9243419621492273, 1e-13);
}

TEST(ModelMetricsTest, R2OfAConstantTargetFollowsScikitLearn) {
  // sklearn (force_finite=True): 1.0 for an exact fit, 0.0 otherwise.
  const std::vector<double> y = {2, 2, 2};
  EXPECT_EQ(R2Score(y, std::vector<double>{2, 2, 2}), 1.0);
  EXPECT_EQ(R2Score(y, std::vector<double>{2, 2, 3}), 0.0);
  // Worse than the mean is negative: predicting 3 2 1 for 1 2 3 -> 1 - 8/2.
  EXPECT_DOUBLE_EQ(R2Score(std::vector<double>{1, 2, 3}, std::vector<double>{3, 2, 1}),
                   -3.0);
  EXPECT_TRUE(std::isnan(R2Score(std::vector<double>{1}, std::vector<double>{1})));
}

TEST(ModelMetricsTest, CalibrationOfConstantPredictionsIsUndefined) {
  const Calibration c = LinearCalibration(kY, std::vector<double>(kY.size(), 2.8));
  EXPECT_TRUE(std::isnan(c.intercept));
  EXPECT_TRUE(std::isnan(c.slope));
}

TEST(ModelMetricsTest, AucHandWorkedWithTies) {
  // scikit-learn's documentation example: 3 of 4 pairs ranked right.
  EXPECT_DOUBLE_EQ(
      Auc(std::vector<double>{0, 0, 1, 1}, std::vector<double>{0.1, 0.4, 0.35, 0.8}),
      0.75);
  // Pairs (pos, neg): (0.5, 0.5) tie = 1/2, (0.5, 0.2), (0.9, 0.5), (0.9, 0.2)
  // right -> 3.5 / 4.
  EXPECT_DOUBLE_EQ(
      Auc(std::vector<double>{0, 1, 0, 1}, std::vector<double>{0.5, 0.5, 0.2, 0.9}),
      0.875);
  EXPECT_TRUE(std::isnan(Auc(std::vector<double>{1, 1}, std::vector<double>{0.2, 0.3})));
}

TEST(ModelMetricsTest, BinaryMatchesScikitLearn) {
  // Brier by hand for the first four: (0.01 + 0.16 + 0.4225 + 0.04) / 4.
  EXPECT_DOUBLE_EQ(
      Brier(std::vector<double>{0, 0, 1, 1}, std::vector<double>{0.1, 0.4, 0.35, 0.8}),
      0.6325 / 4);
  const BinaryMetrics m = EvaluateBinary(kYb, kPb);
  EXPECT_EQ(m.n, 12u);
  EXPECT_EQ(m.positives, 7u);
  EXPECT_NEAR(m.auc, 0.9, 1e-15);  // sklearn: 0.8999999999999999
  EXPECT_NEAR(m.brier, 0.14062500000000003, 1e-15);
  EXPECT_NEAR(m.calibration.slope, 1.9188139461167446, 1e-9);
}

TEST(ModelMetricsTest, CalibrationInTheLargeSolvesItsScoreEquation) {
  // The intercept a with logit(p) as offset makes the mean recalibrated
  // probability equal the observed rate (7 of 12).
  const Calibration c = LogisticCalibration(kYb, kPb);
  double sum = 0;
  for (double p : kPb)
    sum += 1.0 / (1.0 + std::exp(-(c.intercept + std::log(p / (1 - p)))));
  EXPECT_NEAR(sum, 7.0, 1e-9);
  EXPECT_NEAR(c.intercept, 0.3015974929250545, 1e-9);  // numpy Newton, same equation
  // One class only: no calibration at all.
  const Calibration none = LogisticCalibration(std::vector<double>{1, 1, 1},
                                               std::vector<double>{0.2, 0.5, 0.9});
  EXPECT_TRUE(std::isnan(none.slope));
  EXPECT_TRUE(std::isnan(none.intercept));
}

TEST(ModelMetricsTest, PerfectSeparationHasNoCalibrationSlope) {
  const Calibration c = LogisticCalibration(std::vector<double>{0, 0, 1, 1},
                                            std::vector<double>{0.1, 0.2, 0.8, 0.9});
  EXPECT_TRUE(std::isnan(c.slope));
}

TEST(ModelMetricsTest, R2GradesFollowTheSeedStudyBands) {
  EXPECT_EQ(GradeR2(-0.4), R2Grade::kLow);
  EXPECT_EQ(GradeR2(0.05), R2Grade::kLow);  // the seed study's symmetry model
  EXPECT_EQ(GradeR2(0.1), R2Grade::kSomewhatLow);
  EXPECT_EQ(GradeR2(0.2999), R2Grade::kSomewhatLow);
  EXPECT_EQ(GradeR2(0.3), R2Grade::kStandard);
  EXPECT_EQ(GradeR2(0.6), R2Grade::kHigh);
  EXPECT_EQ(GradeR2(0.9), R2Grade::kVeryHigh);
  EXPECT_EQ(GradeR2(std::nan("")), R2Grade::kUndefined);
  EXPECT_EQ(R2GradeName(GradeR2(0.2)), "somewhat low");
  EXPECT_EQ(R2GradeName(GradeR2(0.95)), "very high");
}

TEST(ModelBootstrapTest, PercentilesInterpolateLikeNumpy) {
  // The statistic returns 0 for the full sample and k for replicate k, so the
  // replicate values are 1..2000. numpy.quantile(range(1, 2001), 0.025):
  // h = 0.025 * 1999 = 49.975 -> 50 + 0.975 = 50.975; at 0.975: 1950.025.
  int calls = 0;
  const Interval ci = PercentileBootstrap(
      10, [&](std::span<const size_t>) { return static_cast<double>(calls++); }, {});
  EXPECT_EQ(ci.estimate, 0.0);
  EXPECT_EQ(ci.replicates, 2000);
  EXPECT_EQ(ci.undefined, 0);
  EXPECT_NEAR(ci.lower, 50.975, 1e-9);
  EXPECT_NEAR(ci.upper, 1950.025, 1e-9);
}

TEST(ModelBootstrapTest, MeanIntervalMatchesTheNormalTheoryWidthAndIsSeeded) {
  // 400 values evenly spread on [0, 1]: SD = sqrt(1/12), so the 95 % interval
  // of the mean is about 0.5 +- 1.96 * 0.2887 / 20 = 0.5 +- 0.0283.
  std::vector<double> v(400);
  for (size_t i = 0; i < v.size(); ++i) v[i] = (static_cast<double>(i) + 0.5) / 400.0;
  const auto mean = [&](std::span<const size_t> rows) {
    double s = 0;
    for (size_t r : rows) s += v[r];
    return s / static_cast<double>(rows.size());
  };
  BootstrapOptions options;
  options.seed = 11;
  const Interval a = PercentileBootstrap(v.size(), mean, options);
  EXPECT_DOUBLE_EQ(a.estimate, 0.5);
  EXPECT_NEAR(a.upper - a.lower, 2 * 0.0283, 0.006);
  EXPECT_NEAR((a.upper + a.lower) / 2, 0.5, 0.004);
  const Interval again = PercentileBootstrap(v.size(), mean, options);
  EXPECT_EQ(again.lower, a.lower);
  EXPECT_EQ(again.upper, a.upper);
  options.seed = 12;
  EXPECT_NE(PercentileBootstrap(v.size(), mean, options).lower, a.lower);
}

TEST(ModelBootstrapTest, UndefinedReplicatesAreCountedAndLeftOut) {
  // AUC of a resample that drew one class only is undefined.
  const std::vector<double> y = {0, 1, 0};
  const std::vector<double> s = {0.1, 0.9, 0.2};
  const auto auc = [&](std::span<const size_t> rows) {
    std::vector<double> yy, ss;
    for (size_t r : rows) {
      yy.push_back(y[r]);
      ss.push_back(s[r]);
    }
    return Auc(yy, ss);
  };
  BootstrapOptions options;
  options.replicates = 500;
  const Interval ci = PercentileBootstrap(y.size(), auc, options);
  EXPECT_EQ(ci.estimate, 1.0);
  EXPECT_GT(ci.undefined, 0);
  EXPECT_EQ(ci.replicates + ci.undefined, 500);
  // P(no positive) = (2/3)^3 = 8/27, P(no negative) = 1/27: 9/27 of 500 ~ 167.
  EXPECT_NEAR(ci.undefined, 500.0 / 3.0, 35);
  EXPECT_EQ(ci.lower, 1.0);
}

}  // namespace
}  // namespace thaplan
