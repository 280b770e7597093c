#include "gait/gaps.h"

#include <array>

namespace thaplan::gait {
namespace {

// Lagrange interpolation through up to 4 (t, value) points.
double Lagrange(const std::array<double, 4>& t, const std::array<double, 4>& v, int count,
                double at) {
  double sum = 0;
  for (int i = 0; i < count; ++i) {
    double term = v[static_cast<size_t>(i)];
    for (int j = 0; j < count; ++j) {
      if (j == i) continue;
      term *= (at - t[static_cast<size_t>(j)]) /
              (t[static_cast<size_t>(i)] - t[static_cast<size_t>(j)]);
    }
    sum += term;
  }
  return sum;
}

void FillGap(std::vector<Vec3>& xs, int64_t first, int64_t last) {
  // Neighbours: first-1 and last+1 are valid by construction; add first-2
  // and last+2 when they are valid too.
  std::array<int64_t, 4> idx{};
  int count = 0;
  const auto n = static_cast<int64_t>(xs.size());
  if (first - 2 >= 0 && !IsMissing(xs[static_cast<size_t>(first - 2)]))
    idx[count++] = first - 2;
  idx[static_cast<size_t>(count++)] = first - 1;
  idx[static_cast<size_t>(count++)] = last + 1;
  if (last + 2 < n && !IsMissing(xs[static_cast<size_t>(last + 2)])) {
    idx[static_cast<size_t>(count++)] = last + 2;
  }
  std::array<double, 4> t{};
  for (int i = 0; i < count; ++i) {
    t[static_cast<size_t>(i)] = static_cast<double>(idx[static_cast<size_t>(i)]);
  }
  for (size_t axis = 0; axis < 3; ++axis) {
    std::array<double, 4> v{};
    for (int i = 0; i < count; ++i) {
      v[static_cast<size_t>(i)] =
          xs[static_cast<size_t>(idx[static_cast<size_t>(i)])][axis];
    }
    for (int64_t f = first; f <= last; ++f) {
      xs[static_cast<size_t>(f)][axis] = Lagrange(t, v, count, static_cast<double>(f));
    }
  }
}

}  // namespace

GapFillStats FillShortGaps(std::vector<Vec3>& xs, int64_t max_frames) {
  GapFillStats stats;
  const auto n = static_cast<int64_t>(xs.size());
  int64_t f = 0;
  while (f < n && IsMissing(xs[static_cast<size_t>(f)])) ++f;  // leading run: kept
  while (f < n) {
    if (!IsMissing(xs[static_cast<size_t>(f)])) {
      ++f;
      continue;
    }
    int64_t last = f;
    while (last + 1 < n && IsMissing(xs[static_cast<size_t>(last + 1)])) ++last;
    if (last == n - 1) break;  // trailing run: kept
    const int64_t len = last - f + 1;
    if (len <= max_frames) {
      FillGap(xs, f, last);
      ++stats.gaps_filled;
      stats.frames_filled += len;
    } else {
      ++stats.gaps_left;
    }
    f = last + 1;
  }
  return stats;
}

std::vector<std::pair<int64_t, int64_t>> TrueRuns(const std::vector<char>& ok,
                                                  int64_t min_length) {
  std::vector<std::pair<int64_t, int64_t>> runs;
  const auto n = static_cast<int64_t>(ok.size());
  int64_t f = 0;
  while (f < n) {
    if (!ok[static_cast<size_t>(f)]) {
      ++f;
      continue;
    }
    int64_t end = f;
    while (end < n && ok[static_cast<size_t>(end)]) ++end;
    if (end - f >= min_length) runs.emplace_back(f, end);
    f = end;
  }
  return runs;
}

}  // namespace thaplan::gait
