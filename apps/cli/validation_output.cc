// The text summary of a validation report (thaplan model validate).
#include <cmath>
#include <cstdio>

#include "model_validate.h"

namespace thaplan::cli {
namespace {

std::string Short(double v) {
  if (!std::isfinite(v)) return "undefined";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string Pct(double share) { return Short(100 * share) + " %"; }

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s + " ";
}

std::string TrimRight(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string WithCi(const Estimate& e) {
  if (!std::isfinite(e.value)) return "undefined";
  if (!std::isfinite(e.lower) && !std::isfinite(e.upper)) return Short(e.value);
  return Short(e.value) + " (" + Short(e.lower) + " to " + Short(e.upper) + ")";
}

bool Binary(const TargetReport& t) { return t.kind == TargetKind::kBinary; }

const std::vector<std::string>& Metrics(bool binary) {
  static const std::vector<std::string> c = {"r2", "rmse", "mae", "calibration_intercept",
                                             "calibration_slope"};
  static const std::vector<std::string> b = {"auc", "brier", "calibration_intercept",
                                             "calibration_slope"};
  return binary ? b : c;
}

std::string ModelTable(const TargetReport& t, const ProtocolResult& p) {
  const bool binary = Binary(t);
  std::string out = "    " + Pad("model", 16);
  const std::vector<std::string> heads =
      binary
          ? std::vector<std::string>{"AUC", "Brier", "cal. intercept", "cal. slope"}
          : std::vector<std::string>{"R2", "RMSE", "MAE", "cal. intercept", "cal. slope"};
  for (const std::string& h : heads) out += Pad(h + " (95 % CI)", 28);
  out += binary ? "" : "grade";
  for (const ModelResult& m : p.models) {
    out = TrimRight(out) + "\n    " + Pad(m.model, 16);
    for (const std::string& name : Metrics(binary)) {
      const auto it = m.metrics.find(name);
      out += Pad(it == m.metrics.end() ? "-" : WithCi(it->second), 28);
    }
    out += binary ? "" : m.grade;
  }
  return TrimRight(out) + "\n";
}

std::string Extras(const TargetReport& t, const ProtocolResult& p) {
  std::string out;
  const std::string stat = Binary(t) ? "auc" : "r2";
  for (const ModelResult& m : p.models) {
    if (p.protocol == Protocol::kSeed && m.model == "xgboost") {
      const Spread& s = m.spread.at(stat);
      out += "    xgboost over " + std::to_string(m.split_values.size()) +
             " splits: mean " + Short(s.mean) + ", SD " + Short(s.sd) + ", 2.5-97.5 % " +
             Short(s.p2_5) + " to " + Short(s.p97_5);
      std::string shares;
      for (const auto& [grade, share] : m.grade_share) {
        shares += (shares.empty() ? "" : ", ") + grade + " " + Pct(share);
      }
      out += shares.empty() ? "\n" : "; grades: " + shares + "\n";
    }
    if (m.permutation) {
      const PermutationTest& pt = *m.permutation;
      out += "    " + m.model + ": observed " + pt.statistic + " " + Short(pt.observed) +
             ", permuted mean " + Short(pt.null.mean) + ", p = " + Short(pt.p_value) +
             " (" + std::to_string(pt.permutations) + " permutations)\n";
    }
    if (p.protocol == Protocol::kLeaveOneSiteOut && m.model == "xgboost") {
      for (const SiteResult& s : m.sites) {
        const auto it = s.metrics.find(stat);
        out += "    site " + s.site + " held out (n " + std::to_string(s.n) +
               "): xgboost " + stat + " " +
               Short(it == s.metrics.end() ? NAN : it->second) + "\n";
      }
    }
  }
  for (const ConformalCoverage& c : p.conformal) {
    out += "    conformal " + c.method + " at " + Pct(c.level) + ": coverage " +
           Pct(c.coverage) + ", mean width " + Short(c.mean_width) + " (" +
           std::to_string(c.n) + " held-out predictions)\n";
  }
  for (const LearningPoint& lp : p.learning_curve) {
    out += "    n " + std::to_string(lp.n) + ":";
    for (const auto& [model, s] : lp.score) {
      out += " " + model + " " + Short(s.mean) + " (SD " + Short(s.sd) + ")";
    }
    out += "\n";
  }
  for (const std::string& n : p.notes) out += "    note: " + n + "\n";
  return out;
}

std::string Riley(const TargetReport& t) {
  if (!t.sample_size) return "";
  const RileyResult& r = *t.sample_size;
  std::string out = "  sample size (Riley et al. 2019; anticipated R2 " +
                    Short(r.inputs.r2) + ", " + std::to_string(r.inputs.parameters) +
                    " parameters):";
  for (const RileyCriterion& c : r.criteria) {
    out += " " + c.name + " " + std::to_string(c.n) + ";";
  }
  out +=
      " minimum n " + std::to_string(r.n) + ", this data " + std::to_string(t.n) +
      (t.n >= static_cast<size_t>(r.n) ? " (enough)\n" : " (fewer than the minimum)\n");
  return out;
}

}  // namespace

std::string ValidationSummaryText(const ValidationReport& report) {
  std::string out =
      "validation of " + report.source + ": " + std::to_string(report.rows) + " rows, " +
      std::to_string(report.features.size()) + " features, seed " +
      std::to_string(report.seed) + " (XGBoost " + report.xgboost_version + ")\n";
  for (const std::string& n : report.notes) out += "note: " + n + "\n";
  for (const TargetReport& t : report.targets) {
    out += "\ntarget " + t.target + " (" + (Binary(t) ? "binary" : "continuous") +
           (t.unit.empty() ? "" : ", " + t.unit) + "): " + std::to_string(t.n) +
           " rows, data sha256 " + t.data_sha256.substr(0, 12) +
           "; tuned on all rows: " + ConfigLabel(t.final_config) + "\n";
    for (const ProtocolResult& p : t.protocols) {
      out += "  " + std::string(ProtocolName(p.protocol)) + ": " + p.design + "\n";
      if (!p.models.empty() && p.protocol != Protocol::kLearningCurve) {
        out += ModelTable(t, p);
      }
      out += Extras(t, p);
    }
    for (const auto& [level, q] : t.residual_quantiles) {
      out += "  conformal residual quantile at " + Pct(level) + ": " + Short(q) + "\n";
    }
    out += Riley(t);
    for (const std::string& n : t.notes) out += "  note: " + n + "\n";
  }
  return out;
}

}  // namespace thaplan::cli
