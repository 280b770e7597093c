// Writing records to the SQLite registry, and opening it.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>

#include "registry/sqlite_registry.h"

namespace thaplan {
namespace registry {

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
    return SqliteError(db_, path_ + ": " + std::string(RecordKindName(kind)));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, path_ + ": " + std::string(RecordKindName(kind)));

  // A row with this key exists: compare it with the new one.
  st.select.Reset();
  bind_row(st.select, row, KeyColumnCount(kind));
  if (sqlite3_step(st.select.get()) != SQLITE_ROW) {
    return SqliteError(db_, path_ + ": reading back " + std::string(RecordKindName(kind)));
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
    return SqliteError(db_, path_ + ": updating " + std::string(RecordKindName(kind)));
  }
  result.outcome = PutOutcome::kUpdated;
  return result;
}

}  // namespace registry

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
    Status s = registry::SqliteError(db, path + ": cannot open");
    sqlite3_close_v2(db);
    return s;
  }
  auto reg = std::make_unique<registry::SqliteRegistry>(db, path);
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
