// Metric summaries shared by the validation protocols.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/random.h"
#include "model/validation_protocols.h"

namespace thaplan::validation {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

uint64_t Context::Seed(Protocol protocol, std::initializer_list<uint64_t> path) const {
  const uint64_t base =
      DeriveSeed(options.seed, {target, static_cast<uint64_t>(protocol)});
  return DeriveSeed(base, path);
}

const std::vector<std::string>& MetricNames(TargetKind kind) {
  static const std::vector<std::string> continuous = {
      "r2", "rmse", "mae", "calibration_intercept", "calibration_slope"};
  static const std::vector<std::string> binary = {"auc", "brier", "calibration_intercept",
                                                  "calibration_slope"};
  return kind == TargetKind::kBinary ? binary : continuous;
}

const std::string& PrimaryMetric(TargetKind kind) { return MetricNames(kind).front(); }

std::vector<double> MetricValues(TargetKind kind, std::span<const double> observed,
                                 std::span<const double> predicted) {
  if (kind == TargetKind::kBinary) {
    const BinaryMetrics m = EvaluateBinary(observed, predicted);
    return {m.auc, m.brier, m.calibration.intercept, m.calibration.slope};
  }
  if (observed.size() < 2) return std::vector<double>(5, kNaN);
  const RegressionMetrics m = EvaluateRegression(observed, predicted);
  return {m.r2, m.rmse, m.mae, m.calibration.intercept, m.calibration.slope};
}

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Spread SpreadOf(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  Spread s;
  s.count = values.size();
  if (values.empty()) {
    s.mean = s.sd = s.p2_5 = s.p50 = s.p97_5 = kNaN;
    return s;
  }
  std::sort(values.begin(), values.end());
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) /
           static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - s.mean) * (v - s.mean);
  s.sd =
      values.size() > 1 ? std::sqrt(ss / static_cast<double>(values.size() - 1)) : kNaN;
  s.p2_5 = Quantile(values, 0.025);
  s.p50 = Quantile(values, 0.5);
  s.p97_5 = Quantile(values, 0.975);
  return s;
}

std::vector<Estimate> BootstrapEstimates(
    size_t n, size_t metrics,
    const std::function<std::vector<double>(std::span<const size_t>)>& statistic,
    int replicates, double level, uint64_t seed) {
  std::vector<size_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  const std::vector<double> all = statistic(rows);
  std::vector<std::vector<double>> draws(metrics);
  model::SplitMix64 rng(seed);  // as PercentileBootstrap
  for (int rep = 0; rep < replicates && n > 0; ++rep) {
    for (size_t& r : rows) r = rng.Below(n);
    const std::vector<double> v = statistic(rows);
    for (size_t m = 0; m < metrics; ++m) {
      if (!std::isnan(v[m])) draws[m].push_back(v[m]);
    }
  }
  std::vector<Estimate> out(metrics);
  const double tail = (1 - level) / 2;
  for (size_t m = 0; m < metrics; ++m) {
    out[m].value = all[m];
    std::sort(draws[m].begin(), draws[m].end());
    if (std::isnan(all[m]) || draws[m].empty()) continue;
    out[m].lower = Quantile(draws[m], tail);
    out[m].upper = Quantile(draws[m], 1 - tail);
  }
  return out;
}

void Grade(ModelResult* model) {
  const auto it = model->metrics.find("r2");
  if (it != model->metrics.end()) {
    model->grade = std::string(R2GradeName(GradeR2(it->second.value)));
  }
}

std::vector<size_t> ModelsOf(const TargetData& data) {
  std::vector<size_t> models = {kXgb, kMean, kRidge};
  if (data.has_preop) models.push_back(kCarried);
  return models;
}

}  // namespace thaplan::validation
