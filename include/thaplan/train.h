// Training an outcome model, explaining it with TreeSHAP, and predicting with
// a bundle (docs/model.md, docs/model-card.md).
//
// Training is a pure function of the table, the target, the parameters, the
// rounds and the seed: the bundle's bytes do not depend on the thread count.
#ifndef THAPLAN_TRAIN_H_
#define THAPLAN_TRAIN_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "thaplan/bundle.h"
#include "thaplan/dataset.h"
#include "thaplan/registry.h"
#include "thaplan/status.h"

namespace thaplan {

struct TrainOptions {
  // The spec the table was built from, recorded in the card so prediction
  // encodes new rows alike (its targets are replaced by the trained one).
  DatasetSpec spec;
  std::string name;  // the registry name; empty: the target's name
  int rounds = 200;  // boosting rounds
  uint32_t seed = 0;
  int threads = 0;  // 0: all cores; the result does not depend on it
  // Bootstrap ensemble members trained besides the model and stored inside
  // its model.json (ModelCard::ensemble; 0: none). Member i is trained on n
  // rows drawn with replacement from the n training rows, with the same
  // parameters and rounds and the seed EnsembleMemberSeed(seed, i).
  int ensemble = 0;
  // Overrides of DefaultXgbParams (not objective, seed or nthread, which
  // are set from the target and the fields above).
  std::map<std::string, std::string> params;
};

// The default XGBoost configuration (docs/model.md): objective by the target
// kind, tree_method hist, max_depth 3, eta 0.05, subsample 0.8,
// colsample_bytree 0.8, min_child_weight 3, lambda 1. Not tuned: a
// conservative start for a few hundred patients; validation tunes.
std::map<std::string, std::string> DefaultXgbParams(TargetKind kind);

// Trains on the rows of `table` that have target `target` and returns the
// bundle: the model and its card (features with training ranges and global
// mean |SHAP|, data hash, parameters, versions; validation left empty).
Result<ModelBundle> TrainModel(const Table& table, size_t target,
                               const TrainOptions& options);

// The seed of ensemble member `member` (its resample and XGBoost's
// subsampling), derived from the training seed by SplitMix64.
uint32_t EnsembleMemberSeed(uint32_t seed, size_t member);

// The rows of an n-row training set that the member with this seed drew, in
// draw order (its bootstrap resample; rows not drawn are its out-of-bag rows).
std::vector<size_t> EnsembleResample(uint32_t member_seed, size_t n);

// SHA-256 of the training table (the rows with the target, in table order)
// in the canonical text form of docs/model-card.md.
std::string TrainingTableSha256(const Table& table, size_t target);

// TreeSHAP values from XGBoost's own implementation (Lundberg et al. 2020).
struct ShapValues {
  size_t rows = 0;
  size_t features = 0;
  std::vector<double> values;  // rows x features, row-major
  std::vector<double> bias;    // per row: the expected value
  // Per row: bias + sum of the row's values = the prediction on the margin
  // scale (log-odds for binary targets).
  std::vector<double> margin;

  double at(size_t row, size_t feature) const { return values[row * features + feature]; }
};

Result<ShapValues> ExplainRows(const ModelBundle& bundle, const FeatureMatrix& x);

// Mean |SHAP| per feature over the rows: global importance.
std::vector<double> MeanAbsShap(const ShapValues& shap);

// Rows to predict for, encoded as the model's training table was.
struct PredictionInput {
  FeatureMatrix x;
  // Per row: where it came from, for messages: "new.csv:7" or
  // "thaplan.db: patient <pseudonym>". Never a key from a user's CSV.
  std::vector<std::string> places;
  std::vector<std::string> pseudonyms;  // registry rows; empty for a CSV
};

// Every row of a CSV file (docs/formats.md rules), encoded by the card's
// dataset spec; target columns are not needed.
Result<PredictionInput> PredictionRowsFromCsv(const ModelCard& card,
                                              const std::string& path);

// Who to predict for in the registry: the site's own key and site (made into
// the pseudonym with the site key file in key_dir), or the pseudonym.
struct PatientRef {
  std::string patient_key, site, key_dir, pseudonym;
};

// The patient's row of the registry's analysis table at the card's timepoint.
Result<PredictionInput> PredictionRowFromRegistry(Registry& registry,
                                                  const ModelCard& card,
                                                  const PatientRef& who);

struct PredictOptions {
  size_t top = 5;            // contributions listed per row
  bool extrapolate = false;  // predict rows with out-of-range features too
};

struct Contribution {
  size_t feature = 0;  // index into the card's features
  float value = 0;     // the row's value (NaN = missing)
  double shap = 0;     // on the margin scale
};

struct RowPrediction {
  std::string place;
  std::string pseudonym;   // registry rows only
  bool predicted = false;  // false: refused (out_of_range not empty)
  // On the target's scale: the value, or the probability for binary targets.
  // NaN when refused.
  double prediction = std::numeric_limits<double>::quiet_NaN();
  double margin = std::numeric_limits<double>::quiet_NaN();
  double bias = 0;
  std::vector<Contribution> top;  // largest |shap| first, ties by feature order
  // Features outside the training range, as messages in the CLI's form:
  // "new.csv:7: age_at_surgery = 95: expected 41..88 years, the training range".
  std::vector<std::string> out_of_range;
  size_t missing_features = 0;
};

Result<std::vector<RowPrediction>> PredictWithBundle(const ModelBundle& bundle,
                                                     const PredictionInput& input,
                                                     const PredictOptions& options);

}  // namespace thaplan

#endif  // THAPLAN_TRAIN_H_
