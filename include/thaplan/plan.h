// Implant-placement planning (docs/planning.md, issue 6).
//
// For one patient, the placement inside a clinical constraint profile that
// gives the best predicted post-operative gait, found exactly over the
// clinical-resolution grid, beside the standard plan, with the uncertainty a
// surgeon needs to judge the difference. Decision support: ranked
// alternatives, predicted indices with intervals, and the plain verdict when
// no placement is predicted to beat the standard plan by more than the
// uncertainty (CLINICAL.md s.4).
//
// The engine reads the three outcome models as XGBoost JSON (model.json, with
// features in card order), specialises every tree on the patient's fixed
// features so that only decision-variable splits remain, and searches the
// grid by branch and bound over boxes of grid cells: the answer is the same
// optimum an exhaustive evaluation of the grid finds (tested).
#ifndef THAPLAN_PLAN_H_
#define THAPLAN_PLAN_H_

#include <array>
#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/bundle.h"
#include "thaplan/cohort.h"
#include "thaplan/dataset.h"
#include "thaplan/rehab.h"
#include "thaplan/status.h"

namespace thaplan {

// ---------------------------------------------------------------------------
// Decision variables
// ---------------------------------------------------------------------------

// The surgeon's choices, in this order everywhere (arrays below are indexed
// by static_cast<size_t>(DecisionVar)). Names are the analysis-table columns.
enum class DecisionVar {
  kCupInclination = 0,  // cup_inclination_deg
  kCupAnteversion,      // cup_anteversion_deg
  kStemAnteversion,     // stem_anteversion_deg
  kLegLengthChange,     // leg_length_change_mm
  kOffsetChange,        // femoral_offset_change_mm
};
inline constexpr size_t kDecisionVarCount = 5;

std::string_view DecisionVarName(DecisionVar var);  // the column name
std::string_view DecisionVarUnit(DecisionVar var);  // "deg" or "mm"
std::optional<DecisionVar> DecisionVarFromName(std::string_view name);

// A placement as five values in DecisionVar order.
using PlacementValues = std::array<double, kDecisionVarCount>;
PlacementValues ToValues(const Placement& placement);
Placement FromValues(const PlacementValues& values);

// ---------------------------------------------------------------------------
// Constraint profiles (JSON; format in docs/planning.md)
// ---------------------------------------------------------------------------

// One limit [min, max] with the publication it comes from.
struct Limit {
  double min = 0;
  double max = 0;
  std::string source;  // e.g. "Lewinnek et al., JBJS Am 1978"
};

// Combined anteversion: cup AV + stem_factor x stem AV within [min, max].
// Widmer & Zurfluh 2004: factor 0.7, 37.3 +- 5 deg; Dorr 2009: factor 1,
// 25..50 deg. kNone: no combined limit.
enum class CombinedRule { kNone, kWidmer, kDorr };
std::string_view CombinedRuleName(CombinedRule rule);  // "none", "widmer", "dorr"

struct CombinedAnteversion {
  CombinedRule rule = CombinedRule::kNone;
  double stem_factor = 0.7;
  Limit limit;
};

struct ConstraintProfile {
  std::string name;         // "lewinnek-widmer"
  std::string description;  // one line
  // Angle convention of the cup limits (Murray 1993): "radiographic",
  // "operative" or "anatomic". The planner refuses a model whose training
  // data used another (when the card says).
  std::string angle_definition = "radiographic";
  Limit cup_inclination_deg;  // the safe-zone box on the cup
  Limit cup_anteversion_deg;
  Limit stem_anteversion_deg;  // the range a stem may be placed in
  Limit leg_length_change_mm;  // the range of the change itself
  Limit postop_lld_mm;         // pre-op LLD + leg-length change
  Limit femoral_offset_change_mm;
  CombinedAnteversion combined;
  // Grid resolution (CLINICAL.md s.4 / issue 6: 0.5 deg and 0.5 mm).
  double angle_resolution_deg = 0.5;
  double length_resolution_mm = 0.5;
  // False when the stem does not allow choosing its anteversion (e.g. a
  // stem that follows the native femur): it is then held at the patient's
  // recorded stem anteversion unless fixed explicitly.
  bool stem_anteversion_choosable = true;
};

// The built-in profiles: "lewinnek-widmer" (the default) and
// "callanan-dorr" (CLINICAL.md s.4).
std::vector<std::string> BuiltinProfileNames();
Result<ConstraintProfile> BuiltinProfile(std::string_view name);

// Parses a profile; `name` (usually the file path) starts every error, in the
// project form "p.json: cup_inclination_deg.min = 60: expected <= max (50)".
Result<ConstraintProfile> ParseProfile(std::string_view json_text, std::string_view name);
// A built-in name, or else a JSON file path.
Result<ConstraintProfile> LoadProfile(const std::string& name_or_path);
std::string ProfileToJson(const ConstraintProfile& profile);

// ---------------------------------------------------------------------------
// Compiled models and partial evaluation
// ---------------------------------------------------------------------------

// One node of a compiled tree. XGBoost's rule: x < threshold goes left, a
// missing x goes the default way.
struct TreeNode {
  int feature = -1;  // -1: leaf
  float threshold = 0;
  int left = -1, right = -1;
  bool default_left = true;
  float value = 0;  // leaf value (base_weights of a leaf)
};

struct CompiledTree {
  std::vector<TreeNode> nodes;  // node 0 is the root
};

// An XGBoost gbtree model (reg:squarederror) in compact form.
struct CompiledModel {
  std::vector<CompiledTree> trees;
  float base_score = 0;
  size_t num_features = 0;
};

// Parses XGBoost's JSON model (learner.gradient_booster.model.trees:
// split_indices, split_conditions, left_children, right_children,
// default_left, base_weights; learner_model_param.base_score). `name` starts
// errors. Refuses other boosters (gblinear, dart) and objectives whose output
// is not the margin plus base_score.
Result<CompiledModel> CompileXgboostJson(std::string_view model_json,
                                         std::string_view name);

// The prediction for one feature row (NaN = missing): base_score plus the
// sum of the trees' leaves, summed in double in tree order.
double PredictCompiled(const CompiledModel& model, const float* row);

struct PlanTarget;
// Compiles what `target` lacks: bundle.model_json into `compiled` and, when
// the card lists a bootstrap ensemble, its members (stored inside model.json)
// into `compiled_ensemble`, parsing model.json once. Errors name the model
// and, for a member, its number.
[[nodiscard]] Status CompileTarget(PlanTarget* target);

// ---------------------------------------------------------------------------
// Planning inputs
// ---------------------------------------------------------------------------

// Which way is better for a target.
enum class Better { kLower, kHigher };

// One outcome model with how it enters the objective.
struct PlanTarget {
  ModelBundle bundle;
  Better better = Better::kLower;
  double weight = 1;
  // Standardisation: the target's training SD. NaN: the card's validation
  // metric "rmse" if present, else an error.
  double scale = std::numeric_limits<double>::quiet_NaN();
  // Optional: bundle.model_json already compiled (CompileXgboostJson or
  // CompileTarget), so a service planning many patients parses each model
  // once. Null: compiled when the planner is created.
  std::shared_ptr<const CompiledModel> compiled;
  // Optional: the bundle's bootstrap ensemble (ModelCard::ensemble) compiled,
  // in member order (CompileTarget). Null: compiled when the planner is
  // created, if the card lists an ensemble.
  std::shared_ptr<const std::vector<CompiledModel>> compiled_ensemble;
};

// The three 3-month indices: stride_length_cv_pct lower, peak_hip_extension
// higher, com_asymmetry lower. The better direction of a target by its
// column name; nullopt when unknown.
std::optional<Better> DefaultBetter(std::string_view target_column);

// Do the models' placement effects inside a profile show in patients the
// models did not learn from? For each training patient whose achieved
// placement lies inside the profile, the bootstrap members that left the
// patient out (out of bag) predict the objective at the achieved placement
// and at the patient's standard plan; the observed objective (the patient's
// own outcomes, standardised alike) minus the standard plan's prediction is
// regressed on the predicted contrast. Slope 1: the contrasts are right on
// average; 0: they predict nothing (docs/planning.md, "Placement-effect
// check"). The verdict can say "better" only when the slope's one-sided
// lower bound (normal, with a heteroscedasticity-robust standard error; at
// PlanOptions::interval_level) is above 0.
struct PlacementEffectCheck {
  bool checked = false;  // false: not computed; `note` says why
  size_t rows = 0;       // training patients inside the profile used
  size_t outside = 0;    // training patients whose placement is outside it
  size_t in_bag = 0;     // inside, but drawn by every member of some model
  double slope = std::numeric_limits<double>::quiet_NaN();
  double lower = std::numeric_limits<double>::quiet_NaN();  // one-sided, `level`
  double level = std::numeric_limits<double>::quiet_NaN();
  double mean_abs_contrast = std::numeric_limits<double>::quiet_NaN();
  bool confirmed = false;  // checked and lower > 0
  std::string note;        // one sentence for the plan
};

struct PlanOptions {
  ConstraintProfile profile;
  // Variables fixed at a value (re-plan: e.g. the cup as placed), in
  // DecisionVar order; nullopt: free.
  std::array<std::optional<double>, kDecisionVarCount> fixed;
  // Optimise the pessimistic end of each target's conformal interval at
  // `interval_level` instead of the point prediction.
  bool pessimistic = false;
  double interval_level = 0.9;
  size_t alternatives = 3;  // ranked alternatives besides the recommendation
  // Alternatives differ from the recommendation and from each other by at
  // least this in some variable (degrees or millimetres).
  double distinct_by = 2;
  bool heat_map = true;
  // The profile's placement-effect check (CheckPlacementEffects); when set
  // and not confirmed (including not made: checked = false), an ensemble's
  // verdict cannot be "better". Unset: not checked (a note says so) and the
  // verdict rests on the ensemble alone.
  std::optional<PlacementEffectCheck> placement_check;
  size_t knn_k = 5;  // data-support guard
  // A placement is flagged when its k-NN distance to the training rows
  // exceeds this quantile of the training rows' own k-NN distances.
  double knn_quantile = 0.95;
};

// The patient: one feature row per target, in that model's card order
// (PredictionRowFromRegistry gives it). The decision-variable features (and
// postop_lld_mm, derived) are overwritten by the planner; every other
// feature is held at the patient's value.
struct PlanPatient {
  std::string label;  // pseudonym or file:line, for messages; never a name
  std::vector<std::vector<float>> rows;  // one per target
};

// The k-NN guard of a set of training placements, prepared once: the
// standardisation (mean and SD per variable), the complete placements
// standardised, and the threshold (the `quantile` of their own k-NN
// distances). Independent of the patient.
struct SupportGuard {
  size_t k = 0;
  double quantile = 0;
  PlacementValues mean{}, sd{};
  std::vector<PlacementValues> standardised;
  double threshold = std::numeric_limits<double>::quiet_NaN();  // NaN: guard off
  size_t complete = 0;  // complete training placements
};

// The training rows' decision variables (n x 5, DecisionVar order; NaN =
// missing), for the k-NN guard. Empty: the guard's k-NN part is off (noted).
struct TrainingSupport {
  std::vector<PlacementValues> rows;
  // Optional: the guard for `rows` prepared once (PrepareSupportGuard), so a
  // planner with the same k and quantile skips the O(n^2) pass over the
  // training placements. Null or another k / quantile: prepared per plan.
  std::shared_ptr<const SupportGuard> guard;
};

// The guard of `rows` for k nearest neighbours and the threshold quantile
// (PlanOptions::knn_k, knn_quantile).
SupportGuard PrepareSupportGuard(const std::vector<PlacementValues>& rows, size_t k,
                                 double quantile);

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

struct IndexPrediction {
  std::string target;  // the card's target name
  std::string unit;
  Better better = Better::kLower;
  double value = std::numeric_limits<double>::quiet_NaN();
  // Conformal interval at PlanOptions::interval_level (NaN when the card
  // has no quantile at that level: not validated).
  double lower = std::numeric_limits<double>::quiet_NaN();
  double upper = std::numeric_limits<double>::quiet_NaN();
};

// The predicted difference between the standard plan and a placement,
// standard - placement in objective units (> 0: the placement is predicted
// better), with its uncertainty from the models' bootstrap ensembles: member
// b's difference uses member b of every target with the same weights, scales
// and directions. Without an ensemble only `predicted` is set.
struct PlanDifference {
  double predicted = std::numeric_limits<double>::quiet_NaN();  // the main models
  size_t members = 0;  // ensemble members used (0: no ensemble)
  double level = std::numeric_limits<double>::quiet_NaN();  // PlanOptions::interval_level
  // Over the members' differences: mean, SD, and the (1 - level) and level
  // quantiles (linear interpolation between order statistics). `lower` is
  // the one-sided lower bound the verdict uses.
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd = std::numeric_limits<double>::quiet_NaN();
  double lower = std::numeric_limits<double>::quiet_NaN();
  double upper = std::numeric_limits<double>::quiet_NaN();
};

struct PlanPoint {
  // What this placement is in the plan: "recommended (the model's optimum)",
  // "recommended (the standard plan)", "standard plan", "the model's optimum,
  // not recommended: ...", "alternative".
  std::string role;
  PlacementValues placement{};
  double postop_lld_mm = 0;
  double combined_anteversion_deg = 0;
  double objective = 0;                  // lower is better (standardised units)
  std::vector<IndexPrediction> indices;  // one per target
  // Data support: k-NN distance (standardised) to the training placements
  // and whether it exceeds the training threshold; messages say why.
  double knn_distance = std::numeric_limits<double>::quiet_NaN();
  bool outside_support = false;
  std::vector<std::string> flags;
  // Against the standard plan (zero for the standard plan itself).
  PlanDifference vs_standard;
};

// The objective over cup inclination x cup anteversion, the other
// variables at the recommendation.
struct HeatMap {
  std::vector<double> inclination_deg;  // columns
  std::vector<double> anteversion_deg;  // rows
  // rows x columns, row-major. NaN where the cell's combined anteversion (its
  // cup anteversion with the plan's stem) lies outside the models' training
  // range of that feature: placements the search does not choose (unless cup
  // and stem are both fixed there, and then flags), whose predictions would
  // extrapolate. The axes stop at the training ranges of
  // inclination and anteversion; the profile's combined-anteversion band is
  // the safe-zone outline, not blanked; the k-NN guard is not applied here.
  std::vector<double> objective;
  // The safe zone (cup box intersected with the combined-anteversion band
  // at the recommended stem), closed polygon of (inclination, anteversion).
  std::vector<std::array<double, 2>> safe_zone;
};

inline constexpr std::string_view kNoBetterVerdict =
    "no placement inside the limits is predicted to beat the standard plan by more "
    "than the uncertainty";

struct PlanResult {
  std::string patient;              // PlanPatient::label
  std::string profile;              // profile name
  std::vector<std::string> models;  // card names, target order
  // The placement the tool recommends: the model's optimum, or, when every
  // target has a bootstrap ensemble and the optimum's difference to the
  // standard plan is not above zero at its lower bound, the standard plan
  // (standard_recommended; the optimum is then alternatives[0]).
  PlanPoint recommended;
  PlanPoint standard;
  // Ranked, best first: the model's optimum first when the standard plan is
  // recommended, then the placements that differ from it by distinct_by.
  std::vector<PlanPoint> alternatives;
  bool standard_recommended = false;
  // The model's optimum's predicted improvement over the standard plan,
  // standard.objective - optimum.objective (>= 0).
  double improvement = 0;
  // The root sum of squares of the per-target conformal interval half-widths
  // in objective units (NaN when a model has no conformal quantile): the
  // verdict's uncertainty when the models have no ensemble.
  double uncertainty = std::numeric_limits<double>::quiet_NaN();
  // Ensemble members per target used for the difference's uncertainty (0:
  // none, the conformal `uncertainty` is used) and which one the verdict used,
  // in words.
  size_t ensemble_members = 0;
  std::string uncertainty_basis;
  // kNoBetterVerdict when the optimum is not shown to beat the standard plan:
  // with ensembles, when its difference's lower bound is <= 0 or the
  // placement check (PlanOptions::placement_check) is not confirmed; without, when
  // improvement <= uncertainty. Otherwise a sentence stating the predicted
  // improvement against the uncertainty.
  std::string verdict;
  // PlanOptions::placement_check, as used.
  std::optional<PlacementEffectCheck> placement_check;
  std::optional<HeatMap> heat_map;
  // ---- rehabilitation emphasis (CLINICAL.md s.5): not filled by the search;
  // PlanRehabilitation fills it from the recommended plan, as `thaplan plan` does.
  std::vector<RehabEmphasis> rehabilitation;
  // ------------------------------------------------------------------------
  std::vector<std::string> notes;  // guard, fixed variables, ranges used
  // Search figures: grid points in the feasible box, boxes visited.
  size_t grid_points = 0;
  size_t boxes_visited = 0;

