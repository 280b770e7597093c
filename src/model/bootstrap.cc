// Percentile bootstrap confidence intervals (Efron & Tibshirani 1993, ch. 13).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/random.h"
#include "thaplan/model.h"

namespace thaplan {
namespace {

// Quantile q of sorted values by linear interpolation between order
// statistics (Hyndman & Fan 1996 type 7; numpy.quantile's default).
double Quantile(const std::vector<double>& sorted, double q) {
  const double h = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

Interval PercentileBootstrap(
    size_t n, const std::function<double(std::span<const size_t>)>& statistic,
    const BootstrapOptions& options) {
  Interval out;
  std::vector<size_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  out.estimate = statistic(rows);
  std::vector<double> values;
  values.reserve(static_cast<size_t>(std::max(options.replicates, 0)));
  model::SplitMix64 rng(options.seed);
  for (int rep = 0; rep < options.replicates && n > 0; ++rep) {
    for (size_t& r : rows) r = rng.Below(n);
    const double v = statistic(rows);
    if (std::isnan(v)) {
      ++out.undefined;
    } else {
      values.push_back(v);
    }
  }
  out.replicates = static_cast<int>(values.size());
  if (values.empty()) {
    out.lower = out.upper = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  std::sort(values.begin(), values.end());
  const double tail = (1.0 - options.level) / 2.0;
  out.lower = Quantile(values, tail);
  out.upper = Quantile(values, 1.0 - tail);
  return out;
}

}  // namespace thaplan
