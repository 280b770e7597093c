// What `thaplan model` prints: training summaries, predictions with their
// SHAP contributions and refusals, and model listings, as text or JSON.
#ifndef THAPLAN_APPS_CLI_MODEL_OUTPUT_H_
#define THAPLAN_APPS_CLI_MODEL_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "thaplan/bundle.h"
#include "thaplan/registry.h"
#include "thaplan/train.h"

namespace thaplan::cli {

struct GlobalOptions;

// The modelling table of a dataset spec: from `csv` when given (a research
// group's own table), else from the registry named by the global options.
Result<Table> LoadModelTable(const GlobalOptions& global, const std::string& csv,
                             const DatasetSpec& spec);

std::string TrainSummaryText(const ModelCard& card);

std::string PredictionsText(const ModelCard& card,
                            const std::vector<RowPrediction>& rows);
nlohmann::ordered_json PredictionsJson(const ModelCard& card,
                                       const std::vector<RowPrediction>& rows);

// Ok when every row was predicted; otherwise bad input naming the first
// refused value and how many rows were refused.
Status RefusalStatus(const std::vector<RowPrediction>& rows);

std::string ModelListText(const std::vector<ModelRecord>& models);
nlohmann::ordered_json ModelListJson(const std::vector<ModelRecord>& models);

}  // namespace thaplan::cli

#endif  // THAPLAN_APPS_CLI_MODEL_OUTPUT_H_
