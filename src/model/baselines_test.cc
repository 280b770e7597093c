#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "model/random.h"
#include "thaplan/model.h"

namespace thaplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

FeatureMatrix Matrix(const std::vector<std::vector<double>>& rows) {
  FeatureMatrix x;
  x.rows = rows.size();
  x.cols = rows.empty() ? 0 : rows[0].size();
  for (const auto& row : rows) {
    for (double v : row) x.values.push_back(static_cast<float>(v));
  }
  return x;
}

// Reference fits made once with Debian's scikit-learn 1.2.1 on these data,
// rounded to float32 as FeatureMatrix stores them:
//   X = X.astype(np.float32).astype(np.float64)
//   sc = StandardScaler().fit(X); Z = np.nan_to_num(sc.transform(X), nan=0.0)
//   Ridge(alpha=2.5).fit(Z, y)                                 -> coef_, intercept_
//   LogisticRegression(C=1/2.5, solver="newton-cholesky", tol=1e-14).fit(Z, yb)
//   new row [65, 0.5, nan] -> Z row -> predict / predict_proba
const std::vector<std::vector<double>> kX = {
    {51.98, -1.32, 18.76}, {64.2, 1.14, 20.55},   {kNaN, -0.78, 23.74},
    {76.35, 0.27, 13.83},  {50.42, 1.6, 21.01},   {42.68, -0.08, 14.18},
    {53.71, -0.49, 16.43}, {65.53, -0.06, 17.05}, {64.1, 0.83, 11.78},
    {57.43, -0.98, kNaN},  {47.11, 0.02, 19.81},  {56.96, -1.05, 18.02},
    {49.09, -1.36, 21.12}, {48.91, 1.17, 23.58}};
const std::vector<double> kY = {-2.039, 5.762, 0.338, 4.391, 5.765,  -0.014, 1.472,
                                2.901,  5.827, -0.27, 3.134, -0.351, -0.597, 3.945};
const std::vector<double> kYb = {1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1};

TEST(ModelBaselinesTest, RidgeEqualsScikitLearnRidge) {
  auto m = FitRidge(Matrix(kX), kY, TargetKind::kContinuous, 2.5);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_NEAR(m->center[0], 56.036153059739334, 1e-9);
  EXPECT_NEAR(m->scale[0], 8.97755473298957, 1e-9);
  EXPECT_NEAR(m->scale[2], 3.5586372976695837, 1e-9);
  EXPECT_NEAR(m->coef[0], 0.6582631440968125, 1e-9);
  EXPECT_NEAR(m->coef[1], 1.962390601531891, 1e-9);
  EXPECT_NEAR(m->coef[2], -0.03231444753910818, 1e-9);
  EXPECT_NEAR(m->intercept, 2.1617142857142855, 1e-12);
  const auto pred = PredictRidge(*m, Matrix({{65.0, 0.5, kNaN}}));
  EXPECT_NEAR(pred[0], 4.022961352793752, 1e-9);
}

TEST(ModelBaselinesTest, RidgeLogisticEqualsScikitLearnLogisticRegression) {
  auto m = FitRidge(Matrix(kX), kYb, TargetKind::kBinary, 2.5);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_NEAR(m->coef[0], 0.022379041898146098, 1e-9);
  EXPECT_NEAR(m->coef[1], 0.836816764303813, 1e-9);
  EXPECT_NEAR(m->coef[2], -0.28320148292566955, 1e-9);
  EXPECT_NEAR(m->intercept, 0.6971276785508732, 1e-9);
  EXPECT_NEAR(PredictRidge(*m, Matrix({{65.0, 0.5, kNaN}}))[0], 0.774323334326715, 1e-9);
}

TEST(ModelBaselinesTest, RidgeCvPicksASmallPenaltyForSignalAndALargeOneForNoise) {
  model::SplitMix64 rng(3);
  const auto uniform = [&] { return static_cast<double>(rng.Next() >> 11) * 0x1.0p-53; };
  std::vector<std::vector<double>> rows;
  std::vector<double> signal, noise;
  for (int i = 0; i < 60; ++i) {
    rows.push_back({uniform(), uniform(), uniform()});
    signal.push_back(3 * rows.back()[0] - 2 * rows.back()[1]);
    noise.push_back(uniform());
  }
  RidgeOptions options;
  options.seed = 9;
  auto fit = FitRidgeCv(Matrix(rows), signal, TargetKind::kContinuous, options);
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_EQ(fit->lambda, 1e-3);  // the smallest candidate: the target is exactly linear
  EXPECT_EQ(fit->cv_loss.size(), 29u);
  auto none = FitRidgeCv(Matrix(rows), noise, TargetKind::kContinuous, options);
  ASSERT_TRUE(none.ok());
  EXPECT_GE(none->lambda, 10.0);
  // The same seed gives the same choice and the same losses.
  auto again = FitRidgeCv(Matrix(rows), noise, TargetKind::kContinuous, options);
  EXPECT_EQ(again->cv_loss, none->cv_loss);
}

TEST(ModelBaselinesTest, RidgeRefusesBadTargetsWithReasons) {
  auto nan = FitRidge(Matrix({{1}, {2}}), std::vector<double>{1, kNaN},
                      TargetKind::kContinuous, 1);
  ASSERT_FALSE(nan.ok());
  EXPECT_EQ(nan.status().message(),
            "ridge: target of row 2 = nan: expected a finite number");
  auto one_class =
      FitRidgeCv(Matrix({{1}, {2}, {3}, {4}, {5}}), std::vector<double>{1, 1, 1, 1, 0},
                 TargetKind::kBinary, {});
  ASSERT_FALSE(one_class.ok());
  EXPECT_EQ(one_class.status().message(),
            "ridge: 4 positive of 5 rows: expected at least 2 of each class");
  auto lambda =
      FitRidge(Matrix({{1}, {2}}), std::vector<double>{1, 2}, TargetKind::kContinuous, 0);
  EXPECT_EQ(lambda.status().message(), "ridge: lambda = 0: expected a positive number");
}

TEST(ModelBaselinesTest, MeanAndCarriedForward) {
  EXPECT_DOUBLE_EQ(FitMean(std::vector<double>{1, 2, 6}), 3.0);
  EXPECT_TRUE(std::isnan(FitMean(std::vector<double>{})));
  size_t fallbacks = 0;
  const auto pred =
      PredictCarriedForward(std::vector<double>{2.5, kNaN, 3.1}, 2.8, &fallbacks);
  EXPECT_EQ(pred, (std::vector<double>{2.5, 2.8, 3.1}));
  EXPECT_EQ(fallbacks, 1u);
}

}  // namespace
}  // namespace thaplan
