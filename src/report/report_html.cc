// The validation report page: head and print-friendly CSS, provenance, one
// section per target (metrics, plots, sample size), the TRIPOD+AI items.
#include <cmath>

#include "report/plots.h"
#include "report/sections.h"
#include "thaplan/report.h"

namespace thaplan {
namespace {

using report::At;
using report::Escape;
using report::json;
using report::Num;
using report::Short;
using report::Str;

constexpr char kCss[] = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#222;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 6px;border-bottom:2px solid #345}
h3{font-size:16px;margin:18px 0 4px}p{margin:4px 0 8px}.note{color:#555;font-size:13px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef2f6}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ci{color:#555}.warn{color:#a40000;font-weight:bold}.plots{display:flex;flex-wrap:wrap;gap:12px}
svg.plot{border:1px solid #ddd;background:#fff}
svg .title{font-size:12px;font-weight:bold}svg .tick{font-size:10px;fill:#333}svg .axis{font-size:11px}
svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#888}
svg .pt{fill:#2b6cb0;fill-opacity:.55}svg .bin{fill:#c05621}svg .series{fill:none;stroke:#c05621;stroke-width:1.5}
svg .ideal{stroke:#666;stroke-dasharray:4 3}svg .ideal-key{fill:#666}
svg .cal{stroke:#c53030;stroke-width:1.5}svg .cal-key{fill:#c53030}
svg .bar{fill:#2b6cb0}svg .hist{fill:#2d3748;fill-opacity:.75}
svg .single{stroke:#c53030;stroke-width:2}svg .single-key{fill:#c53030}
svg .grade0{fill:#fed7d7}svg .grade1{fill:#feebc8}svg .grade2{fill:#fefcbf}svg .grade3{fill:#c6f6d5}svg .grade4{fill:#bee3f8}
svg .band-label{font-size:9px;fill:#555}
svg .xgboost-band{fill:#2b6cb0;fill-opacity:.18}svg .xgboost-line{fill:none;stroke:#2b6cb0;stroke-width:1.5}
svg .xgboost-pt,svg .xgboost-key{fill:#2b6cb0}
svg .ridge-band{fill:#38a169;fill-opacity:.18}svg .ridge-line{fill:none;stroke:#38a169;stroke-width:1.5}
svg .ridge-pt,svg .ridge-key{fill:#38a169}
@media print{body{margin:0;max-width:none;font-size:11px}section.target{break-before:page}
section.protocol,svg.plot,table{break-inside:avoid}}
)";

std::string Row(const std::string& label, const std::string& value_html) {
  return "<td>" + Escape(label) + "</td><td>" + value_html + "</td>";
}

std::string Join(const json& list, const std::string& sep) {
  std::string out;
  if (!list.is_array()) return out;
  for (const json& v : list) {
    if (!v.is_string()) continue;
    out += (out.empty() ? "" : sep) + v.get<std::string>();
  }
  return out;
}

std::string Provenance(const json& r) {
  const json& o = At(r, "options");
  std::vector<std::string> rows = {
      Row("source", Escape(Str(r, "source"))),
      "<td>table rows</td>" + report::NumberCell(Num(At(r, "rows")), "rows"),
      Row("features (" + std::to_string(At(r, "features").size()) + ", model order)",
          Escape(Join(At(r, "features"), ", "))),
      Row("missing values",
          "left to XGBoost, which learns a default direction at each split; the ridge "
          "baseline imputes the training mean; a row without a target value is left out "
          "for that target only"),
      Row("seed", Escape(At(r, "seed").dump())),
      Row("protocols", Escape(Join(At(o, "protocols"), ", "))),
      Row("settings", Escape("folds " + At(o, "folds").dump() + ", repeats " +
                             At(o, "repeats").dump() + ", seed splits " +
                             At(o, "seed_splits").dump() + ", bootstrap replicates " +
                             At(o, "bootstrap_replicates").dump() + ", permutations " +
                             At(o, "permutations").dump() + ", CI resamples " +
                             At(o, "ci_replicates").dump() + ", tuning grid " +
                             At(o, "grid").dump())),
      Row("versions", Escape("thaplan " + Str(r, "thaplan_version") + ", XGBoost " +
                             Str(r, "xgboost_version"))),
  };
  for (const json& t : At(r, "targets")) {
    rows.push_back(Row("data SHA-256: " + Str(t, "target"),
                       "<code>" + Escape(Str(t, "data_sha256")) + "</code>"));
  }
  std::string notes;
  for (const json& n : At(r, "notes")) {
    if (n.is_string())
      notes += "<p class=\"note\">" + Escape(n.get<std::string>()) + "</p>\n";
  }
  return "<section class=\"provenance\">\n<h2>Provenance</h2>\n" +
         report::Table({"", ""}, rows) + notes + "</section>\n";
}

const ModelCard* CardFor(std::span<const ModelCard> cards, const std::string& target) {
  for (const ModelCard& c : cards) {
    if (c.target().name == target) return &c;
  }
  return nullptr;
}

std::string Headline(const json& t, size_t index) {
  const bool binary = Str(t, "kind") == "binary";
  const std::string metric = binary ? "auc" : "r2";
  std::vector<std::string> rows;
  for (const json& p : At(t, "protocols")) {
    const json& m = report::ModelOf(p, "xgboost");
    if (!m.is_object()) continue;
    const std::string name = Str(p, "protocol");
    rows.push_back(
        report::TextCell(name) +
        report::EstimateCell(At(At(m, "metrics"), metric),
                             std::to_string(index) + "/" + name + "/xgboost/" + metric) +
        report::TextCell(binary ? "" : Str(m, "grade")));
  }
  if (rows.empty()) return "";
  return "<p>XGBoost by protocol:</p>\n" +
         report::Table({"protocol", binary ? "AUC (95 % CI)" : "R² (95 % CI)", "grade"},
                       rows, "headline");
}

std::string ModelProvenance(const ModelCard* card, const json& t) {
  if (card == nullptr) {
    return "<p class=\"note\">No model bundle given for this target: the SHAP summary "
           "is from XGBoost with the configuration tuned on all rows, trained on all "
           "rows.</p>\n";
  }
  std::string out = "<p>Model <b>" + Escape(card->name) + "</b>: model SHA-256 <code>" +
                    Escape(card->model_sha256) + "</code>, XGBoost " +
                    Escape(card->xgboost_version) + ", thaplan " +
                    Escape(card->thaplan_version) + ", " + std::to_string(card->rounds) +
                    " rounds, seed " + std::to_string(card->seed) + ".</p>\n";
  if (card->data_sha256 != Str(t, "data_sha256")) {
    out +=
        "<p class=\"warn\">The model's data SHA-256 differs from the validated "
        "table's: this model was trained on other data.</p>\n";
  }
  return out;
}

std::string Shap(const ModelCard* card, const json& r, const json& t) {
  std::vector<std::string> names;
  std::vector<double> values;
  std::string source;
  if (card != nullptr) {
    for (const CardFeature& f : card->features) {
      names.push_back(f.name);
      values.push_back(f.mean_abs_shap);
    }
    source = "model " + card->name;
  } else {
    for (const json& f : At(r, "features"))
      names.push_back(f.is_string() ? f.get<std::string>() : "");
    for (const json& v : At(t, "mean_abs_shap")) values.push_back(Num(v));
    source = "tuned XGBoost on all rows";
  }
  const bool binary = Str(t, "kind") == "binary";
  return report::ShapPlot(names, values, binary ? "log-odds" : Str(t, "unit"), source);
}

std::string TargetSection(const json& r, const json& t, size_t index,
                          std::span<const ModelCard> cards) {
  const std::string name = Str(t, "target");
  const ModelCard* card = CardFor(cards, name);
  std::string out = "<section class=\"target\">\n<h2>Target: " + Escape(name) + "</h2>\n";
  out += "<p>" + Escape(Str(t, "kind")) +
         (Str(t, "unit").empty() ? "" : ", unit " + Escape(Str(t, "unit"))) + "; " +
         Escape(Short(Num(At(t, "n")))) + " rows with a value.</p>\n";
  out += ModelProvenance(card, t);
  out += Headline(t, index);
  std::string plots;
  for (const std::string& svg :
       {report::PredictedVsObservedPlot(t), report::CalibrationPlot(t), Shap(card, r, t),
        report::LearningCurvePlot(t), report::SeedSpreadPlot(t)}) {
    plots += svg;
  }
  if (!plots.empty()) out += "<div class=\"plots\">\n" + plots + "</div>\n";
  out += report::ProtocolSections(t, index);
  out += report::SampleSizeSection(t, index);
  for (const json& n : At(t, "notes")) {
    if (n.is_string())
      out += "<p class=\"note\">" + Escape(n.get<std::string>()) + "</p>\n";
  }
  return out + "</section>\n";
}

}  // namespace

Result<std::string> ValidationReportHtml(const nlohmann::json& r,
                                         std::span<const ModelCard> cards,
                                         std::string_view name) {
  bool targets_ok = At(r, "targets").is_array();
  for (const json& t : At(r, "targets")) {
    targets_ok =
        targets_ok && At(t, "target").is_string() && At(t, "protocols").is_array();
  }
  if (!targets_ok || !At(r, "features").is_array() ||
      !At(r, "xgboost_version").is_string()) {
    return Status::InvalidInput(std::string(name) +
                                ": targets: missing: expected a validation report "
                                "written by thaplan model validate --out");
  }
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      "<title>thaplan validation report</title>\n<style>" +
      std::string(kCss) +
      "</style>\n</head>\n<body>\n<h1>Outcome-model validation</h1>\n" +
      "<p class=\"note\">Written by thaplan model report from the validation report; "
      "undefined numbers are shown as undefined. Estimates with 95 % intervals; the "
      "grade is the originating study's R² band (below 0.1 low, 0.1 somewhat low, "
      "0.3 standard, 0.6 high, 0.9 very high).</p>\n";
  out += Provenance(r);
  size_t index = 0;
  for (const json& t : At(r, "targets")) out += TargetSection(r, t, index++, cards);
  out += report::TripodSection();
  return out + "</body>\n</html>\n";
}

}  // namespace thaplan
