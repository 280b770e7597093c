// CSV import of patients, surgeries and assessments into the registry, with
// de-identification, whole-file validation and one transaction per import.
#ifndef THAPLAN_IMPORT_H_
#define THAPLAN_IMPORT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "thaplan/registry.h"
#include "thaplan/schema.h"
#include "thaplan/status.h"

namespace thaplan {

struct ImportFile {
  std::string path;
  // The kind of records; nullopt: tell from the header (a `timepoint` column
  // means assessments, `cup_inclination_deg` surgeries, `sex` patients).
  std::optional<RecordKind> kind;
};

struct ImportOptions {
  std::vector<ImportFile> files;
  // Site for files without a `site` column.
  std::string site;
  // Folder of per-site secret key files (`<site>.key`), created if absent.
  std::string key_dir;
  // Renames the file's columns: source name -> thaplan name, or "" to drop it.
  std::map<std::string, std::string> column_map;
  // Replace stored rows that differ instead of refusing the import.
  bool update = false;
  // Called with every problem found, in file order, as it is found.
  std::function<void(const std::string&)> on_problem;
  // Called now and then with bytes processed and bytes in all files.
  std::function<void(int64_t, int64_t)> on_progress;
};

struct ImportFileStats {
  std::string path;
  RecordKind kind = RecordKind::kPatients;
  std::string sha256;
  int64_t rows = 0;
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

struct ImportReport {
  std::vector<ImportFileStats> files;
  int64_t problems = 0;
  bool committed = false;  // false when nothing changed (or on problems)
};

// Validates every file completely, then commits all of them in one transaction,
// or writes nothing. Problems are reported through on_problem as
// `FILE:ROW: COLUMN = VALUE: expected ...`; the returned status is then
// InvalidInput (or Conflict when the only problems are conflicts with stored
// rows) and the report says how many there were.
Result<ImportReport> ImportCsv(Registry& registry, const ImportOptions& options,
                               ImportReport* report_on_error = nullptr);

}  // namespace thaplan

#endif  // THAPLAN_IMPORT_H_
