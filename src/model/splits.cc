// Folds, random splits and bootstrap resamples for validation, all from
// SplitMix64 (model/random.h) so a seed gives the same rows everywhere.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "model/random.h"
#include "thaplan/validation.h"

namespace thaplan {
namespace {

std::vector<size_t> ShuffledRows(size_t n, uint64_t seed) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  model::SplitMix64 rng(seed);
  model::Shuffle(&order, &rng);
  return order;
}

}  // namespace

uint64_t DeriveSeed(uint64_t seed, std::initializer_list<uint64_t> path) {
  uint64_t h = model::SplitMix64(seed).Next();
  for (uint64_t x : path) {
    // Mixing by another SplitMix64 step keeps nearby paths ({0, 1} and
    // {1, 0}) unrelated.
    h = model::SplitMix64(h ^ (x * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull)).Next();
  }
  return h;
}

std::vector<Split> KFold(size_t n, size_t k, uint64_t seed,
                         std::span<const double> strata) {
  std::vector<size_t> order = ShuffledRows(n, seed);
  if (strata.size() == n) {
    // Stable by stratum value: each stratum keeps its shuffled order and is
    // dealt out after the previous one, continuing the rotation.
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return strata[a] < strata[b]; });
  }
  std::vector<Split> folds(k);
  std::vector<size_t> fold_of(n);
  for (size_t i = 0; i < order.size(); ++i) fold_of[order[i]] = i % k;
  for (size_t row = 0; row < n; ++row) {
    for (size_t f = 0; f < k; ++f)
      (f == fold_of[row] ? folds[f].test : folds[f].train).push_back(row);
  }
  return folds;
}

Split RandomSplit(size_t n, double test_fraction, uint64_t seed) {
  const std::vector<size_t> order = ShuffledRows(n, seed);
  const double wanted = std::round(test_fraction * static_cast<double>(n));
  const size_t n_test = std::clamp<size_t>(static_cast<size_t>(std::max(wanted, 0.0)), 1,
                                           n > 1 ? n - 1 : 1);
  Split split;
  split.test.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_test));
  split.train.assign(order.begin() + static_cast<std::ptrdiff_t>(n_test), order.end());
  std::sort(split.test.begin(), split.test.end());
  std::sort(split.train.begin(), split.train.end());
  return split;
}

std::vector<size_t> BootstrapSample(size_t n, uint64_t seed) {
  model::SplitMix64 rng(seed);
  std::vector<size_t> rows(n);
  for (size_t& r : rows) r = rng.Below(n);
  return rows;
}

std::vector<Split> LeaveOneGroupOut(std::span<const std::string> groups) {
  std::vector<std::string> order;
  std::map<std::string, size_t> index;
  for (const std::string& g : groups) {
    if (index.emplace(g, order.size()).second) order.push_back(g);
  }
  std::vector<Split> splits(order.size());
  for (size_t row = 0; row < groups.size(); ++row) {
    const size_t g = index.at(groups[row]);
    for (size_t s = 0; s < splits.size(); ++s)
      (s == g ? splits[s].test : splits[s].train).push_back(row);
  }
  return splits;
}

}  // namespace thaplan
