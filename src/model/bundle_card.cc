// The model card as JSON (docs/model-card.md). ordered_json keeps the keys in
// the documented order, so a card reads top to bottom as the page explains it
// and the same card always gives the same bytes.
#include "model/bundle_card.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "io/text_scan.h"
#include "thaplan/bundle.h"

namespace thaplan {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kFormat[] = "thaplan model card";
constexpr int kVersion = 1;

// NaN is written as null ("not measured"), never as a number.
Json Number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json TargetJson(const TargetSpec& t) {
  Json out = {{"column", t.column}, {"name", t.name}};
  if (t.kind == TargetKind::kBinary) {
    out["binary"] = {{"op", std::string(ThresholdOpText(t.op))},
                     {"threshold", t.threshold}};
  }
  if (!t.preop_column.empty()) out["preop_column"] = t.preop_column;
  return out;
}

// The spec in the format ParseDatasetSpec reads, so `jq .dataset card.json`
// is a spec file that builds the same table.
Json DatasetJson(const DatasetSpec& spec) {
  Json out = {{"version", 1}, {"timepoint", spec.timepoint}};
  if (spec.feature_set) {
    out["feature_set"] = std::string(FeatureSetName(*spec.feature_set));
    if (!spec.extra_features.empty()) out["extra_features"] = spec.extra_features;
  } else {
    out["features"] = spec.features;
  }
  if (!spec.categories.empty()) {
    Json categories = Json::object();
    for (const auto& [column, levels] : spec.categories) categories[column] = levels;
    out["categories"] = categories;
  }
  Json targets = Json::array();
  for (const TargetSpec& t : spec.targets) targets.push_back(TargetJson(t));
  out["targets"] = targets;
  out["key_column"] = spec.key_column;
  out["group_column"] = spec.group_column;
  return out;
}

Json MetricsJson(const std::vector<CardMetric>& metrics) {
  Json out = Json::array();
  for (const CardMetric& m : metrics) {
    out.push_back({{"name", m.name},
                   {"estimate", Number(m.estimate)},
                   {"lower", Number(m.lower)},
                   {"upper", Number(m.upper)},
                   {"level", m.level}});
  }
  return out;
}

Json ValidationJson(const CardValidation& v) {
  const bool validated = !v.protocol.empty();
  Json baselines = Json::object();
  for (const auto& [name, metrics] : v.baselines) baselines[name] = MetricsJson(metrics);
  Json conformal = Json::array();
  for (const CardConformal& c : v.conformal) {
    conformal.push_back({{"level", c.level},
                         {"residual_quantile", Number(c.residual_quantile)},
                         {"empirical_coverage", Number(c.empirical_coverage)}});
  }
  return {{"validated", validated},
          {"protocol", validated ? Json(v.protocol) : Json(nullptr)},
          {"rows", validated ? Json(v.rows) : Json(nullptr)},
          {"metrics", MetricsJson(v.metrics)},
          {"baselines", baselines},
          {"conformal", conformal},
          {"notes", v.notes}};
}

Json FeaturesJson(const std::vector<CardFeature>& features) {
  Json out = Json::array();
  for (const CardFeature& f : features) {
    out.push_back({{"name", f.name},
                   {"column", f.column},
                   {"level", f.level.empty() ? Json(nullptr) : Json(f.level)},
                   {"unit", f.unit},
                   {"min", Number(f.min)},
                   {"max", Number(f.max)},
                   {"missing", f.missing},
                   {"mean_abs_shap", Number(f.mean_abs_shap)}});
  }
  return out;
}

// How the ensemble was made and where it is; the texts follow from the
// numbers, so a card read back writes the same bytes.
Json EnsembleJson(const CardEnsemble& e) {
  Json seeds = Json::array();
  for (uint32_t s : e.seeds) seeds.push_back(s);
  const std::string last = EnsembleAttributeName(e.members - 1);
  return {{"members", e.members},
          {"method", e.method},
          {"resample", "n rows drawn with replacement from the n training rows"},
          {"training", "the parameters and rounds above; member i with seeds[i]"},
          {"seeds", seeds},
          {"stored_in", "model.json: learner.attributes " + EnsembleAttributeName(0) +
                            (e.members > 1 ? " to " + last : "") +
                            ", each an XGBoost JSON model"}};
}

}  // namespace

std::string CardToJson(const ModelCard& card) {
  const TargetSpec& t = card.target();
  std::string rule;
  if (t.kind == TargetKind::kBinary) {
    rule = std::string(ThresholdOpText(t.op)) + " ";
    io::AppendShortest(t.threshold, &rule);
  }
  Json params = Json::object();
  for (const auto& [name, value] : card.params) params[name] = value;
  Json out = {
      {"format", kFormat},
      {"version", kVersion},
      {"name", card.name},
      {"target",
       {{"name", t.name},
        {"column", t.column},
        {"kind", t.kind == TargetKind::kBinary ? "binary" : "continuous"},
        {"rule", rule.empty() ? Json(nullptr) : Json(rule)},
        {"unit", card.target_unit},
        {"timepoint", card.dataset.timepoint}}},
      {"dataset", DatasetJson(card.dataset)},
      {"data",
       {{"source", card.data_source},
        {"sha256", card.data_sha256},
        {"rows", card.rows},
        {"rows_left_out", card.rows_left_out},
        {"notes", card.data_notes}}},
      {"features", FeaturesJson(card.features)},
      {"training",
       {{"library", "xgboost"},
        {"params", params},
        {"rounds", card.rounds},
        {"seed", card.seed},
        {"shap_bias", Number(card.shap_bias)}}},
      {"model",
       {{"file", "model.json"},
        {"format", "xgboost json"},
        {"sha256", card.model_sha256}}},
      {"versions",
       {{"xgboost", card.xgboost_version}, {"thaplan", card.thaplan_version}}},
      {"validation", ValidationJson(card.validation)},
  };
  // Only a model with an ensemble has the key: other cards keep their bytes.
  if (card.ensemble.members > 0) {
    Json with_ensemble;
    for (auto& [key, value] : out.items()) {
      with_ensemble[key] = std::move(value);
      if (key == "model") with_ensemble["ensemble"] = EnsembleJson(card.ensemble);
    }
    out = std::move(with_ensemble);
  }
  // Text from a user's CSV header may not be UTF-8: replaced, never thrown.
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<ModelCard> ParseCard(std::string_view json_text, std::string_view name) {
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::exception& e) {
    std::string_view what = e.what();
    if (const size_t close = what.find("] "); close != std::string_view::npos) {
      what.remove_prefix(close + 2);
    }
    return Status::Corruption(std::string(name) + ": " + std::string(what) +
                              ": expected a model card (JSON)");
  }
  return model::CardFromJson(root, name);
}

}  // namespace thaplan
