// CSV import: header mapping, field validation, de-identification, and writing
// through the Registry interface inside one transaction.
#include <sys/stat.h>

#include <algorithm>
#include <bitset>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "io/csv_reader.h"
#include "registry/fields.h"
#include "registry/identifiers.h"
#include "registry/pseudonym.h"
#include "thaplan/hash.h"
#include "thaplan/import.h"

namespace thaplan {
namespace {

using io::CsvReader;
using registry::ParseField;
using registry::QuoteForMessage;

constexpr int kNone = -1;

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Whole years from one valid YYYY-MM-DD date to a later one (age in years).
int64_t WholeYearsBetween(std::string_view from, std::string_view to) {
  const int64_t years = std::stoll(std::string(to.substr(0, 4))) -
                        std::stoll(std::string(from.substr(0, 4)));
  // Not yet had the birthday this year: MM-DD compares as text.
  return to.substr(5) < from.substr(5) ? years - 1 : years;
}

// Where each column the importer cares about sits in the file's records.
struct HeaderPlan {
  RecordKind kind = RecordKind::kPatients;
  size_t field_count = 0;
  std::vector<int> stored_field;  // per StoredColumns(kind): field index or kNone
  std::vector<bool> given;        // per StoredColumns(kind): in the file or derivable
  std::map<std::string, int, std::less<>> input_field;  // input-only column -> field
  int Input(std::string_view name) const {
    auto it = input_field.find(name);
    return it == input_field.end() ? kNone : it->second;
  }
};

// Feeds the CSV reader's chunks into the file's hash.
void HashChunk(void* hash, const char* data, size_t n) {
  static_cast<Sha256*>(hash)->Update(data, n);
}

struct OpenedFile {
  const ImportFile* spec = nullptr;
  std::unique_ptr<CsvReader> reader;
  std::unique_ptr<Sha256> hash;
  std::vector<std::string> header;
  std::vector<bool> dropped;  // mapped to "" by --map
  HeaderPlan plan;
  bool header_ok = false;
};

class Importer {
 public:
  Importer(Registry& registry, const ImportOptions& options)
      : registry_(registry), options_(options) {}

  Result<ImportReport> Run(ImportReport* report_on_error);

 private:
  void Problem(std::string message) {
    ++problems_;
    if (options_.on_problem) options_.on_problem(message);
  }
  std::string Where(const OpenedFile& f, int64_t row) const {
    return f.spec->path + ":" + std::to_string(row) + ": ";
  }
  std::optional<RecordKind> DetectKind(const OpenedFile& f);
  bool PlanHeader(OpenedFile* f);
  Status ImportRows(OpenedFile* f, ImportFileStats* stats);
  // Fills the row's derived and de-identified columns; false on a problem.
  bool Derive(const OpenedFile& f, const std::vector<std::string_view>& fields,
              int64_t line, Row* row);
  Result<registry::Pseudonymizer*> PseudonymizerFor(const std::string& site);
  void ReportProgress(int64_t done_in_current);

