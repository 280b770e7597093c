// Creating, opening and preparing the SQLite registry. WAL journal, full sync
// on commit, foreign keys enforced.
#include "registry/sqlite_registry.h"

#include "thaplan/build_info.h"

namespace thaplan::registry {
namespace {

std::string_view TableName(RecordKind kind) { return RecordKindName(kind); }

std::string SqlType(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
    case ColumnType::kFlag: return "INTEGER";
    case ColumnType::kReal: return "REAL";
    default: return "TEXT";
  }
}

// Patients get an integer surrogate key, patient_id; surgeries and assessments
// refer to it instead of repeating the 24-character pseudonym. Child rows of a
// patient then cluster together, and an import of a file sorted by patient
// appends to the child indexes instead of inserting at random places.
std::string KeyColumnName(RecordKind kind) {
  return kind == RecordKind::kPatients ? "patient_key" : "patient_id";
}

std::string CreateRecordTable(RecordKind kind) {
  std::string sql = "CREATE TABLE ";
  sql += TableName(kind);
  sql += " (\n";
  if (kind == RecordKind::kPatients) {
    sql += "  patient_id INTEGER PRIMARY KEY,\n";
  } else {
    sql += "  patient_id INTEGER NOT NULL REFERENCES patients(patient_id) ON DELETE CASCADE,\n";
  }
  const auto cols = StoredColumns(kind);
  for (size_t i = kind == RecordKind::kPatients ? 0 : 1; i < cols.size(); ++i) {
    const ColumnSpec& c = cols[i];
    sql += "  ";
    sql += c.name;
    sql += ' ';
    sql += SqlType(c.type);
    if (c.required) sql += " NOT NULL";
    if (c.name == "site") sql += " REFERENCES sites(site)";
    sql += ",\n";
  }
  sql += "  import_id INTEGER NOT NULL REFERENCES imports(import_id),\n";
  sql += "  source_row INTEGER NOT NULL,\n";
  sql += "  UNIQUE (" + KeyColumnName(kind) +
         (kind == RecordKind::kAssessments ? ", timepoint" : "") + ")\n";
  sql += ");\n";
  return sql;
}

constexpr std::string_view kFixedTables = R"sql(
CREATE TABLE schema_version (
  version INTEGER NOT NULL,
  applied_utc TEXT NOT NULL,
  program_version TEXT NOT NULL
);
CREATE TABLE sites (
  site TEXT PRIMARY KEY,
  created_utc TEXT NOT NULL
);
CREATE TABLE imports (
  import_id INTEGER PRIMARY KEY,
  started_utc TEXT NOT NULL,
  detail_json TEXT NOT NULL
);
CREATE TABLE gait_trials (
  trial_id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES gait_sessions(session_id) ON DELETE CASCADE,
  file_format TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  file_path TEXT NOT NULL,
  results_json TEXT
);
CREATE INDEX gait_trials_session ON gait_trials(session_id);
CREATE TABLE models (
  model_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_utc TEXT NOT NULL,
  target TEXT NOT NULL,
  timepoint TEXT NOT NULL,
  card_json TEXT NOT NULL,
  model_json BLOB NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE TABLE audit_log (
  entry_id INTEGER PRIMARY KEY,
  time_utc TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail_json TEXT NOT NULL
);
)sql";

// One session per patient and timepoint; its summary columns come from
// GaitSummaryColumns() so the analysis table can join them.
std::string CreateGaitSessionTable() {
  std::string sql =
      "CREATE TABLE gait_sessions (\n"
      "  session_id INTEGER PRIMARY KEY,\n"
      "  patient_id INTEGER NOT NULL REFERENCES patients(patient_id) ON DELETE CASCADE,\n"
      "  timepoint TEXT NOT NULL,\n"
      "  days_from_surgery INTEGER,\n"
      "  device TEXT NOT NULL,\n"
      "  operated_side TEXT,\n"
      "  hip_angle_frame TEXT,\n";
  for (const ColumnSpec& c : GaitSummaryColumns()) {
    sql += "  ";
    sql += c.name;
    sql += ' ';
    sql += SqlType(c.type);
    sql += ",\n";
  }
  sql += "  results_json TEXT NOT NULL,\n  created_utc TEXT NOT NULL,\n"
         "  UNIQUE (patient_id, timepoint)\n);\n";
  return sql;
}

}  // namespace

Status SqliteRegistry::CreateSchema() {
  std::string sql = "BEGIN IMMEDIATE;\n";
  sql += kFixedTables;
  for (RecordKind kind : kAllRecordKinds) sql += CreateRecordTable(kind);
  sql += CreateGaitSessionTable();
  sql += "CREATE INDEX patients_site ON patients(site);\n";
  sql += "INSERT INTO schema_version VALUES (" + std::to_string(kSchemaVersion) + ", '" +
         NowUtc() + "', '" THAPLAN_VERSION "');\n";
  sql += "COMMIT;";
  Status s = Exec(db_, sql, path_ + ": creating the registry schema");
  if (!s.ok()) (void)Exec(db_, "ROLLBACK", "rollback");
  return s;
}

