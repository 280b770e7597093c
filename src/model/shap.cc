#include "model/shap.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace thaplan {
namespace model {

Result<ShapValues> ComputeShap(const xgb::Booster& booster, const FeatureMatrix& x) {
  THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix matrix, xgb::DMatrix::Create(x));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<float> raw, booster.PredictContributions(matrix));
  // XGBoost gives rows x (features + 1): the features, then the bias.
  ShapValues shap;
  shap.rows = x.rows;
  shap.features = x.cols;
  shap.values.reserve(x.rows * x.cols);
  for (size_t row = 0; row < x.rows; ++row) {
    const float* first = raw.data() + row * (x.cols + 1);
    double margin = first[x.cols];
    for (size_t feature = 0; feature < x.cols; ++feature) {
      shap.values.push_back(first[feature]);
      margin += first[feature];
    }
    shap.bias.push_back(first[x.cols]);
    shap.margin.push_back(margin);
  }
  return shap;
}

std::vector<size_t> TopFeatures(const ShapValues& shap, size_t row, size_t top) {
  std::vector<size_t> order(shap.features);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::fabs(shap.at(row, a)) > std::fabs(shap.at(row, b));
  });
  order.resize(std::min(top, order.size()));
  return order;
}

}  // namespace model

std::vector<double> MeanAbsShap(const ShapValues& shap) {
  std::vector<double> mean(shap.features, 0.0);
  if (shap.rows == 0) return mean;
  for (size_t row = 0; row < shap.rows; ++row) {
    for (size_t feature = 0; feature < shap.features; ++feature) {
      mean[feature] += std::fabs(shap.at(row, feature));
    }
  }
  for (double& m : mean) m /= static_cast<double>(shap.rows);
  return mean;
}

Result<ShapValues> ExplainRows(const ModelBundle& bundle, const FeatureMatrix& x) {
  THAPLAN_ASSIGN_OR_RETURN(xgb::Booster booster,
                           xgb::Booster::LoadJson(bundle.model_json));
  return model::ComputeShap(booster, x);
}

}  // namespace thaplan