  Registry& registry_;
  const ImportOptions& options_;
  int64_t problems_ = 0;
  int64_t conflicts_ = 0;
  int64_t bytes_total_ = 0;
  int64_t bytes_done_ = 0;
  std::map<std::string, std::unique_ptr<registry::Pseudonymizer>> pseudonymizers_;
  std::set<std::string> sites_seen_;
  // Pseudonym -> "FILE:ROW: " of patient rows refused in this import.
  std::map<std::string, std::string> refused_patients_;
};

std::optional<RecordKind> Importer::DetectKind(const OpenedFile& f) {
  if (f.spec->kind) return f.spec->kind;
  const auto has = [&](std::string_view c) {
    return std::find(f.header.begin(), f.header.end(), c) != f.header.end();
  };
  if (has("timepoint")) return RecordKind::kAssessments;
  if (has("cup_inclination_deg")) return RecordKind::kSurgeries;
  if (has("sex")) return RecordKind::kPatients;
  return std::nullopt;
}

bool Importer::PlanHeader(OpenedFile* f) {
  const size_t before = static_cast<size_t>(problems_);
  const std::string where = f->spec->path + ":1: ";
  std::optional<RecordKind> kind = DetectKind(*f);
  if (!kind) {
    Problem(where + "cannot tell the kind of records: expected a column timepoint "
                    "(assessments), cup_inclination_deg (surgeries) or sex (patients), "
                    "or the kind named with --patients, --surgeries or --assessments");
    return false;
  }
  HeaderPlan& plan = f->plan;
  plan.kind = *kind;
  plan.field_count = f->header.size();
  const auto stored = StoredColumns(*kind);
  plan.stored_field.assign(stored.size(), kNone);
  std::set<std::string> seen;
  for (size_t i = 0; i < f->header.size(); ++i) {
    const std::string& name = f->header[i];
    if (f->dropped[i]) continue;
    if (!seen.insert(name).second) {
      Problem(where + "column \"" + name + "\" appears twice: expected each column once");
      continue;
    }
    if (name.empty()) {
      Problem(where + "column " + std::to_string(i + 1) + " has no name: expected a header "
                      "name for every column");
      continue;
    }
    const ColumnSpec* spec = FindColumn(*kind, name);
    if (spec == nullptr) {
      if (auto id = registry::IdentifierKindOfColumn(name)) {
        Problem(where + "column \"" + name + "\" looks like " + *id +
                ", a direct identifier that thaplan never stores: expected it removed "
                "from the file or dropped with --map");
      } else {
        Problem(where + "column \"" + name + "\" is not a " +
                std::string(RecordKindName(*kind)) +
                " column: expected a column listed in docs/formats.md, or the column "
                "renamed or dropped with --map");
      }
      continue;
    }
    bool is_stored = false;
    for (size_t c = 0; c < stored.size(); ++c) {
      if (stored[c].name == name) {
        plan.stored_field[c] = static_cast<int>(i);
        is_stored = true;
      }
    }
    if (!is_stored) plan.input_field[name] = static_cast<int>(i);
  }
  // Required columns, allowing the documented alternatives.
  const auto missing = [&](std::string_view col, std::string_view alternative) {
    Problem(where + "column " + std::string(col) + " is missing: expected it" +
            std::string(alternative) + " (required for " +
            std::string(RecordKindName(*kind)) + ")");
  };
  for (size_t c = 0; c < stored.size(); ++c) {
    if (!stored[c].required || plan.stored_field[c] != kNone) continue;
    const std::string_view col = stored[c].name;
    if (col == "site") {
      if (options_.site.empty()) missing(col, ", or --site");
    } else if (col == "age_at_surgery") {
      if (plan.Input("birth_date") != kNone && plan.Input("surgery_date") != kNone) continue;
      missing(col, ", or birth_date and surgery_date");
    } else if (col == "days_from_surgery") {
      if (plan.Input("assessment_date") != kNone && plan.Input("surgery_date") != kNone) {
        continue;
      }
      missing(col, ", or assessment_date and surgery_date");
    } else {
      missing(col, "");
    }
  }
  plan.given.assign(stored.size(), false);
  for (size_t c = 0; c < stored.size(); ++c) {
    const std::string_view col = stored[c].name;
    const bool has_date = plan.Input("surgery_date") != kNone;
    plan.given[c] = plan.stored_field[c] != kNone || (col == "site" && !options_.site.empty()) ||
                    (col == "surgery_year" && has_date) ||
                    (col == "age_at_surgery" && has_date && plan.Input("birth_date") != kNone) ||
                    (col == "days_from_surgery" && has_date &&
                     plan.Input("assessment_date") != kNone);
  }
  if (*kind != RecordKind::kPatients && plan.Input("site") == kNone && options_.site.empty()) {
    missing("site", ", or --site");
  }
  return static_cast<size_t>(problems_) == before;
}

Result<registry::Pseudonymizer*> Importer::PseudonymizerFor(const std::string& site) {
  auto it = pseudonymizers_.find(site);
  if (it != pseudonymizers_.end()) return it->second.get();
  const std::string dir = options_.key_dir.empty() ? "." : options_.key_dir;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::IOError(dir + ": cannot create the site key folder: " +
                           std::strerror(errno));
  }
  THAPLAN_ASSIGN_OR_RETURN(auto key, registry::LoadOrCreateSiteKey(dir + "/" + site + ".key"));
  auto p = std::make_unique<registry::Pseudonymizer>(key);
  auto* raw = p.get();
  pseudonymizers_[site] = std::move(p);
  return raw;
}

bool Importer::Derive(const OpenedFile& f, const std::vector<std::string_view>& fields,
                      int64_t line, Row* row) {
  const HeaderPlan& plan = f.plan;
  const auto stored = StoredColumns(plan.kind);
  // The "FILE:ROW: " prefix is built only when there is a problem to report.
  const auto problem = [&](const std::string& msg) { Problem(Where(f, line) + msg); };
  bool ok = true;
  bool date_problem = false;
  std::bitset<64> refused;  // columns whose text was refused (already reported)
  const auto field = [&](int idx) { return idx == kNone ? std::string_view() : fields[idx]; };
  const auto date = [&](std::string_view col, std::optional<int64_t>* out) {
    int idx = plan.Input(col);
    if (idx == kNone || registry::IsMissingText(fields[idx])) return;
    *out = ParseIsoDate(fields[idx]);
    if (!*out) {
      problem(std::string(col) + " = " + QuoteForMessage(fields[idx]) +
              ": expected a date as YYYY-MM-DD");
      ok = false;
      date_problem = true;
    }
  };
  std::optional<int64_t> surgery_day, birth_day, assessment_day;
  date("surgery_date", &surgery_day);
  date("birth_date", &birth_day);
  date("assessment_date", &assessment_day);

  std::string raw_key, site;
  for (size_t c = 0; c < stored.size(); ++c) {
    const ColumnSpec& spec = stored[c];
    const std::string_view text = field(plan.stored_field[c]);
    Value v;
    if (auto expected = ParseField(spec, text, &v)) {
      const std::string shown = spec.type == ColumnType::kKey ? "[withheld]" : QuoteForMessage(text);
      problem(std::string(spec.name) + " = " + shown + ": " + *expected);
      ok = false;
      refused.set(c);
      continue;
    }
    if (spec.name == "age_at_surgery") {
      if (IsMissing(v) && birth_day && surgery_day) {
        v = WholeYearsBetween(field(plan.Input("birth_date")),
                              field(plan.Input("surgery_date")));
      }
      if (const auto* age = std::get_if<int64_t>(&v)) {
        if (static_cast<double>(*age) < spec.min || static_cast<double>(*age) > spec.max) {
          problem("age_at_surgery = " + std::to_string(*age) +
                  " (from birth_date and surgery_date): " + registry::ExpectedText(spec));
          ok = false;
        }
        if (*age > 89) v = int64_t{kMaxStoredAge};  // HIPAA Safe Harbor: "90+"
      }
    } else if (spec.name == "surgery_year" && IsMissing(v) && surgery_day) {
      v = std::stoll(std::string(field(plan.Input("surgery_date")).substr(0, 4)));
    } else if (spec.name == "days_from_surgery" && IsMissing(v) && assessment_day &&
               surgery_day) {
      v = *assessment_day - *surgery_day;
    }
    if (spec.type == ColumnType::kKey) {
      raw_key = std::string(text);
      v = Value{};  // the raw key never leaves this function
    }
    (*row)[c] = std::move(v);
  }
  // Required values, after derivation. The key and site are checked below.
  for (size_t c = 0; c < stored.size(); ++c) {
    const ColumnSpec& spec = stored[c];
    if (!spec.required || !IsMissing((*row)[c]) || refused.test(c) ||
        spec.type == ColumnType::kKey || spec.name == "site") {
      continue;
    }
    std::string alternative;
    if (spec.name == "age_at_surgery") alternative = "; or birth_date and surgery_date";
    if (spec.name == "days_from_surgery") alternative = "; or assessment_date and surgery_date";
    if (!alternative.empty() && date_problem) continue;  // the bad date was reported
    problem(std::string(spec.name) + " = \"\": " + registry::ExpectedText(spec) +
            " (required" + alternative + ")");
    ok = false;
  }
  if (plan.kind == RecordKind::kAssessments) {
    const auto* days = std::get_if<int64_t>(&(*row)[2]);
    const auto* tp = std::get_if<std::string>(&(*row)[1]);
    if (days != nullptr && tp != nullptr) {
      const bool preop = *tp == "preop";
      if (preop ? *days > 0 : *days <= 0) {
        problem("days_from_surgery = " + std::to_string(*days) + ": expected " +
                (preop ? "0 or less for a preop assessment"
                       : "more than 0 for a post-operative assessment"));
        ok = false;
      }
    }
  }
  // Site: a column, else --site.
  const int site_idx = plan.kind == RecordKind::kPatients ? plan.stored_field[1]
                                                          : plan.Input("site");
  if (site_idx != kNone && !registry::IsMissingText(fields[site_idx])) {
    if (plan.kind != RecordKind::kPatients) {
      Value v;
      static const ColumnSpec* site_spec = FindColumn(RecordKind::kSurgeries, "site");
      if (auto expected = ParseField(*site_spec, fields[site_idx], &v)) {
        problem("site = " + QuoteForMessage(fields[site_idx]) + ": " + *expected);
        return false;
      }
    }
    site = std::string(fields[site_idx]);
  } else if (!options_.site.empty()) {
    site = options_.site;
    if (plan.kind == RecordKind::kPatients) (*row)[1] = site;
  } else {
    problem("site = \"\": expected a site code (required), or --site");
    return false;
  }
  if (refused.test(0)) return false;  // a bad key was reported above
  if (raw_key.empty()) {
    problem("patient_key = \"\": expected the site's patient key (required)");
    return false;
  }
  auto pseudonymizer = PseudonymizerFor(site);
  if (!pseudonymizer.ok()) {
    problem(pseudonymizer.status().message());
    return false;
  }
  // Set even when the row has problems, so that the rows of other files
  // that refer to this patient can say why the patient is missing.
  (*row)[0] = (*pseudonymizer)->Pseudonym(raw_key);
  return ok;
}

void Importer::ReportProgress(int64_t done_in_current) {
  if (options_.on_progress) options_.on_progress(bytes_done_ + done_in_current, bytes_total_);
}

Status Importer::ImportRows(OpenedFile* f, ImportFileStats* stats) {
  const RecordKind kind = f->plan.kind;
  const auto stored = StoredColumns(kind);
  THAPLAN_ASSIGN_OR_RETURN(int64_t import_id,
                           registry_.CreateImport("{\"file\":\"" + BaseName(f->spec->path) +
                                                  "\",\"kind\":\"" +
                                                  std::string(RecordKindName(kind)) + "\"}"));
  std::vector<std::string_view> fields;
  Row row(stored.size());
  row.reserve(stored.size());
  int64_t next_progress = 0;
  while (f->reader->Next(&fields)) {
    const int64_t line = f->reader->line();
    ++stats->rows;
    if (f->reader->bytes_read() >= next_progress) {
      ReportProgress(f->reader->bytes_read());
      next_progress = f->reader->bytes_read() + (1 << 20);
    }
    if (fields.size() != f->plan.field_count) {
      Problem(Where(*f, line) + std::to_string(fields.size()) + " fields: expected " +
              std::to_string(f->plan.field_count) + " as in the header");
      continue;
    }
    if (!Derive(*f, fields, line, &row)) {
      if (kind == RecordKind::kPatients && !IsMissing(row[0])) {
        refused_patients_[std::get<std::string>(row[0])] = Where(*f, line);
      }
      continue;
    }
    if (kind == RecordKind::kPatients) {
      const std::string& site = std::get<std::string>(row[1]);
      if (sites_seen_.insert(site).second) THAPLAN_RETURN_IF_ERROR(registry_.EnsureSite(site));
    }
    THAPLAN_ASSIGN_OR_RETURN(PutResult put, registry_.Put(kind, row, f->plan.given, import_id,
                                                          line, options_.update));
    const auto problem = [&](const std::string& msg) { Problem(Where(*f, line) + msg); };
    switch (put.outcome) {
      case PutOutcome::kInserted: ++stats->inserted; break;
      case PutOutcome::kUpdated: ++stats->updated; break;
      case PutOutcome::kUnchanged: ++stats->unchanged; break;
      case PutOutcome::kDuplicate:
        problem((kind == RecordKind::kAssessments
                             ? "patient_key and timepoint = [withheld], " +
                                   ValueToString(row[1])
                             : std::string("patient_key = [withheld]")) +
                ": expected a key not already used on row " + std::to_string(put.earlier_row) +
                " of this file");
        break;
      case PutOutcome::kMissingPatient: {
        auto refused = refused_patients_.find(std::get<std::string>(row[0]));
        if (refused != refused_patients_.end()) {
          problem("patient_key = [withheld]: expected a valid patient, but its row " +
                  refused->second.substr(0, refused->second.size() - 2) +
                  " was refused (see above)");
        } else {
          problem("patient_key = [withheld]: expected a patient already in the registry "
                  "or in this import's patients file, at the same site");
        }
        break;
      }
      case PutOutcome::kConflict:
        for (const auto& [col, old_value] : put.differences) {
          ++conflicts_;
          problem(std::string(stored[col].name) + " = " +
                  QuoteForMessage(ValueToString(row[col])) + ": expected the stored value " +
                  QuoteForMessage(ValueToString(old_value)) +
                  " (the registry already holds this record; use --update to replace it)");
        }
        break;
    }
  }
  THAPLAN_RETURN_IF_ERROR(f->reader->status());
  stats->sha256 = f->hash->HexDigest();
  bytes_done_ += f->reader->file_size();
  ReportProgress(0);
  return registry_.FinishImport(
      import_id, "{\"file\":\"" + BaseName(f->spec->path) + "\",\"kind\":\"" +
                     std::string(RecordKindName(kind)) + "\",\"sha256\":\"" + stats->sha256 +
                     "\",\"rows\":" + std::to_string(stats->rows) +
                     ",\"inserted\":" + std::to_string(stats->inserted) +
                     ",\"updated\":" + std::to_string(stats->updated) +
                     ",\"unchanged\":" + std::to_string(stats->unchanged) + "}");
}

Result<ImportReport> Importer::Run(ImportReport* report_on_error) {
  std::vector<OpenedFile> files;
  for (const ImportFile& spec : options_.files) {
    OpenedFile f;
    f.spec = &spec;
    THAPLAN_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(spec.path));
    f.reader = std::make_unique<CsvReader>(std::move(reader));
    f.hash = std::make_unique<Sha256>();
    f.reader->set_chunk_observer(&HashChunk, f.hash.get());
    bytes_total_ += f.reader->file_size();
    std::vector<std::string_view> fields;
    if (!f.reader->Next(&fields)) {
      THAPLAN_RETURN_IF_ERROR(f.reader->status());
      return Status::InvalidInput(spec.path + ":1: file is empty: expected a header row");
    }
    for (std::string_view field : fields) {
      std::string name = Trim(field);
      auto mapped = options_.column_map.find(name);
      const bool dropped = mapped != options_.column_map.end() && mapped->second.empty();
      f.dropped.push_back(dropped);
      f.header.push_back(mapped == options_.column_map.end() ? name : mapped->second);
    }
    files.push_back(std::move(f));
  }
  for (OpenedFile& f : files) f.header_ok = PlanHeader(&f);
  // Parents before children: patients files first, the rest in the order given.
  std::stable_partition(files.begin(), files.end(), [](const OpenedFile& f) {
    return f.header_ok && f.plan.kind == RecordKind::kPatients;
  });

