// Table sources (registry, CSV) and row selection.
#include "thaplan/dataset.h"

#include <cmath>

#include "io/csv_reader.h"
#include "io/text_scan.h"
#include "model/table_builder.h"
#include "thaplan/registry.h"

namespace thaplan {

std::vector<size_t> RowsWithTarget(const Table& table, size_t target) {
  std::vector<size_t> rows;
  const std::vector<double>& y = table.targets[target].values;
  for (size_t r = 0; r < y.size(); ++r) {
    if (!std::isnan(y[r])) rows.push_back(r);
  }
  return rows;
}

FeatureMatrix TakeRows(const FeatureMatrix& x, std::span<const size_t> rows) {
  FeatureMatrix out;
  out.rows = rows.size();
  out.cols = x.cols;
  out.values.reserve(out.rows * out.cols);
  for (size_t r : rows) {
    std::span<const float> src = x.row(r);
    out.values.insert(out.values.end(), src.begin(), src.end());
  }
  return out;
}

Result<Table> BuildTableFromRegistry(Registry& registry, const DatasetSpec& spec) {
  const std::string source = registry.location() + " (timepoint " + spec.timepoint + ")";
  std::optional<model::TableBuilder> builder;
  std::vector<std::string> header;
  int64_t row_number = 0;
  const auto on_header = [&](std::span<const std::string> names) -> Status {
    header.assign(names.begin(), names.end());
    THAPLAN_ASSIGN_OR_RETURN(builder, model::TableBuilder::Create(spec, names, source));
    return Status::Ok();
  };
  const auto on_row = [&](const Row& row) -> Status {
    // Rows are named by the pseudonym (first column), which is not an identifier.
    ++row_number;
    std::string place = source + ": row " + std::to_string(row_number);
    if (!row.empty() && !IsMissing(row[0])) place += " (" + ValueToString(row[0]) + ")";
    return builder->AddRow(row, place);
  };
  THAPLAN_RETURN_IF_ERROR(registry.ScanAnalysisTable(spec.timepoint, on_header, on_row));
  if (!builder) return Status::Internal(source + ": the analysis table had no header");
  return std::move(*builder).Finish();
}

Result<Table> BuildTableFromCsv(const std::string& path, const DatasetSpec& spec) {
  THAPLAN_ASSIGN_OR_RETURN(io::CsvReader reader, io::CsvReader::Open(path));
  std::vector<std::string_view> fields;
  if (!reader.Next(&fields)) {
    THAPLAN_RETURN_IF_ERROR(reader.status());
    return Status::InvalidInput(path + ":1: file is empty: expected a header row");
  }
  std::vector<std::string> header;
  for (std::string_view f : fields) header.emplace_back(io::TrimBlanks(f));
  THAPLAN_ASSIGN_OR_RETURN(model::TableBuilder builder,
                           model::TableBuilder::Create(spec, header, path));
  Row row;
  while (reader.Next(&fields)) {
    row.clear();
    // Text is parsed by the builder as each column needs; empty is missing.
    for (std::string_view f : fields) {
      row.push_back(io::IsBlank(f) ? Value() : Value(std::string(f)));
    }
    THAPLAN_RETURN_IF_ERROR(
        builder.AddRow(row, path + ":" + std::to_string(reader.line())));
  }
  THAPLAN_RETURN_IF_ERROR(reader.status());
  return std::move(builder).Finish();
}

}  // namespace thaplan
