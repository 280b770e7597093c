// import: CSV files into the registry, de-identified, all or nothing.
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "progress.h"
#include "thaplan/import.h"

namespace thaplan::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::vector<std::string> patients, surgeries, assessments;
  std::string site;
  std::string key_dir;
  std::string map_file;
  bool update = false;
};

Status ReadColumnMap(const std::string& path, std::map<std::string, std::string>* out) {
  std::ifstream in(path);
  if (!in) return Status::IOError(path + ": cannot open the column map");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidInput(path + ": expected a JSON object mapping file column names "
                                       "to thaplan column names (or null to drop)");
  }
  for (const auto& [from, to] : j.items()) {
    if (to.is_null()) {
      (*out)[from] = "";
    } else if (to.is_string() && !to.get<std::string>().empty()) {
      (*out)[from] = to.get<std::string>();
    } else {
      return Status::InvalidInput(path + ": \"" + from + "\" = " + to.dump() +
                                  ": expected a thaplan column name or null");
    }
  }
  return Status::Ok();
}

std::string StatsLine(const ImportFileStats& s) {
  return s.path + ": " + std::string(RecordKindName(s.kind)) + ", " + std::to_string(s.rows) +
         (s.rows == 1 ? " row: " : " rows: ") + std::to_string(s.inserted) + " new, " + std::to_string(s.updated) +
         " updated, " + std::to_string(s.unchanged) + " unchanged";
}

}  // namespace

std::string DefaultKeyDir(const std::string& db) {
  if (const char* env = std::getenv("THAPLAN_KEY_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  size_t slash = db.find_last_of('/');
  return slash == std::string::npos ? "thaplan-keys" : db.substr(0, slash) + "/thaplan-keys";
}

std::function<Status()> SetupImport(CLI::App* sub, const GlobalOptions& global) {
  auto args = std::make_shared<ImportArgs>();
  sub->description(
      "Import patients, surgeries and assessments from CSV files (columns in "
      "docs/formats.md). Every file is validated completely first; all problems are "
      "listed as FILE:ROW: COLUMN = VALUE: expected ..., and then nothing is written. "
      "A valid set is written in one transaction. Patient keys become pseudonyms under "
      "each site's secret key file; exact dates become day offsets from surgery.");
  sub->add_option("files", args->files,
                  "CSV files; the kind is told from the header (timepoint -> assessments, "
                  "cup_inclination_deg -> surgeries, sex -> patients)");
  sub->add_option("--patients", args->patients, "A patients CSV file");
  sub->add_option("--surgeries", args->surgeries, "A surgeries CSV file");
  sub->add_option("--assessments", args->assessments, "An assessments CSV file");
  sub->add_option("--site", args->site, "Site code for files without a site column");
  sub->add_option("--key-dir", args->key_dir,
                  "Folder of the per-site secret key files <site>.key, created (mode 0600) "
                  "when absent; never inside the registry (default $THAPLAN_KEY_DIR or "
                  "thaplan-keys/ beside --db)");
  sub->add_option("--map", args->map_file,
                  "JSON object renaming file columns to thaplan columns; null drops a column");
  sub->add_flag("--update", args->update,
                "Replace stored records that differ (otherwise such an import is refused)");
  return [&global, args]() -> Status {
    ImportOptions options;
    for (const auto& f : args->files) options.files.push_back({f, std::nullopt});
    for (const auto& f : args->patients) options.files.push_back({f, RecordKind::kPatients});
    for (const auto& f : args->surgeries) options.files.push_back({f, RecordKind::kSurgeries});
    for (const auto& f : args->assessments) {
      options.files.push_back({f, RecordKind::kAssessments});
    }
    options.site = args->site;
    options.key_dir = args->key_dir.empty() ? DefaultKeyDir(global.db) : args->key_dir;
    options.update = args->update;
    if (!args->map_file.empty()) {
      THAPLAN_RETURN_IF_ERROR(ReadColumnMap(args->map_file, &options.column_map));
    }
    ProgressBar bar("importing");
    options.on_problem = [&bar](const std::string& problem) {
      bar.Clear();
      std::fprintf(stderr, "%s\n", problem.c_str());
    };
    options.on_progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
    THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, true));
    ImportReport failed;
    Result<ImportReport> result = ImportCsv(*reg, options, &failed);
    if (!result.ok()) return result.status();
    const ImportReport& report = *result;
    if (global.json) {
      nlohmann::json files = nlohmann::json::array();
      for (const ImportFileStats& s : report.files) {
        files.push_back({{"path", s.path},
                         {"kind", RecordKindName(s.kind)},
                         {"sha256", s.sha256},
                         {"rows", s.rows},
                         {"inserted", s.inserted},
                         {"updated", s.updated},
                         {"unchanged", s.unchanged}});
      }
      PrintOut(nlohmann::json{{"committed", report.committed}, {"files", files}}.dump(2));
      return Status::Ok();
    }
    std::string text;
    for (const ImportFileStats& s : report.files) text += StatsLine(s) + "\n";
    text += report.committed ? "imported into " + reg->location()
                             : "nothing changed: " + reg->location() + " already holds these records";
    PrintOut(text);
    return Status::Ok();
  };
}

}  // namespace thaplan::cli