Status SqliteRegistry::Init(bool fresh) {
  // WAL: readers never block the writer; a killed writer leaves a WAL that the
  // next open rolls back. FULL sync: a committed import survives power loss.
  if (!Exec(db_, "SELECT count(*) FROM sqlite_master", path_).ok() &&
      sqlite3_errcode(db_) == SQLITE_NOTADB) {
    return Status::InvalidInput(path_ + ": is not a SQLite database: expected a thaplan "
                                        "registry");
  }
  THAPLAN_RETURN_IF_ERROR(Exec(db_,
                               "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;"
                               "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                               "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
                               path_ + ": configuring SQLite"));
  THAPLAN_ASSIGN_OR_RETURN(Statement tables,
                           Prepare(db_, "SELECT count(*) FROM sqlite_master"));
  if (sqlite3_step(tables.get()) != SQLITE_ROW) return SqliteError(db_, path_);
  int64_t table_count = sqlite3_column_int64(tables.get(), 0);
  if (table_count == 0) {
    if (!fresh) {
      return Status::InvalidInput(path_ + ": is an empty SQLite file: expected a thaplan "
                                          "registry");
    }
    THAPLAN_RETURN_IF_ERROR(CreateSchema());
  }
  auto version = Prepare(db_, "SELECT max(version) FROM schema_version");
  if (!version.ok()) {
    return Status::InvalidInput(path_ + ": has no schema_version table: expected a "
                                        "thaplan registry");
  }
  if (sqlite3_step(version->get()) != SQLITE_ROW) return SqliteError(db_, path_);
  schema_version_ = sqlite3_column_int(version->get(), 0);
  if (schema_version_ > kSchemaVersion) {
    return Status::Unsupported(path_ + ": schema_version = " +
                               std::to_string(schema_version_) +
                               ": this thaplan (" THAPLAN_VERSION ") reads up to version " +
                               std::to_string(kSchemaVersion) + "; upgrade thaplan");
  }
  if (schema_version_ < 1) {
    return Status::Corruption(path_ + ": schema_version = " +
                              std::to_string(schema_version_) + ": expected 1 or more");
  }
  for (RecordKind kind : kAllRecordKinds) THAPLAN_RETURN_IF_ERROR(PrepareKind(kind));
  THAPLAN_ASSIGN_OR_RETURN(audit_, Prepare(db_,
                                           "INSERT INTO audit_log(time_utc, actor, action, "
                                           "subject, detail_json) VALUES (?,?,?,?,?)"));
  THAPLAN_ASSIGN_OR_RETURN(site_, Prepare(db_,
                                          "INSERT INTO sites(site, created_utc) VALUES (?, ?) "
                                          "ON CONFLICT DO NOTHING"));
  return Status::Ok();
}

Status SqliteRegistry::PrepareKind(RecordKind kind) {
  const auto cols = StoredColumns(kind);
  const int keys = KeyColumnCount(kind);
  std::string names, marks, sets, where;
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string name = i == 0 ? KeyColumnName(kind) : std::string(cols[i].name);
    names += name + ", ";
    marks += "?, ";
    if (static_cast<int>(i) < keys) {
      if (!where.empty()) where += " AND ";
      where += name + " = ?" + std::to_string(i + 1);
    } else {
      sets += name + " = ?" + std::to_string(i + 1) + ", ";
    }
  }
  const std::string table(TableName(kind));
  const std::string n = std::to_string(cols.size());
  KindStatements& st = Stmts(kind);
  THAPLAN_ASSIGN_OR_RETURN(st.insert,
                           Prepare(db_, "INSERT INTO " + table + " (" + names +
                                            "import_id, source_row) VALUES (" + marks +
                                            "?, ?) ON CONFLICT DO NOTHING"));
  THAPLAN_ASSIGN_OR_RETURN(st.select, Prepare(db_, "SELECT " + names +
                                                       "import_id, source_row FROM " + table +
                                                       " WHERE " + where));
  if (kind == RecordKind::kPatients) {
    THAPLAN_ASSIGN_OR_RETURN(patient_id_,
                             Prepare(db_, "SELECT patient_id FROM patients WHERE patient_key = ?"));
  }
  THAPLAN_ASSIGN_OR_RETURN(
      st.update,
      Prepare(db_, "UPDATE " + table + " SET " + sets + "import_id = ?" +
                       std::to_string(cols.size() + 1) + ", source_row = ?" +
                       std::to_string(cols.size() + 2) + " WHERE " + where));
  return Status::Ok();
}

}  // namespace thaplan::registry
