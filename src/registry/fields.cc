#include "registry/fields.h"

#include <charconv>
#include <cmath>

#include "core/civil_date.h"
#include "registry/identifiers.h"

namespace thaplan::registry {
namespace {

std::string FormatLimit(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool IsCodeChar(char c, bool strict) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  if (c == '-' || c == '_') return true;
  if (strict) return false;
  return c == ' ' || c == '.' || c == '/' || c == '+' || c == '(' || c == ')';
}

}  // namespace

bool IsMissingText(std::string_view text) { return text.empty() || text == "NA"; }

std::string QuoteForMessage(std::string_view text) {
  if (text.empty()) return "\"\"";
  if (text.size() > 40) return std::string(text.substr(0, 37)) + "...";
  return std::string(text);
}

std::string ExpectedText(const ColumnSpec& spec) {
  const std::string unit = spec.unit.empty() ? "" : " (" + std::string(spec.unit) + ")";
  switch (spec.type) {
    case ColumnType::kInteger:
      return "expected a whole number in " + FormatLimit(spec.min) + ".." +
             FormatLimit(spec.max) + unit;
    case ColumnType::kReal:
      return "expected a number in " + FormatLimit(spec.min) + ".." + FormatLimit(spec.max) +
             unit;
    case ColumnType::kFlag: return "expected 0 or 1";
    case ColumnType::kDate: return "expected a date as YYYY-MM-DD";
    case ColumnType::kEnum: {
      std::string s = "expected one of ";
      for (size_t i = 0; i < spec.allowed.size(); ++i) {
        if (i > 0) s += ", ";
        s += spec.allowed[i];
      }
      return s;
    }
    case ColumnType::kKey: return "expected a patient key (at most 64 characters)";
    case ColumnType::kCode:
      if (spec.name == "site") return "expected a site code of letters, digits, - or _ (at most 32)";
      return "expected letters, digits, spaces or . _ - / + ( ) (at most 40)";
  }
  return "expected a valid value";
}

std::optional<std::string> ParseField(const ColumnSpec& spec, std::string_view text,
                                      Value* out) {
  *out = Value{};
  if (IsMissingText(text)) return std::nullopt;
  switch (spec.type) {
    case ColumnType::kInteger:
    case ColumnType::kFlag: {
      int64_t v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return ExpectedText(spec);
      if (static_cast<double>(v) < spec.min || static_cast<double>(v) > spec.max) {
        return ExpectedText(spec);
      }
      *out = v;
      return std::nullopt;
    }
    case ColumnType::kReal: {
      double v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v)) {
        return ExpectedText(spec);
      }
      if (v < spec.min || v > spec.max) return ExpectedText(spec);
      *out = v;
      return std::nullopt;
    }
    case ColumnType::kEnum:
      for (std::string_view allowed : spec.allowed) {
        if (allowed == text) {
          *out = std::string(text);
          return std::nullopt;
        }
      }
      return ExpectedText(spec);
    case ColumnType::kDate:
      if (!ParseIsoDate(text)) return ExpectedText(spec);
      *out = std::string(text);
      return std::nullopt;
    case ColumnType::kKey:
      if (text.size() > 64) return ExpectedText(spec);
      *out = std::string(text);
      return std::nullopt;
    case ColumnType::kCode: {
      const bool strict = spec.name == "site";
      if (text.size() > (strict ? 32u : 40u)) return ExpectedText(spec);
      for (char c : text) {
        if (!IsCodeChar(c, strict)) return ExpectedText(spec);
      }
      if (auto kind = IdentifierKindOfValue(text)) {
        return "expected no direct identifier (this looks like " + *kind + ")";
      }
      *out = std::string(text);
      return std::nullopt;
    }
  }
  return ExpectedText(spec);
}

}  // namespace thaplan::registry
