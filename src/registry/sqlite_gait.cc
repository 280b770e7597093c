// Gait sessions in the SQLite registry.
#include <algorithm>

#include "registry/sqlite_registry.h"

namespace thaplan::registry {

Result<std::optional<PatientBasics>> SqliteRegistry::FindPatient(std::string_view pseudonym) {
  THAPLAN_ASSIGN_OR_RETURN(
      Statement st, Prepare(db_, "SELECT patient_key, site, sex, operated_side FROM patients "
                                 "WHERE patient_key = ?"));
  st.Bind(1, Value(std::string(pseudonym)));
  const int rc = sqlite3_step(st.get());
  if (rc == SQLITE_DONE) return std::optional<PatientBasics>();
  if (rc != SQLITE_ROW) return SqliteError(db_, path_ + ": looking up a patient");
  PatientBasics p;
  p.patient_key = std::get<std::string>(st.Column(0));
  p.site = std::get<std::string>(st.Column(1));
  p.sex = std::get<std::string>(st.Column(2));
  p.operated_side = std::get<std::string>(st.Column(3));
  return std::optional<PatientBasics>(std::move(p));
}

Result<PutOutcome> SqliteRegistry::PutGaitSession(const GaitSessionRecord& session,
                                                  bool replace) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<int64_t> patient_id, PatientId(session.patient_key));
  if (!patient_id) return PutOutcome::kMissingPatient;

  // Is there a session already, and is it made of the same files?
  THAPLAN_ASSIGN_OR_RETURN(
      Statement existing,
      Prepare(db_, "SELECT s.session_id, t.file_sha256 FROM gait_sessions s LEFT JOIN "
                   "gait_trials t USING (session_id) WHERE s.patient_id = ? AND "
                   "s.timepoint = ? ORDER BY t.file_sha256"));
  existing.Bind(1, Value(*patient_id));
  existing.Bind(2, Value(session.timepoint));
  std::optional<int64_t> old_id;
  std::vector<std::string> old_hashes;
  while (sqlite3_step(existing.get()) == SQLITE_ROW) {
    old_id = std::get<int64_t>(existing.Column(0));
    const Value hash = existing.Column(1);
    if (const auto* h = std::get_if<std::string>(&hash)) old_hashes.push_back(*h);
  }
  std::vector<std::string> new_hashes;
  for (const GaitTrialRecord& t : session.trials) new_hashes.push_back(t.file_sha256);
  std::sort(new_hashes.begin(), new_hashes.end());
  PutOutcome outcome = PutOutcome::kInserted;
  if (old_id) {
    if (old_hashes == new_hashes) return PutOutcome::kUnchanged;
    if (!replace) return PutOutcome::kConflict;
    THAPLAN_ASSIGN_OR_RETURN(Statement del,
                             Prepare(db_, "DELETE FROM gait_sessions WHERE session_id = ?"));
    del.Bind(1, Value(*old_id));
    if (sqlite3_step(del.get()) != SQLITE_DONE) return SqliteError(db_, path_ + ": gait");
    outcome = PutOutcome::kUpdated;
  }

  std::string names = "patient_id, timepoint, days_from_surgery, device, operated_side, "
                      "hip_angle_frame, results_json, created_utc";
  std::string marks = "?, ?, ?, ?, ?, ?, ?, ?";
  for (const ColumnSpec& c : GaitSummaryColumns()) {
    names += ", " + std::string(c.name);
    marks += ", ?";
  }
  THAPLAN_ASSIGN_OR_RETURN(
      Statement insert,
      Prepare(db_, "INSERT INTO gait_sessions (" + names + ") VALUES (" + marks + ")"));
  insert.Bind(1, Value(*patient_id));
  insert.Bind(2, Value(session.timepoint));
  insert.Bind(3, session.days_from_surgery ? Value(*session.days_from_surgery) : Value());
  insert.Bind(4, Value(session.device));
  insert.Bind(5, Value(session.operated_side));
  insert.Bind(6, Value(session.hip_angle_frame));
  insert.Bind(7, Value(session.results_json));
  insert.Bind(8, Value(NowUtc()));
  for (size_t i = 0; i < session.summary.size(); ++i) {
    insert.Bind(static_cast<int>(9 + i), session.summary[i]);
  }
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    return SqliteError(db_, path_ + ": storing a gait session");
  }
  const int64_t session_id = sqlite3_last_insert_rowid(db_);
  THAPLAN_ASSIGN_OR_RETURN(
      Statement trial,
      Prepare(db_, "INSERT INTO gait_trials (session_id, file_format, file_sha256, file_path, "
                   "results_json) VALUES (?, ?, ?, ?, ?)"));
  for (const GaitTrialRecord& t : session.trials) {
    trial.Reset();
    trial.Bind(1, Value(session_id));
    trial.Bind(2, Value(t.file_format));
    trial.Bind(3, Value(t.file_sha256));
    trial.Bind(4, Value(t.file_path));
    trial.Bind(5, t.results_json.empty() ? Value() : Value(t.results_json));
    if (sqlite3_step(trial.get()) != SQLITE_DONE) {
      return SqliteError(db_, path_ + ": storing a gait trial");
    }
  }
  return outcome;
}

}  // namespace thaplan::registry
