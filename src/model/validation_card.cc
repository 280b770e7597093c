// Filling a model card's validation section from a validation report
// (docs/model-card.md, "The validation section").
#include <cmath>
#include <cstdlib>
#include <limits>

#include "io/text_scan.h"
#include "model/validation_protocols.h"
#include "thaplan/validation.h"

namespace thaplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The card holds one protocol: repeated CV is the least biased estimate with
// a CI over patients (docs/model.md), so it comes first when it was run.
constexpr Protocol kPreference[] = {Protocol::kRepeatedCv, Protocol::kBootstrap,
                                    Protocol::kLeaveOneSiteOut, Protocol::kSeed,
                                    Protocol::kPermutation};

// Report model names -> the card's baseline names.
std::string CardModelName(const std::string& model) {
  return model == "carried_forward" ? "preop_carried_forward" : model;
}

std::vector<CardMetric> Metrics(const ModelResult& m, TargetKind kind, double level) {
  std::vector<CardMetric> out;
  for (const std::string& name : validation::MetricNames(kind)) {
    const auto it = m.metrics.find(name);
    if (it == m.metrics.end()) continue;
    out.push_back({name, it->second.value, it->second.lower, it->second.upper, level});
  }
  return out;
}

const ProtocolResult* Preferred(const TargetReport& t) {
  for (Protocol want : kPreference) {
    for (const ProtocolResult& p : t.protocols) {
      if (p.protocol == want && !p.models.empty()) return &p;
    }
  }
  return nullptr;
}

// The stored-quantile coverage measured by repeated CV at `level` (NaN
// without a cv run).
double StoredCoverage(const TargetReport& t, double level) {
  for (const ProtocolResult& p : t.protocols) {
    for (const ConformalCoverage& c : p.conformal) {
      if (c.method == "stored_quantile" && std::fabs(c.level - level) < 1e-12) {
        return c.coverage;
      }
    }
  }
  return kNaN;
}

std::string Num(double v) {
  std::string out;
  io::AppendShortest(v, &out);
  return out;
}

Result<const TargetReport*> FindTarget(const ValidationReport& report,
                                       const ModelCard& card) {
  std::string names;
  for (const TargetReport& t : report.targets) {
    if (t.target == card.target().name) return &t;
    names += (names.empty() ? "" : ", ") + t.target;
  }
  return Status::InvalidInput("model " + card.name + ": target " + card.target().name +
                              ": not in the validation: expected one of " +
                              (names.empty() ? std::string("(none)") : names));
}

}  // namespace

Status FillCardValidation(const ValidationReport& report, ModelCard* card) {
  THAPLAN_ASSIGN_OR_RETURN(const TargetReport* t, FindTarget(report, *card));
  if (t->kind != card->target().kind) {
    return Status::InvalidInput("model " + card->name + ": target " + t->target +
                                ": validated as another kind: expected the model's");
  }
  if (t->data_sha256 != card->data_sha256) {
    return Status::InvalidInput(
        "model " + card->name + ": data.sha256 = " + card->data_sha256.substr(0, 12) +
        "...: expected " + t->data_sha256.substr(0, 12) +
        "..., the table the validation used (train and validate with the same spec and "
        "data)");
  }
  const ProtocolResult* p = Preferred(*t);
  if (p == nullptr) {
    return Status::InvalidInput("model " + card->name +
                                ": the validation ran no protocol with metrics: expected "
                                "cv, bootstrap, loso, seed or permutation");
  }
  const double level = report.options.ci_level;
  CardValidation v;
  v.protocol = std::string(ProtocolName(p->protocol)) + ": " + p->design;
  v.rows = t->n;
  for (const ModelResult& m : p->models) {
    if (m.model == "xgboost") {
      v.metrics = Metrics(m, t->kind, level);
    } else {
      v.baselines[CardModelName(m.model)] = Metrics(m, t->kind, level);
    }
  }
  for (const auto& [q_level, q] : t->residual_quantiles) {
    v.conformal.push_back({q_level, q, StoredCoverage(*t, q_level)});
  }
  v.notes.push_back("intervals: " + p->ci_method);
  v.notes.push_back("validated on " + report.source + " with seed " +
                    std::to_string(report.seed) + " (thaplan " + report.thaplan_version +
                    ", XGBoost " + report.xgboost_version + ")");
  v.notes.push_back(
      "validated XGBoost is tuned in every training set; this model was trained with "
      "the parameters in training.params, and the tuning on all rows chose " +
      ConfigLabel(t->final_config));
  if (!t->residual_quantiles.empty()) {
    const Result<XgbConfig> own = CardConfig(*card);
    const bool mine = t->quantiles_deployed && own.ok() && *own == t->quantile_config;
    v.notes.push_back(
        mine ? "conformal residual quantiles: from the out-of-fold residuals of this "
               "model's configuration (training.params) on all rows; coverage measured "
               "by cv (the tuned models' predictions +- quantile)"
             : "conformal residual quantiles: from the out-of-fold residuals of " +
                   ConfigLabel(t->quantile_config) +
                   " on all rows, not this model's configuration" +
                   (own.ok() ? std::string() : " (" + own.status().message() + ")") +
                   ": its intervals may be too wide or too narrow for this model; "
                   "coverage measured by cv (prediction +- quantile)");
  }
  for (const ProtocolResult& other : t->protocols) {
    for (const ModelResult& m : other.models) {
      if (m.model == "xgboost" && m.permutation) {
        v.notes.push_back("permutation test of " + m.permutation->statistic +
                          ": p = " + Num(m.permutation->p_value) + " (" +
                          std::to_string(m.permutation->permutations) + " permutations)");
      }
    }
  }
  card->validation = std::move(v);
  return Status::Ok();
}

