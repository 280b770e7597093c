// Training an XGBoost model on a table's target and describing it in a card.
#include "thaplan/train.h"

#include <cmath>
#include <string>

#include "io/text_scan.h"
#include "model/ensemble.h"
#include "model/shap.h"
#include "model/xgb.h"
#include "thaplan/build_info.h"
#include "thaplan/hash.h"

namespace thaplan {
namespace {

// A float training value as the card shows it: its shortest decimal, read
// back as a double, so the card says "0.3" rather than 0.30000001192092896
// and the float read back from the card is the same float.
double CardNumber(float v) {
  std::string text;
  io::AppendShortest(v, &text);
  return std::strtod(text.c_str(), nullptr);
}

// Parameters the card records and XGBoost gets: the defaults, the caller's
// overrides, then what follows from the target and the options.
Result<xgb::Params> MakeParams(const TargetColumn& target, std::span<const float> labels,
                               const TrainOptions& options) {
  xgb::Params params = DefaultXgbParams(target.spec.kind);
  for (const auto& [name, value] : options.params) {
    if (name == "objective" || name == "seed" || name == "nthread") {
      return Status::InvalidInput("parameter " + name + " = " + value +
                                  ": set by thaplan: expected the seed and thread count "
                                  "as options, the objective from the target");
    }
    params[name] = value;
  }
  params["seed"] = std::to_string(options.seed);
  // Start the boosting from the training mean (the positive share for binary
  // targets) instead of XGBoost 1.7's fixed 0.5, so early rounds are not spent
  // learning the mean; XGBoost 2 estimates this intercept itself.
  if (!options.params.count("base_score")) {
    double mean = 0;
    for (float y : labels) mean += y;
    mean /= static_cast<double>(labels.size());
    std::string text;
    io::AppendShortest(static_cast<float>(mean), &text);  // XGBoost keeps a float
    params["base_score"] = text;
  }
  return params;
}

// Training ranges and missing counts per feature over the training rows.
std::vector<CardFeature> DescribeFeatures(const Table& table, const FeatureMatrix& x) {
  std::vector<CardFeature> out;
  for (size_t col = 0; col < x.cols; ++col) {
    const FeatureInfo& info = table.features[col];
    CardFeature f{info.name, info.column, info.level, info.unit};
    float lo = INFINITY, hi = -INFINITY;
    for (size_t row = 0; row < x.rows; ++row) {
      const float v = x.at(row, col);
      if (std::isnan(v)) {
        ++f.missing;
        continue;
      }
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    if (f.missing < x.rows) {
      f.min = CardNumber(lo);
      f.max = CardNumber(hi);
    }
    out.push_back(std::move(f));
  }
  return out;
}

Status CheckTrainable(const Table& table, size_t target, std::span<const size_t> rows) {
  if (target >= table.targets.size()) {
    return Status::InvalidInput(
        "target " + std::to_string(target + 1) + ": the table has " +
        std::to_string(table.targets.size()) + " targets: expected one of them");
  }
  const TargetColumn& t = table.targets[target];
  if (rows.size() < 2) {
    return Status::InvalidInput(table.source + ": target " + t.spec.name + ": " +
                                std::to_string(rows.size()) +
                                " rows with a value: expected at least 2");
  }
  if (t.spec.kind == TargetKind::kBinary) {
    size_t positives = 0;
    for (size_t r : rows) positives += t.values[r] == 1.0 ? 1 : 0;
    if (positives == 0 || positives == rows.size()) {
      return Status::InvalidInput(table.source + ": target " + t.spec.name + ": " +
                                  std::to_string(positives) + " positives of " +
                                  std::to_string(rows.size()) +
                                  " rows: expected both classes");
    }
  }
  return Status::Ok();
}

// The spec must be the one the table was built from: prediction rebuilds rows
// with it. Compares the table's source columns with the spec's feature list.
Status CheckSpecMatches(const Table& table, const DatasetSpec& spec) {
  std::vector<std::string> expected = spec.features;
  if (spec.feature_set) {
    expected.clear();
    for (std::string_view c : FeatureSetColumns(*spec.feature_set))
      expected.emplace_back(c);
    expected.insert(expected.end(), spec.extra_features.begin(),
                    spec.extra_features.end());
  }
  std::vector<std::string> actual;
  for (const FeatureInfo& f : table.features) {
    if (actual.empty() || actual.back() != f.column) actual.push_back(f.column);
  }
  if (actual == expected) return Status::Ok();
  return Status::InvalidInput(
      table.source + ": features come from " + std::to_string(actual.size()) +
      " columns, the training options' spec lists " + std::to_string(expected.size()) +
      " columns: expected the spec the table was built from");
}

std::string FileName(const std::string& source) {
  // Table::source is "PATH" or "PATH (timepoint 3m)": keep the file name only,
  // so the card neither shows local folders nor changes when they move.
  std::string path = source.substr(0, source.find(" (timepoint "));
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::map<std::string, std::string> DefaultXgbParams(TargetKind kind) {
  return {
      {"objective", kind == TargetKind::kBinary ? "binary:logistic" : "reg:squarederror"},
      {"tree_method", "hist"},
      {"max_depth", "3"},
      {"eta", "0.05"},
      {"subsample", "0.8"},
      {"colsample_bytree", "0.8"},
      {"min_child_weight", "3"},
      {"lambda", "1"},
  };
}

std::string TrainingTableSha256(const Table& table, size_t target) {
  const TargetColumn& t = table.targets[target];
  Sha256 hash;
  std::string line = "thaplan training table v1\n";
  for (const FeatureInfo& f : table.features) line += f.name + "\t";
  line += t.spec.name + "\n";
  hash.Update(line);
  for (size_t row : RowsWithTarget(table, target)) {
    line.clear();
    for (float v : table.x.row(row)) {
      if (!std::isnan(v)) io::AppendShortest(v, &line);
      line += '\t';
    }
    io::AppendShortest(t.values[row], &line);
    line += '\n';
    hash.Update(line);
  }
  return hash.HexDigest();
}

Result<ModelBundle> TrainModel(const Table& table, size_t target,
                               const TrainOptions& options) {
  const std::vector<size_t> rows = target < table.targets.size()
                                       ? RowsWithTarget(table, target)
                                       : std::vector<size_t>{};
  THAPLAN_RETURN_IF_ERROR(CheckTrainable(table, target, rows));
  THAPLAN_RETURN_IF_ERROR(CheckSpecMatches(table, options.spec));
  THAPLAN_RETURN_IF_ERROR(model::CheckEnsembleSize(options.ensemble));
  const TargetColumn& t = table.targets[target];
  const FeatureMatrix x = TakeRows(table.x, rows);
  std::vector<float> labels;
  for (size_t r : rows) labels.push_back(static_cast<float>(t.values[r]));
  THAPLAN_ASSIGN_OR_RETURN(xgb::Params params, MakeParams(t, labels, options));

  xgb::Params with_threads = params;
  with_threads["nthread"] = std::to_string(options.threads);
  with_threads["verbosity"] = "1";
  THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix train, xgb::DMatrix::Create(x, labels));
  THAPLAN_ASSIGN_OR_RETURN(xgb::Booster booster,
                           xgb::Booster::Train(train, with_threads, options.rounds));
  THAPLAN_ASSIGN_OR_RETURN(ShapValues shap, model::ComputeShap(booster, x));

  ModelBundle bundle;
  THAPLAN_RETURN_IF_ERROR(model::TrainEnsemble(x, labels, with_threads, options.rounds,
                                               options.seed, options.ensemble, &booster,
                                               &bundle.card.ensemble));
  THAPLAN_ASSIGN_OR_RETURN(bundle.model_json, booster.SaveJson());
  ModelCard& card = bundle.card;
  card.name = options.name.empty() ? t.spec.name : options.name;
  card.dataset = options.spec;
  card.dataset.targets = {t.spec};
  card.target_unit = t.unit;
  card.data_source = FileName(table.source);
  card.data_sha256 = TrainingTableSha256(table, target);
  card.rows = rows.size();
  card.rows_left_out = table.rows() - rows.size();
  card.data_notes = table.notes;
  card.features = DescribeFeatures(table, x);
  const std::vector<double> importance = MeanAbsShap(shap);
  for (size_t f = 0; f < card.features.size(); ++f) {
    card.features[f].mean_abs_shap = importance[f];
  }
  card.params = params;
  card.rounds = options.rounds;
  card.seed = options.seed;
  card.shap_bias = CardNumber(static_cast<float>(shap.bias.front()));
  card.xgboost_version = xgb::Version();
  card.thaplan_version = THAPLAN_VERSION;
  Sha256 model_hash;
  model_hash.Update(bundle.model_json);
  card.model_sha256 = model_hash.HexDigest();
  return bundle;
}

}  // namespace thaplan
