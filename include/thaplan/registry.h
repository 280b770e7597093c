// The patient registry: de-identified sites, patients, assessments, surgeries,
// gait sessions, models and an audit log.
//
// Registry is an abstract interface; Registry::Open picks the backend from the
// location (a file path means SQLite). No backend type appears here, so a
// PostgreSQL implementation can sit behind the same interface.
//
// Thread safety: a Registry object is used from one thread at a time.
#ifndef THAPLAN_REGISTRY_H_
#define THAPLAN_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/schema.h"
#include "thaplan/status.h"

namespace thaplan {

struct OpenOptions {
  // Create an empty registry (schema v1) when the location does not exist.
  bool create_if_missing = true;
};

struct SiteSummary {
  std::string site;
  int64_t patients = 0;
  int64_t surgeries = 0;
  std::map<std::string, int64_t> assessments;    // by timepoint
  std::map<std::string, int64_t> gait_sessions;  // by timepoint
};

struct RegistrySummary {
  std::string location;
  std::string backend;
  int schema_version = 0;
  std::vector<SiteSummary> sites;  // ordered by site code
  int64_t imports = 0;
  int64_t models = 0;
};

// What Put() did with one row.
enum class PutOutcome {
  kInserted,
  kUnchanged,       // an identical row was already stored
  kUpdated,         // a different row was stored and update was requested
  kConflict,        // a different row is stored; nothing written
  kDuplicate,       // the same key was already written by this import
  kMissingPatient,  // an assessment or surgery for a patient not in the registry
};

struct PutResult {
  PutOutcome outcome = PutOutcome::kInserted;
  // For kConflict and kUpdated: (column index, stored value) of each column
  // whose stored value differs from the new row.
  std::vector<std::pair<int, Value>> differences;
  // For kDuplicate: the source row that wrote the key first.
  int64_t earlier_row = 0;
};

struct AuditRecord {
  int64_t entry_id = 0;
  std::string time_utc;
  std::string actor;    // the operating-system user running thaplan
  std::string action;   // e.g. "import", "export", "plan"
  std::string subject;  // a pseudonym or "" — never a direct identifier
  std::string detail;   // JSON text
};

// What other modules need to know of a stored patient.
struct PatientBasics {
  std::string patient_key;  // pseudonym
  std::string site;
  std::string sex;            // "F" or "M"
  std::string operated_side;  // "L" or "R"
};

struct GaitTrialRecord {
  std::string file_format;  // "c3d", "trc", "keypoints"
  std::string file_sha256;
  std::string file_path;
  std::string results_json;  // the trial's own report, or "" when only pooled
};

// One gait session (one per patient and timepoint): the pooled report of its
// trials and the raw files' hashes and paths.
struct GaitSessionRecord {
  std::string patient_key;  // pseudonym
  std::string timepoint;
  std::optional<int64_t> days_from_surgery;
  std::string device;
  std::string operated_side;
  std::string hip_angle_frame;  // "pelvis" or "trunk"
  Row summary;                  // aligned with GaitSummaryColumns()
  std::string results_json;
  std::vector<GaitTrialRecord> trials;
};

class Registry {
 public:
  // Opens (and, if allowed, creates) the registry at `location`. Refuses a
  // registry whose schema version is newer than kSchemaVersion.
  static Result<std::unique_ptr<Registry>> Open(const std::string& location,
                                                const OpenOptions& options = {});

  virtual ~Registry() = default;

  virtual std::string_view backend() const = 0;
  virtual const std::string& location() const = 0;
  virtual int schema_version() const = 0;

  // One transaction at a time; Rollback() undoes everything since Begin().
  [[nodiscard]] virtual Status Begin() = 0;
  [[nodiscard]] virtual Status Commit() = 0;
  [[nodiscard]] virtual Status Rollback() = 0;

  // Records an import (its description is JSON text) and returns its id,
  // which Put() stamps on every row it writes.
  virtual Result<int64_t> CreateImport(std::string_view detail_json) = 0;
  [[nodiscard]] virtual Status FinishImport(int64_t import_id,
                                            std::string_view detail_json) = 0;

  [[nodiscard]] virtual Status EnsureSite(std::string_view site) = 0;

  // Writes one row of `kind` (aligned with StoredColumns(kind)). `given[i]`
  // says whether the source had column i at all: columns it did not have are
  // neither compared with nor replaced in a stored row (an empty value that
  // was given is a missing value, and does count).
  virtual Result<PutResult> Put(RecordKind kind, const Row& row,
                                const std::vector<bool>& given, int64_t import_id,
                                int64_t source_row, bool update) = 0;

  virtual Result<RegistrySummary> Summary() = 0;

  // Streams the analysis table for `timepoint` (one row per patient: background,
  // surgery, pre-op assessment, and the assessment at `timepoint`), ordered by
  // site and patient key. Column names come first through `on_header`.
  [[nodiscard]] virtual Status ScanAnalysisTable(
      std::string_view timepoint,
      const std::function<Status(std::span<const std::string>)>& on_header,
      const std::function<Status(const Row&)>& on_row) = 0;

  [[nodiscard]] virtual Status Audit(std::string_view action, std::string_view subject,
                                     std::string_view detail_json) = 0;

  virtual Result<std::optional<PatientBasics>> FindPatient(std::string_view pseudonym) = 0;
  // Stores a gait session inside the caller's transaction. A session for the
  // same patient and timepoint made of the same files (by hash) is kUnchanged;
  // one made of other files is kConflict unless `replace`, then kUpdated.
  // kMissingPatient when the patient is not stored.
  virtual Result<PutOutcome> PutGaitSession(const GaitSessionRecord& session,
                                            bool replace) = 0;
  virtual Result<std::vector<AuditRecord>> ReadAudit(int64_t limit) = 0;
};

// Opens the SQLite registry at `path` (used by Registry::Open).
Result<std::unique_ptr<Registry>> OpenSqliteRegistry(const std::string& path,
                                                     const OpenOptions& options);

}  // namespace thaplan

#endif  // THAPLAN_REGISTRY_H_
