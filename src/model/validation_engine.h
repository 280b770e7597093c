// Internal to validation: fitting XGBoost (tuned by an inner CV) and the
// baselines on one training set, predicting a set of evaluation rows, with
// what CV+ conformal intervals need. Protocols (validation.cc) call FitSplit
// once per outer fold, split, replicate or permutation.
#ifndef THAPLAN_MODEL_VALIDATION_ENGINE_H_
#define THAPLAN_MODEL_VALIDATION_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/xgb.h"
#include "thaplan/validation.h"

namespace thaplan::validation {

// One target's rows (those with a value): features, outcome, pre-op value.
struct TargetData {
  TargetKind kind = TargetKind::kContinuous;
  FeatureMatrix x;
  std::vector<double> y;
  std::vector<double> preop;  // NaN where absent; all NaN without a column
  bool has_preop = false;
  std::vector<std::string> groups;
  size_t n() const { return y.size(); }
};

// The models every protocol reports, in report order.
inline constexpr const char* kModelNames[] = {"xgboost", "mean", "ridge",
                                              "carried_forward"};
enum ModelIndex : size_t { kXgb = 0, kMean = 1, kRidge = 2, kCarried = 3 };
inline constexpr size_t kModelCount = 4;

// XGBoost parameters for a configuration: hist trees, one thread (callers
// parallelise over tasks), the objective of the target kind, and `seed`.
xgb::Params ParamsFor(const XgbConfig& config, TargetKind kind, uint64_t xgb_seed);

// Loss a tuning minimises: squared error, or log loss (probability clipped
// to [1e-15, 1 - 1e-15]) for binary targets.
double Loss(TargetKind kind, double y, double prediction);

struct FitRequest {
  std::span<const size_t> train;  // rows of the data (may repeat: bootstrap)
  std::span<const size_t> eval;   // rows to predict
  uint64_t seed = 0;              // folds of the inner CV and the ridge CV
  uint64_t xgb_seed = 0;          // XGBoost's `seed` parameter
  bool tune = true;               // false: candidates[0], no inner CV
  bool conformal = false;         // keep what CV+ needs (forces the inner CV)
  bool baselines = true;          // fit mean, ridge and carried forward too
  bool keep_model = false;        // keep the XGBoost model in SplitFit::model
};

struct SplitFit {
  // Predictions for the eval rows, per model (kModelNames order); empty for
  // models not fitted (baselines = false; carried forward without pre-op).
  std::vector<double> predictions[kModelCount];
  size_t chosen = 0;     // candidate index used for XGBoost
  size_t fallbacks = 0;  // carried forward: eval rows given the mean
  // CV+ (Barber et al. 2021) for the chosen candidate: inner_eval[k][j] is
  // the prediction for eval row j of the model fitted without inner fold k;
  // for each training position i, its inner fold and |out-of-fold residual|.
  std::vector<std::vector<double>> inner_eval;
  std::vector<size_t> inner_fold;
  std::vector<double> inner_abs_residual;
  // Positions (into FitRequest::train) of each inner fold, when one was run.
  std::vector<std::vector<size_t>> inner_test;
  // The XGBoost model that made `predictions` (FitRequest::keep_model).
  std::optional<xgb::Booster> model;
};

// `y` may differ from data.y (permuted labels); x, preop come from `data`.
Result<SplitFit> FitSplit(const TargetData& data, std::span<const double> y,
                          const std::vector<XgbConfig>& candidates, size_t inner_folds,
                          const FitRequest& request);

// CV+ interval for eval row j at `level` (Barber et al. 2021, sec. 3, "CV+"):
// lower = the floor(alpha (m + 1))-th smallest of mu_{-k(i)}(x) - R_i,
// upper = the ceil((1 - alpha)(m + 1))-th smallest of mu_{-k(i)}(x) + R_i,
// alpha = 1 - level, over the m training positions; +-infinity when that
// order statistic does not exist.
std::pair<double, double> CvPlusInterval(const SplitFit& fit, size_t j, double level);

// The ceil(level (m + 1))-th smallest of the m values (the split-conformal
// quantile; +infinity when m is too small).
double ConformalQuantile(std::vector<double> abs_residuals, double level);

}  // namespace thaplan::validation

#endif  // THAPLAN_MODEL_VALIDATION_ENGINE_H_
