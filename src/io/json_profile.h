// What every thaplan JSON profile file starts with (landmark profiles,
// constraint profiles): "version": 1, a non-empty "name" and an optional
// "description"; and the error form their parsers share.
#ifndef THAPLAN_IO_JSON_PROFILE_H_
#define THAPLAN_IO_JSON_PROFILE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "thaplan/status.h"

namespace thaplan::io {

// "p.json: key = <value as JSON>: expected <expected>".
Status JsonBad(std::string_view file, const std::string& key, const nlohmann::json& value,
               const std::string& expected);

// Checks "version" (1 when present) and reads "name" (required, non-empty)
// and "description" (optional: left unchanged when absent).
Status ParseProfileHeader(const nlohmann::json& root, std::string_view file,
                          std::string* name, std::string* description);

}  // namespace thaplan::io

#endif  // THAPLAN_IO_JSON_PROFILE_H_
