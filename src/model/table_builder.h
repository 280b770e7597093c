// Turns the rows of an analysis table (from the registry or a CSV file) into a
// modelling Table, following a DatasetSpec. Both sources go through here, so
// a CSV exported from the registry gives the same Table as the registry.
#ifndef THAPLAN_MODEL_TABLE_BUILDER_H_
#define THAPLAN_MODEL_TABLE_BUILDER_H_

#include <map>
#include <span>
#include <string>
#include <vector>

#include "thaplan/dataset.h"
#include "thaplan/schema.h"
#include "thaplan/status.h"

namespace thaplan::model {

// The registry's description of an analysis-table column: patients and
// surgeries columns by name, bmi_kg_m2, and assessment and gait columns under
// a timepoint prefix (preop_, m3_, m6_, m12_). nullptr when unknown.
const ColumnSpec* FindAnalysisColumn(std::string_view name);

class TableBuilder {
 public:
  // Resolves the spec against the header. `source` names the table in every
  // error and in Table::source.
  static Result<TableBuilder> Create(const DatasetSpec& spec,
                                     std::span<const std::string> header,
                                     std::string source);

  // Adds one row aligned with the header. Text values are parsed as the
  // column needs. `place` names the row in errors ("cohort.csv:17").
  [[nodiscard]] Status AddRow(std::span<const Value> row, const std::string& place);

  // The table, with notes on what was left out. Fails when there are no rows.
  Result<Table> Finish() &&;

 private:
  // How one source column becomes feature columns.
  struct FeatureSource {
    size_t column = 0;                 // in the header
    std::vector<std::string> levels;   // empty: numeric
    bool indicator_of_second = false;  // a two-level enum: one column
    const ColumnSpec* schema = nullptr;
    // The combined anteversion: derived from the cup (`column`) and the stem
    // (`stem_column`) anteversion columns.
    bool combined_anteversion = false;
    size_t stem_column = 0;
    const ColumnSpec* stem_schema = nullptr;
  };
  struct TargetSource {
    size_t column = 0;
    std::optional<size_t> preop;
    const ColumnSpec* schema = nullptr;
    const ColumnSpec* preop_schema = nullptr;
  };

  TableBuilder() = default;
  Status ResolveFeatures(const DatasetSpec& spec);
  Status ResolveFeature(const DatasetSpec& spec, const std::string& name);
  Status ResolveCombinedAnteversion();
  Status ResolveTargets(const DatasetSpec& spec);
  Status ResolveKeys(const DatasetSpec& spec);
  Result<size_t> Column(const std::string& name, const std::string& role) const;
  Result<double> Number(const Value& v, size_t column, const ColumnSpec* schema,
                        const std::string& place) const;
  Status AddFeatures(std::span<const Value> row, const std::string& place);
  Status AddTargets(std::span<const Value> row, const std::string& place);
  Status AddKeys(std::span<const Value> row, const std::string& place);

  std::string source_;
  std::vector<std::string> header_;
  std::map<std::string, size_t> index_;
  std::string outcome_prefix_;
  std::vector<FeatureSource> feature_sources_;
  std::vector<TargetSource> target_sources_;
  std::optional<size_t> key_column_;
  std::optional<size_t> group_column_;
  std::map<std::string, std::string> key_places_;  // key -> place first seen
  Table table_;
};

}  // namespace thaplan::model

#endif  // THAPLAN_MODEL_TABLE_BUILDER_H_
