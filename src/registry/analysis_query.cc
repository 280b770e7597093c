#include "registry/analysis_query.h"

#include "thaplan/schema.h"

namespace thaplan::registry {
namespace {

void AddAssessment(std::string_view alias, std::string_view timepoint, AnalysisQuery* q,
                   std::string* select) {
  const std::string prefix = TimepointPrefix(timepoint);
  int skip = KeyColumnCount(RecordKind::kAssessments);
  for (const ColumnSpec& c : StoredColumns(RecordKind::kAssessments)) {
    if (skip > 0) {
      --skip;
      continue;
    }
    *select += ", ";
    *select += alias;
    *select += ".";
    *select += c.name;
    q->header.push_back(prefix + std::string(c.name));
  }
}

void AddGait(std::string_view alias, std::string_view timepoint, AnalysisQuery* q,
             std::string* select) {
  const std::string prefix = TimepointPrefix(timepoint);
  for (const ColumnSpec& c : GaitSummaryColumns()) {
    *select += ", ";
    *select += alias;
    *select += ".";
    *select += c.name;
    q->header.push_back(prefix + std::string(c.name));
  }
}

}  // namespace

std::string TimepointPrefix(std::string_view timepoint) {
  if (timepoint == "preop") return "preop_";
  // "3m" -> "m3_": column names that start with a letter suit R and pandas.
  std::string months(timepoint.substr(0, timepoint.size() - 1));
  return "m" + months + "_";
}

AnalysisQuery BuildAnalysisQuery(std::string_view timepoint) {
  AnalysisQuery q;
  std::string select = "SELECT ";
  bool first = true;
  for (const ColumnSpec& c : StoredColumns(RecordKind::kPatients)) {
    if (!first) select += ", ";
    first = false;
    select += "p.";
    select += c.name;
    q.header.emplace_back(c.name);
  }
  // BMI is derived, not stored, so it can never disagree with height and weight.
  select += ", p.weight_kg * 10000.0 / (p.height_cm * p.height_cm)";
  q.header.emplace_back("bmi_kg_m2");
  int skip = KeyColumnCount(RecordKind::kSurgeries);
  for (const ColumnSpec& c : StoredColumns(RecordKind::kSurgeries)) {
    if (skip > 0) {
      --skip;
      continue;
    }
    select += ", s.";
    select += c.name;
    q.header.emplace_back(c.name);
  }
  AddAssessment("a0", "preop", &q, &select);
  AddGait("g0", "preop", &q, &select);
  if (timepoint != "preop") {
    AddAssessment("a1", timepoint, &q, &select);
    AddGait("g1", timepoint, &q, &select);
  }

  std::string sql = select;
  sql += " FROM patients p LEFT JOIN surgeries s ON s.patient_id = p.patient_id";
  sql += " LEFT JOIN assessments a0 ON a0.patient_id = p.patient_id AND a0.timepoint = 'preop'";
  sql += " LEFT JOIN gait_sessions g0 ON g0.patient_id = p.patient_id AND g0.timepoint = 'preop'";
  if (timepoint != "preop") {
    sql += " LEFT JOIN assessments a1 ON a1.patient_id = p.patient_id AND a1.timepoint = '";
    sql += timepoint;  // validated by the caller against the fixed timepoint list
    sql += "'";
    sql += " LEFT JOIN gait_sessions g1 ON g1.patient_id = p.patient_id AND g1.timepoint = '";
    sql += timepoint;
    sql += "'";
  }
  sql += " ORDER BY p.site, p.patient_key";
  q.sql = std::move(sql);
  return q;
}

}  // namespace thaplan::registry
