// Predicting with a bundle: new rows encoded by the card's dataset spec,
// checked against the training ranges, predicted and explained.
#include <cmath>

#include "io/csv_reader.h"
#include "io/text_scan.h"
#include "model/shap.h"
#include "model/table_builder.h"
#include "model/xgb.h"
#include "pipeline/gait_session.h"
#include "thaplan/train.h"

namespace thaplan {
namespace {

// The card's spec without targets: rows to predict have no outcome yet.
DatasetSpec PredictionSpec(const ModelCard& card) {
  DatasetSpec spec = card.dataset;
  spec.targets.clear();
  return spec;
}

// The table must encode the same features, in the same order, as training
// did (a schema with new enum levels would not).
Status CheckFeatures(const ModelCard& card, const Table& table) {
  const size_t n = std::min(card.features.size(), table.features.size());
  size_t first = 0;
  while (first < n && card.features[first].name == table.features[first].name) ++first;
  if (first == n && card.features.size() == table.features.size()) return Status::Ok();
  const std::string differ =
      first < table.features.size() ? table.features[first].name : "(none)";
  return Status::InvalidInput(
      table.source + ": encodes " + std::to_string(table.features.size()) +
      " features (feature " + std::to_string(first + 1) + " is " + differ +
      "): expected the " + std::to_string(card.features.size()) + " features of model " +
      card.name + " (feature " + std::to_string(first + 1) + " " +
      (first < card.features.size() ? card.features[first].name : "(none)") + ")");
}

// The first level of a two-level enum, which its single indicator leaves out.
std::string FirstLevel(const ModelCard& card, const std::string& column) {
  if (auto it = card.dataset.categories.find(column);
      it != card.dataset.categories.end() && !it->second.empty()) {
    return it->second.front();
  }
  const ColumnSpec* schema = model::FindAnalysisColumn(column);
  if (schema != nullptr && !schema->allowed.empty())
    return std::string(schema->allowed[0]);
  return "not " + column;
}

// Messages for the row's values outside the training ranges.
std::vector<std::string> RangeFlags(const ModelCard& card, std::span<const float> row,
                                    const std::string& place) {
  std::vector<std::string> flags;
  for (size_t f = 0; f < card.features.size(); ++f) {
    const CardFeature& info = card.features[f];
    const float v = row[f];
    if (std::isnan(v)) continue;  // missing: XGBoost's learned default direction
    const bool unseen = std::isnan(info.min);
    if (!unseen && v >= static_cast<float>(info.min) &&
        v <= static_cast<float>(info.max)) {
      continue;
    }
    if (!info.level.empty()) {
      size_t indicators = 0;
      for (const CardFeature& other : card.features)
        indicators += other.column == info.column;
      // In a one-hot group a new level shows as its own indicator being 1;
      // a 0 elsewhere says nothing new.
      if (v == 0 && indicators > 1) continue;
      const std::string level = v == 1 ? info.level : FirstLevel(card, info.column);
      flags.push_back(
          place + ": " + info.column + " = " + level +
          ": not seen in training: expected a level the model was trained on");
      continue;
    }
    std::string text = place + ": " + info.column + " = ";
    io::AppendShortest(v, &text);
    if (unseen) {
      text += ": expected no value, as in every training row";
    } else {
      text += ": expected ";
      io::AppendShortest(info.min, &text);
      text += "..";
      io::AppendShortest(info.max, &text);
      if (!info.unit.empty()) text += " " + info.unit;
      text += ", the training range";
    }
    flags.push_back(std::move(text));
  }
  return flags;
}

}  // namespace

Result<PredictionInput> PredictionRowsFromCsv(const ModelCard& card,
                                              const std::string& path) {
  THAPLAN_ASSIGN_OR_RETURN(io::CsvReader reader, io::CsvReader::Open(path));
  std::vector<std::string_view> fields;
  if (!reader.Next(&fields)) {
    THAPLAN_RETURN_IF_ERROR(reader.status());
    return Status::InvalidInput(path + ":1: file is empty: expected a header row");
  }
  std::vector<std::string> header;
  for (std::string_view f : fields) header.emplace_back(io::TrimBlanks(f));
  THAPLAN_ASSIGN_OR_RETURN(
      model::TableBuilder builder,
      model::TableBuilder::Create(PredictionSpec(card), header, path));
  PredictionInput input;
  Row row;
  while (reader.Next(&fields)) {
    row.clear();
    for (std::string_view f : fields) {
      row.push_back(io::IsBlank(f) ? Value() : Value(std::string(f)));
    }
    // Rows are named by line, never by the CSV's key, which may identify.
    const std::string place = path + ":" + std::to_string(reader.line());
    THAPLAN_RETURN_IF_ERROR(builder.AddRow(row, place));
    input.places.push_back(place);
  }
  THAPLAN_RETURN_IF_ERROR(reader.status());
  THAPLAN_ASSIGN_OR_RETURN(Table table, std::move(builder).Finish());
  THAPLAN_RETURN_IF_ERROR(CheckFeatures(card, table));
  input.x = std::move(table.x);
  return input;
}

Result<PredictionInput> PredictionRowFromRegistry(Registry& registry,
                                                  const ModelCard& card,
                                                  const PatientRef& who) {
  THAPLAN_ASSIGN_OR_RETURN(
      std::string pseudonym,
      pipeline::ResolvePseudonym(who.patient_key, who.site, who.pseudonym, who.key_dir));
  THAPLAN_ASSIGN_OR_RETURN(Table table,
                           BuildTableFromRegistry(registry, PredictionSpec(card)));
  THAPLAN_RETURN_IF_ERROR(CheckFeatures(card, table));
  for (size_t r = 0; r < table.rows(); ++r) {
    if (table.keys[r] != pseudonym) continue;
    PredictionInput input;
    const std::vector<size_t> one = {r};
    input.x = TakeRows(table.x, one);
    input.places.push_back(registry.location() + ": patient " + pseudonym);
    input.pseudonyms.push_back(pseudonym);
    return input;
  }
  return Status::NotFound(registry.location() + ": patient [withheld] (pseudonym " +
                          pseudonym +
                          "): not in the registry: expected a patient "
                          "imported with background and surgical data");
}

Result<std::vector<RowPrediction>> PredictWithBundle(const ModelBundle& bundle,
                                                     const PredictionInput& input,
                                                     const PredictOptions& options) {
  const ModelCard& card = bundle.card;
  if (input.x.cols != card.features.size() || input.places.size() != input.x.rows) {
    return Status::InvalidInput("prediction rows: " + std::to_string(input.x.cols) +
                                " features: expected " +
                                std::to_string(card.features.size()) + " as model " +
                                card.name + " was trained with");
  }
  THAPLAN_ASSIGN_OR_RETURN(xgb::Booster booster,
                           xgb::Booster::LoadJson(bundle.model_json));
  THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix matrix, xgb::DMatrix::Create(input.x));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<float> predicted, booster.Predict(matrix));
  THAPLAN_ASSIGN_OR_RETURN(ShapValues shap, model::ComputeShap(booster, input.x));
  std::vector<RowPrediction> out;
  for (size_t r = 0; r < input.x.rows; ++r) {
    RowPrediction p;
    p.place = input.places[r];
    if (r < input.pseudonyms.size()) p.pseudonym = input.pseudonyms[r];
    const std::span<const float> row = input.x.row(r);
    for (float v : row) p.missing_features += std::isnan(v) ? 1 : 0;
    p.out_of_range = RangeFlags(card, row, p.place);
    p.predicted = p.out_of_range.empty() || options.extrapolate;
    out.push_back(std::move(p));
    if (!out.back().predicted) continue;
    RowPrediction& q = out.back();
    q.prediction = predicted[r];
    q.margin = shap.margin[r];
    q.bias = shap.bias[r];
    for (size_t f : model::TopFeatures(shap, r, options.top)) {
      q.top.push_back({f, row[f], shap.at(r, f)});
    }
  }
  return out;
}

}  // namespace thaplan
