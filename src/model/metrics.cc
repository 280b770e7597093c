// Performance metrics; definitions and sources in docs/model.md.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

#include "thaplan/model.h"

namespace thaplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Probabilities are kept this far from 0 and 1 before taking logits, as
// scikit-learn's log_loss did (eps=1e-15) up to version 1.2.
constexpr double kProbabilityClip = 1e-15;

double Mean(std::span<const double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

std::vector<double> Logits(std::span<const double> p) {
  std::vector<double> out;
  out.reserve(p.size());
  for (double q : p) {
    q = std::clamp(q, kProbabilityClip, 1.0 - kProbabilityClip);
    out.push_back(std::log(q / (1.0 - q)));
  }
  return out;
}

// Calibration-in-the-large: the a solving sum(y - sigmoid(a + offset)) = 0,
// by Newton's method; the left side falls strictly in a, so the root is
// unique when 0 < sum(y) < n.
double OffsetIntercept(std::span<const double> y, std::span<const double> offset) {
  double a = 0;
  for (int iter = 0; iter < 100; ++iter) {
    double score = 0;
    double info = 0;
    for (size_t i = 0; i < y.size(); ++i) {
      const double p = Sigmoid(a + offset[i]);
      score += y[i] - p;
      info += p * (1 - p);
    }
    if (info <= 0) return kNaN;
    const double step = score / info;
    a += step;
    if (std::abs(step) < 1e-12 * (1 + std::abs(a))) return a;
  }
  return kNaN;
}

// Slope of logit P(y) = a + b x by Newton's method (2 x 2 system).
double LogisticSlope(std::span<const double> y, std::span<const double> x) {
  double a = 0;
  double b = 1;  // start at perfect calibration
  for (int iter = 0; iter < 100; ++iter) {
    double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (size_t i = 0; i < y.size(); ++i) {
      const double p = Sigmoid(a + b * x[i]);
      const double w = p * (1 - p);
      g0 += y[i] - p;
      g1 += (y[i] - p) * x[i];
      h00 += w;
      h01 += w * x[i];
      h11 += w * x[i] * x[i];
    }
    const double det = h00 * h11 - h01 * h01;
    if (!(det > 0)) return kNaN;
    const double da = (h11 * g0 - h01 * g1) / det;
    const double db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (!std::isfinite(a) || !std::isfinite(b)) return kNaN;
    if (std::abs(da) < 1e-12 * (1 + std::abs(a)) &&
        std::abs(db) < 1e-12 * (1 + std::abs(b))) {
      return b;
    }
  }
  return kNaN;  // not converged: (quasi-)separation
}

}  // namespace

double R2Score(std::span<const double> observed, std::span<const double> predicted) {
  assert(observed.size() == predicted.size());
  if (observed.size() < 2) return kNaN;
  const double mean = Mean(observed);
  double ss_res = 0;
  double ss_tot = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    ss_res += (observed[i] - predicted[i]) * (observed[i] - predicted[i]);
    ss_tot += (observed[i] - mean) * (observed[i] - mean);
  }
  // scikit-learn (force_finite=True): a constant target scores 1 if fitted
  // exactly, else 0, instead of -inf or NaN.
  if (ss_tot == 0) return ss_res == 0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

double Rmse(std::span<const double> observed, std::span<const double> predicted) {
  assert(observed.size() == predicted.size());
  if (observed.empty()) return kNaN;
  double ss = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    ss += (observed[i] - predicted[i]) * (observed[i] - predicted[i]);
  }
  return std::sqrt(ss / static_cast<double>(observed.size()));
}

double Mae(std::span<const double> observed, std::span<const double> predicted) {
  assert(observed.size() == predicted.size());
  if (observed.empty()) return kNaN;
  double sum = 0;
  for (size_t i = 0; i < observed.size(); ++i)
    sum += std::abs(observed[i] - predicted[i]);
  return sum / static_cast<double>(observed.size());
}

Calibration LinearCalibration(std::span<const double> observed,
                              std::span<const double> predicted) {
  assert(observed.size() == predicted.size());
  const auto [lo, hi] = std::minmax_element(predicted.begin(), predicted.end());
  if (observed.size() < 2 || *lo == *hi) return {kNaN, kNaN};
  const double my = Mean(observed);
  const double mp = Mean(predicted);
  double sxy = 0;
  double sxx = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    sxy += (predicted[i] - mp) * (observed[i] - my);
    sxx += (predicted[i] - mp) * (predicted[i] - mp);
  }
  const double slope = sxy / sxx;
  return {my - slope * mp, slope};
}

Calibration LogisticCalibration(std::span<const double> observed,
                                std::span<const double> probability) {
  assert(observed.size() == probability.size());
  const double positives = std::accumulate(observed.begin(), observed.end(), 0.0);
  if (positives == 0 || positives == static_cast<double>(observed.size())) {
    return {kNaN, kNaN};
  }
  const std::vector<double> logits = Logits(probability);
  return {OffsetIntercept(observed, logits), LogisticSlope(observed, logits)};
}

double Auc(std::span<const double> observed, std::span<const double> score) {
  assert(observed.size() == score.size());
  const size_t n = observed.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return score[a] < score[b]; });
  // Sum of the positives' mid-ranks (1-based; tied scores share their mean rank).
  double rank_sum = 0;
  double positives = 0;
  for (size_t start = 0; start < n;) {
    size_t end = start;
    while (end < n && score[order[end]] == score[order[start]]) ++end;
    const double mid_rank = (static_cast<double>(start + end) + 1.0) / 2.0;
    for (size_t k = start; k < end; ++k) {
      if (observed[order[k]] == 1.0) {
        rank_sum += mid_rank;
        positives += 1;
      }
    }
    start = end;
  }
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0 || negatives == 0) return kNaN;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

double Brier(std::span<const double> observed, std::span<const double> probability) {
  assert(observed.size() == probability.size());
  if (observed.empty()) return kNaN;
  double sum = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    sum += (probability[i] - observed[i]) * (probability[i] - observed[i]);
  }
  return sum / static_cast<double>(observed.size());
}

R2Grade GradeR2(double r2) {
  if (std::isnan(r2)) return R2Grade::kUndefined;
  if (r2 < 0.1) return R2Grade::kLow;
  if (r2 < 0.3) return R2Grade::kSomewhatLow;
  if (r2 < 0.6) return R2Grade::kStandard;
  if (r2 < 0.9) return R2Grade::kHigh;
  return R2Grade::kVeryHigh;
}

std::string_view R2GradeName(R2Grade grade) {
  switch (grade) {
    case R2Grade::kUndefined:
      return "undefined";
    case R2Grade::kLow:
      return "low";
    case R2Grade::kSomewhatLow:
      return "somewhat low";
    case R2Grade::kStandard:
      return "standard";
    case R2Grade::kHigh:
      return "high";
    case R2Grade::kVeryHigh:
      return "very high";
  }
  return "?";
}

RegressionMetrics EvaluateRegression(std::span<const double> observed,
                                     std::span<const double> predicted) {
  return {observed.size(), R2Score(observed, predicted), Rmse(observed, predicted),
          Mae(observed, predicted), LinearCalibration(observed, predicted)};
}

BinaryMetrics EvaluateBinary(std::span<const double> observed,
                             std::span<const double> probability) {
  const double positives = std::accumulate(observed.begin(), observed.end(), 0.0);
  return {observed.size(), static_cast<size_t>(positives), Auc(observed, probability),
          Brier(observed, probability), LogisticCalibration(observed, probability)};
}

}  // namespace thaplan
