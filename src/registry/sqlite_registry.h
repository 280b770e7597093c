// The SQLite backend of Registry, internal to src/registry/. Its SQL types
// never leave these files. Split by concept: sqlite_schema.cc (creating and
// opening), sqlite_registry.cc (writing records), sqlite_read.cc (summary,
// analysis table, audit), sqlite_gait.cc (gait sessions).
#ifndef THAPLAN_REGISTRY_SQLITE_REGISTRY_H_
#define THAPLAN_REGISTRY_SQLITE_REGISTRY_H_

#include <sqlite3.h>

#include <array>
#include <optional>
#include <string>

#include "registry/sqlite_db.h"
#include "thaplan/registry.h"

namespace thaplan::registry {

// Time now as YYYY-MM-DDTHH:MM:SSZ.
std::string NowUtc();
// The user recorded in the audit log: $THAPLAN_ACTOR or the OS user.
std::string Actor();
// Equal as stored values (45 and 45.0 are equal).
bool SameValue(const Value& a, const Value& b);

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
  Result<std::optional<PatientBasics>> FindPatient(std::string_view pseudonym) override;
  Result<PutOutcome> PutGaitSession(const GaitSessionRecord& session, bool replace) override;

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


}  // namespace thaplan::registry

#endif  // THAPLAN_REGISTRY_SQLITE_REGISTRY_H_
