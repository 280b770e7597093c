#include "model_output.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "commands.h"

namespace thaplan::cli {

Result<Table> LoadModelTable(const GlobalOptions& global, const std::string& csv,
                             const DatasetSpec& spec) {
  if (!csv.empty()) return BuildTableFromCsv(csv, spec);
  THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
  return BuildTableFromRegistry(*reg, spec);
}

namespace {

using json = nlohmann::ordered_json;

// Shown to people: four significant digits (e.g. 2.413, -0.0312).
std::string Short(double v) {
  if (std::isnan(v)) return "missing";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string Signed(double v) { return (v >= 0 ? "+" : "") + Short(v); }

// A feature value exactly as the model saw it (float32, shortest decimal).
std::string Exact(float v) {
  if (std::isnan(v)) return "missing";
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc() ? static_cast<size_t>(ptr - buf) : 0);
}

json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A float as its shortest decimal (36.4, not 36.400001525878906).
json FloatJson(float v) {
  return std::isnan(v) ? json(nullptr) : json(std::strtod(Exact(v).c_str(), nullptr));
}

bool Binary(const ModelCard& card) { return card.target().kind == TargetKind::kBinary; }

// "m3_stride_length_cv_pct (%) at 3m" or "walks_1m_s (probability) at 3m".
std::string TargetText(const ModelCard& card) {
  const std::string unit = Binary(card) ? "probability" : card.target_unit;
  return card.target().name + (unit.empty() ? "" : " (" + unit + ")") + " at " +
         card.dataset.timepoint;
}

std::string ContributionUnit(const ModelCard& card) {
  return Binary(card) ? "log-odds" : card.target_unit;
}

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string TrainSummaryText(const ModelCard& card) {
  std::string out = "model " + card.name + ": " + TargetText(card) + " from " +
                    card.data_source + ": " + std::to_string(card.rows) + " rows (" +
                    std::to_string(card.rows_left_out) + " left out: no target value), " +
                    std::to_string(card.features.size()) + " features\n";
  out += "XGBoost " + card.xgboost_version + ", " + std::to_string(card.rounds) +
         " rounds, seed " + std::to_string(card.seed) + "; data sha256 " +
         card.data_sha256.substr(0, 12) + ", model sha256 " +
         card.model_sha256.substr(0, 12) + "\n";
  if (card.ensemble.members > 0) {
    out += "bootstrap ensemble: " + std::to_string(card.ensemble.members) +
           " members (the training rows resampled with replacement, same parameters "
           "and rounds, own seeds), stored inside model.json\n";
  }
  std::vector<size_t> order(card.features.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return card.features[a].mean_abs_shap > card.features[b].mean_abs_shap;
  });
  order.resize(std::min<size_t>(order.size(), 10));
  const std::string unit = ContributionUnit(card);
  out += "features by mean |SHAP|" + (unit.empty() ? "" : " (" + unit + ")") +
         " on the training rows:\n";
  for (size_t f : order) {
    out += "  " + Pad(card.features[f].name, 36) + " " +
           Short(card.features[f].mean_abs_shap) + "\n";
  }
  for (const std::string& note : card.data_notes) out += "note: " + note + "\n";
  out += "not validated: run thaplan model validate for its performance with CIs\n";
  return out;
}

std::string PredictionsText(const ModelCard& card,
                            const std::vector<RowPrediction>& rows) {
  std::string out =
      "model " + card.name + ": " + TargetText(card) + "; " +
      (card.validation.protocol.empty() ? "not validated"
                                        : "validated: " + card.validation.protocol) +
      "\n";
  const std::string unit = Binary(card) ? "" : card.target_unit;
  for (const RowPrediction& r : rows) {
    if (!r.predicted) {
      for (const std::string& flag : r.out_of_range) out += "refused: " + flag + "\n";
      continue;
    }
    out += r.place + ": " + (Binary(card) ? "probability " : "") + Short(r.prediction) +
           (unit.empty() ? "" : " " + unit);
    if (r.missing_features > 0) {
      out += " (" + std::to_string(r.missing_features) + " features missing)";
    }
    out += "\n";
    for (const std::string& flag : r.out_of_range)
      out += "  extrapolated: " + flag + "\n";
    if (r.top.empty()) continue;
    out += "  base " + Short(r.bias) + ", largest contributions (SHAP, " +
           (ContributionUnit(card).empty() ? "target units" : ContributionUnit(card)) +
           "):\n";
    for (const Contribution& c : r.top) {
      out += "    " + Pad(card.features[c.feature].name + " = " + Exact(c.value), 44) +
             " " + Signed(c.shap) + "\n";
    }
  }
  return out;
}

json PredictionsJson(const ModelCard& card, const std::vector<RowPrediction>& rows) {
  json list = json::array();
  for (const RowPrediction& r : rows) {
    json top = json::array();
    for (const Contribution& c : r.top) {
      top.push_back({{"feature", card.features[c.feature].name},
                     {"value", FloatJson(c.value)},
                     {"shap", FloatJson(static_cast<float>(c.shap))}});
    }
    json row = {{"where", r.place}};
    if (!r.pseudonym.empty()) row["pseudonym"] = r.pseudonym;
    row["predicted"] = r.predicted;
    row["prediction"] = FloatJson(static_cast<float>(r.prediction));
    if (Binary(card)) row["margin"] = Number(r.margin);  // log-odds
    row["base"] = r.predicted ? FloatJson(static_cast<float>(r.bias)) : json(nullptr);
    row["top_contributions"] = top;
    row["out_of_range"] = r.out_of_range;
    row["missing_features"] = r.missing_features;
    list.push_back(std::move(row));
  }
  return {{"model",
           {{"name", card.name},
            {"target", card.target().name},
            {"kind", Binary(card) ? "binary" : "continuous"},
            {"unit", card.target_unit},
            {"timepoint", card.dataset.timepoint},
            {"contribution_scale", Binary(card) ? "log-odds" : "target"},
            {"model_sha256", card.model_sha256},
            {"validated", !card.validation.protocol.empty()}}},
          {"predictions", list}};
}

Status RefusalStatus(const std::vector<RowPrediction>& rows) {
  size_t refused = 0;
  const RowPrediction* first = nullptr;
  for (const RowPrediction& r : rows) {
    if (r.predicted) continue;
    ++refused;
    if (first == nullptr) first = &r;
  }
  if (refused == 0) return Status::Ok();
  return Status::InvalidInput(
      first->out_of_range.front() + "; " + std::to_string(refused) + " of " +
      std::to_string(rows.size()) +
      " rows refused (--extrapolate predicts them anyway, flagged)");
}

std::string ModelListText(const std::vector<ModelRecord>& models) {
  if (models.empty()) return "no models stored\n";
  std::vector<std::vector<std::string>> cells = {
      {"id", "name", "target", "timepoint", "created", "model sha256"}};
  for (const ModelRecord& m : models) {
    cells.push_back({std::to_string(m.model_id), m.name, m.target, m.timepoint,
                     m.created_utc, m.sha256.substr(0, 12)});
  }
  std::vector<size_t> widths(cells[0].size(), 0);
  for (const auto& row : cells) {
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : cells) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += i + 1 < row.size() ? Pad(row[i], widths[i] + 2) : row[i];
    }
    out += line + "\n";
  }
  return out;
}

json ModelListJson(const std::vector<ModelRecord>& models) {
  json out = json::array();
  for (const ModelRecord& m : models) {
    out.push_back({{"model_id", m.model_id},
                   {"name", m.name},
                   {"target", m.target},
                   {"timepoint", m.timepoint},
                   {"created_utc", m.created_utc},
                   {"sha256", m.sha256}});
  }
  return out;
}

}  // namespace thaplan::cli
