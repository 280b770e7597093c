// Exact search over the grid: best-first branch and bound over boxes of grid
// indices (Land & Doig 1960), bounded tree by tree, and the brute force it
// must agree with. See search.h for why the answers are identical.
#include <algorithm>
#include <cmath>
#include <queue>

#include "plan/search.h"

namespace thaplan::plan_internal {
namespace {

// More boxes than this means a pathological model; the caller reports it
// rather than waiting (never the case on the benchmark's 900 trees).
constexpr size_t kBoxBudget = 20'000'000;

struct Box {
  Index lo{}, hi{};
};

enum class Overlap { kNone, kPartial, kFull };

// Where the box stands against the combined-anteversion band.
Overlap BandOverlap(const Problem& p, const Box& b) {
  if (!p.band.active) return Overlap::kFull;
  const auto& av = p.grid.values[static_cast<size_t>(DecisionVar::kCupAnteversion)];
  const auto& stem = p.grid.values[static_cast<size_t>(DecisionVar::kStemAnteversion)];
  constexpr size_t kAv = static_cast<size_t>(DecisionVar::kCupAnteversion);
  constexpr size_t kStem = static_cast<size_t>(DecisionVar::kStemAnteversion);
  const double low = av[static_cast<size_t>(b.lo[kAv])] +
                     p.band.factor * stem[static_cast<size_t>(b.lo[kStem])];
  const double high = av[static_cast<size_t>(b.hi[kAv])] +
                      p.band.factor * stem[static_cast<size_t>(b.hi[kStem])];
  const double min = p.band.min - 1e-9, max = p.band.max + 1e-9;
  if (high < min || low > max) return Overlap::kNone;
  return low >= min && high <= max ? Overlap::kFull : Overlap::kPartial;
}

// How much of the box the exclusions cover.
Overlap ExclusionOverlap(const std::vector<Exclusion>& exclusions, const Box& b) {
  Overlap worst = Overlap::kNone;
  for (const Exclusion& e : exclusions) {
    bool full = true, disjoint = false;
    for (size_t v = 0; v < kDecisionVarCount; ++v) {
      const auto [first, last] = e.range[v];
      if (b.hi[v] < first || b.lo[v] > last) disjoint = true;
      if (b.lo[v] < first || b.hi[v] > last) full = false;
    }
    if (disjoint) continue;
    if (full) return Overlap::kFull;
    worst = Overlap::kPartial;
  }
  return worst;
}

struct Bounded {
  Box box;
  double bound = 0;
  bool constant = true;  // every tree reaches one leaf on the box
  int split_var = -1, split_at = 0;
  bool operator>(const Bounded& o) const { return bound > o.bound; }
};

// Lower bound of the objective over the box: the constant part plus each
// tree's smallest reachable scaled leaf. Also finds where to split: the
// widest variable with a straddling split, at the split nearest its middle.
void Bound(const Problem& p, double base, Bounded* b, std::vector<int>* stack) {
  std::array<int, kDecisionVarCount> best_gap;
  best_gap.fill(-1);
  std::array<int, kDecisionVarCount> best_at{};
  double sum = base;
  for (const IndexTree& tree : p.trees) {
    double min = std::numeric_limits<double>::infinity();
    stack->clear();
    stack->push_back(0);
    while (!stack->empty()) {
      const IndexNode& node = tree.nodes[static_cast<size_t>(stack->back())];
      stack->pop_back();
      if (node.var < 0) {
        min = std::min(min, node.scaled);
        continue;
      }
      const size_t v = static_cast<size_t>(node.var);
      if (b->box.hi[v] < node.split) {
        stack->push_back(node.left);
      } else if (b->box.lo[v] >= node.split) {
        stack->push_back(node.right);
      } else {
        stack->push_back(node.left);
        stack->push_back(node.right);
        const int gap = std::abs(2 * node.split - (b->box.lo[v] + b->box.hi[v] + 1));
        if (best_gap[v] < 0 || gap < best_gap[v] ||
            (gap == best_gap[v] && node.split < best_at[v])) {
          best_gap[v] = gap;
          best_at[v] = node.split;
        }
      }
    }
    sum += min;
  }
  b->bound = sum;
  b->constant = true;
  int widest = -1;
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    if (best_gap[v] < 0) continue;
    b->constant = false;
    const int width = b->box.hi[v] - b->box.lo[v];
    if (widest < 0 || width > widest) {
      widest = width;
      b->split_var = static_cast<int>(v);
      b->split_at = best_at[v];
    }
  }
}

// The point of the box nearest the standard plan (per variable, the nearest
// value; the lower index on a tie, as the brute force's index order has it).
Index Nearest(const Problem& p, const Box& b) {
  Index out{};
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    const auto& values = p.grid.values[v];
    int best = b.lo[v];
    for (int i = b.lo[v]; i <= b.hi[v]; ++i) {
      if (std::abs(values[static_cast<size_t>(i)] - p.standard[v]) <
          std::abs(values[static_cast<size_t>(best)] - p.standard[v])) {
        best = i;
      }
    }
    out[v] = best;
  }
  return out;
}

