// The planner checked against the simulator's oracle (docs/planning.md,
// "Validation against the simulator's oracle"; issue 6 item 8).
//
// A simulated cohort goes through the real pipeline's registry: its records
// are imported (pseudonymised) and each patient's pre-op and 3-month gait is
// stored as a gait session (the walker's parameters, i.e. measured without
// error, so that the check is about the models and the planner, not the gait
// engine). XGBoost models of the three 3-month indices are trained on a share
// of the patients; for every held-out patient the planner recommends a
// placement, and the oracle (CohortModel::Expected, the noise-free truth)
// scores three placements with the planner's own objective weights and
// scales: the recommendation, the standard plan, and the oracle's best
// placement inside the same limits. Lower objective is better throughout.
#ifndef THAPLAN_PLAN_CHECK_H_
#define THAPLAN_PLAN_CHECK_H_

#include <string>
#include <vector>

#include "thaplan/cohort.h"
#include "thaplan/plan.h"
#include "thaplan/status.h"

namespace thaplan {

struct PlanCheckOptions {
  CohortOptions cohort;         // default: 1,000 patients at moderate signal
  double train_fraction = 0.7;  // patients the models are trained on
  int rounds = 300;             // boosting rounds per model
  // Bootstrap ensemble members per model (TrainOptions::ensemble): the
  // planner's uncertainty of the difference to the standard plan, so that it
  // departs from the standard plan only where the members agree. 0: none
  // (the conformal half-widths are used, and the model's optimum is scored).
  int ensemble = 20;
  // The site as a feature (one indicator per site, DatasetSpec's
  // extra_features): sites differ in surgical habits and in rehabilitation
  // adherence, which nobody records; without the site, a placement a site
  // favours can stand in for that site's adherence (docs/planning.md).
  bool site_feature = true;
  // The combined anteversion (cup AV + 0.7 x stem AV, Widmer) as a derived
  // feature (extra_features): the simulator's truth depends on the stem only
  // through it, and trees that must build it from separate cup and stem
  // splits let the planner trade one angle for the other along a direction
  // the truth does not see (docs/planning.md).
  bool combined_anteversion_feature = true;
  // Each profile's placement-effect check (CheckPlacementEffects) given to
  // the plans, so that a "better" verdict needs the models' placement
  // effects inside the limits confirmed on out-of-bag training patients.
  bool placement_check = true;
  // Constraint profiles (built-in names or JSON files): each is a scenario
  // planned for the same patients with the same models.
  std::vector<std::string> profiles{"lewinnek-widmer"};
  size_t max_test_patients = 0;  // 0: every held-out patient
  std::string work_dir;          // registry and cohort files go here (required)
  // The oracle's best placement is searched on a grid this much coarser than
  // the profile's resolution in every variable (and then compared with the
  // recommendation and the standard plan, so its score is never worse than
  // theirs).
  int oracle_grid_stride = 4;
  // A patient's surgical effect is large when the standard plan's oracle
  // objective exceeds the oracle's best by more than this (objective units:
  // training SDs of the indices).
  double large_effect = 0.1;
};

struct PlanCheckPatient {
  int index = 0;  // the simulated patient (never a key)
  // What the tool recommends (the standard plan when it says "no better"
  // with an ensemble), the standard plan, the oracle's best, and the model's
  // optimum (the recommendation unless the standard plan is).
  PlacementValues recommended{}, standard{}, oracle_best{}, optimum{};
  // Oracle objective (lower is better) of each placement.
  double oracle_recommended = 0, oracle_standard = 0, oracle_best_value = 0,
         oracle_optimum = 0;
  // The planner's own predicted improvement of its optimum, the conformal
  // uncertainty, and its verdict.
  double predicted_improvement = 0, uncertainty = 0;
  bool no_better_verdict = false;
  bool standard_recommended = false;
  // The optimum's difference to the standard plan over the ensemble
  // (PlanDifference; NaN without an ensemble).
  double difference_mean = 0, difference_lower = 0, difference_upper = 0;
  double gain() const { return oracle_standard - oracle_recommended; }  // > 0: better
  double regret() const { return oracle_recommended - oracle_best_value; }
  double possible_gain() const { return oracle_standard - oracle_best_value; }
  double optimum_gain() const { return oracle_standard - oracle_optimum; }
};

// Mean with a 95 % t-interval (normal approximation for n > 30).
struct MeanCi {
  size_t n = 0;
  double mean = 0, lower = 0, upper = 0;
};

struct PlanCheckScenario {
  std::string profile;
  std::vector<PlanCheckPatient> patients;
  MeanCi gain, regret, possible_gain;
  MeanCi gain_large, possible_gain_large;  // patients with a large surgical effect
  // The model's optimum followed regardless of the verdict (what the
  // recommendation was before ensembles), for comparison.
  MeanCi optimum_gain, optimum_gain_large;
  size_t worse_than_standard = 0;          // gain < -large_effect
  size_t optimum_worse_than_standard = 0;  // optimum_gain < -large_effect
  size_t no_better_verdicts = 0;
  size_t standard_recommended = 0;
  // Verdict "better" although the recommendation is not truly better
  // (gain <= 0), and truly better by more than large_effect.
  size_t better_but_not = 0, better_and_large = 0;
  double mean_plan_ms = 0;
  // The profile's placement-effect check given to every plan (unset with
  // PlanCheckOptions::placement_check off).
  std::optional<PlacementEffectCheck> placement_check;
};

struct PlanCheckReport {
  PlanCheckOptions options;
  size_t train_patients = 0;
  std::vector<std::string> models;  // target names
  // Held-out R^2 of each model against the actual (noisy) index and against
  // the oracle's expected index, under the placement actually achieved.
  std::vector<double> r2_actual, r2_expected;
  std::vector<PlanCheckScenario> scenarios;  // one per profile
};

Result<PlanCheckReport> CheckPlannerOnOracle(const PlanCheckOptions& options);

std::string PlanCheckToText(const PlanCheckReport& report);
// One row per scenario and patient: the three placements, their oracle
// objectives, the planner's predicted improvement, uncertainty and verdict.
std::string PlanCheckPatientsCsv(const PlanCheckReport& report);

}  // namespace thaplan

#endif  // THAPLAN_PLAN_CHECK_H_
