// Dataset specs from JSON (format in docs/model.md). nlohmann::json throws on
// malformed text; the exception is caught here and becomes a Status.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "io/text_scan.h"
#include "thaplan/dataset.h"
#include "thaplan/schema.h"

namespace thaplan {
namespace {

using nlohmann::json;

constexpr std::string_view kTopKeys[] = {"version",  "timepoint",      "feature_set",
                                         "features", "extra_features", "categories",
                                         "targets",  "key_column",     "group_column"};
constexpr std::string_view kTargetKeys[] = {"column", "name", "binary", "preop_column"};
constexpr std::string_view kBinaryKeys[] = {"op", "threshold"};
constexpr std::string_view kOutcomeTimepoints[] = {"3m", "6m", "12m"};
constexpr ThresholdOp kOps[] = {ThresholdOp::kGreaterEqual, ThresholdOp::kGreater,
                                ThresholdOp::kLessEqual, ThresholdOp::kLess};

template <typename List>
std::string JoinList(const List& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string Shown(const json& value) {
  return io::Quote(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

Status Bad(std::string_view name, const std::string& key, const json& value,
           const std::string& expected) {
  return Status::InvalidInput(std::string(name) + ": " + key + " = " + Shown(value) +
                              ": expected " + expected);
}

template <typename List>
Status CheckKeys(const json& object, const List& allowed, std::string_view name,
                 const std::string& where) {
  for (const auto& item : object.items()) {
    if (std::find(std::begin(allowed), std::end(allowed), item.key()) ==
        std::end(allowed)) {
      return Status::InvalidInput(std::string(name) + ": unknown key " +
                                  io::Quote(where + item.key()) + ": expected one of " +
                                  JoinList(allowed));
    }
  }
  return Status::Ok();
}

Result<std::string> NonEmptyString(const json& value, std::string_view name,
                                   const std::string& key) {
  if (!value.is_string() || value.get<std::string>().empty()) {
    return Bad(name, key, value, "a non-empty string");
  }
  return value.get<std::string>();
}

// A list of distinct non-empty strings.
Result<std::vector<std::string>> NameList(const json& value, std::string_view name,
                                          const std::string& key, size_t min_size,
                                          const std::string& noun) {
  if (!value.is_array() || value.size() < min_size) {
    return Bad(name, key, value,
               "a list of at least " + std::to_string(min_size) + " " + noun);
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item_key = key + "[" + std::to_string(i) + "]";
    THAPLAN_ASSIGN_OR_RETURN(std::string item, NonEmptyString(value[i], name, item_key));
    if (std::find(out.begin(), out.end(), item) != out.end()) {
      return Bad(name, item_key, value[i], "a name not already in the list");
    }
    out.push_back(std::move(item));
  }
  return out;
}

Status ParseBinary(const json& value, std::string_view name, const std::string& key,
                   TargetSpec* target) {
  if (!value.is_object()) {
    return Bad(name, key, value, "an object {\"op\": \">=\", \"threshold\": NUMBER}");
  }
  THAPLAN_RETURN_IF_ERROR(CheckKeys(value, kBinaryKeys, name, key + "."));
  const json op = value.value("op", json());
  const auto found = std::find_if(std::begin(kOps), std::end(kOps), [&](ThresholdOp o) {
    return op.is_string() && op.get<std::string>() == ThresholdOpText(o);
  });
  if (found == std::end(kOps)) return Bad(name, key + ".op", op, "one of >=, >, <=, <");
  const json threshold = value.value("threshold", json());
  if (!threshold.is_number() || !std::isfinite(threshold.get<double>())) {
    return Bad(name, key + ".threshold", threshold, "a finite number");
  }
  target->kind = TargetKind::kBinary;
  target->op = *found;
  target->threshold = threshold.get<double>();
  return Status::Ok();
}

Result<TargetSpec> ParseTarget(const json& value, std::string_view name,
                               const std::string& key) {
  TargetSpec target;
  if (value.is_string()) {
    THAPLAN_ASSIGN_OR_RETURN(target.column, NonEmptyString(value, name, key));
    target.name = target.column;
    return target;
  }
  if (!value.is_object()) {
    return Bad(name, key, value, "a column name or an object with \"column\"");
  }
  THAPLAN_RETURN_IF_ERROR(CheckKeys(value, kTargetKeys, name, key + "."));
  THAPLAN_ASSIGN_OR_RETURN(target.column, NonEmptyString(value.value("column", json()),
                                                         name, key + ".column"));
  if (value.contains("binary")) {
    THAPLAN_RETURN_IF_ERROR(ParseBinary(value["binary"], name, key + ".binary", &target));
  }
  if (value.contains("preop_column")) {
    THAPLAN_ASSIGN_OR_RETURN(
        target.preop_column,
        NonEmptyString(value["preop_column"], name, key + ".preop_column"));
  }
  if (value.contains("name")) {
    THAPLAN_ASSIGN_OR_RETURN(target.name,
                             NonEmptyString(value["name"], name, key + ".name"));
  } else {
    target.name = target.column;
    if (target.kind == TargetKind::kBinary) {
      std::string threshold;
      io::AppendShortest(target.threshold, &threshold);
      target.name += std::string(ThresholdOpText(target.op)) + threshold;
    }
  }
  return target;
}

Status ParseTargets(const json& value, std::string_view name, DatasetSpec* spec) {
  if (!value.is_array() || value.empty()) {
    return Bad(name, "targets", value, "a non-empty list of targets");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string key = "targets[" + std::to_string(i) + "]";
    THAPLAN_ASSIGN_OR_RETURN(TargetSpec target, ParseTarget(value[i], name, key));
    if (!names.insert(target.name).second) {
      return Bad(name, key, value[i], "a target whose name is not already used");
    }
    spec->targets.push_back(std::move(target));
  }
  return Status::Ok();
}

Status ParseCategories(const json& value, std::string_view name, DatasetSpec* spec) {
  if (!value.is_object()) {
    return Bad(name, "categories", value, "an object mapping columns to lists of levels");
  }
  for (const auto& item : value.items()) {
    THAPLAN_ASSIGN_OR_RETURN(
        auto levels,
        NameList(item.value(), name, "categories." + item.key(), 2, "levels"));
    spec->categories[item.key()] = std::move(levels);
  }
  return Status::Ok();
}

Status ParseFeatures(const json& root, std::string_view name, DatasetSpec* spec) {
  if (root.contains("features")) {
    if (root.contains("feature_set") || root.contains("extra_features")) {
      return Bad(name, "features", root["features"],
                 "either features or feature_set (with extra_features), not both");
    }
    spec->feature_set.reset();
    THAPLAN_ASSIGN_OR_RETURN(
        spec->features, NameList(root["features"], name, "features", 1, "column names"));
    return Status::Ok();
  }
  if (root.contains("feature_set")) {
    const json& set = root["feature_set"];
    if (set == "seed") {
      spec->feature_set = FeatureSet::kSeed;
    } else if (set == "extended") {
      spec->feature_set = FeatureSet::kExtended;
    } else {
      return Bad(name, "feature_set", set, "\"seed\" or \"extended\"");
    }
  }
  if (root.contains("extra_features")) {
    THAPLAN_ASSIGN_OR_RETURN(
        spec->extra_features,
        NameList(root["extra_features"], name, "extra_features", 1, "column names"));
  }
  return Status::Ok();
}

Status ParseRoot(const json& root, std::string_view name, DatasetSpec* spec) {
  if (!root.is_object()) return Bad(name, "(top level)", root, "a JSON object");
  THAPLAN_RETURN_IF_ERROR(CheckKeys(root, kTopKeys, name, ""));
  if (root.contains("version") && root["version"] != 1) {
    return Bad(name, "version", root["version"], "1");
  }
  if (root.contains("timepoint")) {
    const json& tp = root["timepoint"];
    const bool known =
        tp.is_string() &&
        std::find(std::begin(kOutcomeTimepoints), std::end(kOutcomeTimepoints),
                  tp.get<std::string>()) != std::end(kOutcomeTimepoints);
    if (!known) return Bad(name, "timepoint", tp, "one of 3m, 6m, 12m");
    spec->timepoint = tp.get<std::string>();
  }
  THAPLAN_RETURN_IF_ERROR(ParseFeatures(root, name, spec));
  if (root.contains("categories")) {
    THAPLAN_RETURN_IF_ERROR(ParseCategories(root["categories"], name, spec));
  }
  if (root.contains("targets")) {
    THAPLAN_RETURN_IF_ERROR(ParseTargets(root["targets"], name, spec));
  }
  for (const char* key : {"key_column", "group_column"}) {
    if (!root.contains(key)) continue;
    THAPLAN_ASSIGN_OR_RETURN(std::string column, NonEmptyString(root[key], name, key));
    (std::string_view(key) == "key_column" ? spec->key_column : spec->group_column) =
        column;
  }
  return Status::Ok();
}

}  // namespace

std::string_view ThresholdOpText(ThresholdOp op) {
  switch (op) {
    case ThresholdOp::kGreaterEqual:
      return ">=";
    case ThresholdOp::kGreater:
      return ">";
    case ThresholdOp::kLessEqual:
      return "<=";
    case ThresholdOp::kLess:
      return "<";
  }
  return "?";
}

std::vector<TargetSpec> DefaultTargets(std::string_view timepoint) {
  // "3m" -> "m3_", as in the analysis table (docs/formats.md).
  const std::string prefix =
      "m" + std::string(timepoint.substr(0, timepoint.size() - 1)) + "_";
  std::vector<TargetSpec> targets;
  for (std::string_view index :
       {"com_asymmetry_pct", "stride_length_cv_pct", "peak_hip_extension_deg"}) {
    TargetSpec t;
    t.column = prefix + std::string(index);
    t.name = t.column;
    targets.push_back(std::move(t));
  }
  return targets;
}

Result<DatasetSpec> ParseDatasetSpec(std::string_view json_text, std::string_view name) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // e.byte is the 1-based offset of the offending byte.
    return Status::InvalidInput(std::string(name) + ": byte " + std::to_string(e.byte) +
                                ": not valid JSON: expected a dataset spec object");
  } catch (const json::exception& e) {
    // E.g. out_of_range 406 for a number too large for a double (found by
    // dataset_spec_fuzz); the message then names the number.
    std::string_view what = e.what();
    if (const size_t close = what.find("] "); close != std::string_view::npos) {
      what.remove_prefix(close + 2);
    }
    return Status::InvalidInput(std::string(name) + ": " + std::string(what) +
                                ": expected a dataset spec object");
  }
  DatasetSpec spec;
  THAPLAN_RETURN_IF_ERROR(ParseRoot(root, name, &spec));
  if (spec.targets.empty()) spec.targets = DefaultTargets(spec.timepoint);
  return spec;
}

Result<DatasetSpec> ReadDatasetSpec(const std::string& path) {
  THAPLAN_ASSIGN_OR_RETURN(std::string text, io::ReadFileToString(path));
  return ParseDatasetSpec(text, path);
}

}  // namespace thaplan
