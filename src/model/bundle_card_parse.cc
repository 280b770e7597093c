// Reading a model card back (docs/model-card.md). Cards are written by
// thaplan, so anything unexpected is reported as damage (Corruption), naming
// the key path and the value.
#include <cmath>
#include <limits>

#include "io/text_scan.h"
#include "model/bundle_card.h"

namespace thaplan::model {
namespace {

using Json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class CardReader {
 public:
  explicit CardReader(std::string_view name) : name_(name) {}

  Status Bad(const std::string& path, const Json& value,
             std::string_view expected) const {
    const std::string shown = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    return Status::Corruption(name_ + ": " + path + " = " + io::Quote(shown) +
                              ": expected " + std::string(expected));
  }

  Result<const Json*> Field(const Json& object, const std::string& key,
                            const std::string& path, std::string_view expected) const {
    const std::string where = path.empty() ? key : path + "." + key;
    if (!object.is_object() || !object.contains(key)) {
      return Status::Corruption(name_ + ": " + where + ": missing: expected " +
                                std::string(expected));
    }
    return &object[key];
  }

  Result<const Json*> Object(const Json& object, const std::string& key,
                             const std::string& path) const {
    THAPLAN_ASSIGN_OR_RETURN(const Json* j, Field(object, key, path, "an object"));
    if (!j->is_object()) return Bad(Join(path, key), *j, "an object");
    return j;
  }

  Result<const Json*> Array(const Json& object, const std::string& key,
                            const std::string& path) const {
    THAPLAN_ASSIGN_OR_RETURN(const Json* j, Field(object, key, path, "a list"));
    if (!j->is_array()) return Bad(Join(path, key), *j, "a list");
    return j;
  }

  // A string; null reads as "" when `nullable`.
  Result<std::string> String(const Json& object, const std::string& key,
                             const std::string& path, bool nullable = false) const {
    const char* expected = nullable ? "a string or null" : "a string";
    THAPLAN_ASSIGN_OR_RETURN(const Json* j, Field(object, key, path, expected));
    if (nullable && j->is_null()) return std::string();
    if (!j->is_string()) return Bad(Join(path, key), *j, expected);
    return j->get<std::string>();
  }

  // A number; null reads as NaN when `nullable`.
  Result<double> Number(const Json& object, const std::string& key,
                        const std::string& path, bool nullable = false) const {
    const char* expected = nullable ? "a number or null" : "a number";
    THAPLAN_ASSIGN_OR_RETURN(const Json* j, Field(object, key, path, expected));
    if (nullable && j->is_null()) return kNaN;
    if (!j->is_number()) return Bad(Join(path, key), *j, expected);
    return j->get<double>();
  }

  Result<uint64_t> Count(const Json& object, const std::string& key,
                         const std::string& path) const {
    THAPLAN_ASSIGN_OR_RETURN(const Json* j, Field(object, key, path, "a count"));
    if (!j->is_number_unsigned()) return Bad(Join(path, key), *j, "a count (0 or more)");
    return j->get<uint64_t>();
  }

  Result<std::vector<std::string>> Strings(const Json& object, const std::string& key,
                                           const std::string& path) const {
    THAPLAN_ASSIGN_OR_RETURN(const Json* list, Array(object, key, path));
    std::vector<std::string> out;
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& item = (*list)[i];
      if (!item.is_string()) return Bad(Join(path, key) + Index(i), item, "a string");
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string Index(size_t i) { return "[" + std::to_string(i) + "]"; }

  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

Status ReadHeader(const CardReader& r, const Json& root) {
  if (!root.is_object()) return r.Bad("(top level)", root, "a model card object");
  THAPLAN_ASSIGN_OR_RETURN(std::string format, r.String(root, "format", ""));
  if (format != "thaplan model card") {
    return r.Bad("format", root["format"], "\"thaplan model card\"");
  }
  THAPLAN_ASSIGN_OR_RETURN(double version, r.Number(root, "version", ""));
  if (version != 1) {
    return Status::Unsupported(r.name() + ": version = " + root["version"].dump() +
                               ": expected 1 (a card from a newer thaplan?)");
  }
  return Status::Ok();
}

Status ReadDataset(const CardReader& r, const Json& root, ModelCard* card) {
  THAPLAN_ASSIGN_OR_RETURN(const Json* dataset, r.Object(root, "dataset", ""));
  auto spec = ParseDatasetSpec(dataset->dump(), r.name() + ": dataset");
  if (!spec.ok()) return Status::Corruption(spec.status().message());
  if (spec->targets.size() != 1) {
    return r.Bad("dataset.targets", (*dataset)["targets"], "exactly one target");
  }
  card->dataset = std::move(*spec);
  THAPLAN_ASSIGN_OR_RETURN(const Json* target, r.Object(root, "target", ""));
  THAPLAN_ASSIGN_OR_RETURN(card->target_unit, r.String(*target, "unit", "target"));
  THAPLAN_ASSIGN_OR_RETURN(std::string target_name, r.String(*target, "name", "target"));
  if (target_name != card->target().name) {
    return r.Bad("target.name", (*target)["name"],
                 "the name of dataset.targets[0], " + io::Quote(card->target().name));
  }
  THAPLAN_ASSIGN_OR_RETURN(const Json* data, r.Object(root, "data", ""));
  THAPLAN_ASSIGN_OR_RETURN(card->data_source, r.String(*data, "source", "data"));
  THAPLAN_ASSIGN_OR_RETURN(card->data_sha256, r.String(*data, "sha256", "data"));
  THAPLAN_ASSIGN_OR_RETURN(card->rows, r.Count(*data, "rows", "data"));
  THAPLAN_ASSIGN_OR_RETURN(card->rows_left_out, r.Count(*data, "rows_left_out", "data"));
  THAPLAN_ASSIGN_OR_RETURN(card->data_notes, r.Strings(*data, "notes", "data"));
  return Status::Ok();
}

Status ReadFeatures(const CardReader& r, const Json& root, ModelCard* card) {
  THAPLAN_ASSIGN_OR_RETURN(const Json* list, r.Array(root, "features", ""));
  if (list->empty()) return r.Bad("features", *list, "at least one feature");
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& item = (*list)[i];
    const std::string path = "features" + CardReader::Index(i);
    if (!item.is_object()) return r.Bad(path, item, "an object");
    CardFeature f;
    THAPLAN_ASSIGN_OR_RETURN(f.name, r.String(item, "name", path));
    THAPLAN_ASSIGN_OR_RETURN(f.column, r.String(item, "column", path));
    THAPLAN_ASSIGN_OR_RETURN(f.level, r.String(item, "level", path, true));
    THAPLAN_ASSIGN_OR_RETURN(f.unit, r.String(item, "unit", path));
    THAPLAN_ASSIGN_OR_RETURN(f.min, r.Number(item, "min", path, true));
    THAPLAN_ASSIGN_OR_RETURN(f.max, r.Number(item, "max", path, true));
    THAPLAN_ASSIGN_OR_RETURN(f.missing, r.Count(item, "missing", path));
    THAPLAN_ASSIGN_OR_RETURN(f.mean_abs_shap,
                             r.Number(item, "mean_abs_shap", path, true));
    if (std::isnan(f.min) != std::isnan(f.max) || f.min > f.max) {
      return r.Bad(path + ".max", item["max"], "a number not below min, or both null");
    }
    card->features.push_back(std::move(f));
  }
  return Status::Ok();
}

Status ReadTraining(const CardReader& r, const Json& root, ModelCard* card) {
  THAPLAN_ASSIGN_OR_RETURN(const Json* training, r.Object(root, "training", ""));
  THAPLAN_ASSIGN_OR_RETURN(const Json* params, r.Object(*training, "params", "training"));
  for (const auto& item : params->items()) {
    if (!item.value().is_string()) {
      return r.Bad("training.params." + item.key(), item.value(), "a string");
    }
    card->params[item.key()] = item.value().get<std::string>();
  }
  THAPLAN_ASSIGN_OR_RETURN(uint64_t rounds, r.Count(*training, "rounds", "training"));
  THAPLAN_ASSIGN_OR_RETURN(uint64_t seed, r.Count(*training, "seed", "training"));
  if (rounds < 1 || rounds > 1000000) {
    return r.Bad("training.rounds", (*training)["rounds"], "1 to 1000000");
  }
  if (seed > UINT32_MAX)
    return r.Bad("training.seed", (*training)["seed"], "0 to 2^32-1");
  card->rounds = static_cast<int>(rounds);
  card->seed = static_cast<uint32_t>(seed);
  THAPLAN_ASSIGN_OR_RETURN(card->shap_bias,
                           r.Number(*training, "shap_bias", "training", true));
  THAPLAN_ASSIGN_OR_RETURN(const Json* model, r.Object(root, "model", ""));
  THAPLAN_ASSIGN_OR_RETURN(card->model_sha256, r.String(*model, "sha256", "model"));
  THAPLAN_ASSIGN_OR_RETURN(const Json* versions, r.Object(root, "versions", ""));
  THAPLAN_ASSIGN_OR_RETURN(card->xgboost_version,
                           r.String(*versions, "xgboost", "versions"));
  THAPLAN_ASSIGN_OR_RETURN(card->thaplan_version,
                           r.String(*versions, "thaplan", "versions"));
  return Status::Ok();
}

// The optional ensemble (absent in cards of models trained without one).
Status ReadEnsemble(const CardReader& r, const Json& root, CardEnsemble* e) {
  if (!root.contains("ensemble") || root["ensemble"].is_null()) return Status::Ok();
  THAPLAN_ASSIGN_OR_RETURN(const Json* ensemble, r.Object(root, "ensemble", ""));
  THAPLAN_ASSIGN_OR_RETURN(uint64_t members, r.Count(*ensemble, "members", "ensemble"));
  if (members < 1 || members > 1000) {
    return r.Bad("ensemble.members", (*ensemble)["members"], "1 to 1000");
  }
  THAPLAN_ASSIGN_OR_RETURN(e->method, r.String(*ensemble, "method", "ensemble"));
  if (e->method != "bootstrap") {
    return r.Bad("ensemble.method", (*ensemble)["method"], "\"bootstrap\"");
  }
  THAPLAN_ASSIGN_OR_RETURN(const Json* seeds, r.Array(*ensemble, "seeds", "ensemble"));
  if (seeds->size() != members) {
    return r.Bad("ensemble.seeds", *seeds,
                 std::to_string(members) + " seeds, one per member");
  }
  for (size_t i = 0; i < seeds->size(); ++i) {
    const Json& seed = (*seeds)[i];
    if (!seed.is_number_unsigned() || seed.get<uint64_t>() > UINT32_MAX) {
      return r.Bad("ensemble.seeds" + CardReader::Index(i), seed, "0 to 2^32-1");
    }
    e->seeds.push_back(static_cast<uint32_t>(seed.get<uint64_t>()));
  }
  e->members = members;
  return Status::Ok();
}

Result<std::vector<CardMetric>> ReadMetrics(const CardReader& r, const Json& list,
                                            const std::string& path) {
  if (!list.is_array()) return r.Bad(path, list, "a list");
  std::vector<CardMetric> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = path + CardReader::Index(i);
    CardMetric m;
    THAPLAN_ASSIGN_OR_RETURN(m.name, r.String(list[i], "name", where));
    THAPLAN_ASSIGN_OR_RETURN(m.estimate, r.Number(list[i], "estimate", where, true));
    THAPLAN_ASSIGN_OR_RETURN(m.lower, r.Number(list[i], "lower", where, true));
    THAPLAN_ASSIGN_OR_RETURN(m.upper, r.Number(list[i], "upper", where, true));
    THAPLAN_ASSIGN_OR_RETURN(m.level, r.Number(list[i], "level", where));
    out.push_back(std::move(m));
  }
  return out;
}

Status ReadValidation(const CardReader& r, const Json& root, CardValidation* v) {
  THAPLAN_ASSIGN_OR_RETURN(const Json* val, r.Object(root, "validation", ""));
  THAPLAN_ASSIGN_OR_RETURN(v->protocol, r.String(*val, "protocol", "validation", true));
  THAPLAN_ASSIGN_OR_RETURN(const Json* rows,
                           r.Field(*val, "rows", "validation", "a count"));
  if (!v->protocol.empty()) {
    THAPLAN_ASSIGN_OR_RETURN(v->rows, r.Count(*val, "rows", "validation"));
  } else if (!rows->is_null()) {
    return r.Bad("validation.rows", *rows, "null when there is no protocol");
  }
  THAPLAN_ASSIGN_OR_RETURN(const Json* metrics, r.Array(*val, "metrics", "validation"));
  THAPLAN_ASSIGN_OR_RETURN(v->metrics, ReadMetrics(r, *metrics, "validation.metrics"));
  THAPLAN_ASSIGN_OR_RETURN(const Json* baselines,
                           r.Object(*val, "baselines", "validation"));
  for (const auto& item : baselines->items()) {
    THAPLAN_ASSIGN_OR_RETURN(
        v->baselines[item.key()],
        ReadMetrics(r, item.value(), "validation.baselines." + item.key()));
  }
  THAPLAN_ASSIGN_OR_RETURN(const Json* conformal,
                           r.Array(*val, "conformal", "validation"));
  for (size_t i = 0; i < conformal->size(); ++i) {
    const std::string where = "validation.conformal" + CardReader::Index(i);
    CardConformal c;
    THAPLAN_ASSIGN_OR_RETURN(c.level, r.Number((*conformal)[i], "level", where));
    THAPLAN_ASSIGN_OR_RETURN(c.residual_quantile,
                             r.Number((*conformal)[i], "residual_quantile", where, true));
    THAPLAN_ASSIGN_OR_RETURN(
        c.empirical_coverage,
        r.Number((*conformal)[i], "empirical_coverage", where, true));
    v->conformal.push_back(c);
  }
  THAPLAN_ASSIGN_OR_RETURN(v->notes, r.Strings(*val, "notes", "validation"));
  return Status::Ok();
}

}  // namespace

Result<ModelCard> CardFromJson(const Json& root, std::string_view name) {
  const CardReader r(name);
  THAPLAN_RETURN_IF_ERROR(ReadHeader(r, root));
  ModelCard card;
  THAPLAN_ASSIGN_OR_RETURN(card.name, r.String(root, "name", ""));
  THAPLAN_RETURN_IF_ERROR(ReadDataset(r, root, &card));
  THAPLAN_RETURN_IF_ERROR(ReadFeatures(r, root, &card));
  THAPLAN_RETURN_IF_ERROR(ReadTraining(r, root, &card));
  THAPLAN_RETURN_IF_ERROR(ReadEnsemble(r, root, &card.ensemble));
  THAPLAN_RETURN_IF_ERROR(ReadValidation(r, root, &card.validation));
  return card;
}

}  // namespace thaplan::model
