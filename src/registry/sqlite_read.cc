// Reading the SQLite registry: summary, analysis table, audit log.
#include <map>

#include "registry/analysis_query.h"
#include "registry/sqlite_registry.h"

namespace thaplan::registry {

Result<RegistrySummary> SqliteRegistry::Summary() {
  RegistrySummary summary;
  summary.location = path_;
  summary.backend = "sqlite";
  summary.schema_version = schema_version_;
  std::map<std::string, SiteSummary> by_site;
  THAPLAN_ASSIGN_OR_RETURN(Statement sites, Prepare(db_, "SELECT site FROM sites"));
  while (sqlite3_step(sites.get()) == SQLITE_ROW) {
    std::string site = std::get<std::string>(sites.Column(0));
    by_site[site].site = site;
  }
  const auto count_into = [&](std::string_view sql, auto&& apply) -> Status {
    THAPLAN_ASSIGN_OR_RETURN(Statement st, Prepare(db_, sql));
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) apply(st);
    if (rc != SQLITE_DONE) return SqliteError(db_, path_ + ": summary");
    return Status::Ok();
  };
  THAPLAN_RETURN_IF_ERROR(count_into(
      "SELECT site, count(*) FROM patients GROUP BY site", [&](Statement& st) {
        by_site[std::get<std::string>(st.Column(0))].patients = std::get<int64_t>(st.Column(1));
      }));
  THAPLAN_RETURN_IF_ERROR(count_into(
      "SELECT p.site, count(*) FROM surgeries s JOIN patients p USING (patient_id) "
      "GROUP BY p.site",
      [&](Statement& st) {
        by_site[std::get<std::string>(st.Column(0))].surgeries = std::get<int64_t>(st.Column(1));
      }));
  THAPLAN_RETURN_IF_ERROR(count_into(
      "SELECT p.site, a.timepoint, count(*) FROM assessments a JOIN patients p "
      "USING (patient_id) GROUP BY p.site, a.timepoint",
      [&](Statement& st) {
        by_site[std::get<std::string>(st.Column(0))]
            .assessments[std::get<std::string>(st.Column(1))] = std::get<int64_t>(st.Column(2));
      }));
  THAPLAN_RETURN_IF_ERROR(count_into(
      "SELECT p.site, g.timepoint, count(*) FROM gait_sessions g JOIN patients p "
      "USING (patient_id) GROUP BY p.site, g.timepoint",
      [&](Statement& st) {
        by_site[std::get<std::string>(st.Column(0))]
            .gait_sessions[std::get<std::string>(st.Column(1))] = std::get<int64_t>(st.Column(2));
      }));
  THAPLAN_RETURN_IF_ERROR(count_into("SELECT count(*) FROM imports", [&](Statement& st) {
    summary.imports = std::get<int64_t>(st.Column(0));
  }));
  THAPLAN_RETURN_IF_ERROR(count_into("SELECT count(*) FROM models", [&](Statement& st) {
    summary.models = std::get<int64_t>(st.Column(0));
  }));
  for (auto& [site, s] : by_site) summary.sites.push_back(std::move(s));
  return summary;
}

Status SqliteRegistry::ScanAnalysisTable(
    std::string_view timepoint,
    const std::function<Status(std::span<const std::string>)>& on_header,
    const std::function<Status(const Row&)>& on_row) {
  if (!IsTimepoint(timepoint)) {
    return Status::InvalidInput("timepoint = " + std::string(timepoint) +
                                ": expected preop, 3m, 6m or 12m");
  }
  const registry::AnalysisQuery q = registry::BuildAnalysisQuery(timepoint);
  THAPLAN_RETURN_IF_ERROR(on_header(q.header));
  THAPLAN_ASSIGN_OR_RETURN(Statement st, Prepare(db_, q.sql));
  Row row(q.header.size());
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    for (size_t i = 0; i < row.size(); ++i) row[i] = st.Column(static_cast<int>(i));
    THAPLAN_RETURN_IF_ERROR(on_row(row));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, path_ + ": reading the analysis table");
  return Status::Ok();
}

Status SqliteRegistry::Audit(std::string_view action, std::string_view subject,
                             std::string_view detail_json) {
  audit_.Reset();
  audit_.Bind(1, Value(NowUtc()));
  audit_.Bind(2, Value(Actor()));
  audit_.Bind(3, Value(std::string(action)));
  audit_.Bind(4, Value(std::string(subject)));
  audit_.Bind(5, Value(std::string(detail_json)));
  if (sqlite3_step(audit_.get()) != SQLITE_DONE) return SqliteError(db_, path_ + ": audit");
  return Status::Ok();
}

Result<std::vector<AuditRecord>> SqliteRegistry::ReadAudit(int64_t limit) {
  THAPLAN_ASSIGN_OR_RETURN(
      Statement st, Prepare(db_, "SELECT entry_id, time_utc, actor, action, subject, "
                                 "detail_json FROM (SELECT * FROM audit_log ORDER BY "
                                 "entry_id DESC LIMIT ?) ORDER BY entry_id"));
  st.Bind(1, Value(limit));
  std::vector<AuditRecord> out;
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    AuditRecord r;
    r.entry_id = std::get<int64_t>(st.Column(0));
    r.time_utc = std::get<std::string>(st.Column(1));
    r.actor = std::get<std::string>(st.Column(2));
    r.action = std::get<std::string>(st.Column(3));
    r.subject = std::get<std::string>(st.Column(4));
    r.detail = std::get<std::string>(st.Column(5));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace thaplan::registry
