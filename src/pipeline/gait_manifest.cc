// Importing many gait sessions from a manifest CSV, in one transaction.
#include <charconv>
#include <map>

#include "io/csv_reader.h"
#include "pipeline/gait_session.h"

namespace thaplan {
namespace {

struct ManifestColumns {
  int patient_key = -1, site = -1, pseudonym = -1, timepoint = -1, path = -1, days = -1,
      device = -1;
};

std::string Folder(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

Result<GaitManifestReport> ImportGaitManifest(Registry& registry, const std::string& manifest,
                                              const GaitManifestOptions& options) {
  THAPLAN_ASSIGN_OR_RETURN(io::CsvReader reader, io::CsvReader::Open(manifest));
  std::vector<std::string_view> fields;
  if (!reader.Next(&fields)) {
    THAPLAN_RETURN_IF_ERROR(reader.status());
    return Status::InvalidInput(manifest + ":1: file is empty: expected a header row");
  }
  ManifestColumns cols;
  const std::map<std::string_view, int*> known = {
      {"patient_key", &cols.patient_key}, {"site", &cols.site},
      {"pseudonym", &cols.pseudonym},     {"timepoint", &cols.timepoint},
      {"path", &cols.path},               {"days_from_surgery", &cols.days},
      {"device", &cols.device}};
  for (size_t i = 0; i < fields.size(); ++i) {
    auto it = known.find(fields[i]);
    if (it != known.end()) *it->second = static_cast<int>(i);
  }
  if (cols.timepoint < 0 || cols.path < 0 ||
      (cols.pseudonym < 0 && (cols.patient_key < 0 || cols.site < 0))) {
    return Status::InvalidInput(manifest + ":1: columns: expected timepoint, path, and "
                                           "patient_key with site (or pseudonym)");
  }
  const size_t width = fields.size();
  const std::string base = Folder(manifest);
  GaitManifestReport report;
  const auto field = [&](int col) {
    return col < 0 ? std::string() : std::string(fields[static_cast<size_t>(col)]);
  };

  THAPLAN_RETURN_IF_ERROR(registry.Begin());
  pipeline::SessionRequest request;
  std::string request_key;  // patient + timepoint of the session being gathered
  int64_t request_row = 0;
  Status status;
  const auto flush = [&]() -> Status {
    if (request.files.empty()) return Status::Ok();
    GaitImportResult result;
    Result<PutOutcome> put = pipeline::AnalyzeAndStore(registry, request, &result);
    if (!put.ok()) return put.status().WithContext(manifest + ":" + std::to_string(request_row));
    ++report.sessions;
    report.trials += static_cast<int64_t>(request.files.size());
    if (*put == PutOutcome::kUnchanged) ++report.unchanged;
    else if (*put == PutOutcome::kUpdated) ++report.replaced;
    else ++report.stored;
    if (options.on_progress) options.on_progress(reader.bytes_read(), reader.file_size());
    request.files.clear();
    return Status::Ok();
  };
  while (status.ok() && reader.Next(&fields)) {
    const std::string where = manifest + ":" + std::to_string(reader.line());
    if (fields.size() != width) {
      status = Status::InvalidInput(where + ": " + std::to_string(fields.size()) +
                                    " fields: expected " + std::to_string(width));
      break;
    }
    const std::string timepoint = field(cols.timepoint);
    Result<std::string> pseudonym = pipeline::ResolvePseudonym(
        field(cols.patient_key), field(cols.site), field(cols.pseudonym), options.key_dir);
    if (!pseudonym.ok()) {
      status = pseudonym.status().WithContext(where);
      break;
    }
    const std::string key = *pseudonym + "|" + timepoint;
    if (key != request_key) {
      status = flush();
      if (!status.ok()) break;
      request_key = key;
      request_row = reader.line();
      request.pseudonym = *pseudonym;
      request.capture = options.capture;
      request.gait = options.gait;
      request.timepoint = timepoint;
      request.update = options.update;
      request.device = field(cols.device);
      request.days_from_surgery.reset();
      const std::string days = field(cols.days);
      if (!days.empty()) {
        int64_t d = 0;
        auto r = std::from_chars(days.data(), days.data() + days.size(), d);
        if (r.ec != std::errc() || r.ptr != days.data() + days.size()) {
          status = Status::InvalidInput(where + ": days_from_surgery = " + days +
                                        ": expected a whole number");
          break;
        }
        request.days_from_surgery = d;
      }
    }
    const std::string path = field(cols.path);
    request.files.push_back(!path.empty() && path[0] == '/' ? path : base + "/" + path);
  }
  if (status.ok()) status = reader.status();
  if (status.ok()) status = flush();
  if (!status.ok()) {
    (void)registry.Rollback();
    return status;
  }
  THAPLAN_RETURN_IF_ERROR(registry.Commit());
  return report;
}

}  // namespace thaplan
