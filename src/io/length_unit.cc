#include "thaplan/length_unit.h"

#include <cctype>
#include <string>

namespace thaplan {

std::string_view LengthUnitSymbol(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::kMetres:
      return "m";
    case LengthUnit::kCentimetres:
      return "cm";
    case LengthUnit::kMillimetres:
      return "mm";
  }
  return "?";
}

std::optional<LengthUnit> ParseLengthUnit(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  std::string lower;
  for (char c : text) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (lower == "m") return LengthUnit::kMetres;
  if (lower == "cm") return LengthUnit::kCentimetres;
  if (lower == "mm") return LengthUnit::kMillimetres;
  return std::nullopt;
}

double MetresPer(LengthUnit unit) { return 1.0 / PerMetre(unit); }

double PerMetre(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::kMetres:
      return 1.0;
    case LengthUnit::kCentimetres:
      return 100.0;
    case LengthUnit::kMillimetres:
      return 1000.0;
  }
  return 1.0;
}

}  // namespace thaplan
