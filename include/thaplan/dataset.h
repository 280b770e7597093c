// Modelling tables: what the outcome models learn from.
//
// A DatasetSpec (JSON, format in docs/model.md) names the outcome timepoint,
// the targets (continuous, or binary by a threshold rule) and the features
// (the `seed` or `extended` set, or an explicit list). A Table is built from
// the registry's analysis table or from any CSV file plus a spec:
//
//   X        row-major float matrix, NaN = missing (left to XGBoost; the
//            ridge baseline imputes the training mean)
//   targets  one column per target, NaN = missing (such rows are left out
//            for that target only; RowsWithTarget gives the rest)
//   groups   the site of each row, for grouped validation
//   keys     the row key (the registry's pseudonym), never an identifier
//
// Enum columns are one-hot encoded in the order of their allowed values; a
// two-level enum becomes one indicator of its second level (docs/model.md).
#ifndef THAPLAN_DATASET_H_
#define THAPLAN_DATASET_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/status.h"

namespace thaplan {

class Registry;

// The predictor sets of docs/model.md. kSeed: background and surgical data,
// as in the originating study (CLINICAL.md s.1); kExtended: kSeed plus the
// pre-operative value of each gait index, pre-op speed and cadence.
enum class FeatureSet { kSeed, kExtended };

std::string_view FeatureSetName(FeatureSet set);  // "seed", "extended"

// Analysis-table columns of a feature set, in table order. Defined once here
// (src/model/feature_sets.cc) and documented in docs/model.md.
std::span<const std::string_view> FeatureSetColumns(FeatureSet set);

// A derived feature (docs/model.md): Widmer's combined anteversion,
// cup_anteversion_deg + 0.7 x stem_anteversion_deg (Widmer & Zurfluh 2004;
// CLINICAL.md s.4), computed by the table builders from those two columns
// when a spec asks for it (usually in extra_features). Not in the named sets.
inline constexpr std::string_view kCombinedAnteversionFeature =
    "combined_anteversion_deg";
inline constexpr double kWidmerStemFactor = 0.7;

// The combined anteversion as a model sees it: computed in double, rounded
// to float once; NaN when either angle is missing. The one definition the
// table builders and the planner share, so a planned placement's feature
// value is bit for bit the one a table would hold.
float CombinedAnteversionFeature(double cup_anteversion_deg, double stem_anteversion_deg);

enum class TargetKind { kContinuous, kBinary };

// How a binary target is made from a number: positive when
// `value op threshold`.
enum class ThresholdOp { kGreaterEqual, kGreater, kLessEqual, kLess };

std::string_view ThresholdOpText(ThresholdOp op);  // ">=", ">", "<=", "<"

struct TargetSpec {
  std::string name;    // shown in reports; defaults to the column (+ rule)
  std::string column;  // numeric column of the table
  TargetKind kind = TargetKind::kContinuous;
  ThresholdOp op = ThresholdOp::kGreaterEqual;  // kBinary only
  double threshold = 0;                         // kBinary only
  // Pre-operative counterpart for the carried-forward baseline. Empty: the
  // column with the timepoint prefix replaced by `preop_`, if the table has it.
  std::string preop_column;
};

struct DatasetSpec {
  // Outcome timepoint: "3m", "6m" or "12m". Its prefix (m3_, m6_, m12_) marks
  // the columns that may not be features.
  std::string timepoint = "3m";
  // Exactly one of: a named set (plus `extra_features`), or an explicit list.
  std::optional<FeatureSet> feature_set = FeatureSet::kExtended;
  std::vector<std::string> features;        // explicit list (feature_set empty)
  std::vector<std::string> extra_features;  // appended to the named set
  // Levels of categorical columns the registry schema does not know, in the
  // encoding order. Schema enums (sex, diagnosis, ...) need no entry.
  std::map<std::string, std::vector<std::string>> categories;
  // Empty: the three gait indices at the timepoint (DefaultTargets).
  std::vector<TargetSpec> targets;
  std::string key_column = "patient_key";  // absent in a CSV: "row N"
  std::string group_column = "site";       // absent in a CSV: one group ""
};

// Parses a spec. `name` (usually the file path) starts every error message,
// which names the key, the bad value and what was expected.
Result<DatasetSpec> ParseDatasetSpec(std::string_view json_text, std::string_view name);
Result<DatasetSpec> ReadDatasetSpec(const std::string& path);

// Symmetry, stability and propulsion (CLINICAL.md s.1) at `timepoint`:
// <prefix>com_asymmetry_pct, <prefix>stride_length_cv_pct,
// <prefix>peak_hip_extension_deg.
std::vector<TargetSpec> DefaultTargets(std::string_view timepoint);

// Rows x cols floats, row-major; NaN is missing.
struct FeatureMatrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<float> values;

  float at(size_t row, size_t col) const { return values[row * cols + col]; }
  std::span<const float> row(size_t r) const {
    return std::span<const float>(values).subspan(r * cols, cols);
  }
};

// The listed rows of `x`, in that order.
FeatureMatrix TakeRows(const FeatureMatrix& x, std::span<const size_t> rows);

struct FeatureInfo {
  std::string name;    // column of X: "age_at_surgery" or "diagnosis=oa_ddh"
  std::string column;  // the table column it comes from
  std::string level;   // for an indicator: the level that gives 1
  std::string unit;    // "" when unitless or unknown
};

struct TargetColumn {
  TargetSpec spec;             // as resolved (name and preop_column filled in)
  std::string unit;            // of the source column; "" for binary targets
  std::vector<double> values;  // one per table row; NaN = missing
  // The pre-op counterpart, with the same rule applied for binary targets;
  // all NaN when spec.preop_column is empty.
  std::vector<double> preop;
  size_t missing = 0;  // rows without a value, left out for this target
};

struct Table {
  std::string source;  // "registry.db (timepoint 3m)" or the CSV path
  std::vector<FeatureInfo> features;
  FeatureMatrix x;
  std::vector<TargetColumn> targets;
  std::vector<std::string> groups;  // per row; "" when the source has none
  std::vector<std::string> keys;    // per row, unique
  // What the build did that a report must state (rows left out, defaults).
  std::vector<std::string> notes;

  size_t rows() const { return x.rows; }
};

// Rows (in table order) whose value of target `target` is present.
std::vector<size_t> RowsWithTarget(const Table& table, size_t target);

// Builds the table from the registry's analysis table for spec.timepoint.
Result<Table> BuildTableFromRegistry(Registry& registry, const DatasetSpec& spec);

// Builds the table from a CSV file (docs/formats.md rules: header row, empty
// or NA = missing). Columns the registry schema knows are range-checked and
// their enums encoded; any other feature column must be numeric unless its
// levels are given in spec.categories.
Result<Table> BuildTableFromCsv(const std::string& path, const DatasetSpec& spec);

}  // namespace thaplan

#endif  // THAPLAN_DATASET_H_
