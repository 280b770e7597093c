// The validation report's plots, each drawn from one target of the report
// JSON (ToJson(ValidationReport)) as inline SVG; "" when the report holds
// nothing to draw (e.g. the protocol was not run).
#ifndef THAPLAN_REPORT_PLOTS_H_
#define THAPLAN_REPORT_PLOTS_H_

#include <string>
#include <vector>

#include "report/html.h"

namespace thaplan::report {

// The protocol object named `name` ("cv", "seed", ...) of a target, or null.
const json& ProtocolOf(const json& target, std::string_view name);
// The model object named `model` of a protocol, or null.
const json& ModelOf(const json& protocol, std::string_view model);

// XGBoost's out-of-fold predictions of the cv protocol's first repeat
// against the observed values (continuous targets), with the identity line
// and that repeat's calibration line (OLS of observed on predicted).
std::string PredictedVsObservedPlot(const json& target);

// Observed mean against predicted mean in ten groups of equal size ordered
// by the out-of-fold prediction (fewer groups below 50 rows), with the
// identity line; for continuous targets also the calibration line.
std::string CalibrationPlot(const json& target);

// Mean |SHAP| per feature, largest 15, as horizontal bars.
std::string ShapPlot(const std::vector<std::string>& features,
                     const std::vector<double>& mean_abs_shap, const std::string& unit,
                     const std::string& source);

// The learning curve: mean score against n for XGBoost and ridge, with the
// 2.5-97.5 percentile band over the random subsets.
std::string LearningCurvePlot(const json& target);

// The seed protocol's R^2 (AUC) over the random splits as a histogram, the
// single 70/30 split marked, the originating study's R^2 bands shaded.
std::string SeedSpreadPlot(const json& target);

}  // namespace thaplan::report

#endif  // THAPLAN_REPORT_PLOTS_H_