  // The model's optimum (the recommendation unless the standard plan is).
  const PlanPoint& model_optimum() const {
    return standard_recommended ? alternatives.front() : recommended;
  }
};

// ---------------------------------------------------------------------------
// The planner
// ---------------------------------------------------------------------------

// Plans for one patient. The targets' cards must list the decision
// variables as features; the fixed features come from `patient`.
Result<PlanResult> PlanPlacement(const std::vector<PlanTarget>& targets,
                                 const PlanPatient& patient, const PlanOptions& options,
                                 const TrainingSupport& support = {});

// A prepared planner for repeated queries on one patient (re-plans during
// surgery): models compiled and specialised on the fixed features once.
class Planner {
 public:
  static Result<Planner> Create(const std::vector<PlanTarget>& targets,
                                const PlanPatient& patient, const PlanOptions& options,
                                const TrainingSupport& support = {});
  Planner(Planner&&) noexcept;
  Planner& operator=(Planner&&) noexcept;
  ~Planner();

  // The full plan with the options given at Create.
  Result<PlanResult> Plan() const;
  // Re-plan: the given variables fixed (e.g. cup as placed), the rest
  // re-optimised; the standard plan keeps the fixed values too.
  Result<PlanResult> Replan(
      const std::array<std::optional<double>, kDecisionVarCount>& fixed) const;

