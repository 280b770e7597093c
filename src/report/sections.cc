// Metric tables per protocol and the sample-size table.
#include "report/sections.h"

#include <cmath>

#include "report/plots.h"

namespace thaplan::report {
namespace {

bool Binary(const json& target) { return Str(target, "kind") == "binary"; }

const std::vector<std::string>& Metrics(bool binary) {
  static const std::vector<std::string> continuous = {
      "r2", "rmse", "mae", "calibration_intercept", "calibration_slope"};
  static const std::vector<std::string> binary_metrics = {
      "auc", "brier", "calibration_intercept", "calibration_slope"};
  return binary ? binary_metrics : continuous;
}

const std::vector<std::string>& MetricHeaders(bool binary) {
  static const std::vector<std::string> continuous = {
      "R² (95 % CI)", "RMSE", "MAE", "calibration intercept", "calibration slope"};
  static const std::vector<std::string> binary_headers = {
      "AUC (95 % CI)", "Brier", "calibration intercept", "calibration slope"};
  return binary ? binary_headers : continuous;
}

std::string Key(size_t index, const std::string& protocol, const std::string& model,
                const std::string& metric) {
  return std::to_string(index) + "/" + protocol + "/" + model + "/" + metric;
}

std::string Paragraph(const std::string& label, const std::string& text) {
  if (text.empty()) return "";
  return "<p><b>" + Escape(label) + ":</b> " + Escape(text) + "</p>\n";
}

// The models x metrics table of a protocol.
std::string MetricsTable(const json& p, bool binary, size_t index) {
  const std::string name = Str(p, "protocol");
  std::vector<std::string> header = {"model", "n"};
  for (const std::string& h : MetricHeaders(binary)) header.push_back(h);
  if (!binary) header.push_back("grade");
  std::vector<std::string> rows;
  for (const json& m : At(p, "models")) {
    const std::string model = Str(m, "model");
    std::string row =
        TextCell(model) + NumberCell(Num(At(m, "n")), Key(index, name, model, "n"));
    for (const std::string& metric : Metrics(binary)) {
      row += EstimateCell(At(At(m, "metrics"), metric), Key(index, name, model, metric));
    }
    if (!binary) row += TextCell(Str(m, "grade"));
    rows.push_back(row);
  }
  return Table(header, rows, "metrics");
}

// The seed protocol's spread over the random splits and the grade shares.
std::string SeedSpread(const json& p, bool binary, size_t index) {
  const std::string metric = binary ? "auc" : "r2";
  std::vector<std::string> rows;
  for (const json& m : At(p, "models")) {
    const std::string model = Str(m, "model");
    const json& s = At(At(m, "spread"), metric);
    std::string row = TextCell(model);
    for (const char* k : {"mean", "sd", "p2_5", "p50", "p97_5"}) {
      row +=
          NumberCell(Num(At(s, k)), Key(index, "seed", model, metric + ".spread." + k));
    }
    if (!binary) {
      std::string shares;
      for (const auto& [grade, share] : At(m, "grade_share").items()) {
        shares +=
            (shares.empty() ? "" : ", ") + grade + " " + Short(100 * Num(share)) + " %";
      }
      row += TextCell(shares);
    }
    rows.push_back(row);
  }
  std::vector<std::string> header = {"model", "mean", "SD", "2.5 %", "median", "97.5 %"};
  if (!binary) header.push_back("share of splits per grade");
  return "<p>Spread of " + std::string(binary ? "AUC" : "R²") +
         " over the random splits:</p>\n" + Table(header, rows);
}

std::string BootstrapOptimism(const json& p, bool binary, size_t index) {
  const std::string metric = binary ? "auc" : "r2";
  std::vector<std::string> rows;
  for (const json& m : At(p, "models")) {
    const std::string model = Str(m, "model");
    const json& e = At(At(m, "metrics"), metric);
    rows.push_back(TextCell(model) +
                   NumberCell(Num(At(e, "apparent")),
                              Key(index, "bootstrap", model, metric + ".apparent")) +
                   NumberCell(Num(At(e, "optimism")),
                              Key(index, "bootstrap", model, metric + ".optimism")));
  }
  return Table(
      {"model", "apparent " + std::string(binary ? "AUC" : "R²"), "mean optimism"}, rows);
}

std::string Permutation(const json& p, size_t index) {
  std::vector<std::string> rows;
  for (const json& m : At(p, "models")) {
    const json& t = At(m, "permutation");
    if (!t.is_object()) continue;
    const std::string model = Str(m, "model");
    rows.push_back(
        TextCell(model) + TextCell(Str(t, "statistic")) +
        NumberCell(Num(At(t, "observed")), Key(index, "permutation", model, "observed")) +
        NumberCell(Num(At(t, "permutations")),
                   Key(index, "permutation", model, "permutations")) +
        NumberCell(Num(At(At(t, "null"), "mean")),
                   Key(index, "permutation", model, "null.mean")) +
        NumberCell(Num(At(At(t, "null"), "p97_5")),
                   Key(index, "permutation", model, "null.p97_5")) +
        NumberCell(Num(At(t, "p_value")), Key(index, "permutation", model, "p_value")));
  }
  return Table(
      {"model", "statistic", "observed", "permutations", "null mean", "null 97.5 %", "p"},
      rows);
}

std::string Sites(const json& p, bool binary, size_t index) {
  const std::string metric = binary ? "auc" : "r2";
  std::vector<std::string> rows;
  for (const json& m : At(p, "models")) {
    const std::string model = Str(m, "model");
    for (const json& s : At(m, "sites")) {
      const std::string site = Str(s, "site");
      std::string row =
          TextCell(model) + TextCell(site) +
          NumberCell(Num(At(s, "n")), Key(index, "loso", model, site + ".n"));
      for (const std::string& k : Metrics(binary)) {
        row += NumberCell(Num(At(At(s, "metrics"), k)),
                          Key(index, "loso", model, site + "." + k));
      }
      rows.push_back(row);
    }
  }
  std::vector<std::string> header = {"model", "held-out site", "n"};
  for (const std::string& k : Metrics(binary)) header.push_back(k);
  return "<p>Per site (point values):</p>\n" + Table(header, rows);
}

std::string Conformal(const json& p, size_t index) {
  const json& list = At(p, "conformal");
  if (!list.is_array() || list.empty()) return "";
  std::vector<std::string> rows;
  for (const json& c : list) {
    const std::string method = Str(c, "method");
    const std::string level = Short(Num(At(c, "level")));
    const std::string key = Key(index, "cv", "conformal", method + "." + level);
    rows.push_back(TextCell(method == "cv_plus" ? "CV+ (Barber et al. 2021)"
                                                : "stored quantile (model card)") +
                   NumberCell(Num(At(c, "level")), key + ".level") +
                   NumberCell(Num(At(c, "coverage")), key + ".coverage") +
                   NumberCell(Num(At(c, "mean_width")), key + ".mean_width") +
                   NumberCell(Num(At(c, "n")), key + ".n"));
  }
  return "<p>Conformal prediction intervals on the held-out rows:</p>\n" +
         Table({"interval", "nominal level", "empirical coverage", "mean width",
                "held-out predictions"},
               rows);
}

const char* ProtocolTitle(const std::string& name) {
  if (name == "seed") return "Seed protocol: one 70/30 split and its spread";
  if (name == "cv") return "Repeated cross-validation, nested tuning";
  if (name == "bootstrap") return "Bootstrap optimism correction (Harrell)";
  if (name == "loso") return "Leave one site out";
  if (name == "permutation") return "Label-permutation test";
  if (name == "learning_curve") return "Learning curve";
  return "Protocol";
}

}  // namespace

std::string ProtocolSections(const json& target, size_t index) {
  const bool binary = Binary(target);
  std::string out;
  for (const json& p : At(target, "protocols")) {
    const std::string name = Str(p, "protocol");
    out += "<section class=\"protocol\">\n<h3>" + Escape(ProtocolTitle(name)) + " (" +
           Escape(name) + ")</h3>\n";
    out += Paragraph("Design", Str(p, "design"));
    out += Paragraph("Intervals", Str(p, "ci_method"));
    if (At(p, "models").is_array() && !At(p, "models").empty()) {
      if (name != "learning_curve") out += MetricsTable(p, binary, index);
      if (name == "seed") out += SeedSpread(p, binary, index);
      if (name == "bootstrap") out += BootstrapOptimism(p, binary, index);
      if (name == "permutation") out += Permutation(p, index);
      if (name == "loso") out += Sites(p, binary, index);
      if (name == "cv") out += Conformal(p, index);
    }
    for (const json& note : At(p, "notes")) {
      if (note.is_string())
        out += "<p class=\"note\">" + Escape(note.get<std::string>()) + "</p>\n";
    }
    out += "</section>\n";
  }
  return out;
}

std::string SampleSizeSection(const json& target, size_t index) {
  const json& s = At(target, "sample_size");
  if (!s.is_object()) return "";
  const json& in = At(s, "inputs");
  const std::string base = std::to_string(index) + "/riley/";
  std::vector<std::string> rows;
  for (const json& c : At(s, "criteria")) {
    const std::string name = Str(c, "criterion");
    rows.push_back(TextCell(name) + NumberCell(Num(At(c, "n")), base + name + ".n") +
                   NumberCell(Num(At(c, "shrinkage")), base + name + ".shrinkage"));
  }
  rows.push_back("<td><b>minimum n (the largest)</b></td>" +
                 NumberCell(Num(At(s, "n")), base + "n") +
                 NumberCell(Num(At(s, "shrinkage")), base + "shrinkage"));
  rows.push_back(TextCell("closed form p / ((S - 1) ln(1 - R²/S)), for comparison") +
                 NumberCell(Num(At(s, "closed_form_n")), base + "closed_form_n") +
                 TextCell(""));
  rows.push_back("<td><b>rows this validation used</b></td>" +
                 NumberCell(Num(At(target, "n")), base + "rows") + TextCell(""));
  const double n = Num(At(s, "n"));
  const double have = Num(At(target, "n"));
  const std::string verdict = std::isfinite(n) && std::isfinite(have)
                                  ? (have >= n ? "The rows meet the minimum."
                                               : "The rows are fewer than the minimum: "
                                                 "expect overfitting and optimistic "
                                                 "apparent performance.")
                                  : "";
  return "<section class=\"riley\">\n<h3>Sample size (Riley et al., Stat Med 2019)</h3>\n"
         "<p>Minimum n for a continuous outcome with anticipated R² " +
         Short(Num(At(in, "r2"))) + ", " + Short(Num(At(in, "parameters"))) +
         " predictor parameters, target shrinkage " + Short(Num(At(in, "shrinkage"))) +
         ", outcome mean " + Short(Num(At(in, "intercept"))) + " and SD " +
         Short(Num(At(in, "sd"))) + " (as R's pmsampsize computes it). " + verdict +
         "</p>\n" + Table({"criterion", "n", "expected shrinkage"}, rows) +
         "</section>\n";
}

}  // namespace thaplan::report