bool Better(double value, double distance, const Index& index, const Found& best) {
  if (!best.found || value != best.value) return !best.found || value < best.value;
  if (distance != best.distance) return distance < best.distance;
  return index < best.index;
}

void Offer(const Problem& p, const Index& index, Found* best) {
  const double value = ObjectiveAt(p, index);
  const double distance = DistanceToStandard(p, index);
  if (Better(value, distance, index, *best)) *best = {true, value, distance, index};
}

double Tolerance(double value) { return 1e-9 * (1 + std::abs(value)); }

}  // namespace

Found BranchAndBound(const Problem& p, const std::vector<Exclusion>& exclusions,
                     size_t* boxes, bool* exhausted) {
  Found best;
  *exhausted = false;
  double base = 0;
  for (size_t t = 0; t < p.constant.size(); ++t) {
    base += p.factor[t] * (p.constant[t] + p.shift[t]);
  }
  std::priority_queue<Bounded, std::vector<Bounded>, std::greater<>> queue;
  std::vector<int> stack;
  const auto push = [&](const Box& box) {
    if (BandOverlap(p, box) == Overlap::kNone) return;
    if (ExclusionOverlap(exclusions, box) == Overlap::kFull) return;
    Bounded b{box};
    Bound(p, base, &b, &stack);
    ++*boxes;
    if (best.found && b.bound > best.value + Tolerance(best.value)) return;
    queue.push(b);
  };
  Box root;
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    if (p.grid.values[v].empty()) return best;
    root.hi[v] = static_cast<int>(p.grid.values[v].size()) - 1;
  }
  push(root);
  while (!queue.empty()) {
    const Bounded b = queue.top();
    queue.pop();
    if (best.found && b.bound > best.value + Tolerance(best.value)) break;
    if (*boxes > kBoxBudget) {
      *exhausted = true;
      return Found();
    }
    const bool clean = BandOverlap(p, b.box) == Overlap::kFull &&
                       ExclusionOverlap(exclusions, b.box) == Overlap::kNone;
    if (b.constant && clean) {
      Offer(p, Nearest(p, b.box), &best);
      continue;
    }
    int var = b.split_var, at = b.split_at;
    if (b.constant) {  // constant but partly infeasible or excluded: halve it
      var = -1;
      for (size_t v = 0; v < kDecisionVarCount; ++v) {
        const int width = b.box.hi[v] - b.box.lo[v];
        if (width > 0 && (var < 0 || width > b.box.hi[static_cast<size_t>(var)] -
                                                 b.box.lo[static_cast<size_t>(var)])) {
          var = static_cast<int>(v);
        }
      }
      if (var < 0) continue;  // one point, neither clean nor pruned: cannot happen
      at = (b.box.lo[static_cast<size_t>(var)] + b.box.hi[static_cast<size_t>(var)] + 1) / 2;
    }
    Box left = b.box, right = b.box;
    left.hi[static_cast<size_t>(var)] = at - 1;
    right.lo[static_cast<size_t>(var)] = at;
    push(left);
    push(right);
  }
  return best;
}

Found BruteForce(const Problem& p, const std::vector<Exclusion>& exclusions) {
  Found best;
  ForEachFeasible(p, [&](const Index& i) {
    if (ExclusionOverlap(exclusions, Box{i, i}) != Overlap::kFull) Offer(p, i, &best);
  });
  return best;
}

}  // namespace thaplan::plan_internal
