#include "report/html.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace thaplan::report {

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

double Num(const json& j) {
  return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

const json& At(const json& j, std::string_view key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string Str(const json& j, std::string_view key) {
  const json& v = At(j, key);
  return v.is_string() ? v.get<std::string>() : "";
}

std::string Short(double v) {
  if (!std::isfinite(v)) return "undefined";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string Exact(double v) { return std::isfinite(v) ? json(v).dump() : ""; }

std::string NumberCell(double v, std::string_view key) {
  return "<td class=\"num\" data-k=\"" + Escape(key) + "\" data-v=\"" + Exact(v) + "\">" +
         Short(v) + "</td>";
}

std::string EstimateCell(const json& estimate, std::string_view key) {
  const double v = Num(At(estimate, "value"));
  const double lo = Num(At(estimate, "lower"));
  const double hi = Num(At(estimate, "upper"));
  std::string text = Short(v);
  if (std::isfinite(v)) {
    text += std::isfinite(lo) || std::isfinite(hi)
                ? " <span class=\"ci\">(" + Short(lo) + " to " + Short(hi) + ")</span>"
                : " <span class=\"ci\">(no CI)</span>";
  }
  return "<td class=\"num\" data-k=\"" + Escape(key) + "\" data-v=\"" + Exact(v) +
         "\" data-lo=\"" + Exact(lo) + "\" data-hi=\"" + Exact(hi) + "\">" + text +
         "</td>";
}

std::string TextCell(std::string_view text) { return "<td>" + Escape(text) + "</td>"; }

std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::string>& rows, std::string_view css_class) {
  std::string out = css_class.empty()
                        ? std::string("<table>\n")
                        : "<table class=\"" + std::string(css_class) + "\">\n";
  out += "<thead><tr>";
  for (const std::string& h : header) out += "<th>" + Escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const std::string& r : rows) out += "<tr>" + r + "</tr>\n";
  return out + "</tbody></table>\n";
}

}  // namespace thaplan::report
