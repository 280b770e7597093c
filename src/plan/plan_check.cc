// CheckPlannerOnOracle: the planner's recommendations scored by the
// simulator's noise-free truth (docs/planning.md).
#include "thaplan/plan_check.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "plan/plan_check_data.h"
#include "thaplan/model.h"
#include "thaplan/train.h"
#include "thaplan/validation.h"

namespace thaplan {
namespace {

constexpr size_t kVars = kDecisionVarCount;

MeanCi Summarise(const std::vector<double>& v) {
  MeanCi m;
  m.n = v.size();
  if (v.empty()) return m;
  double sum = 0, sq = 0;
  for (double x : v) sum += x;
  m.mean = sum / static_cast<double>(v.size());
  for (double x : v) sq += (x - m.mean) * (x - m.mean);
  const double se = v.size() > 1 ? std::sqrt(sq / static_cast<double>(v.size() - 1) /
                                             static_cast<double>(v.size()))
                                 : 0;
  m.lower = m.mean - 1.96 * se;  // normal approximation (n > 30 in every use)
  m.upper = m.mean + 1.96 * se;
  return m;
}

// The simulated index a target column names (m3_stride_length_cv_pct, ...).
Result<double> IndexOf(const SimGait& g, const std::string& column) {
  if (column.find("stride_length_cv_pct") != std::string::npos)
    return g.stride_length_cv_pct;
  if (column.find("peak_hip_extension_deg") != std::string::npos) {
    return g.hip_extension_operated_deg;
  }
  if (column.find("com_asymmetry_pct") != std::string::npos) return g.com_asymmetry_pct;
  return Status::InvalidInput("plan check: target " + column +
                              ": expected one of the three gait indices");
}

double TrainingSd(const Table& t, size_t target) {
  std::vector<double> v;
  for (double x : t.targets[target].values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  double mean = 0, sq = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (double x : v) sq += (x - mean) * (x - mean);
  return std::sqrt(sq / static_cast<double>(v.size() - 1));
}

// The feasible set of a profile for one patient, on a grid `stride` times
// coarser than the profile's, intersected with the models' training ranges.
class CoarseGrid {
 public:
  CoarseGrid(const ConstraintProfile& profile, const ModelCard& card, double preop_lld_mm,
             double fixed_stem, int stride)
      : profile_(profile) {
    const Limit* limits[kVars] = {
        &profile.cup_inclination_deg, &profile.cup_anteversion_deg,
        &profile.stem_anteversion_deg, &profile.leg_length_change_mm,
        &profile.femoral_offset_change_mm};
    for (size_t v = 0; v < kVars; ++v) {
      double lo = limits[v]->min, hi = limits[v]->max;
      if (v == static_cast<size_t>(DecisionVar::kLegLengthChange)) {
        lo = std::max(lo, profile.postop_lld_mm.min - preop_lld_mm);
        hi = std::min(hi, profile.postop_lld_mm.max - preop_lld_mm);
      }
      for (const CardFeature& f : card.features) {
        if (f.column == DecisionVarName(static_cast<DecisionVar>(v)) &&
            !std::isnan(f.min)) {
          lo = std::max(lo, f.min);
          hi = std::min(hi, f.max);
        }
      }
      const bool length = v >= static_cast<size_t>(DecisionVar::kLegLengthChange);
      const double step =
          (length ? profile.length_resolution_mm : profile.angle_resolution_deg) * stride;
      if (v == static_cast<size_t>(DecisionVar::kStemAnteversion) &&
          !profile.stem_anteversion_choosable) {
        values_[v] = {fixed_stem};
        continue;
      }
      for (double x = lo; x <= hi + 1e-9; x += step) values_[v].push_back(x);
    }
  }

  bool Feasible(const PlacementValues& p) const {
    const CombinedAnteversion& c = profile_.combined;
    if (c.rule == CombinedRule::kNone) return true;
    const double ca = p[1] + c.stem_factor * p[2];
    return ca >= c.limit.min - 1e-9 && ca <= c.limit.max + 1e-9;
  }

  // Calls f for every feasible point.
  template <typename F>
  void ForEach(F&& f) const {
    PlacementValues p{};
    for (double a : values_[0]) {
      p[0] = a;
      for (double b : values_[1]) {
        p[1] = b;
        for (double c : values_[2]) {
          p[2] = c;
          if (!Feasible(p)) continue;
          for (double d : values_[3]) {
            p[3] = d;
            for (double e : values_[4]) {
              p[4] = e;
              f(p);
            }
          }
        }
      }
    }
  }

 private:
  const ConstraintProfile& profile_;
  std::array<std::vector<double>, kVars> values_;
};

struct Trained {
  std::vector<PlanTarget> targets;
  std::vector<std::string> columns;
};

// The absolute out-of-fold residual quantiles of a model configuration, as
// validation stores them in a card (docs/model.md, CV+): 5-fold CV on the
// training rows, the ceil(level (n + 1))-th smallest |residual|.
Result<std::vector<CardConformal>> ConformalQuantiles(const Table& train, size_t target,
                                                      const TrainOptions& options,
                                                      uint64_t seed) {
  std::vector<double> residuals;
  for (const Split& fold : KFold(train.rows(), 5, seed)) {
    const Table part = plan::TableRows(train, fold.train);
    TrainOptions fold_options = options;
    fold_options.ensemble = 0;  // the residuals are the main model's
    THAPLAN_ASSIGN_OR_RETURN(ModelBundle bundle, TrainModel(part, target, fold_options));
    THAPLAN_ASSIGN_OR_RETURN(CompiledModel model,
                             CompileXgboostJson(bundle.model_json, options.name));
    for (size_t r : fold.test) {
      const double y = train.targets[target].values[r];
      if (std::isnan(y)) continue;
      residuals.push_back(std::fabs(y - PredictCompiled(model, train.x.row(r).data())));
    }
  }
  std::sort(residuals.begin(), residuals.end());
  std::vector<CardConformal> out;
  for (double level : {0.8, 0.9}) {
    const size_t rank =
        static_cast<size_t>(std::ceil(level * static_cast<double>(residuals.size() + 1)));
    CardConformal c;
    c.level = level;
    c.residual_quantile = rank <= residuals.size() ? residuals[rank - 1] : INFINITY;
    out.push_back(c);
  }
  return out;
}

Result<Trained> TrainTargets(const Table& train, const DatasetSpec& spec, int rounds,
                             int ensemble, uint64_t seed) {
  Trained out;
  for (size_t t = 0; t < train.targets.size(); ++t) {
    TrainOptions options;
    options.spec = spec;
    options.name = train.targets[t].spec.name;
    options.rounds = rounds;
    options.seed = static_cast<uint32_t>(seed);
    options.threads = 1;
    options.ensemble = ensemble;
    THAPLAN_ASSIGN_OR_RETURN(ModelBundle bundle, TrainModel(train, t, options));
    THAPLAN_ASSIGN_OR_RETURN(bundle.card.validation.conformal,
                             ConformalQuantiles(train, t, options, seed + t));
    bundle.card.validation.protocol = "5-fold CV residuals (plan check)";
    PlanTarget target;
    target.bundle = std::move(bundle);
    const std::string& column = train.targets[t].spec.column;
    auto better = DefaultBetter(column);
    if (!better) better = DefaultBetter(train.targets[t].spec.name);
    if (!better) {
      return Status::InvalidInput(
          "plan check: target " + column +
          ": expected a gait index with a known better direction");
    }
    target.better = *better;
    target.scale = TrainingSd(train, t);
    // Compiled once (the model and its ensemble), not for every patient.
    THAPLAN_RETURN_IF_ERROR(CompileTarget(&target));
    out.targets.push_back(std::move(target));
    out.columns.push_back(column);
  }
  return out;
}

}  // namespace

Result<PlanCheckReport> CheckPlannerOnOracle(const PlanCheckOptions& o) {
  if (o.work_dir.empty()) {
    return Status::InvalidInput(
        "plan check: work_dir = \"\": expected a folder for the data");
  }
  PlanCheckReport report;
  report.options = o;
  const CohortModel model(o.cohort);
  THAPLAN_ASSIGN_OR_RETURN(plan::CheckData data, plan::MakeCheckData(model, o.work_dir));
  DatasetSpec spec;
  spec.timepoint = "3m";
  spec.feature_set = FeatureSet::kExtended;
  spec.targets = DefaultTargets(spec.timepoint);
  if (o.site_feature) {
    spec.extra_features.push_back("site");
    for (const auto& site : model.sites()) spec.categories["site"].push_back(site.code);
  }
  if (o.combined_anteversion_feature) {
    spec.extra_features.emplace_back(kCombinedAnteversionFeature);
  }
  THAPLAN_ASSIGN_OR_RETURN(Table table, BuildTableFromRegistry(*data.registry, spec));
  // Rows in simulated-patient order (the registry orders them by pseudonym,
  // which depends on the random site keys), then a seeded split.
  std::vector<size_t> by_index(table.rows());
  for (size_t r = 0; r < table.rows(); ++r) {
    by_index[static_cast<size_t>(data.index_of.at(table.keys[r]))] = r;
  }
  table = plan::TableRows(table, by_index);
  const Split split = RandomSplit(table.rows(), 1 - o.train_fraction, o.cohort.seed);
  const Table train = plan::TableRows(table, split.train);
  report.train_patients = train.rows();
  THAPLAN_ASSIGN_OR_RETURN(
      Trained trained, TrainTargets(train, spec, o.rounds, o.ensemble, o.cohort.seed));
  for (const PlanTarget& t : trained.targets) report.models.push_back(t.bundle.card.name);

  std::vector<PlanOptions> scenario_options;
  for (const std::string& name : o.profiles) {
    PlanOptions popt;
    THAPLAN_ASSIGN_OR_RETURN(popt.profile, LoadProfile(name));
    popt.heat_map = false;
    if (o.placement_check) {
      std::vector<PlacementCheckData> tables;
      for (size_t t = 0; t < trained.targets.size(); ++t) tables.push_back({&train, t});
      THAPLAN_ASSIGN_OR_RETURN(popt.placement_check,
                               CheckPlacementEffects(trained.targets, tables, popt));
    }
    scenario_options.push_back(popt);
    PlanCheckScenario& sc = report.scenarios.emplace_back();
    sc.profile = popt.profile.name;
    sc.placement_check = popt.placement_check;
  }
  const TrainingSupport support = SupportFromTable(train);

  const size_t k = trained.targets.size();
  auto oracle = [&](const SimPatient& p, const PlacementValues& at) -> Result<double> {
    const SimGait g = model.Expected(p, FromValues(at), SimTimepoint::k3m);
    double sum = 0;
    for (size_t t = 0; t < k; ++t) {
      THAPLAN_ASSIGN_OR_RETURN(double y, IndexOf(g, trained.columns[t]));
      const PlanTarget& target = trained.targets[t];
      sum +=
          (target.better == Better::kLower ? 1 : -1) * target.weight * y / target.scale;
    }
    return sum;
  };

  std::vector<std::vector<double>> actual(k), expected(k), predicted(k);
  std::vector<double> plan_ms(o.profiles.size());
  size_t tested = 0;
  for (size_t r : split.test) {
    if (o.max_test_patients && tested == o.max_test_patients) break;
    ++tested;
    const int index = data.index_of.at(table.keys[r]);
    const SimPatient p = model.Patient(index);
    PlanPatient patient;
    patient.label = "simulated patient " + std::to_string(index);
    const auto row = table.x.row(r);
    patient.rows.assign(k, std::vector<float>(row.begin(), row.end()));

    for (size_t s = 0; s < scenario_options.size(); ++s) {
      const PlanOptions& popt = scenario_options[s];
      const auto start = std::chrono::steady_clock::now();
      THAPLAN_ASSIGN_OR_RETURN(Planner planner,
                               Planner::Create(trained.targets, patient, popt, support));
      THAPLAN_ASSIGN_OR_RETURN(PlanResult result, planner.Plan());
      plan_ms[s] += std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
      if (s == 0) {  // held-out accuracy under the placement actually achieved
        THAPLAN_ASSIGN_OR_RETURN(PlanPoint achieved,
                                 planner.Evaluate(ToValues(p.achieved)));
        const SimGait truth = model.Expected(p, p.achieved, SimTimepoint::k3m);
        for (size_t t = 0; t < k; ++t) {
          THAPLAN_ASSIGN_OR_RETURN(double a, IndexOf(p.gait[1], trained.columns[t]));
          THAPLAN_ASSIGN_OR_RETURN(double e, IndexOf(truth, trained.columns[t]));
          actual[t].push_back(a);
          expected[t].push_back(e);
          predicted[t].push_back(achieved.indices[t].value);
        }
      }
      PlanCheckPatient c;
      c.index = index;
      c.recommended = result.recommended.placement;
      c.standard = result.standard.placement;
      c.optimum = result.model_optimum().placement;
      THAPLAN_ASSIGN_OR_RETURN(c.oracle_recommended, oracle(p, c.recommended));
      THAPLAN_ASSIGN_OR_RETURN(c.oracle_standard, oracle(p, c.standard));
      THAPLAN_ASSIGN_OR_RETURN(c.oracle_optimum, oracle(p, c.optimum));
      c.oracle_best = c.standard;
      c.oracle_best_value = c.oracle_standard;
      for (const auto& [at, value] : {std::pair{c.recommended, c.oracle_recommended},
                                      std::pair{c.optimum, c.oracle_optimum}}) {
        if (value < c.oracle_best_value) {
          c.oracle_best_value = value;
          c.oracle_best = at;
        }
      }
      const CoarseGrid grid(
          popt.profile, trained.targets[0].bundle.card, p.preop_lld_mm,
          c.standard[static_cast<size_t>(DecisionVar::kStemAnteversion)],
          o.oracle_grid_stride);
      Status status;
      grid.ForEach([&](const PlacementValues& at) {
        auto v = oracle(p, at);
        if (!v.ok()) {
          status = v.status();
        } else if (*v < c.oracle_best_value) {
          c.oracle_best_value = *v;
          c.oracle_best = at;
        }
      });
      THAPLAN_RETURN_IF_ERROR(status);
      c.predicted_improvement = result.improvement;
      c.uncertainty = result.uncertainty;
      c.no_better_verdict = result.verdict == kNoBetterVerdict;
      c.standard_recommended = result.standard_recommended;
      const PlanDifference& d = result.model_optimum().vs_standard;
      c.difference_mean = d.mean;
      c.difference_lower = d.lower;
      c.difference_upper = d.upper;
      report.scenarios[s].patients.push_back(c);
    }
  }
  for (size_t t = 0; t < k; ++t) {
    report.r2_actual.push_back(R2Score(actual[t], predicted[t]));
    report.r2_expected.push_back(R2Score(expected[t], predicted[t]));
  }
  for (size_t s = 0; s < report.scenarios.size(); ++s) {
    PlanCheckScenario& sc = report.scenarios[s];
    std::vector<double> gains, regrets, possible, gains_large, possible_large;
    std::vector<double> optimum_gains, optimum_gains_large;
    for (const PlanCheckPatient& c : sc.patients) {
      sc.no_better_verdicts += c.no_better_verdict ? 1 : 0;
      sc.standard_recommended += c.standard_recommended ? 1 : 0;
      sc.worse_than_standard += c.gain() < -o.large_effect ? 1 : 0;
      sc.optimum_worse_than_standard += c.optimum_gain() < -o.large_effect ? 1 : 0;
      if (!c.no_better_verdict) {
        sc.better_but_not += c.gain() <= 0 ? 1 : 0;
        sc.better_and_large += c.gain() > o.large_effect ? 1 : 0;
      }
      gains.push_back(c.gain());
      regrets.push_back(c.regret());
      possible.push_back(c.possible_gain());
      optimum_gains.push_back(c.optimum_gain());
      if (c.possible_gain() > o.large_effect) {
        gains_large.push_back(c.gain());
        possible_large.push_back(c.possible_gain());
        optimum_gains_large.push_back(c.optimum_gain());
      }
    }
    sc.optimum_gain = Summarise(optimum_gains);
    sc.optimum_gain_large = Summarise(optimum_gains_large);
    sc.gain = Summarise(gains);
    sc.regret = Summarise(regrets);
    sc.possible_gain = Summarise(possible);
    sc.gain_large = Summarise(gains_large);
    sc.possible_gain_large = Summarise(possible_large);
    sc.mean_plan_ms = tested ? plan_ms[s] / static_cast<double>(tested) : 0;
  }
  return report;
}

}  // namespace thaplan
