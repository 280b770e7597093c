// The subcommand table of the `thaplan` CLI. Each command adds its options to
// its CLI11 subcommand and runs against the library; help text and dispatch
// come from this one table so they cannot drift apart (Ninja's habit).
#ifndef THAPLAN_APPS_CLI_COMMANDS_H_
#define THAPLAN_APPS_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "thaplan/registry.h"
#include "thaplan/status.h"

namespace thaplan::cli {

struct GlobalOptions {
  std::string db;     // --db, THAPLAN_DB, or ./thaplan.db
  bool json = false;  // --json: data on stdout as JSON
};

// A command's options live in a heap object owned by its entry, because CLI11
// binds options to addresses.
struct Command {
  const char* name;
  const char* help;
  // Adds options to `sub`; returns a function that runs the command.
  std::function<std::function<Status()>(CLI::App* sub, const GlobalOptions& global)> setup;
};

std::function<Status()> SetupInit(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupImport(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupExport(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupSummary(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupAudit(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupFormats(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupSimulate(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupGait(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupModel(CLI::App* sub, const GlobalOptions& global);
std::function<Status()> SetupPlan(CLI::App* sub, const GlobalOptions& global);

// The default folder of site key files: $THAPLAN_KEY_DIR, else thaplan-keys/
// beside the registry.
std::string DefaultKeyDir(const std::string& db);

// Opens the registry named by the global options.
Result<std::unique_ptr<Registry>> OpenRegistry(const GlobalOptions& global,
                                               bool create_if_missing);

// Prints `text` to stdout; JSON output ends with a newline.
void PrintOut(const std::string& text);

}  // namespace thaplan::cli

#endif  // THAPLAN_APPS_CLI_COMMANDS_H_