Result<XgbConfig> CardConfig(const ModelCard& card) {
  XgbConfig c = XgboostDefaults();  // for what the card does not set
  c.rounds = card.rounds;
  const auto bad = [&](const std::string& name, const std::string& value,
                       const std::string& expected) {
    return Status::InvalidInput("model " + card.name + ": training.params." + name +
                                " = " + value + ": expected " + expected);
  };
  const auto number = [&](const std::string& name, const std::string& value,
                          double* out) -> Status {
    char* end = nullptr;
    *out = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(*out)) {
      return bad(name, value, "a number");
    }
    return Status::Ok();
  };
  bool hist = false;
  for (const auto& [name, value] : card.params) {
    double v = 0;
    if (name == "tree_method") {
      if (value != "hist") return bad(name, value, "hist (the validation's tree method)");
      hist = true;
    } else if (name == "max_depth" || name == "max_bin") {
      THAPLAN_RETURN_IF_ERROR(number(name, value, &v));
      if (v != std::floor(v) || v < 1) return bad(name, value, "a whole number >= 1");
      (name == "max_depth" ? c.max_depth : c.max_bin) = static_cast<int>(v);
    } else if (name == "eta" || name == "learning_rate") {
      THAPLAN_RETURN_IF_ERROR(number(name, value, &c.eta));
    } else if (name == "min_child_weight") {
      THAPLAN_RETURN_IF_ERROR(number(name, value, &c.min_child_weight));
    } else if (name == "subsample") {
      THAPLAN_RETURN_IF_ERROR(number(name, value, &c.subsample));
    } else if (name == "colsample_bytree") {
      THAPLAN_RETURN_IF_ERROR(number(name, value, &c.colsample_bytree));
    } else if (name == "lambda" || name == "reg_lambda" || name == "alpha" ||
               name == "reg_alpha" || name == "gamma") {
      THAPLAN_RETURN_IF_ERROR(number(name, value, &v));
      const double xgboost_default = name == "lambda" || name == "reg_lambda" ? 1 : 0;
      if (v != xgboost_default) {
        return bad(name, value,
                   "XGBoost's default " + Num(xgboost_default) +
                       " (the validation's configurations do not set it)");
      }
    } else if (name == "objective" || name == "seed" || name == "base_score" ||
               name == "eval_metric" || name == "verbosity") {
      continue;
    } else {
      return bad(name, value,
                 "no such parameter (the validation's configurations set "
                 "max_depth, eta, min_child_weight, subsample, "
                 "colsample_bytree, max_bin)");
    }
  }
  if (!hist)
    return bad("tree_method", "(not set)", "hist (the validation's tree method)");
  if (c.rounds < 1) {
    return Status::InvalidInput("model " + card.name + ": training.rounds = " +
                                std::to_string(c.rounds) + ": expected at least 1");
  }
  return c;
}

}  // namespace thaplan
