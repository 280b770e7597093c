// Landmark profiles from JSON (format in docs/profiles.md). nlohmann::json
// throws on malformed text; the exception is caught here and becomes a
// Status (errors are values across modules).
#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "io/json_profile.h"
#include "io/text_scan.h"
#include "thaplan/profiles.h"

namespace thaplan {
namespace {

using nlohmann::json;

constexpr const char* kTopKeys[] = {
    "version",  "name", "description", "case_insensitive", "strip_subject_prefix",
    "landmarks"};

std::string AllLandmarkNames() {
  std::string out;
  for (size_t i = 0; i < kLandmarkCount; ++i) {
    out += (i ? ", " : "") + std::string(LandmarkName(static_cast<Landmark>(i)));
  }
  return out;
}

Status Bad(const std::string& name, const std::string& key, const json& value,
           const std::string& expected) {
  return io::JsonBad(name, key, value, expected);
}

Status ParseFlags(const json& root, const std::string& name, LandmarkProfile* p) {
  for (auto& [key, value] : root.items()) {
    if (std::find(std::begin(kTopKeys), std::end(kTopKeys), key) == std::end(kTopKeys)) {
      return Status::InvalidInput(
          name + ": unknown key " + io::Quote(key) +
          ": expected version, name, description, case_insensitive, "
          "strip_subject_prefix, landmarks");
    }
  }
  THAPLAN_RETURN_IF_ERROR(io::ParseProfileHeader(root, name, &p->name, &p->description));
  for (const char* flag : {"case_insensitive", "strip_subject_prefix"}) {
    if (!root.contains(flag)) continue;
    if (!root[flag].is_boolean()) return Bad(name, flag, root[flag], "true or false");
    (std::string(flag) == "case_insensitive" ? p->case_insensitive
                                             : p->strip_subject_prefix) =
        root[flag].get<bool>();
  }
  return Status::Ok();
}

// A list of source names at `key` into `out`; `min` names at least.
Status ParseNames(const json& value, const std::string& name, const std::string& key,
                  size_t min, const std::string& what, std::vector<std::string>* out) {
  if (!value.is_array() || value.size() < min) {
    return Bad(name, key, value,
               min <= 1 ? "a non-empty list of source names"
                        : "a list of at least " + std::to_string(min) + " " + what);
  }
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string() || value[i].get<std::string>().empty()) {
      return Bad(name, key + "[" + std::to_string(i) + "]", value[i],
                 "a source name (non-empty string)");
    }
    out->push_back(value[i].get<std::string>());
  }
  return Status::Ok();
}

// {"sources": [...], "midpoint": [...], "cluster": [...]}, each optional but
// at least one present.
Status ParseLandmarkObject(const json& value, const std::string& name,
                           const std::string& key, size_t l, LandmarkProfile* p) {
  if (value.empty()) {
    return Bad(name, key, value, "sources, midpoint or cluster (docs/profiles.md)");
  }
  for (auto& [field, names] : value.items()) {
    const std::string at = key + "." + field;
    if (field == "sources") {
      THAPLAN_RETURN_IF_ERROR(ParseNames(names, name, at, 1, "", &p->sources[l]));
    } else if (field == "midpoint") {
      THAPLAN_RETURN_IF_ERROR(
          ParseNames(names, name, at, 2, "marker names to average", &p->midpoint[l]));
    } else if (field == "cluster") {
      THAPLAN_RETURN_IF_ERROR(ParseNames(
          names, name, at, 3, "marker names on one rigid segment", &p->cluster[l]));
    } else {
      return Status::InvalidInput(name + ": unknown key " + io::Quote(at) +
                                  ": expected sources, midpoint or cluster");
    }
  }
  return Status::Ok();
}

Status ParseLandmarks(const json& root, const std::string& name, LandmarkProfile* p) {
  if (!root.contains("landmarks") || !root["landmarks"].is_object() ||
      root["landmarks"].empty()) {
    return Bad(name, "landmarks", root.value("landmarks", json()),
               "an object mapping canonical landmarks to lists of source names");
  }
  for (auto& [key, value] : root["landmarks"].items()) {
    std::optional<Landmark> l = LandmarkFromName(key);
    if (!l) {
      return Status::InvalidInput(name + ": landmarks." + key +
                                  ": unknown landmark: expected one of " +
                                  AllLandmarkNames());
    }
    const auto index = static_cast<size_t>(*l);
    if (value.is_object()) {
      THAPLAN_RETURN_IF_ERROR(
          ParseLandmarkObject(value, name, "landmarks." + key, index, p));
      continue;
    }
    THAPLAN_RETURN_IF_ERROR(
        ParseNames(value, name, "landmarks." + key, 1, "", &p->sources[index]));
  }
  return Status::Ok();
}

}  // namespace

Result<LandmarkProfile> ParseProfileJson(std::string_view text, const std::string& name) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    return Status::InvalidInput(name + ": not valid JSON: " + e.what());
  }
  if (!root.is_object()) {
    return Bad(name, "the document", root, "a JSON object (docs/profiles.md)");
  }
  LandmarkProfile p;
  THAPLAN_RETURN_IF_ERROR(ParseFlags(root, name, &p));
  THAPLAN_RETURN_IF_ERROR(ParseLandmarks(root, name, &p));
  return p;
}

Result<LandmarkProfile> LoadProfileJson(const std::string& path) {
  THAPLAN_ASSIGN_OR_RETURN(std::string text, io::ReadFileToString(path));
  return ParseProfileJson(text, path);
}

}  // namespace thaplan
