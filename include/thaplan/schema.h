// The registry's data model as data: every table, column, unit and allowed
// range lives in one table here. Import validation, export, the SQL schema and
// docs/formats.md are all derived from it, so they cannot drift apart.
#ifndef THAPLAN_SCHEMA_H_
#define THAPLAN_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace thaplan {

// The registry schema version this program writes and understands.
inline constexpr int kSchemaVersion = 1;

// A stored value: missing, integer, real or text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline bool IsMissing(const Value& v) { return std::holds_alternative<std::monostate>(v); }
std::string ValueToString(const Value& v);

enum class ColumnType {
  kKey,      // patient key: replaced by a pseudonym on import
  kCode,     // short identifier-free code, e.g. a site or implant model
  kEnum,     // one of a fixed list of words
  kInteger,  // whole number in [min, max]
  kReal,     // decimal number in [min, max]
  kFlag,     // 0 or 1
  kDate,     // YYYY-MM-DD; input only, never stored (see de-identification)
};

struct ColumnSpec {
  std::string_view name;
  ColumnType type;
  std::string_view unit;  // "" when unitless
  double min = 0;
  double max = 0;
  std::span<const std::string_view> allowed;  // for kEnum
  bool required = false;
  std::string_view description;
};

// The kinds of record a clinic imports. Each is one CSV file and one table.
enum class RecordKind { kPatients, kAssessments, kSurgeries };

inline constexpr RecordKind kAllRecordKinds[] = {RecordKind::kPatients,
                                                 RecordKind::kSurgeries,
                                                 RecordKind::kAssessments};

std::string_view RecordKindName(RecordKind kind);  // "patients", ...
std::optional<RecordKind> RecordKindFromName(std::string_view name);

// Columns stored in the registry for a kind, in table order. The key columns
// come first: patient_key for patients and surgeries, (patient_key, timepoint)
// for assessments.
std::span<const ColumnSpec> StoredColumns(RecordKind kind);
int KeyColumnCount(RecordKind kind);

// Columns accepted only on import and turned into stored ones (exact dates
// become day offsets or years), per kind.
std::span<const ColumnSpec> InputOnlyColumns(RecordKind kind);

// Finds a stored or input-only column by name; nullptr if unknown.
const ColumnSpec* FindColumn(RecordKind kind, std::string_view name);

// Assessment timepoints, in clinical order.
inline constexpr std::string_view kTimepoints[] = {"preop", "3m", "6m", "12m"};
bool IsTimepoint(std::string_view tp);

// A row of stored values aligned with StoredColumns(kind).
using Row = std::vector<Value>;

// Gait summary values stored with each gait session (one per patient and
// timepoint) and joined into the analysis table with the timepoint's prefix.
std::span<const ColumnSpec> GaitSummaryColumns();

// The column reference of docs/formats.md, generated from the tables above.
std::string FormatsMarkdown();

// Ages above this are stored as 90 ("90+"), per HIPAA Safe Harbor.
inline constexpr int kMaxStoredAge = 90;

}  // namespace thaplan

#endif  // THAPLAN_SCHEMA_H_
