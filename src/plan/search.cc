// Exact search over the grid: best-first branch and bound over boxes of grid
// indices (Land & Doig 1960), bounded tree by tree, and the brute force it
// must agree with. See search.h for why the answers are identical.
#include "plan/search.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <set>
#include <utility>

#include "plan/search_bound.h"

namespace thaplan::plan_internal {
namespace {

// More boxes than this means a pathological model; the caller reports it
// rather than waiting (never the case on the benchmark's 900 trees).
constexpr size_t kBoxBudget = 20'000'000;

enum class Overlap { kNone, kPartial, kFull };

Overlap Combine(Overlap a, Overlap b) {
  if (a == Overlap::kNone || b == Overlap::kNone) return Overlap::kNone;
  return a == Overlap::kFull && b == Overlap::kFull ? Overlap::kFull : Overlap::kPartial;
}

// Where the box stands against the training range of the combined-
// anteversion feature: its float value rises with the cup and the stem
// index, so the box's range is that of its first and last corners.
Overlap SupportOverlap(const Problem& p, const Box& b) {
  if (!p.band.support_active) return Overlap::kFull;
  const float low = CombinedAt(p, b.lo[kAvIdx], b.lo[kStemIdx]);
  const float high = CombinedAt(p, b.hi[kAvIdx], b.hi[kStemIdx]);
  if (high < p.band.support_min || low > p.band.support_max) return Overlap::kNone;
  return low >= p.band.support_min && high <= p.band.support_max ? Overlap::kFull
                                                                 : Overlap::kPartial;
}

// Where the box stands against the combined-anteversion band (and the data
// support of the combined anteversion).
Overlap BandOverlap(const Problem& p, const Box& b) {
  const Overlap support = SupportOverlap(p, b);
  if (!p.band.active) return support;
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
  return Combine(low >= min && high <= max ? Overlap::kFull : Overlap::kPartial, support);
}

// Whether every point (cup_av, stem) with indices at or below these has a
// combined anteversion below the band or below the support range (the same
// expressions as Feasible's; both sums rise with each index, rounding being
// monotone, so the predicate holds for all smaller indices too).
bool BelowFeasible(const Problem& p, int cup_av, int stem) {
  const Band& band = p.band;
  if (band.active && band.factor > 0) {
    const double c = p.grid.values[kAvIdx][static_cast<size_t>(cup_av)] +
                     band.factor * p.grid.values[kStemIdx][static_cast<size_t>(stem)];
    if (c < band.min - 1e-9) return true;
  }
  return band.support_active && CombinedAt(p, cup_av, stem) < band.support_min;
}

// The same above the band or the support range.
bool AboveFeasible(const Problem& p, int cup_av, int stem) {
  const Band& band = p.band;
  if (band.active && band.factor > 0) {
    const double c = p.grid.values[kAvIdx][static_cast<size_t>(cup_av)] +
                     band.factor * p.grid.values[kStemIdx][static_cast<size_t>(stem)];
    if (c > band.max + 1e-9) return true;
  }
  return band.support_active && CombinedAt(p, cup_av, stem) > band.support_max;
}

// Cuts the box's cup and stem anteversion ranges to the indices some feasible
// point of the box can have: a cup index is dropped when even the highest
// stem of the box puts it below the band (or the lowest stem above it), and
// likewise a stem index. Only infeasible points go, and they are never
// candidates, so the search's answer is unchanged; the bounds of the
// remaining box are tighter (a box in a corner of the cup x stem rectangle
// keeps only the part the band reaches). False when nothing is left.
bool TrimToFeasible(const Problem& p, Box* b) {
  int& cup_lo = b->lo[kAvIdx];
  int& cup_hi = b->hi[kAvIdx];
  int& stem_lo = b->lo[kStemIdx];
  int& stem_hi = b->hi[kStemIdx];
  while (cup_lo <= cup_hi && BelowFeasible(p, cup_lo, stem_hi)) ++cup_lo;
  while (cup_lo <= cup_hi && AboveFeasible(p, cup_hi, stem_lo)) --cup_hi;
  if (cup_lo > cup_hi) return false;
  while (stem_lo <= stem_hi && BelowFeasible(p, cup_hi, stem_lo)) ++stem_lo;
  while (stem_lo <= stem_hi && AboveFeasible(p, cup_lo, stem_hi)) --stem_hi;
  return stem_lo <= stem_hi;
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

struct RankedSearch::State {
  explicit State(const Problem& problem) : p(problem) {
    for (const auto& values : p.grid.values) {
      if (values.size() > static_cast<size_t>(std::numeric_limits<int16_t>::max())) {
        memos = false;
      }
    }
  }
  const Problem& p;
  bool memos = true;  // Memo::at holds any split of the grid
  Terms all;          // every table and deep tree, over the base
  std::vector<Exclusion> exclusions;
  // A binary heap, smallest bound on top (std::push_heap with greater), so
  // the top can be moved out with its terms rather than copied.
  std::vector<Bounded> queue;
  // Clean cells found so far, best first (their nearest point's value,
  // distance and index).
  struct Cell {
    Found f;
    Box box;
    bool operator<(const Cell& o) const {
      if (f.value != o.f.value) return f.value < o.f.value;
      if (f.distance != o.f.distance) return f.distance < o.f.distance;
      return f.index < o.f.index;
    }
  };
  std::set<Cell> cells;
  std::vector<int> stack;
  size_t boxes = 0;

  // `from`: the terms that vary over `parent`, a box containing `box` (with
  // memos on it, if from.memos).
  void Push(Box box, const Terms& from, const Box& parent) {
    if (!TrimToFeasible(p, &box)) return;
    if (BandOverlap(p, box) == Overlap::kNone) return;
    if (ExclusionOverlap(exclusions, box) == Overlap::kFull) return;
    Bounded b;
    b.box = box;
    Bound(p, from, parent, memos, &b, &stack);
    ++boxes;
    queue.push_back(std::move(b));
    std::push_heap(queue.begin(), queue.end(), std::greater<>());
  }

  Bounded Pop() {
    std::pop_heap(queue.begin(), queue.end(), std::greater<>());
    Bounded b = std::move(queue.back());
    queue.pop_back();
    return b;
  }

  void Expand(const Bounded& b) {
    if (BandOverlap(p, b.box) == Overlap::kNone) return;
    const Overlap excluded = ExclusionOverlap(exclusions, b.box);
    if (excluded == Overlap::kFull) return;
    const bool clean =
        BandOverlap(p, b.box) == Overlap::kFull && excluded == Overlap::kNone;
    if (b.constant && clean) {
      const Index at = Nearest(p, b.box);
      cells.insert({{true, ObjectiveAt(p, at), DistanceToStandard(p, at), at}, b.box});
      return;
    }
    int var = b.split_var, split = b.split_at;
    if (b.constant) {  // constant but partly infeasible or excluded: halve it
      var = -1;
      for (size_t v = 0; v < kDecisionVarCount; ++v) {
        const int width = b.box.hi[v] - b.box.lo[v];
        if (width > 0 && (var < 0 || width > b.box.hi[static_cast<size_t>(var)] -
                                                 b.box.lo[static_cast<size_t>(var)])) {
          var = static_cast<int>(v);
        }
      }
      if (var < 0) return;  // a single point is always clean or dropped
      split =
          (b.box.lo[static_cast<size_t>(var)] + b.box.hi[static_cast<size_t>(var)] + 1) /
          2;
    }
    Box left = b.box, right = b.box;
    left.hi[static_cast<size_t>(var)] = split - 1;
    right.lo[static_cast<size_t>(var)] = split;
    Push(left, b.terms, b.box);
    Push(right, b.terms, b.box);
  }
};

RankedSearch::RankedSearch(const Problem& p) : s_(std::make_unique<State>(p)) {
  for (size_t t = 0; t < p.constant.size(); ++t) {
    s_->all.resolved += p.factor[t] * (p.constant[t] + p.shift[t]);
  }
  for (uint32_t t = 0; t < p.tables.size(); ++t) s_->all.tables.push_back({{}, t});
  for (uint32_t t = 0; t < p.deep.size(); ++t) s_->all.trees.push_back({{}, t, 0});
  Box root;
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    if (p.grid.values[v].empty()) return;
    root.hi[v] = static_cast<int>(p.grid.values[v].size()) - 1;
  }
  s_->Push(root, s_->all, root);
}

RankedSearch::~RankedSearch() = default;

size_t RankedSearch::boxes() const { return s_->boxes; }

void RankedSearch::Exclude(const Exclusion& e) {
  State& s = *s_;
  s.exclusions.push_back(e);
  const std::vector<Exclusion> one = {e};
  for (auto it = s.cells.begin(); it != s.cells.end();) {
    const Overlap o = ExclusionOverlap(one, it->box);
    if (o == Overlap::kNone) {
      ++it;
      continue;
    }
    if (o == Overlap::kPartial)
      s.Push(it->box, s.all, it->box);  // the rest competes again
    it = s.cells.erase(it);
  }
}

// Boxes are never pruned, only left in the queue: a later Next() (after an
// exclusion) may need them. The answer is final once no queued box could
// hold a value at or below the best clean cell's.
Found RankedSearch::Next(bool* exhausted) {
  State& s = *s_;
  *exhausted = false;
  for (;;) {
    const Found best = s.cells.empty() ? Found() : s.cells.begin()->f;
    if (s.queue.empty() ||
        (best.found && s.queue.front().bound > best.value + Tolerance(best.value))) {
      return best;
    }
    if (s.boxes > kBoxBudget) {
      *exhausted = true;
      return Found();
    }
    s.Expand(s.Pop());
  }
}

Found BranchAndBound(const Problem& p, const std::vector<Exclusion>& exclusions,
                     size_t* boxes, bool* exhausted) {
  RankedSearch search(p);
  for (const Exclusion& e : exclusions) search.Exclude(e);
  const Found f = search.Next(exhausted);
  *boxes += search.boxes();
  return f;
}

Found BruteForce(const Problem& p, const std::vector<Exclusion>& exclusions) {
  Found best;
  ForEachFeasible(p, [&](const Index& i) {
    if (ExclusionOverlap(exclusions, Box{i, i}) != Overlap::kFull) Offer(p, i, &best);
  });
  return best;
}

}  // namespace thaplan::plan_internal
