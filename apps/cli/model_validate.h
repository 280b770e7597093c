// `thaplan model validate` and `thaplan model report` (docs/model.md,
// "Validation from the command line"): the options, the runs, and the text
// summary of a validation report.
#ifndef THAPLAN_APPS_CLI_MODEL_VALIDATE_H_
#define THAPLAN_APPS_CLI_MODEL_VALIDATE_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "thaplan/validation.h"

namespace thaplan::cli {

struct ValidateArgs {
  std::string spec, csv, protocols = "cv", out;
  std::vector<std::string> targets, bundles, models;
  long folds = 5, repeats = 5;  // signed, so -1 gets our message, not CLI11's
  ValidationOptions options;
};

struct ReportArgs {
  std::string in, out;
  std::vector<std::string> bundles, models;
};

void AddValidateOptions(CLI::App* validate, ValidateArgs* a);
void AddReportOptions(CLI::App* report, ReportArgs* a);

Status RunValidate(const GlobalOptions& global, ValidateArgs& a);
Status RunReport(const GlobalOptions& global, const ReportArgs& a);

// A readable summary: per target and protocol, XGBoost and the baselines
// with their metrics and CIs, and what each protocol adds.
std::string ValidationSummaryText(const ValidationReport& report);

}  // namespace thaplan::cli

#endif  // THAPLAN_APPS_CLI_MODEL_VALIDATE_H_
