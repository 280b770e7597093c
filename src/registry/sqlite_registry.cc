// The SQLite backend of Registry: one file, WAL journal, full sync on commit,
// foreign keys enforced. Its SQL types never leave this file.
#include <pwd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <ctime>

#include "registry/analysis_query.h"
#include "registry/sqlite_db.h"
#include "thaplan/build_info.h"
#include "thaplan/registry.h"

namespace thaplan {
namespace {

using registry::Exec;
using registry::Prepare;
using registry::SqliteError;
using registry::Statement;

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
CREATE TABLE gait_sessions (
  session_id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(patient_id) ON DELETE CASCADE,
  timepoint TEXT NOT NULL,
  days_from_surgery INTEGER,
  device TEXT,
  operated_side TEXT,
  results_json TEXT,
  created_utc TEXT NOT NULL
);
CREATE INDEX gait_sessions_patient ON gait_sessions(patient_id, timepoint);
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

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Actor() {
  if (const char* a = std::getenv("THAPLAN_ACTOR"); a != nullptr && *a != '\0') return a;
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr) return pw->pw_name;
  return "uid " + std::to_string(geteuid());
}

bool SameValue(const Value& a, const Value& b) {
  // SQLite may hand back 45 for a REAL column holding 45.0: compare numerically.
  const auto as_double = [](const Value& v, double* out) {
    if (const auto* i = std::get_if<int64_t>(&v)) *out = static_cast<double>(*i);
    else if (const auto* d = std::get_if<double>(&v)) *out = *d;
    else return false;
    return true;
  };
  double x = 0, y = 0;
  if (as_double(a, &x) && as_double(b, &y)) return x == y;
  return a == b;
}

struct KindStatements {
  Statement insert;
  Statement select;
  Statement update;
};

class SqliteRegistry final : public Registry {
 public:
  SqliteRegistry(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteRegistry() override {
    kinds_ = {};
    audit_ = Statement();
    site_ = Statement();
    patient_id_ = Statement();
    sqlite3_close_v2(db_);
  }

  Status Init(bool fresh);

  std::string_view backend() const override { return "sqlite"; }
  const std::string& location() const override { return path_; }
  int schema_version() const override { return schema_version_; }

  // The patient-id cache is valid inside one transaction only.
  Status Begin() override {
    cached_key_.clear();
    return Exec(db_, "BEGIN IMMEDIATE", path_ + ": begin");
  }
  Status Commit() override {
    cached_key_.clear();
    return Exec(db_, "COMMIT", path_ + ": commit");
  }
  Status Rollback() override {
    cached_key_.clear();
    return Exec(db_, "ROLLBACK", path_ + ": rollback");
  }

  Result<int64_t> CreateImport(std::string_view detail_json) override;
  Status FinishImport(int64_t import_id, std::string_view detail_json) override;
  Status EnsureSite(std::string_view site) override;
  Result<PutResult> Put(RecordKind kind, const Row& row, const std::vector<bool>& given,
                        int64_t import_id, int64_t source_row, bool update) override;
  Result<RegistrySummary> Summary() override;
  Status ScanAnalysisTable(
      std::string_view timepoint,
      const std::function<Status(std::span<const std::string>)>& on_header,
      const std::function<Status(const Row&)>& on_row) override;
  Status Audit(std::string_view action, std::string_view subject,
               std::string_view detail_json) override;
  Result<std::vector<AuditRecord>> ReadAudit(int64_t limit) override;

 private:
  Status CreateSchema();
  Status PrepareKind(RecordKind kind);
  KindStatements& Stmts(RecordKind kind) { return kinds_[static_cast<size_t>(kind)]; }
  // The integer id of the patient with this pseudonym, if stored. Remembers
  // the last answer: child rows usually come grouped by patient.
  Result<std::optional<int64_t>> PatientId(const std::string& pseudonym);

  sqlite3* db_;
  std::string path_;
  int schema_version_ = 0;
  std::array<KindStatements, 3> kinds_;
  Statement audit_;
  Statement site_;
  Statement patient_id_;
  std::string cached_key_;
  int64_t cached_id_ = 0;
};

Result<std::optional<int64_t>> SqliteRegistry::PatientId(const std::string& pseudonym) {
  if (!cached_key_.empty() && pseudonym == cached_key_) return std::optional<int64_t>(cached_id_);
  patient_id_.Reset();
  patient_id_.Bind(1, Value(pseudonym));
  int rc = sqlite3_step(patient_id_.get());
  if (rc == SQLITE_DONE) return std::optional<int64_t>();
  if (rc != SQLITE_ROW) return SqliteError(db_, path_ + ": looking up a patient");
  cached_key_ = pseudonym;
  cached_id_ = sqlite3_column_int64(patient_id_.get(), 0);
  return std::optional<int64_t>(cached_id_);
}

Status SqliteRegistry::CreateSchema() {
  std::string sql = "BEGIN IMMEDIATE;\n";
  sql += kFixedTables;
  for (RecordKind kind : kAllRecordKinds) sql += CreateRecordTable(kind);
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

Result<int64_t> SqliteRegistry::CreateImport(std::string_view detail_json) {
  THAPLAN_ASSIGN_OR_RETURN(Statement st,
                           Prepare(db_, "INSERT INTO imports(started_utc, detail_json) "
                                        "VALUES (?, ?)"));
  st.Bind(1, Value(NowUtc()));
  st.Bind(2, Value(std::string(detail_json)));
  if (sqlite3_step(st.get()) != SQLITE_DONE) return SqliteError(db_, path_ + ": import");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Status SqliteRegistry::FinishImport(int64_t import_id, std::string_view detail_json) {
  THAPLAN_ASSIGN_OR_RETURN(
      Statement st, Prepare(db_, "UPDATE imports SET detail_json = ? WHERE import_id = ?"));
  st.Bind(1, Value(std::string(detail_json)));
  st.Bind(2, Value(import_id));
  if (sqlite3_step(st.get()) != SQLITE_DONE) return SqliteError(db_, path_ + ": import");
  return Status::Ok();
}

Status SqliteRegistry::EnsureSite(std::string_view site) {
  site_.Reset();
  site_.Bind(1, Value(std::string(site)));
  site_.Bind(2, Value(NowUtc()));
  if (sqlite3_step(site_.get()) != SQLITE_DONE) return SqliteError(db_, path_ + ": site");
  return Status::Ok();
}

Result<PutResult> SqliteRegistry::Put(RecordKind kind, const Row& row,
                                      const std::vector<bool>& given, int64_t import_id,
                                      int64_t source_row, bool update) {
  KindStatements& st = Stmts(kind);
  const int n = static_cast<int>(row.size());
  PutResult result;
  // Children are stored under the patient's integer id.
  Value key = row[0];
  if (kind != RecordKind::kPatients) {
    THAPLAN_ASSIGN_OR_RETURN(std::optional<int64_t> id,
                             PatientId(std::get<std::string>(row[0])));
    if (!id) {
      result.outcome = PutOutcome::kMissingPatient;
      return result;
    }
    key = *id;
  }
  const auto bind_row = [&](Statement& stmt, const Row& values, int count) {
    stmt.Bind(1, key);
    for (int i = 1; i < count; ++i) stmt.Bind(i + 1, values[static_cast<size_t>(i)]);
  };
  st.insert.Reset();
  bind_row(st.insert, row, n);
  st.insert.Bind(n + 1, Value(import_id));
  st.insert.Bind(n + 2, Value(source_row));
  int rc = sqlite3_step(st.insert.get());
  if (rc == SQLITE_DONE && sqlite3_changes(db_) == 1) return result;  // inserted
  if (rc == SQLITE_CONSTRAINT) {
    if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_FOREIGNKEY) {
      result.outcome = PutOutcome::kMissingPatient;
      return result;
    }
    return SqliteError(db_, path_ + ": " + std::string(TableName(kind)));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, path_ + ": " + std::string(TableName(kind)));

  // A row with this key exists: compare it with the new one.
  st.select.Reset();
  bind_row(st.select, row, KeyColumnCount(kind));
  if (sqlite3_step(st.select.get()) != SQLITE_ROW) {
    return SqliteError(db_, path_ + ": reading back " + std::string(TableName(kind)));
  }
  if (std::get<int64_t>(st.select.Column(n)) == import_id) {
    result.outcome = PutOutcome::kDuplicate;
    result.earlier_row = std::get<int64_t>(st.select.Column(n + 1));
    return result;
  }
  Row merged = row;  // the new row, keeping stored values of columns not given
  for (int i = 1; i < n; ++i) {
    const auto col = static_cast<size_t>(i);
    Value stored = st.select.Column(i);
    if (!given[col]) {
      merged[col] = std::move(stored);
    } else if (!SameValue(stored, row[col])) {
      result.differences.emplace_back(i, std::move(stored));
    }
  }
  if (result.differences.empty()) {
    result.outcome = PutOutcome::kUnchanged;
    return result;
  }
  if (!update) {
    result.outcome = PutOutcome::kConflict;
    return result;
  }
  st.update.Reset();
  bind_row(st.update, merged, n);
  st.update.Bind(n + 1, Value(import_id));
  st.update.Bind(n + 2, Value(source_row));
  if (sqlite3_step(st.update.get()) != SQLITE_DONE) {
    return SqliteError(db_, path_ + ": updating " + std::string(TableName(kind)));
  }
  result.outcome = PutOutcome::kUpdated;
  return result;
}

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

}  // namespace

Result<std::unique_ptr<Registry>> OpenSqliteRegistry(const std::string& path,
                                                     const OpenOptions& options) {
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && !options.create_if_missing) {
    return Status::NotFound(path + ": no registry here: expected an existing registry "
                                   "(create one with `thaplan init` or `thaplan import`)");
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status s = SqliteError(db, path + ": cannot open");
    sqlite3_close_v2(db);
    return s;
  }
  auto reg = std::make_unique<SqliteRegistry>(db, path);
  THAPLAN_RETURN_IF_ERROR(reg->Init(!exists || st.st_size == 0));
  return std::unique_ptr<Registry>(std::move(reg));
}

Result<std::unique_ptr<Registry>> Registry::Open(const std::string& location,
                                                 const OpenOptions& options) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return Status::Unsupported(
        "--db: PostgreSQL registries are not available in this build: expected a "
        "SQLite file path");
  }
  return OpenSqliteRegistry(location, options);
}

}  // namespace thaplan
