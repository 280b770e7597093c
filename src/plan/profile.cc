// Constraint profiles: the built-ins (CLINICAL.md s.4) and user JSON files
// (format in docs/planning.md). nlohmann::json throws on malformed text; the
// exception is caught here and becomes a Status.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

#include "io/json_profile.h"
#include "io/text_scan.h"
#include "thaplan/plan.h"

namespace thaplan {
namespace {

using nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// Sources, as CLINICAL.md s.4 and s.3 give them.
constexpr const char* kLewinnek =
    "Lewinnek et al., J Bone Joint Surg Am 1978 (safe zone 40 +- 10 deg inclination, "
    "15 +- 10 deg anteversion)";
constexpr const char* kCallanan =
    "Callanan et al., Clin Orthop Relat Res 2011 (30-45 deg inclination, 5-25 deg "
    "anteversion)";
constexpr const char* kWidmer =
    "Widmer & Zurfluh, J Orthop Res 2004 (cup AV + 0.7 x stem AV = 37.3 deg); +-5 deg "
    "as accepted in navigation studies (CLINICAL.md s.4)";
constexpr const char* kDorr =
    "Dorr et al., Clin Orthop Relat Res 2009 (combined cup + stem anteversion 25-50 deg)";
constexpr const char* kLld =
    "Renkawitz et al. (post-op LLD within +-5 mm; CLINICAL.md s.3-4)";
constexpr const char* kOffset =
    "Mahmood et al. 2016 (offset reduction > 5 mm weakens the abductors); CLINICAL.md "
    "s.4 (-5..+5 mm of native)";
constexpr const char* kStemRange =
    "assumption: range in which a cementless stem's version is placed; the models' "
    "training ranges narrow it further";
constexpr const char* kLengthRange =
    "assumption: lengthening up to 35 mm as in the cohort simulator (docs/simulator.md); "
    "the post-op LLD limit narrows it";

ConstraintProfile LewinnekWidmer() {
  ConstraintProfile p;
  p.name = "lewinnek-widmer";
  p.description = "Lewinnek cup box, Widmer combined anteversion, LLD and offset +-5 mm";
  p.cup_inclination_deg = {30, 50, kLewinnek};
  p.cup_anteversion_deg = {5, 25, kLewinnek};
  p.stem_anteversion_deg = {0, 45, kStemRange};
  p.leg_length_change_mm = {-10, 35, kLengthRange};
  p.postop_lld_mm = {-5, 5, kLld};
  p.femoral_offset_change_mm = {-5, 5, kOffset};
  p.combined = {CombinedRule::kWidmer, 0.7, {32.3, 42.3, kWidmer}};
  return p;
}

ConstraintProfile CallananDorr() {
  ConstraintProfile p = LewinnekWidmer();
  p.name = "callanan-dorr";
  p.description = "Callanan cup box, Dorr combined anteversion, LLD and offset +-5 mm";
  p.cup_inclination_deg = {30, 45, kCallanan};
  p.cup_anteversion_deg = {5, 25, kCallanan};
  p.combined = {CombinedRule::kDorr, 1.0, {25, 50, kDorr}};
  return p;
}

constexpr std::string_view kTopKeys[] = {"version",
                                         "name",
                                         "description",
                                         "angle_definition",
                                         "cup_inclination_deg",
                                         "cup_anteversion_deg",
                                         "stem_anteversion_deg",
                                         "leg_length_change_mm",
                                         "postop_lld_mm",
                                         "femoral_offset_change_mm",
                                         "combined_anteversion",
                                         "resolution",
                                         "stem_anteversion_choosable"};
constexpr std::string_view kLimitKeys[] = {"min", "max", "source"};
constexpr std::string_view kCombinedKeys[] = {"rule", "stem_factor", "min", "max",
                                              "source"};
constexpr std::string_view kResolutionKeys[] = {"angle_deg", "length_mm"};
constexpr std::string_view kAngleDefinitions[] = {"radiographic", "operative",
                                                  "anatomic"};

std::string Joined(std::span<const std::string_view> list) {
  std::string out;
  for (std::string_view s : list) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

Status Bad(std::string_view name, const std::string& key, const json& value,
           const std::string& expected) {
  return io::JsonBad(name, key, value, expected);
}

Status CheckKeys(const json& object, std::span<const std::string_view> allowed,
                 std::string_view name, const std::string& where) {
  for (const auto& item : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      return Status::InvalidInput(std::string(name) + ": unknown key " +
                                  io::Quote(where + item.key()) + ": expected one of " +
                                  Joined(allowed));
    }
  }
  return Status::Ok();
}

Result<double> Number(const json& object, const std::string& key, std::string_view name,
                      const std::string& path) {
  const json& v = object.at(key);
  if (!v.is_number() || !std::isfinite(v.get<double>())) {
    return Bad(name, path + key, v, "a finite number");
  }
  return v.get<double>();
}

// A limit object: every key required, so a user's limit always cites its source.
Status ParseLimit(const json& v, std::string_view name, const std::string& key,
                  Limit* limit) {
  if (!v.is_object())
    return Bad(name, key, v, "an object {\"min\", \"max\", \"source\"}");
  THAPLAN_RETURN_IF_ERROR(CheckKeys(v, kLimitKeys, name, key + "."));
  for (std::string_view k : kLimitKeys) {
    if (!v.contains(k)) {
      return Status::InvalidInput(std::string(name) + ": " + key + "." + std::string(k) +
                                  " is missing: expected min, max and the source citing "
                                  "the limit");
    }
  }
  THAPLAN_ASSIGN_OR_RETURN(limit->min, Number(v, "min", name, key + "."));
  THAPLAN_ASSIGN_OR_RETURN(limit->max, Number(v, "max", name, key + "."));
  if (limit->min > limit->max) {
    return Bad(name, key + ".min", v["min"], "<= max (" + v["max"].dump() + ")");
  }
  if (!v["source"].is_string() || v["source"].get<std::string>().empty()) {
    return Bad(name, key + ".source", v["source"], "a non-empty citation");
  }
  limit->source = v["source"].get<std::string>();
  return Status::Ok();
}

Status ParseCombined(const json& v, std::string_view name, ConstraintProfile* p) {
  const std::string key = "combined_anteversion";
  if (!v.is_object()) return Bad(name, key, v, "an object");
  THAPLAN_RETURN_IF_ERROR(CheckKeys(v, kCombinedKeys, name, key + "."));
  if (!v.contains("rule") || !v["rule"].is_string()) {
    return Bad(name, key + ".rule", v.value("rule", json()), "widmer, dorr or none");
  }
  const std::string rule = v["rule"].get<std::string>();
  CombinedAnteversion c;
  if (rule == "none") {
    if (v.size() != 1) {
      return Bad(name, key, v, "only {\"rule\": \"none\"} when there is no limit");
    }
    p->combined = c;
    return Status::Ok();
  }
  if (rule != "widmer" && rule != "dorr") {
    return Bad(name, key + ".rule", v["rule"], "widmer, dorr or none");
  }
  c.rule = rule == "widmer" ? CombinedRule::kWidmer : CombinedRule::kDorr;
  c.stem_factor = c.rule == CombinedRule::kWidmer ? 0.7 : 1.0;
  if (v.contains("stem_factor")) {
    THAPLAN_ASSIGN_OR_RETURN(c.stem_factor, Number(v, "stem_factor", name, key + "."));
    if (c.stem_factor < 0 || c.stem_factor > 2) {
      return Bad(name, key + ".stem_factor", v["stem_factor"], "a factor in 0..2");
    }
  }
  json limit = json::object();
  for (const char* k : {"min", "max", "source"}) {
    if (v.contains(k)) limit[k] = v[k];
  }
  THAPLAN_RETURN_IF_ERROR(ParseLimit(limit, name, key, &c.limit));
  p->combined = c;
  return Status::Ok();
}

Status ParseResolution(const json& v, std::string_view name, ConstraintProfile* p) {
  if (!v.is_object()) return Bad(name, "resolution", v, "an object");
  THAPLAN_RETURN_IF_ERROR(CheckKeys(v, kResolutionKeys, name, "resolution."));
  for (auto [key, field] : {std::pair{"angle_deg", &p->angle_resolution_deg},
                            std::pair{"length_mm", &p->length_resolution_mm}}) {
    if (!v.contains(key)) continue;
    THAPLAN_ASSIGN_OR_RETURN(*field, Number(v, key, name, "resolution."));
    // Coarser than 5 units is not a clinical resolution; finer than 0.05
    // would make grids of millions of points per variable pair.
    if (*field < 0.05 || *field > 5) {
      return Bad(name, std::string("resolution.") + key, v[key], "a step in 0.05..5");
    }
  }
  return Status::Ok();
}

Status ParseTop(const json& root, std::string_view name, ConstraintProfile* p) {
  THAPLAN_RETURN_IF_ERROR(CheckKeys(root, kTopKeys, name, ""));
  THAPLAN_RETURN_IF_ERROR(io::ParseProfileHeader(root, name, &p->name, &p->description));
  if (root.contains("angle_definition")) {
    const json& v = root["angle_definition"];
    if (!v.is_string() ||
        std::find(std::begin(kAngleDefinitions), std::end(kAngleDefinitions),
                  v.get<std::string>()) == std::end(kAngleDefinitions)) {
      return Bad(name, "angle_definition", v,
                 Joined(kAngleDefinitions) + " (Murray 1993)");
    }
    p->angle_definition = v.get<std::string>();
  }
  if (root.contains("stem_anteversion_choosable")) {
    if (!root["stem_anteversion_choosable"].is_boolean()) {
      return Bad(name, "stem_anteversion_choosable", root["stem_anteversion_choosable"],
                 "true or false");
    }
    p->stem_anteversion_choosable = root["stem_anteversion_choosable"].get<bool>();
  }
  return Status::Ok();
}

Result<ConstraintProfile> ParseJson(const json& root, std::string_view name) {
  if (!root.is_object()) return Bad(name, "(top level)", root, "a JSON object");
  // Keys left out take the default profile's values (with their sources).
  ConstraintProfile p = LewinnekWidmer();
  p.description.clear();
  THAPLAN_RETURN_IF_ERROR(ParseTop(root, name, &p));
  const std::pair<const char*, Limit*> limits[] = {
      {"cup_inclination_deg", &p.cup_inclination_deg},
      {"cup_anteversion_deg", &p.cup_anteversion_deg},
      {"stem_anteversion_deg", &p.stem_anteversion_deg},
      {"leg_length_change_mm", &p.leg_length_change_mm},
      {"postop_lld_mm", &p.postop_lld_mm},
      {"femoral_offset_change_mm", &p.femoral_offset_change_mm}};
  for (const auto& [key, limit] : limits) {
    if (root.contains(key))
      THAPLAN_RETURN_IF_ERROR(ParseLimit(root[key], name, key, limit));
  }
  if (root.contains("combined_anteversion")) {
    THAPLAN_RETURN_IF_ERROR(ParseCombined(root["combined_anteversion"], name, &p));
  }
  if (root.contains("resolution")) {
    THAPLAN_RETURN_IF_ERROR(ParseResolution(root["resolution"], name, &p));
  }
  return p;
}

ordered_json LimitJson(const Limit& l) {
  return ordered_json{{"min", l.min}, {"max", l.max}, {"source", l.source}};
}

}  // namespace

std::string_view CombinedRuleName(CombinedRule rule) {
  switch (rule) {
    case CombinedRule::kWidmer:
      return "widmer";
    case CombinedRule::kDorr:
      return "dorr";
    case CombinedRule::kNone:
      break;
  }
  return "none";
}

std::vector<std::string> BuiltinProfileNames() {
  return {"lewinnek-widmer", "callanan-dorr"};
}

Result<ConstraintProfile> BuiltinProfile(std::string_view name) {
  if (name == "lewinnek-widmer") return LewinnekWidmer();
  if (name == "callanan-dorr") return CallananDorr();
  return Status::NotFound("profile " + io::Quote(name) +
                          ": not a built-in profile: expected lewinnek-widmer, "
                          "callanan-dorr or a JSON file");
}

Result<ConstraintProfile> ParseProfile(std::string_view json_text,
                                       std::string_view name) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::exception& e) {
    return Status::InvalidInput(std::string(name) + ": not valid JSON: " + e.what());
  }
  return ParseJson(root, name);
}

