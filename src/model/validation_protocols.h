// Internal to validation: the protocols and the metric summaries they share.
#ifndef THAPLAN_MODEL_VALIDATION_PROTOCOLS_H_
#define THAPLAN_MODEL_VALIDATION_PROTOCOLS_H_

#include <functional>
#include <string>
#include <vector>

#include "core/task_pool.h"
#include "model/validation_engine.h"
#include "thaplan/validation.h"

namespace thaplan::validation {

// What every protocol of one target needs.
struct Context {
  const TargetData& data;
  const ValidationOptions& options;
  std::vector<XgbConfig> candidates;  // the tuning grid
  XgbConfig final_config;             // tuned on all rows (learning curve)
  size_t target = 0;                  // index, for seeds
  uint64_t xgb_seed = 0;              // XGBoost's seed parameter everywhere
  // The validation's threads, shared by every target's protocols. Tasks write
  // only their own slots, so results do not depend on the thread count.
  TaskPool* pool = nullptr;
  // Seed of a task: DeriveSeed(options.seed, {target, protocol, path...}).
  uint64_t Seed(Protocol protocol, std::initializer_list<uint64_t> path) const;
};

Result<ProtocolResult> RunSeed(const Context& ctx);
Result<ProtocolResult> RunRepeatedCv(const Context& ctx);
Result<ProtocolResult> RunBootstrap(const Context& ctx);
Result<ProtocolResult> RunLeaveOneSiteOut(const Context& ctx);
Result<ProtocolResult> RunPermutation(const Context& ctx);
Result<ProtocolResult> RunLearningCurve(const Context& ctx);

// --- Metric summaries (validation_metrics.cc) ------------------------------

// "r2", "rmse", "mae", "calibration_intercept", "calibration_slope" for
// continuous targets; "auc", "brier", "calibration_intercept",
// "calibration_slope" for binary ones.
const std::vector<std::string>& MetricNames(TargetKind kind);
// The headline metric: "r2" or "auc".
const std::string& PrimaryMetric(TargetKind kind);
// Values in MetricNames order (NaN where undefined).
std::vector<double> MetricValues(TargetKind kind, std::span<const double> observed,
                                 std::span<const double> predicted);

// Percentile bootstrap of several statistics at once, with the resampling of
// PercentileBootstrap (model.h): `statistic(rows)` returns one value per
// metric; the estimates use all rows. NaN replicates are left out per metric.
std::vector<Estimate> BootstrapEstimates(
    size_t n, size_t metrics,
    const std::function<std::vector<double>(std::span<const size_t>)>& statistic,
    int replicates, double level, uint64_t seed);

// Mean, SD (n - 1) and type-7 percentiles of the defined values.
Spread SpreadOf(std::vector<double> values);
double Quantile(const std::vector<double>& sorted, double q);

// Sets model.grade from metrics["r2"] (continuous targets).
void Grade(ModelResult* model);

// The models fitted for this target, in report order.
std::vector<size_t> ModelsOf(const TargetData& data);

}  // namespace thaplan::validation

#endif  // THAPLAN_MODEL_VALIDATION_PROTOCOLS_H_
