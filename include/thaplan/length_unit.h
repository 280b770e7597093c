// Length units that capture files declare (TRC "Units", keypoint CSV
// "units="). Readers convert to metres; writers convert from metres.
#ifndef THAPLAN_LENGTH_UNIT_H_
#define THAPLAN_LENGTH_UNIT_H_

#include <optional>
#include <string_view>

namespace thaplan {

enum class LengthUnit { kMetres, kCentimetres, kMillimetres };

// "m", "cm" or "mm".
std::string_view LengthUnitSymbol(LengthUnit unit);

// Parses "m", "cm" or "mm" (ASCII case-insensitive, surrounding blanks
// ignored); nullopt for anything else.
std::optional<LengthUnit> ParseLengthUnit(std::string_view text);

// Metres per one of `unit`: 1, 0.01, 0.001.
double MetresPer(LengthUnit unit);

// Ones of `unit` per metre: 1, 100, 1000. Multiplying by this (rather than
// dividing by MetresPer) keeps whole millimetre values exact.
double PerMetre(LengthUnit unit);

}  // namespace thaplan

#endif  // THAPLAN_LENGTH_UNIT_H_
