// Recognising direct identifiers (HIPAA Safe Harbor; Japan's APPI) in column
// names and free-text values, so they are refused instead of stored.
#ifndef THAPLAN_REGISTRY_IDENTIFIERS_H_
#define THAPLAN_REGISTRY_IDENTIFIERS_H_

#include <optional>
#include <string>
#include <string_view>

namespace thaplan::registry {

// If a column called `name` probably holds a direct identifier, returns what
// kind ("a name", "a phone number", ...); otherwise nullopt. Works on words
// split at non-letters and camelCase: "Patient Name", "patientName", "tel_no".
std::optional<std::string> IdentifierKindOfColumn(std::string_view name);

// Same for a value of a free-text code column: an e-mail address or a run of
// seven or more digits (phone, record or insurance number).
std::optional<std::string> IdentifierKindOfValue(std::string_view value);

}  // namespace thaplan::registry

#endif  // THAPLAN_REGISTRY_IDENTIFIERS_H_
