#include "thaplan/export.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace thaplan {
namespace {

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

nlohmann::json ToJson(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

Status Put(std::FILE* out, const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
    return Status::IOError("export: write failed");
  }
  return Status::Ok();
}

}  // namespace

Status ExportAnalysisTable(Registry& registry, std::string_view timepoint,
                           ExportFormat format, std::FILE* out, int64_t* rows_written) {
  std::vector<std::string> header;
  int64_t rows = 0;
  std::string line;
  const auto on_header = [&](std::span<const std::string> names) -> Status {
    header.assign(names.begin(), names.end());
    if (format == ExportFormat::kJson) return Put(out, "[");
    line.clear();
    for (size_t i = 0; i < header.size(); ++i) {
      if (i > 0) line += ',';
      line += CsvField(header[i]);
    }
    return Put(out, line + "\n");
  };
  const auto on_row = [&](const Row& row) -> Status {
    line.clear();
    if (format == ExportFormat::kJson) {
      nlohmann::ordered_json obj;
      for (size_t i = 0; i < header.size(); ++i) obj[header[i]] = ToJson(row[i]);
      line = (rows == 0 ? "\n" : ",\n") + obj.dump();
    } else {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) line += ',';
        line += CsvField(ValueToString(row[i]));
      }
      line += '\n';
    }
    ++rows;
    return Put(out, line);
  };
  THAPLAN_RETURN_IF_ERROR(registry.ScanAnalysisTable(timepoint, on_header, on_row));
  if (format == ExportFormat::kJson) THAPLAN_RETURN_IF_ERROR(Put(out, rows == 0 ? "]\n" : "\n]\n"));
  if (rows_written != nullptr) *rows_written = rows;
  return Status::Ok();
}

}  // namespace thaplan
