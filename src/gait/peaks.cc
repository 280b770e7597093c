#include "gait/peaks.h"

#include <algorithm>
#include <cmath>

namespace thaplan::gait {
namespace {

struct Base {
  double lowest = 0;
  bool truncated = false;
};

// Walks from the peak in `step` direction until a higher sample or the end.
Base ScanSide(std::span<const double> x, int64_t from, int64_t step, double height) {
  Base base{height, false};
  const auto n = static_cast<int64_t>(x.size());
  int64_t k = from + step;
  while (k >= 0 && k < n && x[static_cast<size_t>(k)] <= height) {
    base.lowest = std::min(base.lowest, x[static_cast<size_t>(k)]);
    k += step;
  }
  base.truncated = (k < 0 || k >= n);
  return base;
}

double Prominence(const Base& left, const Base& right, double height) {
  if (left.truncated && right.truncated)
    return height - std::min(left.lowest, right.lowest);
  if (left.truncated) return height - right.lowest;
  if (right.truncated) return height - left.lowest;
  return height - std::max(left.lowest, right.lowest);
}

double ParabolicOffset(double before, double at, double after) {
  const double denom = before - 2 * at + after;
  if (denom >= 0) return 0;  // not a strict maximum curvature: no refinement
  return std::clamp(0.5 * (before - after) / denom, -0.5, 0.5);
}

}  // namespace

std::vector<Peak> FindPeaks(std::span<const double> x, double min_prominence) {
  std::vector<Peak> peaks;
  const auto n = static_cast<int64_t>(x.size());
  int64_t i = 1;
  while (i < n - 1) {
    const double h = x[static_cast<size_t>(i)];
    if (!(h > x[static_cast<size_t>(i - 1)])) {
      ++i;
      continue;
    }
    int64_t flat_end = i;
    while (flat_end + 1 < n && x[static_cast<size_t>(flat_end + 1)] == h) ++flat_end;
    if (flat_end + 1 >= n || !(x[static_cast<size_t>(flat_end + 1)] < h)) {
      i = flat_end + 1;
      continue;
    }
    const int64_t mid = (i + flat_end) / 2;
    const Base left = ScanSide(x, i, -1, h);
    const Base right = ScanSide(x, flat_end, +1, h);
    const double prominence = Prominence(left, right, h);
    if (prominence >= min_prominence) {
      // A flat top's centre may fall between two samples.
      double offset = 0.5 * static_cast<double>(i + flat_end) - static_cast<double>(mid);
      if (flat_end == i) {
        offset = ParabolicOffset(x[static_cast<size_t>(i - 1)], h,
                                 x[static_cast<size_t>(i + 1)]);
      }
      peaks.push_back({mid, offset, prominence});
    }
    i = flat_end + 1;
  }
  return peaks;
}

std::vector<Peak> FindTroughs(std::span<const double> x, double min_prominence) {
  std::vector<double> negated(x.size());
  std::transform(x.begin(), x.end(), negated.begin(), [](double v) { return -v; });
  return FindPeaks(negated, min_prominence);
}

}  // namespace thaplan::gait
