// Validate(): options, per-target data, the final tuning on all rows, the
// protocols, and Riley's sample size.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "io/text_scan.h"
#include "model/shap.h"
#include "model/validation_protocols.h"
#include "model/xgb.h"
#include "thaplan/build_info.h"
#include "thaplan/train.h"

namespace thaplan {
namespace {

using validation::Context;
using validation::TargetData;

constexpr std::pair<Protocol, std::string_view> kProtocolNames[] = {
    {Protocol::kSeed, "seed"},
    {Protocol::kRepeatedCv, "cv"},
    {Protocol::kBootstrap, "bootstrap"},
    {Protocol::kLeaveOneSiteOut, "loso"},
    {Protocol::kPermutation, "permutation"},
    {Protocol::kLearningCurve, "learning_curve"}};

std::string Num(double v) {
  std::string out;
  io::AppendShortest(v, &out);
  return out;
}

Status Bad(const std::string& field, const std::string& value,
           const std::string& expected) {
  return Status::InvalidInput("validation options: " + field + " = " + value +
                              ": expected " + expected);
}

Status CheckGrid(const TuningGrid& g) {
  if (g.max_depth.empty() || g.eta.empty() || g.rounds.empty() ||
      g.min_child_weight.empty() || g.subsample.empty()) {
    return Bad("grid", "an empty list", "at least one value per parameter");
  }
  for (int v : g.max_depth) {
    if (v < 1) return Bad("grid.max_depth", std::to_string(v), "at least 1");
  }
  for (double v : g.eta) {
    if (!(v > 0 && v <= 1)) return Bad("grid.eta", Num(v), "0 < eta <= 1");
  }
  for (int v : g.rounds) {
    if (v < 1) return Bad("grid.rounds", std::to_string(v), "at least 1");
  }
  for (double v : g.min_child_weight) {
    if (!(v >= 0)) return Bad("grid.min_child_weight", Num(v), "0 or more");
  }
  for (double v : g.subsample) {
    if (!(v > 0 && v <= 1)) return Bad("grid.subsample", Num(v), "0 < subsample <= 1");
  }
  if (!(g.colsample_bytree > 0 && g.colsample_bytree <= 1)) {
    return Bad("grid.colsample_bytree", Num(g.colsample_bytree), "0 < value <= 1");
  }
  if (g.max_bin < 2) return Bad("grid.max_bin", std::to_string(g.max_bin), "at least 2");
  if (g.inner_folds < 2) {
    return Bad("grid.inner_folds", std::to_string(g.inner_folds), "at least 2");
  }
  return Status::Ok();
}

Status CheckOptions(const ValidationOptions& o, const Table& table) {
  if (o.protocols.empty()) return Bad("protocols", "none", "at least one protocol");
  for (size_t t : o.targets) {
    if (t >= table.targets.size()) {
      return Bad("targets", std::to_string(t),
                 "an index below " + std::to_string(table.targets.size()));
    }
  }
  if (o.threads < 0)
    return Bad("threads", std::to_string(o.threads), "0 (all cores) or more");
  if (o.folds < 2) return Bad("folds", std::to_string(o.folds), "at least 2");
  if (o.repeats < 1) return Bad("repeats", std::to_string(o.repeats), "at least 1");
  if (!(o.test_fraction > 0 && o.test_fraction < 1)) {
    return Bad("test_fraction", Num(o.test_fraction), "0 < fraction < 1");
  }
  if (o.seed_splits < 1)
    return Bad("seed_splits", std::to_string(o.seed_splits), "at least 1");
  if (o.bootstrap_replicates < 1) {
    return Bad("bootstrap_replicates", std::to_string(o.bootstrap_replicates),
               "at least 1");
  }
  if (o.permutations < 1) {
    return Bad("permutations", std::to_string(o.permutations), "at least 1");
  }
  if (o.learning_repeats < 1) {
    return Bad("learning_repeats", std::to_string(o.learning_repeats), "at least 1");
  }
  for (double f : o.learning_fractions) {
    if (!(f > 0 && f <= 1)) return Bad("learning_fractions", Num(f), "0 < fraction <= 1");
  }
  for (double l : o.conformal_levels) {
    if (!(l > 0 && l < 1)) return Bad("conformal_levels", Num(l), "0 < level < 1");
  }
  if (o.ci_replicates < 0) {
    return Bad("ci_replicates", std::to_string(o.ci_replicates), "0 or more");
  }
  if (!(o.ci_level > 0 && o.ci_level < 1)) {
    return Bad("ci_level", Num(o.ci_level), "0 < level < 1");
  }
  return CheckGrid(o.grid);
}

Result<TargetData> MakeTargetData(const Table& table, size_t t) {
  const TargetColumn& col = table.targets[t];
  const std::vector<size_t> rows = RowsWithTarget(table, t);
  TargetData d;
  d.kind = col.spec.kind;
  d.x = TakeRows(table.x, rows);
  for (size_t r : rows) {
    d.y.push_back(col.values[r]);
    d.preop.push_back(col.preop.empty() ? std::nan("") : col.preop[r]);
    d.groups.push_back(r < table.groups.size() ? table.groups[r] : "");
    d.has_preop = d.has_preop || !std::isnan(d.preop.back());
  }
  return d;
}

// Enough rows (and, for binary targets, of each class) for the folds: the
// smallest inner training set must still hold every class.
Status CheckRows(const TargetData& d, const std::string& name,
                 const ValidationOptions& o) {
  const size_t needed = std::max<size_t>({10, 2 * o.folds, 2 * o.grid.inner_folds});
  if (d.n() < needed) {
    return Status::InvalidInput(
        "validation: target '" + name + "': " + std::to_string(d.n()) +
        " rows with a value: expected at least " + std::to_string(needed));
  }
  if (d.kind == TargetKind::kBinary) {
    const size_t pos = static_cast<size_t>(std::count(d.y.begin(), d.y.end(), 1.0));
    const size_t fewest = std::min(pos, d.n() - pos);
    const size_t per_class = std::max(o.folds, o.grid.inner_folds) * 2;
    if (fewest < per_class) {
      return Status::InvalidInput(
          "validation: target '" + name + "': " + std::to_string(pos) + " positive of " +
          std::to_string(d.n()) + " rows: expected at least " +
          std::to_string(per_class) + " of each class for the folds");
    }
  }
  return Status::Ok();
}

Result<ProtocolResult> Run(Protocol p, const Context& ctx) {
  switch (p) {
    case Protocol::kSeed:
      return validation::RunSeed(ctx);
    case Protocol::kRepeatedCv:
      return validation::RunRepeatedCv(ctx);
    case Protocol::kBootstrap:
      return validation::RunBootstrap(ctx);
    case Protocol::kLeaveOneSiteOut:
      return validation::RunLeaveOneSiteOut(ctx);
    case Protocol::kPermutation:
      return validation::RunPermutation(ctx);
    case Protocol::kLearningCurve:
      return validation::RunLearningCurve(ctx);
  }
  return Status::Internal("validation: unknown protocol");
}

void AddSampleSize(const TargetData& d, size_t parameters, const ValidationOptions& o,
                   TargetReport* report) {
  const double mean = FitMean(d.y);
  double ss = 0;
  for (double v : d.y) ss += (v - mean) * (v - mean);
  RileyInputs in;
  in.r2 = o.anticipated_r2;
  in.parameters = static_cast<int>(parameters);
  in.shrinkage = o.shrinkage;
  in.intercept = mean;
  in.sd = std::sqrt(ss / static_cast<double>(d.n() - 1));
  auto riley = RileySampleSize(in);
  if (riley.ok()) {
    report->sample_size = *riley;
  } else {
    report->notes.push_back("sample size not computed: " + riley.status().message());
  }
}

// Global importance for the report's SHAP summary: XGBoost's TreeSHAP of the
// configuration tuned on all rows, trained on all rows (the model a user
// would train now), averaged over those rows.
Result<std::vector<double>> FinalMeanAbsShap(const TargetData& d,
                                             const xgb::Booster& final) {
  THAPLAN_ASSIGN_OR_RETURN(ShapValues shap, model::ComputeShap(final, d.x));
  return MeanAbsShap(shap);
}

Result<TargetReport> ValidateTarget(const Table& table, size_t t,
                                    const ValidationOptions& o, TaskPool* pool) {
  const std::string& name = table.targets[t].spec.name;
  THAPLAN_ASSIGN_OR_RETURN(TargetData d, MakeTargetData(table, t));
  THAPLAN_RETURN_IF_ERROR(CheckRows(d, name, o));
  TargetReport report;
  report.target = name;
  report.kind = d.kind;
  report.unit = table.targets[t].unit;
  report.n = d.n();
  report.data_sha256 = TrainingTableSha256(table, t);
  if (!d.has_preop)
    report.notes.push_back("no pre-op value: no carried-forward baseline");
  Context ctx{d, o, GridCandidates(o.grid), {}, t, o.seed % 0x80000000ull, pool};
  // The final tuning on all rows: the configuration a model trained now would
  // use, and its out-of-fold residuals for the card's conformal quantiles.
  std::vector<size_t> all(d.n());
  std::iota(all.begin(), all.end(), 0);
  const bool continuous = d.kind == TargetKind::kContinuous;
  validation::FitRequest req{
      all, all, DeriveSeed(o.seed, {t, 99}), ctx.xgb_seed, true, continuous, false, true};
  auto final_fit = validation::FitSplit(d, d.y, ctx.candidates, o.grid.inner_folds, req);
  if (!final_fit.ok()) return final_fit.status().WithContext("target '" + name + "'");
  ctx.final_config = ctx.candidates[final_fit->chosen];
  report.final_config = ctx.final_config;
  auto shap = FinalMeanAbsShap(d, *final_fit->model);
  if (!shap.ok()) return shap.status().WithContext("target '" + name + "', SHAP");
  report.mean_abs_shap = std::move(shap).value();
  if (continuous) {
    // The card's intervals come from the residuals of the model it describes
    // when the caller names it, else from the tuned configuration's.
    report.quantile_config = ctx.final_config;
    std::vector<double> residuals = final_fit->inner_abs_residual;
    if (const auto it = o.deployed.find(name); it != o.deployed.end()) {
      // The tuned configuration's residuals are already at hand when the card's
      // model is that configuration.
      if (it->second != ctx.final_config) {
        validation::FitRequest own = req;
        own.tune = false;
        own.keep_model = false;
        auto fit = validation::FitSplit(d, d.y, {it->second}, o.grid.inner_folds, own);
        if (!fit.ok()) return fit.status().WithContext("target '" + name + "', deployed");
        residuals = std::move(fit->inner_abs_residual);
      }
      report.quantile_config = it->second;
      report.quantiles_deployed = true;
    }
    for (double level : o.conformal_levels) {
      report.residual_quantiles.push_back(
          {level, validation::ConformalQuantile(residuals, level)});
    }
    AddSampleSize(d, table.x.cols, o, &report);
  }
  for (Protocol p : o.protocols) {
    auto result = Run(p, ctx);
    if (!result.ok()) {
      return result.status().WithContext("target '" + name + "', protocol " +
                                         std::string(ProtocolName(p)));
    }
    report.protocols.push_back(std::move(result).value());
  }
  return report;
}

}  // namespace

std::string_view ProtocolName(Protocol protocol) {
  for (const auto& [p, name] : kProtocolNames) {
    if (p == protocol) return name;
  }
  return "?";
}

Result<Protocol> ParseProtocol(std::string_view name) {
  std::string known;
  for (const auto& [p, n] : kProtocolNames) {
    if (n == name) return p;
    known += (known.empty() ? "" : ", ") + std::string(n);
  }
  return Status::InvalidInput("protocol '" + std::string(name) + "': expected one of " +
                              known);
}

XgbConfig XgboostDefaults() {
  XgbConfig c;
  c.max_depth = 6;
  c.eta = 0.3;
  c.rounds = 100;
  c.min_child_weight = 1;
  c.subsample = 1;
  c.colsample_bytree = 1;
  c.max_bin = 256;
  return c;
}

std::vector<XgbConfig> GridCandidates(const TuningGrid& g) {
  std::vector<XgbConfig> out;
  for (double eta : g.eta) {
    for (int depth : g.max_depth) {
      for (double mcw : g.min_child_weight) {
        for (int rounds : g.rounds) {
          for (double sub : g.subsample) {
            out.push_back({depth, eta, rounds, mcw, sub, g.colsample_bytree, g.max_bin});
          }
        }
      }
    }
  }
  return out;
}

std::string ConfigLabel(const XgbConfig& c) {
  return "depth=" + std::to_string(c.max_depth) + " eta=" + Num(c.eta) +
         " rounds=" + std::to_string(c.rounds) + " mcw=" + Num(c.min_child_weight) +
         " subsample=" + Num(c.subsample);
}

Result<ValidationReport> Validate(const Table& table, const ValidationOptions& options) {
  THAPLAN_RETURN_IF_ERROR(CheckOptions(options, table));
  ValidationReport report;
  report.source = table.source;
  report.rows = table.rows();
  report.seed = options.seed;
  report.options = options;
  report.xgboost_version = xgb::Version();
  report.thaplan_version = THAPLAN_VERSION;
  for (const FeatureInfo& f : table.features) report.features.push_back(f.name);
  report.notes = table.notes;
  std::vector<size_t> targets = options.targets;
  if (targets.empty()) {
    targets.resize(table.targets.size());
    std::iota(targets.begin(), targets.end(), 0);
  }
  // The targets run side by side, each target's folds and replicates on the
  // same threads: no core waits for the slowest fit of a protocol or for a
  // target's one-off fits (the final tuning, SHAP) while work is left.
  TaskPool pool(options.threads);
  std::vector<Result<TargetReport>> done(targets.size(), Status::Internal("not run"));
  THAPLAN_RETURN_IF_ERROR(pool.ParallelFor(targets.size(), [&](size_t i) -> Status {
    done[i] = ValidateTarget(table, targets[i], options, &pool);
    return Status::Ok();
  }));
  for (Result<TargetReport>& r : done) {
    if (!r.ok()) return r.status();
    report.targets.push_back(std::move(r).value());
  }
  return report;
}

}  // namespace thaplan
