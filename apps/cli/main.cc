// thaplan: the command-line front of the library. Exit codes: 0 ok, 1 failure,
// 2 bad input or usage (docs/cli.md).
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "commands.h"
#include "thaplan/build_info.h"

namespace thaplan::cli {
namespace {

const Command kCommands[] = {
    {"init", "Create an empty registry (import also creates one)", SetupInit},
    {"import", "Import patients, surgeries and assessments from CSV, de-identified",
     SetupImport},
    {"export", "Write the analysis table for a timepoint as CSV or JSON", SetupExport},
    {"summary", "Show the sites, patients and timepoints the registry holds", SetupSummary},
    {"audit", "Show the registry's audit log", SetupAudit},
    {"formats", "Describe every import column, its unit and allowed range", SetupFormats},
    {"gait", "Analyse capture files; store a gait session in the registry", SetupGait},
    {"simulate", "Simulate a THA cohort with known truth, and query its oracle", SetupSimulate},
    {"model", "Train outcome models into bundles, predict with SHAP explanations, list, export",
     SetupModel},
    {"plan", "Recommend an implant placement inside clinical limits, beside the standard plan",
     SetupPlan},
};

int Main(int argc, char** argv) {
  CLI::App app{"thaplan: gait-outcome prediction and implant planning for total hip "
               "arthroplasty"};
  app.set_version_flag("--version", THAPLAN_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  const char* env_db = std::getenv("THAPLAN_DB");
  global.db = env_db != nullptr && *env_db != '\0' ? env_db : "thaplan.db";
  app.add_option("--db", global.db, "Registry location (default $THAPLAN_DB or ./thaplan.db)");
  app.add_flag("--json", global.json, "Print data as JSON");

  std::vector<std::function<Status()>> runners;
  std::vector<CLI::App*> subs;
  for (const Command& cmd : kCommands) {
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.help);
    runners.push_back(cmd.setup(sub, global));
    subs.push_back(sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  for (size_t i = 0; i < subs.size(); ++i) {
    if (!subs[i]->parsed()) continue;
    Status s = runners[i]();
    if (!s.ok()) {
      std::fprintf(stderr, "thaplan %s: %s\n", kCommands[i].name, s.message().c_str());
    }
    return s.ExitCode();
  }
  return 2;
}

}  // namespace
}  // namespace thaplan::cli

int main(int argc, char** argv) { return thaplan::cli::Main(argc, argv); }
