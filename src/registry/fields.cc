#include "registry/fields.h"

#include <charconv>
#include <cmath>

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

// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
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

std::optional<int64_t> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t pos, size_t len, int* out) {
    auto r = std::from_chars(text.data() + pos, text.data() + pos + len, *out);
    return r.ec == std::errc() && r.ptr == text.data() + pos + len;
  };
  if (!num(0, 4, &y) || !num(5, 2, &m) || !num(8, 2, &d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int days_in_month = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > days_in_month || y < 1900) return std::nullopt;
  return DaysFromCivil(y, m, d);
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
