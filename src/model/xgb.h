// A small RAII wrapper over the XGBoost 1.7 C API.
//
// Every C call returns 0 or -1 and leaves its message in XGBGetLastError();
// THAPLAN_XGB_CHECK (xgb.cc) turns -1 into a Status carrying the first line of
// that message (XGBoost appends a timestamp and a stack trace, dropped here).
//
// Reproducibility: training is a pure function of the data, the parameters
// and the rounds. With XGBoost 1.7's CPU tree methods (exact, approx, hist)
// the model bytes are the same whatever `nthread` (xgb_test.cc checks it,
// with row and column subsampling), so callers may choose the thread count
// freely; the seed is the `seed` parameter.
//
// Thread safety: a Booster or DMatrix is used from one thread at a time.
#ifndef THAPLAN_MODEL_XGB_H_
#define THAPLAN_MODEL_XGB_H_

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/dataset.h"
#include "thaplan/status.h"

namespace thaplan::xgb {

// Parameter name -> value, as XGBoost's documentation names them
// ("objective", "max_depth", "eta", "nthread", "seed", ...).
using Params = std::map<std::string, std::string>;

// XGBoost's version, e.g. "1.7.4".
std::string Version();

class DMatrix {
 public:
  // Copies `x` (NaN = missing). `labels` is empty (for prediction) or holds
  // x.rows finite values.
  static Result<DMatrix> Create(const FeatureMatrix& x,
                                std::span<const float> labels = {});

  DMatrix(DMatrix&& other) noexcept;
  DMatrix& operator=(DMatrix&& other) noexcept;
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  ~DMatrix();

  void* handle() const { return handle_; }
  size_t rows() const { return rows_; }
  size_t cols() const { return cols_; }

 private:
  DMatrix() = default;
  void* handle_ = nullptr;  // DMatrixHandle
  size_t rows_ = 0;
  size_t cols_ = 0;
};

class Booster {
 public:
  // Trains `rounds` boosting rounds on `train` (which must have labels).
  // Parameters XGBoost does not use (e.g. a misspelt name) are refused.
  static Result<Booster> Train(const DMatrix& train, const Params& params, int rounds);

  // A model saved by SaveJson (or by XGBoost elsewhere in its JSON format).
  static Result<Booster> LoadJson(std::string_view json);

  Booster(Booster&& other) noexcept;
  Booster& operator=(Booster&& other) noexcept;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster();

  // The model in XGBoost's JSON format (readable by XGBoost in Python and R).
  Result<std::string> SaveJson() const;

  // One prediction per row, on the objective's output scale (probabilities
  // for binary:logistic).
  Result<std::vector<float>> Predict(const DMatrix& x) const;

  // As Predict, with the first `rounds` boosting rounds only (1 <= rounds <=
  // the rounds trained). Boosting is sequential, so this equals the
  // prediction of a model trained for `rounds` rounds with the same
  // parameters (xgb_test.cc checks it); tuning uses it to score several
  // round counts with one training.
  Result<std::vector<float>> PredictRounds(const DMatrix& x, int rounds) const;

  // TreeSHAP contributions (Lundberg et al. 2020), row-major, rows x
  // (cols + 1): one per feature, then the bias. Each row sums to the
  // prediction on the margin scale (before the logistic link).
  Result<std::vector<float>> PredictContributions(const DMatrix& x) const;

  // Sets one parameter, e.g. ("nthread", "1") before timing prediction.
  [[nodiscard]] Status SetParam(const std::string& name, const std::string& value);

  // A string attribute of the model (XGBoosterSetAttr): saved in its JSON
  // under learner.attributes and loaded back by XGBoost anywhere (Python:
  // Booster.attr(name)). The bootstrap ensemble is stored this way
  // (src/model/ensemble.h).
  [[nodiscard]] Status SetAttr(const std::string& name, const std::string& value);
  // The attribute's value; NotFound when the model has none of that name.
  Result<std::string> GetAttr(const std::string& name) const;

  // In-place prediction from a dense row-major float matrix of `rows` rows
  // (NaN = missing) through XGBoosterPredictFromDense, without building a
  // DMatrix: XGBoost's fastest CPU path for many rows, used to check the
  // planner's grid evaluation against XGBoost's own predictions.
  Result<std::vector<float>> PredictDense(std::span<const float> values,
                                          size_t rows) const;

  size_t num_features() const { return num_features_; }

 private:
  Booster() = default;
  Result<std::vector<float>> PredictType(const DMatrix& x, int type, size_t per_row,
                                         int iteration_end = 0) const;

  void* handle_ = nullptr;  // BoosterHandle
  size_t num_features_ = 0;
  int rounds_ = 0;  // boosting rounds trained (0 when loaded from JSON)
};

}  // namespace thaplan::xgb

#endif  // THAPLAN_MODEL_XGB_H_
