// The reference for the search: every feasible grid point predicted by
// XGBoost itself, in batches, with the search's tie-break (smallest objective,
// then nearest the standard plan, then the first point in index order).
#include <cmath>

#include "model/xgb.h"
#include "plan/planner_impl.h"

namespace thaplan {

Result<PlanPoint> Planner::XgboostGridOptimum(const FixedValues& fixed, size_t batch_rows,
                                              size_t* points) const {
  const Impl& impl = *impl_;
  std::vector<std::string> notes;
  THAPLAN_ASSIGN_OR_RETURN(plan_internal::Grid grid, impl.MakeGrid(fixed, &notes));
  FixedValues held = fixed;
  constexpr size_t kStem = static_cast<size_t>(DecisionVar::kStemAnteversion);
  if (!impl.options.profile.stem_anteversion_choosable) held[kStem] = grid.values[kStem][0];
  THAPLAN_ASSIGN_OR_RETURN(PlacementValues standard, impl.StandardPlan(held));
  const plan_internal::Problem p = impl.MakeProblem(std::move(grid), standard);
  std::vector<xgb::Booster> boosters;
  for (const PlanTarget& t : impl.targets) {
    THAPLAN_ASSIGN_OR_RETURN(xgb::Booster b, xgb::Booster::LoadJson(t.bundle.model_json));
    THAPLAN_RETURN_IF_ERROR(b.SetParam("nthread", "1"));  // one core, as the planner
    boosters.push_back(std::move(b));
  }
  const size_t targets = impl.targets.size();
  std::vector<std::vector<float>> batch(targets);
  std::vector<PlacementValues> placed;
  bool found = false;
  double best_value = 0, best_distance = 0;
  PlacementValues best{};
  std::vector<double> best_pred;
  size_t count = 0;
  Status status;
  const auto flush = [&]() -> Status {
    if (placed.empty()) return Status::Ok();
    std::vector<std::vector<float>> pred(targets);
    for (size_t t = 0; t < targets; ++t) {
      THAPLAN_ASSIGN_OR_RETURN(pred[t], boosters[t].PredictDense(batch[t], placed.size()));
      batch[t].clear();
    }
    for (size_t i = 0; i < placed.size(); ++i) {
      std::vector<double> y(targets);
      for (size_t t = 0; t < targets; ++t) y[t] = pred[t][i];
      const double value = ObjectiveFromPredictions(y);
      double distance = 0;
      for (size_t v = 0; v < kDecisionVarCount; ++v) {
        distance += (placed[i][v] - standard[v]) * (placed[i][v] - standard[v]);
      }
      // Points arrive in index order, so the first of full ties is kept.
      if (!found || value < best_value ||
          (value == best_value && distance < best_distance)) {
        found = true;
        best_value = value;
        best_distance = distance;
        best = placed[i];
        best_pred = y;
      }
    }
    placed.clear();
    return Status::Ok();
  };
  plan_internal::ForEachFeasible(p, [&](const plan_internal::Index& i) {
    if (!status.ok()) return;
    const PlacementValues x = plan_internal::ValuesAt(p.grid, i);
    for (size_t t = 0; t < targets; ++t) {
      const std::vector<float> row = impl.Row(t, x);
      batch[t].insert(batch[t].end(), row.begin(), row.end());
    }
    placed.push_back(x);
    ++count;
    if (placed.size() >= batch_rows) status = flush();
  });
  THAPLAN_RETURN_IF_ERROR(status);
  THAPLAN_RETURN_IF_ERROR(flush());
  if (points != nullptr) *points = count;
  if (!found) return Status::InvalidInput("plan: no feasible grid placement");
  return impl.PointFrom(best, best_pred, best_value);
}

}  // namespace thaplan
