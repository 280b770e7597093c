// Model bundles: a trained XGBoost model with the card that describes it
// (docs/model-card.md).
//
// On disk a bundle is a folder of two files:
//   model.json  XGBoost's JSON model, byte for byte as XGBoost saved it, so
//               XGBoost in Python or R loads it unchanged; features in the
//               order of the card's `features` list
//   card.json   what the model is: target, timepoint, dataset spec, features
//               with units and training ranges, data hash, parameters, seed,
//               library versions, global SHAP importance, and a validation
//               section that `thaplan model validate` fills in
// The card holds the SHA-256 of model.json; a bundle whose model does not
// match its card is refused. A model trained with a bootstrap ensemble
// (TrainOptions::ensemble) carries its members inside model.json, as string
// attributes of the main model (learner.attributes), so the hash covers them,
// XGBoost still loads the file unchanged, and neither the folder nor the
// registry needs another file or column; the card's `ensemble` says how many
// members there are and how they were made. The card has no timestamp, so the same inputs
// give the same bytes.
//
// In the registry a bundle is one row of the `models` table (the same two
// texts); export writes them back unchanged.
#ifndef THAPLAN_BUNDLE_H_
#define THAPLAN_BUNDLE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/dataset.h"
#include "thaplan/registry.h"
#include "thaplan/status.h"

namespace thaplan {

// One column of the model's input, with what training saw of it.
struct CardFeature {
  std::string name;    // "age_at_surgery" or "diagnosis=oa_ddh"
  std::string column;  // the table column it comes from
  std::string level;   // for an indicator: the level that gives 1
  std::string unit;    // "" when unitless or unknown
  // Smallest and largest training value (NaN when the feature had no value in
  // any training row). Prediction refuses values outside [min, max].
  double min = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
  size_t missing = 0;        // training rows without a value
  double mean_abs_shap = 0;  // global importance on the training rows
};

// A performance figure with its confidence interval (filled by validation).
struct CardMetric {
  std::string name;  // "r2", "rmse", "mae", "calibration_slope", "auc", ...
  double estimate = std::numeric_limits<double>::quiet_NaN();
  double lower = std::numeric_limits<double>::quiet_NaN();
  double upper = std::numeric_limits<double>::quiet_NaN();
  double level = 0.95;
};

// A conformal prediction interval (CV+, Barber et al. 2021; filled by
// validation): the absolute-residual quantile for `level` and the coverage
// measured in the validation (NaN until measured).
struct CardConformal {
  double level = 0;  // e.g. 0.8, 0.9
  double residual_quantile = std::numeric_limits<double>::quiet_NaN();
  double empirical_coverage = std::numeric_limits<double>::quiet_NaN();
};

// A bootstrap ensemble stored with the model (docs/model-card.md): `members`
// further XGBoost models, each trained with the card's parameters and rounds
// on n rows drawn with replacement from the n training rows, member i with
// its own seed seeds[i] (for the draw and for XGBoost's subsampling). The
// planner uses the spread of the members' predictions for the uncertainty of
// the difference between two placements (docs/planning.md).
struct CardEnsemble {
  size_t members = 0;           // 0: no ensemble
  std::string method;           // "bootstrap"
  std::vector<uint32_t> seeds;  // one per member
};

// What `thaplan model validate` found. Empty `protocol` = not validated.
struct CardValidation {
  std::string protocol;  // e.g. "repeated 5x5 cross-validation, nested tuning"
  size_t rows = 0;       // rows the validation used
  std::vector<CardMetric> metrics;
  // Baselines on the same protocol, keyed by baseline name ("mean", "ridge",
  // "preop_carried_forward").
  std::map<std::string, std::vector<CardMetric>> baselines;
  std::vector<CardConformal> conformal;
  std::vector<std::string> notes;
};

struct ModelCard {
  std::string name;     // the registry name
  DatasetSpec dataset;  // as trained: exactly one target, resolved
  std::string target_unit;
  std::string data_source;  // file name of the registry or CSV, no folders
  // SHA-256 of the training table in its canonical form (TrainingTableSha256).
  std::string data_sha256;
  size_t rows = 0;                      // training rows (those with the target)
  size_t rows_left_out = 0;             // table rows without the target
  std::vector<std::string> data_notes;  // Table::notes
  std::vector<CardFeature> features;
  // XGBoost parameters as set (nthread is not recorded: results do not
  // depend on it), rounds and seed.
  std::map<std::string, std::string> params;
  int rounds = 0;
  uint32_t seed = 0;
  double shap_bias = 0;  // TreeSHAP expected value (margin scale)
  std::string xgboost_version;
  std::string thaplan_version;
  std::string model_sha256;  // SHA-256 of model.json
  CardEnsemble ensemble;     // members stored inside model.json (none: 0)
  CardValidation validation;

  const TargetSpec& target() const { return dataset.targets.front(); }
};

struct ModelBundle {
  ModelCard card;
  std::string model_json;  // XGBoost's JSON model, unchanged
};

// The card as JSON text (2-space indent, trailing newline; format in
// docs/model-card.md). Deterministic: the same card gives the same bytes.
std::string CardToJson(const ModelCard& card);

// Parses a card. `name` (usually the file path) starts every error, which
// names the key, the bad value and what was expected.
Result<ModelCard> ParseCard(std::string_view json_text, std::string_view name);

// Writes model.json, then card.json, each atomically (temporary file, sync,
// rename). A folder that does not exist is built under a temporary name and
// renamed into place, so it appears complete or not at all; an existing
// folder must hold a bundle (card.json) or be empty.
[[nodiscard]] Status WriteBundle(const ModelBundle& bundle, const std::string& dir);

// Reads a bundle folder and checks the model's SHA-256 against the card.
Result<ModelBundle> ReadBundle(const std::string& dir);

// Stores the bundle in the registry's models table and audits it, in one
// transaction. A bundle identical to the newest stored under its name is
// kUnchanged; the same model with another card (e.g. after validation)
// replaces that card (kUpdated); another model is a new version (kInserted).
Result<PutOutcome> StoreBundle(Registry& registry, const ModelBundle& bundle);

// The newest bundle stored under `name`; NotFound names the stored models.
Result<ModelBundle> LoadBundleFromRegistry(Registry& registry, std::string_view name);

// The name of ensemble member `member`'s attribute in model.json
// ("thaplan_ensemble_000", ...).
std::string EnsembleAttributeName(size_t member);

// The ensemble members' XGBoost JSON models, in member order, read from the
// bundle's model.json (empty when the card lists no ensemble). Corruption,
// naming the bundle and the attribute, when model.json lacks a member the
// card lists.
Result<std::vector<std::string>> EnsembleMemberJsons(const ModelBundle& bundle);

}  // namespace thaplan

#endif  // THAPLAN_BUNDLE_H_