  // The objective (lower is better) and predictions of any placement, on or
  // off the grid (for the oracle comparison and tests).
  Result<PlanPoint> Evaluate(const PlacementValues& placement) const;

  // Exhaustive evaluation of every feasible grid point (tests, bench):
  // the same optimum PlanPlacement finds, without branch and bound.
  Result<PlanPoint> BruteForceOptimum(
      const std::array<std::optional<double>, kDecisionVarCount>& fixed) const;

  // The feature row the planner feeds target t's model for a placement
  // (decision variables and derived features set), for checks against
  // XGBoost's own prediction.
  std::vector<float> FeatureRow(size_t target, const PlacementValues& placement) const;
  // Every feasible grid point with the given variables fixed, in search
  // order, for tests on small grids (empty when no grid can be made).
  std::vector<PlacementValues> FeasibleGrid(
      const std::array<std::optional<double>, kDecisionVarCount>& fixed) const;
  // The objective from per-target predictions (e.g. XGBoost's own).
  double ObjectiveFromPredictions(const std::vector<double>& predictions) const;

  // The optimum of the same feasible grid evaluated by XGBoost's own
  // prediction (XGBoosterPredictFromDense on one thread, in batches of
  // `batch_rows`), with the same tie-break: the reference the search is
  // checked and timed against. `points` (optional) receives the number of
  // grid points.
  Result<PlanPoint> XgboostGridOptimum(
      const std::array<std::optional<double>, kDecisionVarCount>& fixed,
      size_t batch_rows = 65536, size_t* points = nullptr) const;