Result<ConstraintProfile> LoadProfile(const std::string& name_or_path) {
  Result<ConstraintProfile> builtin = BuiltinProfile(name_or_path);
  if (builtin.ok()) return builtin;
  if (name_or_path.find('/') == std::string::npos &&
      name_or_path.find(".json") == std::string::npos) {
    return builtin;  // a misspelt built-in name: say which names exist
  }
  THAPLAN_ASSIGN_OR_RETURN(std::string text, io::ReadFileToString(name_or_path));
  return ParseProfile(text, name_or_path);
}

std::string ProfileToJson(const ConstraintProfile& p) {
  ordered_json j;
  j["version"] = 1;
  j["name"] = p.name;
  j["description"] = p.description;
  j["angle_definition"] = p.angle_definition;
  j["cup_inclination_deg"] = LimitJson(p.cup_inclination_deg);
  j["cup_anteversion_deg"] = LimitJson(p.cup_anteversion_deg);
  j["stem_anteversion_deg"] = LimitJson(p.stem_anteversion_deg);
  j["stem_anteversion_choosable"] = p.stem_anteversion_choosable;
  j["leg_length_change_mm"] = LimitJson(p.leg_length_change_mm);
  j["postop_lld_mm"] = LimitJson(p.postop_lld_mm);
  j["femoral_offset_change_mm"] = LimitJson(p.femoral_offset_change_mm);
  if (p.combined.rule == CombinedRule::kNone) {
    j["combined_anteversion"] = ordered_json{{"rule", "none"}};
  } else {
    j["combined_anteversion"] = ordered_json{{"rule", CombinedRuleName(p.combined.rule)},
                                             {"stem_factor", p.combined.stem_factor},
                                             {"min", p.combined.limit.min},
                                             {"max", p.combined.limit.max},
                                             {"source", p.combined.limit.source}};
  }
  j["resolution"] = ordered_json{{"angle_deg", p.angle_resolution_deg},
                                 {"length_mm", p.length_resolution_mm}};
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace thaplan
