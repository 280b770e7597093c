// export: the analysis table for a timepoint, CSV or JSON, to stdout or a file.
#include <nlohmann/json.hpp>

#include "commands.h"
#include "thaplan/atomic_file.h"
#include "thaplan/export.h"

namespace thaplan::cli {
namespace {
struct ExportArgs {
  std::string timepoint = "3m";
  std::string format;
  std::string out;
};
}  // namespace

std::function<Status()> SetupExport(CLI::App* sub, const GlobalOptions& global) {
  auto args = std::make_shared<ExportArgs>();
  sub->description(
      "Write the analysis table: one row per patient with background, surgery, the "
      "pre-op assessment (preop_*) and the assessment at --timepoint (m3_*, m6_*, m12_*).");
  sub->add_option("--timepoint", args->timepoint, "preop, 3m, 6m or 12m")
      ->check(CLI::IsMember({"preop", "3m", "6m", "12m"}))
      ->capture_default_str();
  sub->add_option("--format", args->format, "csv or json (default csv; json with --json)")
      ->check(CLI::IsMember({"csv", "json"}));
  sub->add_option("-o,--out", args->out, "Output file, written atomically (default stdout)");
  return [&global, args]() -> Status {
    const bool json = args->format.empty() ? global.json : args->format == "json";
    const ExportFormat format = json ? ExportFormat::kJson : ExportFormat::kCsv;
    THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
    int64_t rows = 0;
    if (args->out.empty()) {
      THAPLAN_RETURN_IF_ERROR(ExportAnalysisTable(*reg, args->timepoint, format, stdout, &rows));
    } else {
      THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter w, AtomicFileWriter::Create(args->out));
      THAPLAN_RETURN_IF_ERROR(ExportAnalysisTable(*reg, args->timepoint, format, w.file(), &rows));
      THAPLAN_RETURN_IF_ERROR(w.Commit());
      std::fprintf(stderr, "wrote %lld patients to %s\n", static_cast<long long>(rows),
                   args->out.c_str());
    }
    return reg->Audit("export", "",
                      nlohmann::json{{"timepoint", args->timepoint},
                                     {"format", json ? "json" : "csv"},
                                     {"rows", rows}}
                          .dump());
  };
}

}  // namespace thaplan::cli
