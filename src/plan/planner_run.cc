// Running a plan: the exact optimum, ranked alternatives, the standard plan
// with the difference and its uncertainty, the verdict, the heat map.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "plan/planner_impl.h"
#include "thaplan/schema.h"

namespace thaplan {
namespace {

using plan_internal::Found;
using plan_internal::Grid;
using plan_internal::Index;
using plan_internal::Problem;

constexpr size_t kInc = static_cast<size_t>(DecisionVar::kCupInclination);
constexpr size_t kAv = static_cast<size_t>(DecisionVar::kCupAnteversion);
constexpr size_t kStem = static_cast<size_t>(DecisionVar::kStemAnteversion);
constexpr size_t kLl = static_cast<size_t>(DecisionVar::kLegLengthChange);

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// Grid points satisfying the band: counted per (cup AV, stem AV) pair.
size_t CountFeasible(const Problem& p) {
  size_t pairs = 0;
  for (double av : p.grid.values[kAv]) {
    for (double stem : p.grid.values[kStem])
      pairs += plan_internal::Feasible(p.band, av, stem);
  }
  const size_t rest =
      p.grid.values[kInc].size() * p.grid.values[kLl].size() *
      p.grid.values[static_cast<size_t>(DecisionVar::kOffsetChange)].size();
  return pairs * rest;
}

Result<Found> Next(plan_internal::RankedSearch* search) {
  bool exhausted = false;
  Found f = search->Next(&exhausted);
  if (exhausted) {
    return Status::Internal("plan: the branch and bound exceeded its box budget after " +
                            std::to_string(search->boxes()) +
                            " boxes: expected a smaller grid");
  }
  return f;
}

std::vector<double> Steps(double lo, double hi, double res) {
  std::vector<double> out;
  for (long k = static_cast<long>(std::ceil(lo / res - 1e-9));
       k <= static_cast<long>(std::floor(hi / res + 1e-9)); ++k) {
    out.push_back(static_cast<double>(k) * res);
  }
  return out;
}

// The range a gait index can take: the registry's column range for the
// index the target column names (m3_com_asymmetry_pct -> com_asymmetry_pct);
// unbounded for other targets.
std::pair<double, double> IndexRange(std::string_view column) {
  for (const ColumnSpec& c : GaitSummaryColumns()) {
    if (column.ends_with(c.name)) return {c.min, c.max};
  }
  return {-INFINITY, INFINITY};
}

}  // namespace

Problem Planner::Impl::MakeProblem(Grid grid, const PlacementValues& standard) const {
  const plan_internal::Band band = MakeBand(&grid);
  return plan_internal::MakeProblem(specialised, std::move(grid), band, factor, shift,
                                    standard);
}

double Planner::Impl::KnnDistance(const PlacementValues& x) const {
  if (!support_guard) return std::numeric_limits<double>::quiet_NaN();
  const SupportGuard& g = *support_guard;
  std::vector<double> d;
  d.reserve(g.standardised.size());
  for (const PlacementValues& r : g.standardised) {
    double s = 0;
    for (size_t v = 0; v < kDecisionVarCount; ++v) {
      const double z = (x[v] - g.mean[v]) / g.sd[v] - r[v];
      s += z * z;
    }
    d.push_back(s);
  }
  const size_t k = options.knn_k;
  std::nth_element(d.begin(), d.begin() + static_cast<long>(k - 1), d.end());
  return std::sqrt(d[k - 1]);
}

PlanPoint Planner::Impl::PointFrom(const PlacementValues& placement,
                                   const std::vector<double>& predictions,
                                   double objective) const {
  PlanPoint pt;
  pt.placement = placement;
  pt.postop_lld_mm = preop_lld_mm + placement[kLl];
  const CombinedAnteversion& c = options.profile.combined;
  pt.combined_anteversion_deg =
      placement[kAv] +
      (c.rule == CombinedRule::kNone ? 0.7 : c.stem_factor) * placement[kStem];
  pt.objective = objective;
  for (size_t t = 0; t < targets.size(); ++t) {
    const ModelCard& card = targets[t].bundle.card;
    IndexPrediction ip;
    ip.target = card.target().name;
    ip.unit = card.target_unit;
    ip.better = targets[t].better;
    ip.value = predictions[t];
    // The interval cut to the values the index can take (e.g. an asymmetry
    // or a CV is never negative; GaitSummaryColumns' ranges).
    const auto [lo, hi] = IndexRange(card.target().column);
    ip.lower = predictions[t] - half_width[t];  // NaN without a quantile
    ip.upper = predictions[t] + half_width[t];
    if (!std::isnan(half_width[t])) {
      ip.lower = std::max(lo, ip.lower);
      ip.upper = std::min(hi, ip.upper);
    }
    pt.indices.push_back(ip);
  }
  for (size_t v = 0; v < kPlanFeatures; ++v) {
    const Range& r = training[v];
    const float f = PlanFeatureValue(v, placement, preop_lld_mm);
    if (r.known && (f < r.min || f > r.max)) {
      pt.flags.push_back(std::string(PlanFeatureName(v)) + " = " + Num(f) +
                         ": outside the training range " + Num(r.min) + ".." +
                         Num(r.max) + " (the prediction extrapolates)");
    }
  }
  if (!plan_internal::InBand(MakeBand(), placement[kAv], placement[kStem])) {
    pt.flags.push_back("combined anteversion " + Num(pt.combined_anteversion_deg) +
                       " deg: outside " + Num(c.limit.min) + ".." + Num(c.limit.max) +
                       " (" + c.limit.source + ")");
  }
  pt.knn_distance = KnnDistance(placement);
  if (support_guard && pt.knn_distance > support_guard->threshold) {
    pt.outside_support = true;
    pt.flags.push_back(
        "k-NN distance " + Num(pt.knn_distance) + " to the training placements exceeds " +
        Num(support_guard->threshold) + ": few patients were operated like this");
  }
  return pt;
}

PlanPoint Planner::Impl::Point(const PlacementValues& placement) const {
  Grid grid;
  grid.preop_lld_mm = preop_lld_mm;
  for (size_t v = 0; v < kDecisionVarCount; ++v) grid.values[v] = {placement[v]};
  const Problem p = MakeProblem(std::move(grid), placement);
  const Index origin{};
  return PointFrom(placement, plan_internal::PredictAt(p, origin),
                   plan_internal::ObjectiveAt(p, origin));
}

HeatMap Planner::Impl::MakeHeatMap(const PlacementValues& at) const {
  const ConstraintProfile& pr = options.profile;
  HeatMap map;
  const auto axis = [&](size_t v, const Limit& l) {
    const double lo =
        training[v].known ? std::max(l.min - 10, training[v].min) : l.min - 10;
    const double hi =
        training[v].known ? std::min(l.max + 10, training[v].max) : l.max + 10;
    return Steps(lo, hi, pr.angle_resolution_deg);
  };
  Grid grid;
  grid.preop_lld_mm = preop_lld_mm;
  grid.values[kInc] = axis(kInc, pr.cup_inclination_deg);
  grid.values[kAv] = axis(kAv, pr.cup_anteversion_deg);
  for (size_t v = kStem; v < kDecisionVarCount; ++v) grid.values[v] = {at[v]};
  map.inclination_deg = grid.values[kInc];
  map.anteversion_deg = grid.values[kAv];
  const Problem p = MakeProblem(std::move(grid), at);
  for (size_t r = 0; r < map.anteversion_deg.size(); ++r) {
    // A row outside the models' training range of the combined anteversion
    // has no values (the search does not choose such a placement unless cup
    // and stem are both fixed).
    const bool supported = plan_internal::InSupport(
        p.band, plan_internal::CombinedAt(p, static_cast<int>(r), 0));
    for (size_t c = 0; c < map.inclination_deg.size(); ++c) {
      Index i{};
      i[kInc] = static_cast<int>(c);
      i[kAv] = static_cast<int>(r);
      map.objective.push_back(supported ? plan_internal::TableObjectiveAt(p, i)
                                        : std::nan(""));
    }
  }
  // The safe zone at this stem: the cup box cut by the combined band.
  double av_lo = pr.cup_anteversion_deg.min, av_hi = pr.cup_anteversion_deg.max;
  if (pr.combined.rule != CombinedRule::kNone) {
    av_lo = std::max(av_lo, pr.combined.limit.min - pr.combined.stem_factor * at[kStem]);
    av_hi = std::min(av_hi, pr.combined.limit.max - pr.combined.stem_factor * at[kStem]);
  }
  if (av_lo <= av_hi) {
    // Micrometre-rounded: 32.3 - 0.7 x 37.5 is 6.049999999999997 in binary.
    av_lo = std::round(av_lo * 1e6) / 1e6;
    av_hi = std::round(av_hi * 1e6) / 1e6;
    const double i0 = pr.cup_inclination_deg.min, i1 = pr.cup_inclination_deg.max;
    map.safe_zone = {{i0, av_lo}, {i1, av_lo}, {i1, av_hi}, {i0, av_hi}, {i0, av_lo}};
  }
  return map;
}

Result<PlanResult> Planner::Impl::Run(const FixedValues& fixed) const {
  PlanResult out;
  out.patient = patient.label;
  out.profile = options.profile.name;
  for (const PlanTarget& t : targets) out.models.push_back(t.bundle.card.name);
  out.notes = notes;
  THAPLAN_ASSIGN_OR_RETURN(Grid grid, MakeGrid(fixed, &out.notes));
  FixedValues held = fixed;
  if (!options.profile.stem_anteversion_choosable) held[kStem] = grid.values[kStem][0];
  THAPLAN_ASSIGN_OR_RETURN(PlacementValues standard, StandardPlan(held));
  const Problem p = MakeProblem(std::move(grid), standard);
  out.grid_points = CountFeasible(p);
  plan_internal::RankedSearch search(p);
  THAPLAN_ASSIGN_OR_RETURN(Found best, Next(&search));
  if (!best.found) {
    return Status::InvalidInput(
        "plan for " + patient.label +
        ": no grid placement satisfies the combined "
        "anteversion limit of profile " +
        options.profile.name + " inside the other limits and the training ranges" +
        (p.band.support_active
             ? " (combined_anteversion_deg in " + Num(p.band.support_min) + ".." +
                   Num(p.band.support_max) + ")"
             : std::string()) +
        ": expected a wider profile");
  }
  PlanPoint optimum = PointFrom(plan_internal::ValuesAt(p.grid, best.index),
                                plan_internal::PredictAt(p, best.index), best.value);
  std::vector<PlanPoint> alternatives;
  Index last = best.index;
  for (size_t a = 0; a < options.alternatives; ++a) {
    search.Exclude(plan_internal::ExcludeAround(p.grid, last, options.distinct_by));
    THAPLAN_ASSIGN_OR_RETURN(Found alt, Next(&search));
    if (!alt.found) break;
    alternatives.push_back(PointFrom(plan_internal::ValuesAt(p.grid, alt.index),
                                     plan_internal::PredictAt(p, alt.index), alt.value));
    last = alt.index;
  }
  out.boxes_visited = search.boxes();
  out.standard = Point(standard);
  double sq = 0;
  for (size_t t = 0; t < targets.size(); ++t) {
    const double h = targets[t].weight * half_width[t] / scale[t];
    sq += h * h;
  }
  out.uncertainty = std::sqrt(sq);
  Decide(std::move(optimum), std::move(alternatives), &out);
  if (options.heat_map) out.heat_map = MakeHeatMap(out.recommended.placement);
  return out;
}

std::vector<float> Planner::Impl::Row(size_t target, const PlacementValues& x) const {
  std::vector<float> row = patient.rows[target];
  const auto& f = feature_of[target];
  for (size_t v = 0; v < kPlanFeatures; ++v) {
    if (f[v] >= 0) row[static_cast<size_t>(f[v])] = PlanFeatureValue(v, x, preop_lld_mm);
  }
  return row;
}

Result<PlanResult> Planner::Plan() const { return impl_->Run(impl_->options.fixed); }

Result<PlanResult> Planner::Replan(const FixedValues& fixed) const {
  FixedValues merged = impl_->options.fixed;
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    if (fixed[v]) merged[v] = fixed[v];
  }
  return impl_->Run(merged);
}

