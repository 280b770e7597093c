#include "io/json_profile.h"

#include "io/text_scan.h"

namespace thaplan::io {

using nlohmann::json;

Status JsonBad(std::string_view file, const std::string& key, const json& value,
               const std::string& expected) {
  return Status::InvalidInput(
      std::string(file) + ": " + key + " = " +
      Quote(value.dump(-1, ' ', false, json::error_handler_t::replace)) + ": expected " +
      expected);
}

Status ParseProfileHeader(const json& root, std::string_view file, std::string* name,
                          std::string* description) {
  if (root.contains("version") && root["version"] != 1) {
    return JsonBad(file, "version", root["version"], "1");
  }
  if (!root.contains("name") || !root["name"].is_string() ||
      root["name"].get<std::string>().empty()) {
    return JsonBad(file, "name", root.value("name", json()), "a non-empty string");
  }
  *name = root["name"].get<std::string>();
  if (root.contains("description")) {
    if (!root["description"].is_string()) {
      return JsonBad(file, "description", root["description"], "a string");
    }
    *description = root["description"].get<std::string>();
  }
  return Status::Ok();
}

}  // namespace thaplan::io
