#include "model/shap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/train_testing.h"

namespace thaplan {
namespace {

using model::testing::LinearTable;

PredictionInput AllRows(const Table& table) {
  return {table.x, std::vector<std::string>(table.rows(), "row"), {}};
}

TEST(ShapTest, ContributionsAndBiasSumToThePrediction) {
  const Table table = LinearTable(150, {1.5, -1, 0.5, 0}, 0.2, 11);
  auto bundle = TrainModel(table, 0, model::testing::OptionsFor(table));
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  auto shap = ExplainRows(*bundle, table.x);
  ASSERT_TRUE(shap.ok()) << shap.status().message();
  PredictOptions options;
  options.top = 4;
  auto predictions = PredictWithBundle(*bundle, AllRows(table), options);
  ASSERT_TRUE(predictions.ok());
  for (size_t r = 0; r < table.rows(); ++r) {
    double sum = shap->bias[r];
    for (size_t f = 0; f < shap->features; ++f) sum += shap->at(r, f);
    // XGBoost's own prediction, not ours: float32 arithmetic over 200 trees.
    EXPECT_NEAR(sum, (*predictions)[r].prediction, 1e-4) << "row " << r;
    // The listed contributions are the row's, largest |SHAP| first.
    const std::vector<Contribution>& top = (*predictions)[r].top;
    ASSERT_EQ(top.size(), 4u);
    double listed = (*predictions)[r].bias;
    for (size_t i = 0; i < top.size(); ++i) {
      EXPECT_EQ(top[i].shap, shap->at(r, top[i].feature));
      EXPECT_EQ(top[i].value, table.x.at(r, top[i].feature));
      if (i > 0) {
        EXPECT_GE(std::fabs(top[i - 1].shap), std::fabs(top[i].shap));
      }
      listed += top[i].shap;
    }
    EXPECT_NEAR(listed, (*predictions)[r].prediction, 1e-4);  // all 4 features listed
  }
  // The card shows the float bias as its shortest decimal.
  EXPECT_EQ(static_cast<float>(shap->bias.front()),
            static_cast<float>(bundle->card.shap_bias));
}

TEST(ShapTest, GlobalImportanceRanksTheDominantFeatureFirst) {
  // y = 4 x0 + 1 x1 + noise, x uniform on [-1, 1] and independent. For an
  // additive model the SHAP value of x_j is coef_j (x_j - E x_j) (Lundberg &
  // Lee 2017, linear case), so mean |SHAP| = |coef_j| E|x_j| = |coef_j| / 2:
  // 2 for x0, 0.5 for x1 and 0 for the others.
  const Table table = LinearTable(600, {4, 1, 0, 0, 0}, 0.2, 12);
  TrainOptions options = model::testing::OptionsFor(table);
  options.rounds = 300;
  auto bundle = TrainModel(table, 0, options);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  std::vector<double> importance;
  for (const CardFeature& f : bundle->card.features)
    importance.push_back(f.mean_abs_shap);
  EXPECT_NEAR(importance[0], 2.0, 0.2);
  EXPECT_NEAR(importance[1], 0.5, 0.1);
  for (size_t f = 2; f < 5; ++f) EXPECT_LT(importance[f], 0.1) << "x" << f;
  // The card's importance is the mean |SHAP| over the training rows.
  auto shap = ExplainRows(*bundle, table.x);
  ASSERT_TRUE(shap.ok());
  const std::vector<double> again = MeanAbsShap(*shap);
  for (size_t f = 0; f < 5; ++f) EXPECT_EQ(again[f], importance[f]);
}

TEST(ShapTest, MeanAbsShapByHand) {
  ShapValues shap;
  shap.rows = 2;
  shap.features = 2;
  shap.values = {1, -3, -2, 0.5};
  EXPECT_EQ(MeanAbsShap(shap), (std::vector<double>{1.5, 1.75}));
  EXPECT_EQ(model::TopFeatures(shap, 0, 1), (std::vector<size_t>{1}));
  EXPECT_EQ(model::TopFeatures(shap, 1, 5), (std::vector<size_t>{0, 1}));
}

}  // namespace
}  // namespace thaplan
