// The verdict: is the model's optimum better than the standard plan beyond
// the uncertainty of the difference? With bootstrap ensembles (every target's
// model trained with --ensemble B) the uncertainty is the spread of the
// members' own differences between the two placements; without, the
// conformal interval half-widths (docs/planning.md, "Difference and
// uncertainty").
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "plan/planner_impl.h"

namespace thaplan {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// A target specialised on the patient, at the placement's feature values
// (float, as XGBoost sees them): the same rule as the grid search, x <
// threshold goes left.
double PredictSpecialised(const plan_internal::PatientTarget& target,
                          const std::array<float, kPlanFeatures>& x) {
  double sum = target.constant;
  for (const plan_internal::PatientTree& tree : target.trees) {
    int n = 0;
    while (tree.nodes[static_cast<size_t>(n)].var >= 0) {
      const plan_internal::PatientNode& node = tree.nodes[static_cast<size_t>(n)];
      n = x[static_cast<size_t>(node.var)] < node.threshold ? node.left : node.right;
    }
    sum += tree.nodes[static_cast<size_t>(n)].value;
  }
  return sum;
}

// Quantile q of sorted values, linear between order statistics (Hyndman &
// Fan type 7, numpy's default), as the bootstrap intervals elsewhere.
double Quantile(const std::vector<double>& sorted, double q) {
  const double h = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

bool SamePlacement(const PlanPoint& a, const PlanPoint& b) {
  return a.placement == b.placement;
}

}  // namespace

std::vector<double> Planner::Impl::MemberObjectives(const PlacementValues& x) const {
  std::array<float, kPlanFeatures> features{};
  for (size_t v = 0; v < kPlanFeatures; ++v) {
    features[v] = PlanFeatureValue(v, x, preop_lld_mm);
  }
  std::vector<double> out(ensemble_members, 0.0);
  for (size_t m = 0; m < ensemble_members; ++m) {
    for (size_t t = 0; t < targets.size(); ++t) {
      out[m] +=
          factor[t] * (PredictSpecialised(members_of_target[t][m], features) + shift[t]);
    }
  }
  return out;
}

PlanDifference Planner::Impl::Difference(
    const PlanPoint& point, const PlanPoint& standard,
    const std::vector<double>& standard_members) const {
  PlanDifference d;
  d.predicted = standard.objective - point.objective;
  if (ensemble_members == 0) return d;
  const std::vector<double> at = MemberObjectives(point.placement);
  std::vector<double> diffs(ensemble_members);
  double sum = 0;
  for (size_t m = 0; m < ensemble_members; ++m) {
    diffs[m] = standard_members[m] - at[m];
    sum += diffs[m];
  }
  std::sort(diffs.begin(), diffs.end());
  const double n = static_cast<double>(ensemble_members);
  d.members = ensemble_members;
  d.level = options.interval_level;
  d.mean = sum / n;
  double sq = 0;
  for (double x : diffs) sq += (x - d.mean) * (x - d.mean);
  d.sd = std::sqrt(sq / (n - 1));  // at least 2 members (PrepareEnsemble)
  d.lower = Quantile(diffs, 1 - options.interval_level);
  d.upper = Quantile(diffs, options.interval_level);
  return d;
}

void Planner::Impl::Decide(PlanPoint optimum, std::vector<PlanPoint> alternatives,
                           PlanResult* out) const {
  const std::vector<double> standard_members =
      ensemble_members > 0 ? MemberObjectives(out->standard.placement)
                           : std::vector<double>();
  out->standard.vs_standard = Difference(out->standard, out->standard, standard_members);
  out->standard.role = "standard plan";
  optimum.vs_standard = Difference(optimum, out->standard, standard_members);
  for (PlanPoint& a : alternatives) {
    a.vs_standard = Difference(a, out->standard, standard_members);
    a.role = "alternative";
  }
  out->improvement = optimum.vs_standard.predicted;
  out->ensemble_members = ensemble_members;
  out->placement_check = options.placement_check;
  if (options.placement_check) {
    out->notes.push_back(options.placement_check->note);
  } else if (ensemble_members > 0) {
    out->notes.push_back(
        "placement effects not checked against out-of-bag training patients (no "
        "training table given): the verdict rests on the ensemble's agreement alone");
  }
  bool held_back_by_check = false;
  const std::string level = Num(options.interval_level);
  const std::string tail = Num(100 * (1 - options.interval_level)) + " %";
  bool better = false;
  if (ensemble_members > 0) {
    const PlanDifference& d = optimum.vs_standard;
    out->uncertainty_basis =
        "bootstrap ensembles of " + std::to_string(ensemble_members) +
        " members per model: the lower bound of the difference to the standard plan "
        "is the " +
        tail + " quantile of the members' differences (one-sided, level " + level + ")";
    better = d.lower > 0;
    const std::optional<PlacementEffectCheck>& check = options.placement_check;
    if (better && check && !check->confirmed) {
      // The members agree, but their placement contrasts inside these
      // limits do not show in the patients they left out: the agreement is
      // not evidence (docs/planning.md, "Placement-effect check").
      better = false;
      held_back_by_check = true;
    }
    if (better) {
      out->verdict =
          "the recommended placement is predicted to beat the standard plan by " +
          Num(out->improvement) + "; across the " + std::to_string(ensemble_members) +
          "-member bootstrap ensemble the difference is " + Num(d.mean) +
          " on average and above " + Num(d.lower) + " (its " + tail +
          " quantile) (standardised units); the members learn from the same patients, "
          "so this is their agreement, not proof: a bias they share does not show "
          "(docs/planning.md)";
    }
  } else {
    out->uncertainty_basis =
        "the conformal interval half-widths of the predictions (root sum of squares; "
        "not the difference's own uncertainty: the models have no bootstrap "
        "ensemble)";
    if (std::isnan(out->uncertainty)) {
      out->verdict =
          "the uncertainty is unknown (a model has no conformal quantile at level " +
          level +
          ": run thaplan model validate); predicted "
          "improvement over the standard plan " +
          Num(out->improvement) + " (standardised)";
    } else if (out->improvement > out->uncertainty) {
      better = true;
      out->verdict =
          "the recommended placement is predicted to beat the standard plan by " +
          Num(out->improvement) + ", more than the uncertainty " + Num(out->uncertainty) +
          " (standardised units)";
    }
  }
  if (!better && out->verdict.empty()) out->verdict = std::string(kNoBetterVerdict);
  // Without an ensemble the optimum stays the recommendation (the verdict
  // says whether it beats the standard plan); with one, only a difference
  // the ensemble supports moves the recommendation off the standard plan.
  if (better || ensemble_members == 0) {
    optimum.role = "recommended (the model's optimum)";
    out->recommended = std::move(optimum);
    out->alternatives = std::move(alternatives);
    return;
  }
  out->standard_recommended = true;
  out->recommended = out->standard;
  out->recommended.role = "recommended (the standard plan)";
  optimum.role =
      SamePlacement(optimum, out->standard)
          ? "the model's optimum: the standard plan itself"
      : held_back_by_check
          ? "the model's optimum, not recommended: the ensemble agrees on it (" +
                Num(optimum.vs_standard.lower) + " at its " + tail +
                " quantile), but the models' placement effects inside these limits are "
                "not confirmed on patients they did not learn from"
          : "the model's optimum, not recommended: its difference to the standard plan "
            "is not above zero at its " +
                tail + " quantile over the ensemble (" + Num(optimum.vs_standard.lower) +
                ")";
  out->alternatives.clear();
  out->alternatives.push_back(std::move(optimum));
  for (PlanPoint& a : alternatives) out->alternatives.push_back(std::move(a));
  out->notes.push_back(
      "recommended: the standard plan, because the model's optimum (predicted "
      "improvement " +
      Num(out->improvement) +
      (held_back_by_check
           ? ") rests on placement effects that are not confirmed inside these limits"
           : ") is not shown to beat it by the bootstrap ensemble") +
      "; the optimum is listed first among the alternatives");
}

}  // namespace thaplan
