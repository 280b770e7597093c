// Small HTML-writing helpers for the validation report: escaping, numbers
// as people read them (and exactly, in data attributes, for machines and
// tests), and tables.
#ifndef THAPLAN_REPORT_HTML_H_
#define THAPLAN_REPORT_HTML_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace thaplan::report {

using nlohmann::json;

// Escapes & < > " ' so any text is safe in element content and in quoted
// attribute values.
std::string Escape(std::string_view text);

// A JSON number as a double; NaN for null, a missing key or anything else.
double Num(const json& j);
// j[key] when j is an object holding it, else a shared null.
const json& At(const json& j, std::string_view key);
// The string at j[key], or "" when absent or not a string.
std::string Str(const json& j, std::string_view key);

// Four significant digits ("0.1234", "-2.5", "1235"); "undefined" for NaN.
std::string Short(double v);
// The exact value as JSON writes it (round-trip), "" for NaN.
std::string Exact(double v);

// <td> with a number: shown short, exact in data-v; data-k names it so a
// reader (or a test) can find it.
std::string NumberCell(double v, std::string_view key);
// <td> with an estimate and its interval: "0.123 (0.05 to 0.2)"; the three
// values exact in data-v, data-lo, data-hi.
std::string EstimateCell(const json& estimate, std::string_view key);
std::string TextCell(std::string_view text);

// A table: header cells (escaped here), then rows of ready-made cells.
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::string>& rows, std::string_view css_class = "");

}  // namespace thaplan::report

#endif  // THAPLAN_REPORT_HTML_H_
