#include "model/table_builder.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/text_scan.h"

namespace thaplan::model {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::string_view kAssessmentPrefixes[] = {"preop_", "m3_", "m6_", "m12_"};

// BMI is derived in the analysis table (registry/analysis_query.cc), so it has
// no stored column; no range check, since height and weight were checked.
constexpr ColumnSpec kBmi{"bmi_kg_m2", ColumnType::kReal,  "kg/m2", 0, 0, {},
                          false,       "weight / height^2"};

const ColumnSpec* FindIn(std::span<const ColumnSpec> columns, std::string_view name,
                         int skip) {
  for (const ColumnSpec& c : columns) {
    if (skip-- > 0) continue;
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string Join(std::span<const std::string> list) {
  std::string out;
  for (const std::string& item : list) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string RangeText(const ColumnSpec& c) {
  std::string out = "a number in ";
  io::AppendShortest(c.min, &out);
  out += "..";
  io::AppendShortest(c.max, &out);
  if (!c.unit.empty()) out += " (" + std::string(c.unit) + ")";
  return out;
}

bool IsNumericType(ColumnType type) {
  return type == ColumnType::kInteger || type == ColumnType::kReal ||
         type == ColumnType::kFlag;
}

std::string NotesCount(size_t n, size_t of) {
  return std::to_string(n) + " of " + std::to_string(of) + " rows";
}

bool Positive(double value, ThresholdOp op, double threshold) {
  switch (op) {
    case ThresholdOp::kGreaterEqual:
      return value >= threshold;
    case ThresholdOp::kGreater:
      return value > threshold;
    case ThresholdOp::kLessEqual:
      return value <= threshold;
    case ThresholdOp::kLess:
      return value < threshold;
  }
  return false;
}

// NaN stays NaN (missing); otherwise 1 or 0 by the target's rule.
double ApplyRule(const TargetSpec& spec, double value) {
  if (spec.kind != TargetKind::kBinary || std::isnan(value)) return value;
  return Positive(value, spec.op, spec.threshold) ? 1.0 : 0.0;
}

}  // namespace

const ColumnSpec* FindAnalysisColumn(std::string_view name) {
  if (name == kBmi.name) return &kBmi;
  // Patients and surgeries first: surgeries has a column named preop_lld_mm.
  for (RecordKind kind : {RecordKind::kPatients, RecordKind::kSurgeries}) {
    if (const ColumnSpec* c = FindIn(StoredColumns(kind), name, 0)) return c;
  }
  for (std::string_view prefix : kAssessmentPrefixes) {
    if (!name.starts_with(prefix)) continue;
    const std::string_view rest = name.substr(prefix.size());
    if (const ColumnSpec* c = FindIn(StoredColumns(RecordKind::kAssessments), rest,
                                     KeyColumnCount(RecordKind::kAssessments))) {
      return c;
    }
    return FindIn(GaitSummaryColumns(), rest, 0);
  }
  return nullptr;
}

Result<TableBuilder> TableBuilder::Create(const DatasetSpec& spec,
                                          std::span<const std::string> header,
                                          std::string source) {
  TableBuilder b;
  b.source_ = std::move(source);
  b.table_.source = b.source_;
  b.header_.assign(header.begin(), header.end());
  for (size_t i = 0; i < header.size(); ++i) {
    if (!b.index_.emplace(header[i], i).second) {
      return Status::InvalidInput(b.source_ + ": header: column " + io::Quote(header[i]) +
                                  " appears twice: expected distinct column names");
    }
  }
  b.outcome_prefix_ = "m" + spec.timepoint.substr(0, spec.timepoint.size() - 1) + "_";
  THAPLAN_RETURN_IF_ERROR(b.ResolveFeatures(spec));
  THAPLAN_RETURN_IF_ERROR(b.ResolveTargets(spec));
  THAPLAN_RETURN_IF_ERROR(b.ResolveKeys(spec));
  return b;
}

Result<size_t> TableBuilder::Column(const std::string& name,
                                    const std::string& role) const {
  auto it = index_.find(name);
  if (it == index_.end()) {
    return Status::InvalidInput(
        source_ + ": " + role + " " + io::Quote(name) +
        ": not a column of the table: expected a column of its header");
  }
  return it->second;
}

Status TableBuilder::ResolveFeatures(const DatasetSpec& spec) {
  if (spec.feature_set.has_value() == !spec.features.empty()) {
    return Status::InvalidInput(
        source_ +
        ": dataset spec: expected either a feature set or a list of "
        "features, not both or neither");
  }
  std::vector<std::string> names = spec.features;
  if (spec.feature_set) {
    names.clear();
    for (std::string_view n : FeatureSetColumns(*spec.feature_set)) names.emplace_back(n);
    for (const std::string& extra : spec.extra_features) {
      if (std::find(names.begin(), names.end(), extra) != names.end()) {
        return Status::InvalidInput(source_ + ": extra_features " + io::Quote(extra) +
                                    ": already in feature set " +
                                    std::string(FeatureSetName(*spec.feature_set)) +
                                    ": expected a column not in the set");
      }
      names.push_back(extra);
    }
  }
  for (const std::string& name : names)
    THAPLAN_RETURN_IF_ERROR(ResolveFeature(spec, name));
  return Status::Ok();
}

Status TableBuilder::ResolveFeature(const DatasetSpec& spec, const std::string& name) {
  // A feature measured at the outcome timepoint would leak the outcome.
  if (name.starts_with(outcome_prefix_)) {
    return Status::InvalidInput(source_ + ": feature " + io::Quote(name) +
                                ": measured at the outcome timepoint " + spec.timepoint +
                                ": expected a pre-operative or surgical column");
  }
  if (name == kCombinedAnteversionFeature) return ResolveCombinedAnteversion();
  THAPLAN_ASSIGN_OR_RETURN(size_t column, Column(name, "feature"));
  FeatureSource f;
  f.column = column;
  f.schema = FindAnalysisColumn(name);
  const std::string unit = f.schema ? std::string(f.schema->unit) : "";
  if (auto it = spec.categories.find(name); it != spec.categories.end()) {
    f.levels = it->second;
  } else if (f.schema != nullptr && f.schema->type == ColumnType::kEnum) {
    for (std::string_view level : f.schema->allowed) f.levels.emplace_back(level);
  } else if (f.schema != nullptr && !IsNumericType(f.schema->type)) {
    return Status::InvalidInput(source_ + ": feature " + io::Quote(name) +
                                ": a free-text code column: expected its levels in the "
                                "spec's categories");
  }
  f.indicator_of_second = f.levels.size() == 2;
  if (f.levels.empty()) {
    table_.features.push_back({name, name, "", unit});
  } else {
    for (size_t i = f.indicator_of_second ? 1 : 0; i < f.levels.size(); ++i) {
      table_.features.push_back({name + "=" + f.levels[i], name, f.levels[i], ""});
    }
  }
  feature_sources_.push_back(std::move(f));
  return Status::Ok();
}

// Derived, never read: a table that has a column of that name still gets the
// value computed from the two angles, so every source agrees.
Status TableBuilder::ResolveCombinedAnteversion() {
  FeatureSource f;
  f.combined_anteversion = true;
  const std::string feature(kCombinedAnteversionFeature);
  for (const char* angle : {"cup_anteversion_deg", "stem_anteversion_deg"}) {
    if (index_.count(angle) == 0) {
      return Status::InvalidInput(
          source_ + ": feature " + io::Quote(feature) +
          ": derived from cup_anteversion_deg + 0.7 x stem_anteversion_deg, but " +
          angle + " is not a column of the table: expected both columns");
    }
  }
  f.column = index_.at("cup_anteversion_deg");
  f.schema = FindAnalysisColumn("cup_anteversion_deg");
  f.stem_column = index_.at("stem_anteversion_deg");
  f.stem_schema = FindAnalysisColumn("stem_anteversion_deg");
  table_.features.push_back({feature, feature, "", "deg"});
  feature_sources_.push_back(std::move(f));
  return Status::Ok();
}

Status TableBuilder::ResolveTargets(const DatasetSpec& spec) {
  for (const TargetSpec& t : spec.targets) {
    THAPLAN_ASSIGN_OR_RETURN(size_t column, Column(t.column, "target"));
    for (const FeatureSource& f : feature_sources_) {
      if (f.column == column) {
        return Status::InvalidInput(source_ + ": target " + io::Quote(t.column) +
                                    ": also a feature: expected a column that is not");
      }
    }
    TargetSource src;
    src.column = column;
    src.schema = FindAnalysisColumn(t.column);
    if (spec.categories.count(t.column) ||
        (src.schema && !IsNumericType(src.schema->type))) {
      return Status::InvalidInput(source_ + ": target " + io::Quote(t.column) +
                                  ": not numeric: expected a numeric column (use binary "
                                  "for a yes/no outcome)");
    }
    TargetColumn out;
    out.spec = t;
    if (t.kind == TargetKind::kContinuous && src.schema) out.unit = src.schema->unit;
    if (!t.preop_column.empty()) {
      THAPLAN_ASSIGN_OR_RETURN(src.preop, Column(t.preop_column, "preop_column"));
    } else if (t.column.starts_with(outcome_prefix_)) {
      const std::string guess = "preop_" + t.column.substr(outcome_prefix_.size());
      if (auto it = index_.find(guess); it != index_.end()) {
        src.preop = it->second;
        out.spec.preop_column = guess;
      }
    }
    if (src.preop) src.preop_schema = FindAnalysisColumn(header_[*src.preop]);
    table_.targets.push_back(std::move(out));
    target_sources_.push_back(src);
  }
  return Status::Ok();
}

Status TableBuilder::ResolveKeys(const DatasetSpec& spec) {
  const DatasetSpec defaults;
  if (auto it = index_.find(spec.key_column); it != index_.end()) {
    key_column_ = it->second;
  } else if (spec.key_column != defaults.key_column) {
    THAPLAN_RETURN_IF_ERROR(Column(spec.key_column, "key_column").status());
  } else {
    table_.notes.push_back("no " + spec.key_column +
                           " column: rows are keyed row 1, row 2, ... in file order");
  }
  if (auto it = index_.find(spec.group_column); it != index_.end()) {
    group_column_ = it->second;
  } else if (spec.group_column != defaults.group_column) {
    THAPLAN_RETURN_IF_ERROR(Column(spec.group_column, "group_column").status());
  } else {
    table_.notes.push_back("no " + spec.group_column +
                           " column: all rows form one group");
  }
  return Status::Ok();
}

Result<double> TableBuilder::Number(const Value& v, size_t column,
                                    const ColumnSpec* schema,
                                    const std::string& place) const {
  double out = kNaN;
  std::string text;
  if (std::holds_alternative<int64_t>(v)) {
    out = static_cast<double>(std::get<int64_t>(v));
  } else if (std::holds_alternative<double>(v)) {
    out = std::get<double>(v);
  } else if (std::holds_alternative<std::string>(v)) {
    text = std::get<std::string>(v);
    if (io::TrimBlanks(text) == "NA") return kNaN;
    switch (io::ParseNumber(text, &out)) {
      case io::NumberParse::kEmpty:
        return kNaN;
      case io::NumberParse::kInvalid:
        out = std::numeric_limits<double>::infinity();
        break;
      case io::NumberParse::kOk:
        break;
    }
  } else {
    return kNaN;
  }
  if (text.empty()) text = ValueToString(v);
  const std::string where = place + ": " + header_[column] + " = " + io::Quote(text);
  if (!std::isfinite(out)) {
    return Status::InvalidInput(where +
                                ": expected a finite number, or empty when missing");
  }
  if (schema != nullptr && schema->max > schema->min &&
      (out < schema->min || out > schema->max)) {
    return Status::InvalidInput(where + ": expected " + RangeText(*schema));
  }
  return out;
}

Status TableBuilder::AddFeatures(std::span<const Value> row, const std::string& place) {
  for (const FeatureSource& f : feature_sources_) {
    const Value& v = row[f.column];
    if (f.combined_anteversion) {
      THAPLAN_ASSIGN_OR_RETURN(double cup, Number(v, f.column, f.schema, place));
      THAPLAN_ASSIGN_OR_RETURN(
          double stem, Number(row[f.stem_column], f.stem_column, f.stem_schema, place));
      table_.x.values.push_back(CombinedAnteversionFeature(cup, stem));
      continue;
    }
    if (f.levels.empty()) {
      THAPLAN_ASSIGN_OR_RETURN(double x, Number(v, f.column, f.schema, place));
      table_.x.values.push_back(static_cast<float>(x));
      continue;
    }
    const std::string text = ValueToString(v);
    const bool missing = IsMissing(v) || io::TrimBlanks(text).empty() || text == "NA";
    const auto level = std::find(f.levels.begin(), f.levels.end(), text);
    if (!missing && level == f.levels.end()) {
      return Status::InvalidInput(place + ": " + header_[f.column] + " = " +
                                  io::Quote(text) + ": expected one of " +
                                  Join(f.levels));
    }
    const size_t hit = static_cast<size_t>(level - f.levels.begin());
    for (size_t i = f.indicator_of_second ? 1 : 0; i < f.levels.size(); ++i) {
      table_.x.values.push_back(missing ? std::numeric_limits<float>::quiet_NaN()
                                        : (i == hit ? 1.0f : 0.0f));
    }
  }
  return Status::Ok();
}

Status TableBuilder::AddTargets(std::span<const Value> row, const std::string& place) {
  for (size_t t = 0; t < target_sources_.size(); ++t) {
    const TargetSource& src = target_sources_[t];
    TargetColumn& out = table_.targets[t];
    THAPLAN_ASSIGN_OR_RETURN(double y,
                             Number(row[src.column], src.column, src.schema, place));
    out.values.push_back(ApplyRule(out.spec, y));
    if (std::isnan(y)) ++out.missing;
    double pre = kNaN;
    if (src.preop) {
      THAPLAN_ASSIGN_OR_RETURN(
          pre, Number(row[*src.preop], *src.preop, src.preop_schema, place));
    }
    out.preop.push_back(ApplyRule(out.spec, pre));
  }
  return Status::Ok();
}

Status TableBuilder::AddKeys(std::span<const Value> row, const std::string& place) {
  std::string key = "row " + std::to_string(table_.x.rows + 1);
  if (key_column_) {
    key = std::string(io::TrimBlanks(ValueToString(row[*key_column_])));
    if (key.empty()) {
      return Status::InvalidInput(place + ": " + header_[*key_column_] +
                                  " is empty: expected a row key");
    }
  }
  auto [it, inserted] = key_places_.emplace(key, place);
  if (!inserted && key_column_) {
    // The key value is not shown: in a research CSV it may be an identifier.
    return Status::InvalidInput(place + ": " + header_[*key_column_] +
                                " repeats the key of " + it->second +
                                ": expected one row per patient");
  }
  table_.keys.push_back(std::move(key));
  table_.groups.push_back(group_column_ ? ValueToString(row[*group_column_]) : "");
  return Status::Ok();
}

Status TableBuilder::AddRow(std::span<const Value> row, const std::string& place) {
  if (row.size() != header_.size()) {
    return Status::InvalidInput(place + ": " + std::to_string(row.size()) +
                                " fields: expected " + std::to_string(header_.size()) +
                                " as in the header");
  }
  THAPLAN_RETURN_IF_ERROR(AddKeys(row, place));
  THAPLAN_RETURN_IF_ERROR(AddFeatures(row, place));
  THAPLAN_RETURN_IF_ERROR(AddTargets(row, place));
  ++table_.x.rows;
  return Status::Ok();
}

Result<Table> TableBuilder::Finish() && {
  const size_t n = table_.x.rows;
  if (n == 0)
    return Status::InvalidInput(source_ + ": no rows: expected at least one patient");
  table_.x.cols = table_.features.size();
  for (size_t c = 0; c < table_.x.cols; ++c) {
    bool any = false;
    for (size_t r = 0; r < n && !any; ++r) any = !std::isnan(table_.x.at(r, c));
    if (!any)
      table_.notes.push_back("feature " + table_.features[c].name + " has no values");
  }
  for (const TargetColumn& t : table_.targets) {
    if (t.missing > 0) {
      table_.notes.push_back(t.spec.name + ": " + NotesCount(t.missing, n) +
                             " have no value and are left out for this target");
    }
    if (t.spec.kind == TargetKind::kBinary) {
      size_t positive = 0;
      for (double y : t.values) positive += y == 1.0 ? 1 : 0;
      std::string threshold;
      io::AppendShortest(t.spec.threshold, &threshold);
      table_.notes.push_back(t.spec.name + ": positive when " + t.spec.column + " " +
                             std::string(ThresholdOpText(t.spec.op)) + " " + threshold +
                             ": " + NotesCount(positive, n - t.missing));
    }
    if (t.spec.preop_column.empty()) {
      table_.notes.push_back(t.spec.name +
                             ": no pre-operative column: no carried-forward baseline");
    }
  }
  return std::move(table_);
}

}  // namespace thaplan::model