  // Opaque state (src/plan/planner_impl.h).
  struct Impl;

 private:
  explicit Planner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Rehabilitation emphasis from the predicted deficits (CLINICAL.md s.5,
// thaplan/rehab.h): fills result->rehabilitation from the recommended plan's
// predicted indices and intervals, its post-op LLD and offset change, and
// the patient's pre-op abductor strength and BMI (from the first target's
// feature row, when its card has them).
void PlanRehabilitation(const std::vector<PlanTarget>& targets,
                        const PlanPatient& patient, PlanResult* result);

// The training data of one target's model for CheckPlacementEffects: the
// table it was trained on (card.data_sha256 must match) and the target's
// index in it. Rows of different targets are joined by Table::keys.
struct PlacementCheckData {
  const Table* table = nullptr;
  size_t target = 0;
};

// The placement-effect check of `options.profile` (PlacementEffectCheck),
// computed once per profile and model set, then passed to every plan in
// PlanOptions::placement_check. Not computed (checked = false, with the
// reason) when a model has no bootstrap ensemble or a table is not the
// model's training data. Compiles what the targets lack (CompileTarget).
Result<PlacementEffectCheck> CheckPlacementEffects(
    std::vector<PlanTarget>& targets, const std::vector<PlacementCheckData>& data,
    const PlanOptions& options);

// ---------------------------------------------------------------------------
// Helpers for simulated cohorts and training tables
// ---------------------------------------------------------------------------

// The training placements of a table (its decision-variable columns, NaN
// where the table lacks one), for the k-NN guard, with the guard prepared
// for PlanOptions' default k and quantile.
TrainingSupport SupportFromTable(const Table& table);

// A planning table straight from the cohort simulator, without a registry
// (tests, benchmark, oracle studies): patients [first, first + count), a
// numeric subset of the extended feature set (background, morphology,
// placement with pre- and post-op LLD, pre-op strength and gait; listed in
// src/plan/sim_table.cc) and the three 3-month indices as targets, from the
// patients' actual gait. SimulatedPlanningRow encodes one patient alike.
Table SimulatedPlanningTable(const CohortModel& model, int first, int count);
std::vector<float> SimulatedPlanningRow(const SimPatient& patient);

// The plan as JSON (all numbers; NaN as null) and as text for the CLI.
std::string PlanToJson(const PlanResult& result);
std::string PlanToText(const PlanResult& result);

}  // namespace thaplan

#endif  // THAPLAN_PLAN_H_
