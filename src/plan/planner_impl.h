// The state of a prepared Planner (include/thaplan/plan.h): the compiled
// models, their specialisation on the patient, the objective's factors, the
// training ranges and the k-NN guard.
#ifndef THAPLAN_PLAN_PLANNER_IMPL_H_
#define THAPLAN_PLAN_PLANNER_IMPL_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plan/search.h"
#include "thaplan/plan.h"

namespace thaplan {

using FixedValues = std::array<std::optional<double>, kDecisionVarCount>;

// Decision variables plus the derived post-op LLD and combined anteversion:
// 7 "features" of a placement (plan_internal's var numbers).
inline constexpr size_t kPlanFeatures = kDecisionVarCount + 2;
inline constexpr size_t kPostopFeature = plan_internal::kPostopLldVar;
inline constexpr size_t kCombinedFeature = plan_internal::kCombinedAvVar;

// The placement's value of plan feature v (a decision variable or a derived
// one), as a model sees it.
float PlanFeatureValue(size_t v, const PlacementValues& placement, double preop_lld_mm);
std::string_view PlanFeatureName(size_t v);
// Per plan feature, the index of the card's feature of that name (-1: none).
std::array<int, kPlanFeatures> PlanFeatureColumns(const ModelCard& card);
namespace plan_internal {
// Least squares y = a + b x: the slope b and its heteroscedasticity-robust
// standard error (HC1: White 1980 with the n / (n - 2) correction); NaN when
// x does not vary or n < 3.
struct SlopeFit {
  double slope = std::numeric_limits<double>::quiet_NaN();
  double se = std::numeric_limits<double>::quiet_NaN();
};
SlopeFit FitSlope(const std::vector<double>& x, const std::vector<double>& y);
// The standard normal quantile at p in (0, 1), by bisection on the CDF
// (erfc), to 1e-12.
double NormalQuantile(double p);
}  // namespace plan_internal

// The objective's scale of a target: its training SD, else the card's
// validated RMSE; an error naming the model when neither is usable.
Result<double> TargetScale(const PlanTarget& target);
// The standard plan (docs/planning.md, "Objective") for a patient with this
// pre-op LLD and recorded stem anteversion (NaN: unknown).
PlacementValues StandardPlacement(const ConstraintProfile& profile,
                                  const FixedValues& fixed, double preop_lld_mm,
                                  double recorded_stem_deg);

struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool known = false;  // some model has the feature with a training range
};

struct Planner::Impl {
  std::vector<PlanTarget> targets;
  std::vector<std::shared_ptr<const CompiledModel>> models;
  // Per target: the feature index of each decision variable, of
  // postop_lld_mm and of combined_anteversion_deg (-1 when the model does not
  // use it).
  std::vector<std::array<int, kPlanFeatures>> feature_of;
  std::vector<plan_internal::PatientTarget> specialised;
  // Per target: its bootstrap ensemble's members specialised on the patient
  // (all targets cut to the same count; empty when a target has none).
  std::vector<std::vector<plan_internal::PatientTarget>> members_of_target;
  size_t ensemble_members = 0;  // members used per target (0: none)
  PlanPatient patient;
  PlanOptions options;
  std::vector<double> factor;      // direction x weight / scale
  std::vector<double> scale;       // the standardising SD
  std::vector<double> half_width;  // conformal quantile at the level (NaN: none)
  std::vector<double> shift;       // pessimistic shift (0 unless pessimistic)
  double preop_lld_mm = std::numeric_limits<double>::quiet_NaN();
  double recorded_stem_deg = std::numeric_limits<double>::quiet_NaN();
  std::array<Range, kPlanFeatures> training;  // intersection over the models
  // k-NN guard: standardisation, the training placements (standardised) and
  // the threshold; null when the guard is off.
  std::shared_ptr<const SupportGuard> support_guard;
  std::vector<std::string> notes;

  // The grid for a query with these variables fixed, and notes on it.
  Result<plan_internal::Grid> MakeGrid(const FixedValues& fixed,
                                       std::vector<std::string>* grid_notes) const;
  Result<PlacementValues> StandardPlan(const FixedValues& fixed) const;
  // The profile's band; with `grid`, also the training range of the combined
  // anteversion unless the grid holds one cup and one stem value (a fixed
  // placement outside it is planned and flagged instead).
  plan_internal::Band MakeBand(const plan_internal::Grid* grid = nullptr) const;
  plan_internal::Problem MakeProblem(plan_internal::Grid grid,
                                     const PlacementValues& standard) const;
  // A full plan point for a placement: predictions, intervals, guard flags.
  PlanPoint Point(const PlacementValues& placement) const;
  PlanPoint PointFrom(const PlacementValues& placement,
                      const std::vector<double>& predictions, double objective) const;
  double KnnDistance(const PlacementValues& placement) const;
  // Each ensemble member's objective at a placement (member m of every
  // target; the same factors and shifts as the main objective).
  std::vector<double> MemberObjectives(const PlacementValues& placement) const;
  // The point's difference to the standard plan (standard - point), from the
  // main objective and the members' objectives at the standard plan.
  PlanDifference Difference(const PlanPoint& point, const PlanPoint& standard,
                            const std::vector<double>& standard_members) const;
  Result<PlanResult> Run(const FixedValues& fixed) const;
  // Fills out's differences to the standard plan (out->standard set), the
  // verdict, the recommendation and the alternatives from the model's optimum
  // and its ranked alternatives (planner_verdict.cc).
  void Decide(PlanPoint optimum, std::vector<PlanPoint> alternatives,
              PlanResult* out) const;
  HeatMap MakeHeatMap(const PlacementValues& at) const;
  std::vector<float> Row(size_t target, const PlacementValues& placement) const;
};

}  // namespace thaplan

#endif  // THAPLAN_PLAN_PLANNER_IMPL_H_
