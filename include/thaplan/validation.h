// Internal validation of the outcome models (docs/model.md, "Validation").
//
// Validate() runs, for each target of a Table, the chosen protocols on
// XGBoost (hyper-parameters tuned by an inner cross-validation inside every
// training set) and on the baselines (mean, ridge, pre-op carried forward):
//
//   kSeed            one 70/30 split, graded with the originating study's R^2
//                    bands, plus the same protocol over 200 random splits
//   kRepeatedCv      repeated k-fold cross-validation (default 5 x 5) with
//                    nested tuning and CV+ conformal prediction intervals
//   kBootstrap       Harrell's bootstrap optimism correction, tuning inside
//   kLeaveOneSiteOut each site is the test set once (Table::groups)
//   kPermutation     label-permutation test of R^2 > 0 (AUC > 0.5 for binary)
//   kLearningCurve   cross-validated R^2 against the number of patients
//
// Every random choice (folds, splits, resamples, XGBoost's own seed) derives
// from ValidationOptions::seed through DeriveSeed, by task index, so a seed
// gives the same report whatever ValidationOptions::threads.
//
// Also here: the fold and resample generators (public so that other tools,
// e.g. bench/validation_sklearn.py, can replay the same folds) and Riley et
// al.'s minimum sample size for continuous outcomes.
#ifndef THAPLAN_VALIDATION_H_
#define THAPLAN_VALIDATION_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/bundle.h"
#include "thaplan/dataset.h"
#include "thaplan/model.h"
#include "thaplan/status.h"

namespace thaplan {

// --- Folds and resamples (src/model/splits.cc) -----------------------------

// A stream of seeds: SplitMix64 of `seed` mixed with each element of `path`
// in turn. Tasks get DeriveSeed(seed, {target, protocol, task, ...}), so a
// task's randomness does not depend on which thread runs it.
uint64_t DeriveSeed(uint64_t seed, std::initializer_list<uint64_t> path);

// Row indices of one training/test split (indices into the caller's rows).
struct Split {
  std::vector<size_t> train;
  std::vector<size_t> test;
};

// k-fold partition of 0..n-1: rows shuffled with the seed (Fisher-Yates over
// SplitMix64) and dealt out in turn, so fold sizes differ by at most one.
// With `strata` (one value per row, e.g. a binary target) each stratum is
// dealt out in turn, so each fold gets its share. Splits come in fold order;
// train and test lists are sorted. Requires 2 <= k <= n.
std::vector<Split> KFold(size_t n, size_t k, uint64_t seed,
                         std::span<const double> strata = {});

// A random split with round(test_fraction * n) test rows (at least 1, at
// most n - 1).
Split RandomSplit(size_t n, double test_fraction, uint64_t seed);

// n row indices drawn with replacement, in draw order.
std::vector<size_t> BootstrapSample(size_t n, uint64_t seed);

// One split per distinct group, in order of first appearance: the group's
// rows are the test set.
std::vector<Split> LeaveOneGroupOut(std::span<const std::string> groups);

// --- Options ----------------------------------------------------------------

enum class Protocol {
  kSeed,
  kRepeatedCv,
  kBootstrap,
  kLeaveOneSiteOut,
  kPermutation,
  kLearningCurve
};
// "seed", "cv", "bootstrap", "loso", "permutation", "learning_curve".
std::string_view ProtocolName(Protocol protocol);
Result<Protocol> ParseProtocol(std::string_view name);

// One XGBoost configuration (XGBoost's parameter names in comments).
struct XgbConfig {
  int max_depth = 3;            // max_depth
  double eta = 0.1;             // eta (learning_rate)
  int rounds = 100;             // boosting rounds (n_estimators)
  double min_child_weight = 1;  // min_child_weight
  double subsample = 0.8;       // subsample (rows per tree)
  double colsample_bytree = 1;  // colsample_bytree
  int max_bin = 64;             // max_bin (tree_method is always hist)
  bool operator==(const XgbConfig&) const = default;
};

// The seed protocol reproduces the originating study: XGBoost's own defaults
// (xgboost 1.7's XGBRegressor: 100 trees, max_depth 6, eta 0.3, no
// subsampling, 256 bins), no tuning.
XgbConfig XgboostDefaults();

// The tuning grid: every combination is a candidate. Kept small on purpose
// (12 candidates by default) because each is fitted inner_folds times inside
// every outer training set; candidates that differ only in `rounds` share one
// training (Booster::PredictRounds), so the default costs 6 trainings per
// inner fold.
struct TuningGrid {
  std::vector<int> max_depth{2, 3, 4};
  std::vector<double> eta{0.05, 0.1};
  std::vector<int> rounds{100, 300};
  std::vector<double> min_child_weight{1};
  std::vector<double> subsample{0.8};
  double colsample_bytree = 1;
  int max_bin = 64;
  size_t inner_folds = 3;
};

// The candidates in scikit-learn's ParameterGrid order for the parameter
// names learning_rate, max_depth, min_child_weight, n_estimators, subsample
// (sorted names; the last varies fastest), so a tie goes to the same
// candidate as in GridSearchCV.
std::vector<XgbConfig> GridCandidates(const TuningGrid& grid);

struct ValidationOptions {
  std::vector<Protocol> protocols{Protocol::kRepeatedCv};
  std::vector<size_t> targets;  // indices into Table::targets; empty = all
  uint64_t seed = 0;
  int threads = 1;  // worker threads for outer folds/replicates; 0 = all cores