  ImportReport report;
  THAPLAN_RETURN_IF_ERROR(registry_.Begin());
  Status status;
  for (OpenedFile& f : files) {
    ImportFileStats stats;
    stats.path = f.spec->path;
    stats.kind = f.plan.kind;
    if (f.header_ok) {
      status = ImportRows(&f, &stats);
      if (!status.ok()) break;
    }
    report.files.push_back(std::move(stats));
  }
  report.problems = problems_;
  int64_t changed = 0;
  for (const ImportFileStats& s : report.files) changed += s.inserted + s.updated;
  if (status.ok() && problems_ == 0 && changed > 0) {
    std::string detail = "{\"files\":[";
    for (size_t i = 0; i < report.files.size(); ++i) {
      const ImportFileStats& s = report.files[i];
      if (i > 0) detail += ",";
      detail += "{\"file\":\"" + BaseName(s.path) + "\",\"kind\":\"" +
                std::string(RecordKindName(s.kind)) + "\",\"sha256\":\"" + s.sha256 +
                "\",\"inserted\":" + std::to_string(s.inserted) +
                ",\"updated\":" + std::to_string(s.updated) + "}";
    }
    detail += "]}";
    status = registry_.Audit("import", "", detail);
    if (status.ok()) status = registry_.Commit();
    if (status.ok()) {
      report.committed = true;
      return report;
    }
  }
  Status rollback = registry_.Rollback();
  if (!status.ok()) return status;
  THAPLAN_RETURN_IF_ERROR(rollback);
  if (problems_ == 0) return report;  // nothing changed: nothing written
  if (report_on_error != nullptr) *report_on_error = report;
  const std::string summary = std::to_string(problems_) +
                              (problems_ == 1 ? " problem" : " problems") +
                              ": nothing was imported";
  return problems_ == conflicts_ ? Status::Conflict(summary) : Status::InvalidInput(summary);
}

}  // namespace

Result<ImportReport> ImportCsv(Registry& registry, const ImportOptions& options,
                               ImportReport* report_on_error) {
  if (options.files.empty()) return Status::InvalidInput("import: no files given: expected "
                                                         "one or more CSV files");
  Importer importer(registry, options);
  return importer.Run(report_on_error);
}

}  // namespace thaplan
