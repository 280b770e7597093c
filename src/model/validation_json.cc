// The validation report as JSON. Undefined numbers (NaN, and the infinite
// bounds of an unbounded interval) become null, never a number.
#include <cmath>

#include "thaplan/validation.h"

namespace thaplan {
namespace {

using nlohmann::json;

json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json ToJson(const Estimate& e) {
  json j = {
      {"value", Number(e.value)}, {"lower", Number(e.lower)}, {"upper", Number(e.upper)}};
  if (!std::isnan(e.apparent)) {
    j["apparent"] = Number(e.apparent);
    j["optimism"] = Number(e.optimism);
  }
  return j;
}

json ToJson(const Spread& s) {
  return {{"count", s.count},       {"mean", Number(s.mean)}, {"sd", Number(s.sd)},
          {"p2_5", Number(s.p2_5)}, {"p50", Number(s.p50)},   {"p97_5", Number(s.p97_5)}};
}

json Numbers(const std::vector<double>& values) {
  json j = json::array();
  for (double v : values) j.push_back(Number(v));
  return j;
}

template <typename T>
json MapOf(const std::map<std::string, T>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = ToJson(v);
  return j;
}

json ToJson(const ModelResult& m) {
  json j = {{"model", m.model}, {"n", m.n}, {"metrics", MapOf(m.metrics)}};
  if (!m.grade.empty()) j["grade"] = m.grade;
  if (m.model == "carried_forward") j["fallbacks"] = m.fallbacks;
  if (!m.spread.empty()) j["spread"] = MapOf(m.spread);
  if (!m.grade_share.empty()) j["grade_share"] = m.grade_share;
  if (m.permutation) {
    const PermutationTest& t = *m.permutation;
    j["permutation"] = {
        {"statistic", t.statistic},       {"observed", Number(t.observed)},
        {"permutations", t.permutations}, {"at_least_observed", t.at_least_observed},
        {"p_value", Number(t.p_value)},   {"null", ToJson(t.null)}};
  }
  if (!m.sites.empty()) {
    json sites = json::array();
    for (const SiteResult& s : m.sites) {
      json metrics = json::object();
      for (const auto& [k, v] : s.metrics) metrics[k] = Number(v);
      sites.push_back({{"site", s.site}, {"n", s.n}, {"metrics", metrics}});
    }
    j["sites"] = sites;
  }
  if (!m.split_values.empty()) j["split_values"] = Numbers(m.split_values);
  if (!m.oof.empty()) j["oof"] = Numbers(m.oof);
  return j;
}

json ToJson(const ProtocolResult& p) {
  json j = {{"protocol", std::string(ProtocolName(p.protocol))},
            {"design", p.design},
            {"ci_method", p.ci_method}};
  json models = json::array();
  for (const ModelResult& m : p.models) models.push_back(ToJson(m));
  j["models"] = models;
  if (!p.conformal.empty()) {
    json c = json::array();
    for (const ConformalCoverage& cc : p.conformal) {
      c.push_back({{"level", cc.level},
                   {"method", cc.method},
                   {"n", cc.n},
                   {"coverage", Number(cc.coverage)},
                   {"mean_width", Number(cc.mean_width)}});
    }
    j["conformal"] = c;
  }
  if (!p.learning_curve.empty()) {
    json lc = json::array();
    for (const LearningPoint& lp : p.learning_curve) {
      lc.push_back({{"fraction", lp.fraction}, {"n", lp.n}, {"score", MapOf(lp.score)}});
    }
    j["learning_curve"] = lc;
  }
  if (!p.chosen.empty()) j["chosen"] = p.chosen;
  if (!p.notes.empty()) j["notes"] = p.notes;
  if (!p.observed.empty()) j["observed"] = Numbers(p.observed);
  if (!p.splits.empty()) {
    json splits = json::array();
    for (const RecordedSplit& s : p.splits) {
      splits.push_back(
          {{"train", s.train}, {"test", s.test}, {"inner_test", s.inner_test}});
    }
    j["splits"] = splits;
  }
  return j;
}

json ToJson(const XgbConfig& c) {
  return {{"max_depth", c.max_depth}, {"eta", c.eta},
          {"rounds", c.rounds},       {"min_child_weight", c.min_child_weight},
          {"subsample", c.subsample}, {"colsample_bytree", c.colsample_bytree},
          {"max_bin", c.max_bin},     {"tree_method", "hist"}};
}

json ToJson(const TargetReport& t) {
  json j = {{"target", t.target},
            {"kind", t.kind == TargetKind::kBinary ? "binary" : "continuous"},
            {"unit", t.unit},
            {"n", t.n},
            {"data_sha256", t.data_sha256},
            {"final_config", ToJson(t.final_config)}};
  json protocols = json::array();
  for (const ProtocolResult& p : t.protocols) protocols.push_back(ToJson(p));
  j["protocols"] = protocols;
  if (!t.residual_quantiles.empty()) {
    json q = json::array();
    for (const auto& [level, value] : t.residual_quantiles) {
      q.push_back({{"level", level}, {"abs_residual_quantile", Number(value)}});
    }
    j["residual_quantiles"] = q;
    j["quantile_config"] = ToJson(t.quantile_config);
    j["quantiles_deployed"] = t.quantiles_deployed;
  }
  if (t.sample_size) j["sample_size"] = ToJson(*t.sample_size);
  if (!t.mean_abs_shap.empty()) j["mean_abs_shap"] = Numbers(t.mean_abs_shap);
  if (!t.notes.empty()) j["notes"] = t.notes;
  return j;
}

// The settings a reader needs to repeat the run; `threads` is left out, as
// the report does not depend on it.
json ToJson(const ValidationOptions& o) {
  json protocols = json::array();
  for (Protocol p : o.protocols) protocols.push_back(std::string(ProtocolName(p)));
  const TuningGrid& g = o.grid;
  json deployed = json::object();
  for (const auto& [target, config] : o.deployed) deployed[target] = ToJson(config);
  return {{"protocols", protocols},
          {"deployed", deployed},
          {"folds", o.folds},
          {"repeats", o.repeats},
          {"test_fraction", o.test_fraction},
          {"seed_splits", o.seed_splits},
          {"seed_config", ToJson(o.seed_config)},
          {"bootstrap_replicates", o.bootstrap_replicates},
          {"permutations", o.permutations},
          {"learning_fractions", o.learning_fractions},
          {"learning_repeats", o.learning_repeats},
          {"conformal_levels", o.conformal_levels},
          {"ci_replicates", o.ci_replicates},
          {"ci_level", o.ci_level},
          {"anticipated_r2", o.anticipated_r2},
          {"shrinkage", o.shrinkage},
          {"grid",
           {{"max_depth", g.max_depth},
            {"eta", g.eta},
            {"rounds", g.rounds},
            {"min_child_weight", g.min_child_weight},
            {"subsample", g.subsample},
            {"colsample_bytree", g.colsample_bytree},
            {"max_bin", g.max_bin},
            {"inner_folds", g.inner_folds}}}};
}

}  // namespace

nlohmann::json ToJson(const RileyResult& r) {
  json criteria = json::array();
  for (const RileyCriterion& c : r.criteria) {
    criteria.push_back(
        {{"criterion", c.name}, {"n", c.n}, {"shrinkage", Number(c.shrinkage)}});
  }
  return {{"inputs",
           {{"r2", r.inputs.r2},
            {"parameters", r.inputs.parameters},
            {"shrinkage", r.inputs.shrinkage},
            {"intercept", r.inputs.intercept},
            {"sd", r.inputs.sd},
            {"mmoe", r.inputs.mmoe}}},
          {"criteria", criteria},
          {"n", r.n},
          {"shrinkage", Number(r.shrinkage)},
          {"closed_form_n", Number(r.closed_form_n)},
          {"intercept_ci", {Number(r.intercept_lower), Number(r.intercept_upper)}}};
}

nlohmann::json ToJson(const ValidationReport& report) {
  json targets = json::array();
  for (const TargetReport& t : report.targets) targets.push_back(ToJson(t));
  return {{"source", report.source},
          {"rows", report.rows},
          {"seed", report.seed},
          {"options", ToJson(report.options)},
          {"xgboost_version", report.xgboost_version},
          {"thaplan_version", report.thaplan_version},
          {"features", report.features},
          {"notes", report.notes},
          {"targets", targets}};
}

}  // namespace thaplan
