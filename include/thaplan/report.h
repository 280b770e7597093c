// The validation report as one self-contained HTML page (docs/model.md,
// "The HTML report"): provenance, per target the metrics with their CIs and
// grades, plots drawn as inline SVG by our own code (predicted vs observed,
// calibration, SHAP summary, learning curve, the spread of the seed
// protocol's R^2), the Riley sample size and the TRIPOD+AI items covered.
// No script, no external reference: the file can be archived, mailed and
// printed as it is.
#ifndef THAPLAN_REPORT_H_
#define THAPLAN_REPORT_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "thaplan/bundle.h"
#include "thaplan/status.h"

namespace thaplan {

// Renders `report` (the JSON that ToJson(ValidationReport) gives, as
// `thaplan model validate --out` writes it). `cards` are optional model
// cards: a card whose target matches a report target gives that target's
// SHAP summary and frozen-model provenance (hash, versions); otherwise the
// summary comes from the report's own mean_abs_shap. `name` (the file the
// report came from) starts every error. Every string from the data is
// escaped.
Result<std::string> ValidationReportHtml(const nlohmann::json& report,
                                         std::span<const ModelCard> cards,
                                         std::string_view name);

}  // namespace thaplan

#endif  // THAPLAN_REPORT_H_