  TuningGrid grid;
  size_t folds = 5;                           // kRepeatedCv, kPermutation, kLearningCurve
  size_t repeats = 5;                         // kRepeatedCv
  double test_fraction = 0.3;                 // kSeed
  int seed_splits = 200;                      // kSeed: the spread
  XgbConfig seed_config = XgboostDefaults();  // kSeed: no tuning
  int bootstrap_replicates = 200;             // kBootstrap (Harrell: B >= 200)
  int permutations = 99;                      // kPermutation: p >= 1/(P+1)
  std::vector<double> learning_fractions{0.2, 0.4, 0.6, 0.8, 1.0};
  int learning_repeats = 5;
  std::vector<double> conformal_levels{0.8, 0.9};  // kRepeatedCv
  int ci_replicates = 2000;  // percentile bootstrap for the 95 % CIs
  double ci_level = 0.95;
  // Riley et al. criteria in the report: the anticipated R^2 (default: the
  // originating study's best, CLINICAL.md s.1) and the shrinkage target.
  double anticipated_r2 = 0.05;
  // Record the splits of kRepeatedCv and kBootstrap in the report (for
  // replaying the same folds elsewhere, e.g. bench/validation_sklearn.py).
  bool record_splits = false;
  double shrinkage = 0.9;
  // The configuration of the model a card describes, per target name
  // (CardConfig): the report's conformal residual quantiles come from its
  // out-of-fold residuals on all rows, so the intervals a card gives fit that
  // model. Targets without one use the configuration tuned on all rows.
  std::map<std::string, XgbConfig> deployed;
};

// --- Report -----------------------------------------------------------------

// A metric with its interval; NaN when undefined (never shown as a number).
struct Estimate {
  static constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
  double value = kUndefined;
  double lower = kUndefined;
  double upper = kUndefined;
  // kBootstrap only: apparent performance and mean optimism.
  double apparent = kUndefined;
  double optimism = kUndefined;
};

// Mean, SD and percentiles of a metric over splits, repeats or permutations.
struct Spread {
  size_t count = 0;  // defined values
  double mean = 0;
  double sd = 0;
  double p2_5 = 0;
  double p50 = 0;
  double p97_5 = 0;
};

struct PermutationTest {
  std::string statistic;  // "r2" or "auc"
  double observed = 0;
  int permutations = 0;
  int at_least_observed = 0;  // permuted statistics >= observed
  double p_value = 0;         // (1 + at_least_observed) / (1 + permutations)
  Spread null;
};

struct SiteResult {
  std::string site;
  size_t n = 0;
  std::map<std::string, double> metrics;
};

struct ModelResult {
  std::string model;  // "xgboost", "mean", "ridge", "carried_forward"
  size_t n = 0;       // rows evaluated (per repeat)
  std::map<std::string, Estimate> metrics;  // "r2", "rmse", ... or "auc", ...
  std::string grade;  // R2GradeName of metrics["r2"] (continuous targets)
  std::map<std::string, Spread> spread;        // kSeed: over the random splits
  std::map<std::string, double> grade_share;   // kSeed: share of splits per grade
  std::optional<PermutationTest> permutation;  // kPermutation
  std::vector<SiteResult> sites;               // kLeaveOneSiteOut
  size_t fallbacks = 0;  // carried_forward: predictions that used the mean
  // kSeed: the primary metric (R^2, or AUC for binary targets) of each random
  // split, in split order (the first is the single split): the spread's
  // histogram in the HTML report.
  std::vector<double> split_values;
  // kRepeatedCv: the out-of-fold predictions of the first repeat, one per row
  // in ProtocolResult::observed order (predicted-vs-observed and calibration
  // plots).
  std::vector<double> oof;
};

struct ConformalCoverage {
  double level = 0;       // nominal, e.g. 0.9
  std::string method;     // "cv_plus" or "stored_quantile"
  size_t n = 0;           // held-out predictions (over repeats)
  double coverage = 0;    // share of held-out values inside
  double mean_width = 0;  // NaN if any interval is unbounded
};

struct LearningPoint {
  double fraction = 0;
  size_t n = 0;
  // The primary metric (R^2, or AUC for binary targets) per model, over the
  // random subsets of this size.
  std::map<std::string, Spread> score;
};

// A training/test split with its inner tuning folds: inner_test[k] are the
// positions (indices into `train`) of inner fold k. Row indices count the
// target's rows with a value, in table order (RowsWithTarget).
struct RecordedSplit {
  std::vector<size_t> train;
  std::vector<size_t> test;
  std::vector<std::vector<size_t>> inner_test;
};

struct ProtocolResult {
  Protocol protocol = Protocol::kRepeatedCv;
  std::string design;     // e.g. "5 x 5-fold CV, 3-fold inner tuning"
  std::string ci_method;  // how the intervals were made
  std::vector<ModelResult> models;
  std::vector<ConformalCoverage> conformal;   // kRepeatedCv, continuous
  std::vector<LearningPoint> learning_curve;  // kLearningCurve
  // How often each candidate was chosen by the inner tuning (by
  // ConfigLabel), over all outer training sets.
  std::map<std::string, int> chosen;
  std::vector<std::string> notes;
  // kRepeatedCv: the observed outcome of each row (the target's rows in table
  // order), paired with ModelResult::oof.
  std::vector<double> observed;
  // With ValidationOptions::record_splits: kRepeatedCv, the outer folds
  // (repeat-major); kBootstrap, the apparent fit (all rows) then each replicate.
  std::vector<RecordedSplit> splits;
};

// Riley et al. (Stat Med 2019; BMJ 2020) minimum sample size for a
// continuous outcome, as R's pmsampsize 1.1.3 computes it.
struct RileyInputs {
  double r2 = 0;           // anticipated (adjusted) R^2, 0 < r2 < 1
  int parameters = 0;      // candidate predictor parameters, >= 1
  double shrinkage = 0.9;  // target expected shrinkage
  double intercept = 0;    // anticipated mean outcome (non-zero)
  double sd = 0;           // anticipated outcome SD (> 0)
  double mmoe = 1.1;       // multiplicative margin of error
};

struct RileyCriterion {
  std::string name;
  long n = 0;
  double shrinkage = 0;  // expected shrinkage at that n
};

struct RileyResult {
  RileyInputs inputs;
  std::vector<RileyCriterion> criteria;  // the four, in Riley's order
  long n = 0;                            // the largest
  double shrinkage = 0;                  // expected shrinkage at n
  // The closed form n = p / ((S - 1) ln(1 - R^2 / S)) (Riley et al. 2019,
  // Part II, eq. 11; CLINICAL.md s.1), shown for comparison: pmsampsize's
  // criterion 1 for continuous outcomes solves the exact expression instead.
  double closed_form_n = 0;
  double intercept_lower = 0;  // 95 % CI of the intercept at criterion 4's n
  double intercept_upper = 0;
};

Result<RileyResult> RileySampleSize(const RileyInputs& inputs);

struct TargetReport {
  std::string target;
  TargetKind kind = TargetKind::kContinuous;
  std::string unit;  // of the target column; "" for binary targets
  size_t n = 0;      // rows with the target
  // SHA-256 of the rows validated, in the canonical form of a model card's
  // data.sha256 (TrainingTableSha256), so a card can be matched to its data.
  std::string data_sha256;
  std::vector<ProtocolResult> protocols;
  // Tuned on all rows (inner CV): what a model trained now would use, and the
  // conformal residual quantiles a model card stores: for each level, the
  // ceil(level (n + 1))-th smallest |out-of-fold residual| of that CV.
  XgbConfig final_config;
  std::vector<std::pair<double, double>> residual_quantiles;  // (level, q)
  // The configuration whose out-of-fold residuals gave residual_quantiles:
  // ValidationOptions::deployed's for this target if set (deployed = true),
  // else final_config.
  XgbConfig quantile_config;
  bool quantiles_deployed = false;
  std::optional<RileyResult> sample_size;  // continuous targets
  // Global importance: mean |TreeSHAP| per feature (ValidationReport::features
  // order) of XGBoost with final_config trained on all rows (margin scale).
  std::vector<double> mean_abs_shap;
  std::vector<std::string> notes;
};

struct ValidationReport {
  std::string source;  // Table::source
  size_t rows = 0;     // table rows (each target uses those with a value)
  uint64_t seed = 0;
  ValidationOptions options;  // as run (ToJson leaves out `threads`)
  std::string xgboost_version;
  std::string thaplan_version;
  std::vector<std::string> features;
  std::vector<TargetReport> targets;
  std::vector<std::string> notes;  // the table's notes
};

// "depth=3 eta=0.1 rounds=300 mcw=1 subsample=0.8".
std::string ConfigLabel(const XgbConfig& config);

Result<ValidationReport> Validate(const Table& table, const ValidationOptions& options);

// The report as JSON (NaN as null); keys as in the structs above.
nlohmann::json ToJson(const ValidationReport& report);
nlohmann::json ToJson(const RileyResult& result);

// Fills card->validation from the report's target of the card's name
// (src/model/validation_card.cc, docs/model-card.md): XGBoost's metrics with
// their CIs and the baselines' from one protocol (cv, else bootstrap, loso,
// seed, permutation: the first the report has), the conformal residual
// quantiles with the stored-quantile coverage measured by cv. Refuses a
// report without that target, of another kind, or validated on other data
// (its data_sha256 differs from the card's).
[[nodiscard]] Status FillCardValidation(const ValidationReport& report, ModelCard* card);

// A card's XGBoost parameters (training.params, rounds) as the validation's
// configuration, XGBoost's defaults for those not set. Refuses, naming the
// parameter, a card whose parameters a configuration cannot express (another
// tree method, a regularisation other than XGBoost's default). eval_metric
// and verbosity change nothing and are ignored; so is base_score, the starting
// value (a card's model starts at the training mean, the validation at
// XGBoost's 0.5): it changes the residuals of the first rounds only.
Result<XgbConfig> CardConfig(const ModelCard& card);

}  // namespace thaplan

#endif  // THAPLAN_VALIDATION_H_