Result<PlanPoint> Planner::Evaluate(const PlacementValues& placement) const {
  for (double x : placement) {
    if (!std::isfinite(x)) {
      return Status::InvalidInput("plan: placement value " + Num(x) +
                                  ": expected finite values");
    }
  }
  return impl_->Point(placement);
}

Result<PlanPoint> Planner::BruteForceOptimum(const FixedValues& fixed) const {
  std::vector<std::string> notes;
  THAPLAN_ASSIGN_OR_RETURN(Grid grid, impl_->MakeGrid(fixed, &notes));
  FixedValues held = fixed;
  if (!impl_->options.profile.stem_anteversion_choosable)
    held[kStem] = grid.values[kStem][0];
  THAPLAN_ASSIGN_OR_RETURN(PlacementValues standard, impl_->StandardPlan(held));
  const Problem p = impl_->MakeProblem(std::move(grid), standard);
  const Found f = plan_internal::BruteForce(p, {});
  if (!f.found) return Status::InvalidInput("plan: no feasible grid placement");
  return impl_->PointFrom(plan_internal::ValuesAt(p.grid, f.index),
                          plan_internal::PredictAt(p, f.index), f.value);
}

std::vector<float> Planner::FeatureRow(size_t target, const PlacementValues& x) const {
  return impl_->Row(target, x);
}

