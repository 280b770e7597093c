// TreeSHAP through XGBoost's own implementation (Lundberg et al., Nature
// Machine Intelligence 2020), shared by training (global importance for the
// card) and prediction (per-patient contributions).
#ifndef THAPLAN_MODEL_SHAP_H_
#define THAPLAN_MODEL_SHAP_H_

#include <cstddef>
#include <vector>

#include "model/xgb.h"
#include "thaplan/train.h"

namespace thaplan::model {

// SHAP values of every row of `x` under `booster`.
Result<ShapValues> ComputeShap(const xgb::Booster& booster, const FeatureMatrix& x);

// The `top` features of `row` by |SHAP|, largest first; ties keep feature
// order, so the listing is deterministic.
std::vector<size_t> TopFeatures(const ShapValues& shap, size_t row, size_t top);

}  // namespace thaplan::model

#endif  // THAPLAN_MODEL_SHAP_H_
