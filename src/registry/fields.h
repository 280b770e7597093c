// Parsing one CSV field against its column's spec, strictly: no locale, no
// silent repair, and on failure the "expected ..." half of the error message.
#ifndef THAPLAN_REGISTRY_FIELDS_H_
#define THAPLAN_REGISTRY_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "thaplan/schema.h"

namespace thaplan::registry {

// True for the spellings of a missing value: "" and "NA" (R's export).
bool IsMissingText(std::string_view text);

// Parses `text` for `spec` into `*out` (monostate when missing). Returns what
// was expected when the text is not acceptable; required-ness is the caller's.
std::optional<std::string> ParseField(const ColumnSpec& spec, std::string_view text,
                                      Value* out);

// The "expected ..." text for a column, e.g. "expected a number in 0..90 (deg)".
std::string ExpectedText(const ColumnSpec& spec);

// How a value is quoted in an error message: as given, at most 40 characters.
std::string QuoteForMessage(std::string_view text);

}  // namespace thaplan::registry

#endif  // THAPLAN_REGISTRY_FIELDS_H_