std::vector<PlacementValues> Planner::FeasibleGrid(const FixedValues& fixed) const {
  std::vector<std::string> notes;
  Result<Grid> grid = impl_->MakeGrid(fixed, &notes);
  std::vector<PlacementValues> out;
  if (!grid.ok()) return out;
  const Problem p = impl_->MakeProblem(std::move(grid).value(), PlacementValues{});
  plan_internal::ForEachFeasible(
      p, [&](const Index& i) { out.push_back(plan_internal::ValuesAt(p.grid, i)); });
  return out;
}

double Planner::ObjectiveFromPredictions(const std::vector<double>& predictions) const {
  double sum = 0;
  for (size_t t = 0; t < predictions.size() && t < impl_->factor.size(); ++t) {
    sum += impl_->factor[t] * (predictions[t] + impl_->shift[t]);
  }
  return sum;
}

namespace {

// The targets as a planner made for one plan needs them. It never asks
// XGBoost itself (XgboostGridOptimum), so a target whose model and ensemble
// are already compiled needs no JSON text; left out, Create does not copy it
// (with ensembles the text holds every member: 10.6 MB per model in
// bench/plan_bench.cc, 5-19 ms per plan copying three of them).
std::vector<PlanTarget> WithoutCompiledJson(const std::vector<PlanTarget>& targets) {
  std::vector<PlanTarget> out;
  out.reserve(targets.size());
  for (const PlanTarget& t : targets) {
    const bool compiled = t.compiled != nullptr && (t.bundle.card.ensemble.members == 0 ||
                                                    t.compiled_ensemble != nullptr);
    if (!compiled) {  // Create compiles it from the text (CompileTarget)
      out.push_back(t);
      continue;
    }
    PlanTarget light;  // every field but bundle.model_json
    light.bundle.card = t.bundle.card;
    light.better = t.better;
    light.weight = t.weight;
    light.scale = t.scale;
    light.compiled = t.compiled;
    light.compiled_ensemble = t.compiled_ensemble;
    out.push_back(std::move(light));
  }
  return out;
}

}  // namespace

Result<PlanResult> PlanPlacement(const std::vector<PlanTarget>& targets,
                                 const PlanPatient& patient, const PlanOptions& options,
                                 const TrainingSupport& support) {
  THAPLAN_ASSIGN_OR_RETURN(Planner planner, Planner::Create(WithoutCompiledJson(targets),
                                                            patient, options, support));
  return planner.Plan();
}

}  // namespace thaplan
