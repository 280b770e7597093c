// Exact search over the grid: best-first branch and bound over boxes of grid
// indices (Land & Doig 1960), bounded tree by tree, and the brute force it
// must agree with. See search.h for why the answers are identical.
#include "plan/search.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>
#include <set>
#include <utility>

namespace thaplan::plan_internal {
namespace {

// More boxes than this means a pathological model; the caller reports it
// rather than waiting (never the case on the benchmark's 900 trees).
constexpr size_t kBoxBudget = 20'000'000;

struct Box {
  Index lo{}, hi{};
};

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

// The box's range of the combined-anteversion feature over its feasible
// points: its corners' sums (the float sum rises with both indices), cut to
// the band when the band is on the same sum (a feasible point's double sum is
// inside the band's limits, so its float is inside their floats: rounding is
// monotone) and to the support range. Infeasible points are never
// candidates, so bounds need hold for feasible ones only. Empty (low > high)
// only when the box holds no feasible point.
void CombinedRange(const Problem& p, const Box& b, float* low, float* high) {
  *low = CombinedAt(p, b.lo[kAvIdx], b.lo[kStemIdx]);
  *high = CombinedAt(p, b.hi[kAvIdx], b.hi[kStemIdx]);
  if (p.band.active && p.band.factor == kWidmerStemFactor) {
    // The same expressions as InBand's.
    *low = std::max(*low, static_cast<float>(p.band.min - 1e-9));
    *high = std::min(*high, static_cast<float>(p.band.max + 1e-9));
  }
  if (p.band.support_active) {
    *low = std::max(*low, p.band.support_min);
    *high = std::min(*high, p.band.support_max);
  }
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

// What a varying term gave on the box it was bounded on: its minimum and,
// per variable, the split it offers (the best of its own offers: the box's
// choice is the best of all offers, whatever their order), and the
// combined-anteversion threshold it offers. Its offers are exactly its
// straddled table axes and tree splits; the rest of the term resolves one way
// on the box and so on every sub-box. A sub-box whose ranges equal the box's
// on every offered variable (on cup and stem anteversion, which decide the
// range of the sum, when it offers a threshold) therefore gets the same
// minimum, offers and deep-tree fork, bit for bit: the memo is copied rather
// than recomputed (Bound).
struct Memo {
  double min = 0;
  float sum_at = 0;  // where offers has kSumBit
  // Where offers has the variable's bit (grid indices fit: RankedSearch
  // keeps no memos on a grid with more values per variable than int16_t holds).
  std::array<int16_t, kDecisionVarCount> at{};
  uint8_t offers = 0;  // bit v: offers a split on v
};
constexpr uint8_t kSumBit = 1u << kDecisionVarCount;
constexpr uint8_t kAllVars = (1u << kDecisionVarCount) - 1;

// The variables whose ranges a memo depends on.
uint8_t Reads(const Memo& m) {
  if ((m.offers & kSumBit) == 0) return m.offers;
  return static_cast<uint8_t>((m.offers & kAllVars) | (1u << kAvIdx) | (1u << kStemIdx));
}

// The bounding terms (tables and deep trees) that still vary over a box.
// A term that reaches one table cell or one leaf on a box does so on every
// sub-box (a sub-box's index ranges and range of sums lie inside the box's),
// so its minimum is final: it is summed into `resolved` once, and a
// sub-box's bound recomputes only the terms listed here. Most terms resolve
// a few splits below the root, which is where bounding's time went. Each
// listed term carries its memo on the box (valid when `memos`).
struct TableTerm {
  Memo memo;
  uint32_t table;  // into Problem::tables
};
// A deep tree with the node its walks start at: the first node of the box's
// walk with both branches reachable (the path above it resolves the same way
// on every sub-box).
struct TreeTerm {
  Memo memo;
  uint32_t tree;  // into Problem::deep
  int entry;
};
struct Terms {
  std::vector<TableTerm> tables;
  std::vector<TreeTerm> trees;
  double resolved = 0;  // base + the resolved terms' minima
  bool memos = false;   // false: every term is bounded afresh (the root's terms)
};

struct Bounded {
  Box box;
  double bound = 0;
  bool constant = true;  // every tree reaches one leaf on the box
  int split_var = -1, split_at = 0;
  Terms terms;  // what the box's sub-boxes must still bound
  bool operator>(const Bounded& o) const { return bound > o.bound; }
};

// Where to split a box: per variable, the straddling split nearest the
// middle of the box's range; and the straddling combined-anteversion
// threshold nearest the middle of the box's range of sums (turned into a
// split on cup or stem anteversion once, after bounding: OfferCombined).
struct SplitChoice {
  std::array<int, kDecisionVarCount> gap;
  std::array<int, kDecisionVarCount> at{};
  bool combined = false;
  float combined_at = 0, combined_gap = 0;
  uint8_t offered = 0;  // bit v: gap[v] set
  SplitChoice() { gap.fill(-1); }
  void OfferSum(float low, float high, float threshold) {
    const float g = std::abs(2 * threshold - (low + high));
    if (!combined || g < combined_gap || (g == combined_gap && threshold < combined_at)) {
      combined = true;
      combined_gap = g;
      combined_at = threshold;
    }
  }
  void Offer(const Box& box, size_t v, int split) {
    const int g = std::abs(2 * split - (box.lo[v] + box.hi[v] + 1));
    if (gap[v] < 0 || g < gap[v] || (g == gap[v] && split < at[v])) {
      gap[v] = g;
      at[v] = split;
      offered = static_cast<uint8_t>(offered | (1u << v));
    }
  }
  // Offers a term's best splits (its memo's) again: the same choice as
  // offering all of its splits, the best being the smallest (gap, split).
  void OfferMemo(const Box& box, float low, float high, const Memo& m) {
    for (unsigned bits = m.offers & kAllVars; bits != 0; bits &= bits - 1) {
      const size_t v = static_cast<size_t>(std::countr_zero(bits));
      Offer(box, v, m.at[v]);
    }
    if ((m.offers & kSumBit) != 0) OfferSum(low, high, m.sum_at);
  }
  // One term's own choice, as a memo with its minimum.
  Memo ToMemo(double min) const {
    Memo m;
    m.min = min;
    m.offers = offered;
    for (unsigned bits = offered; bits != 0; bits &= bits - 1) {
      const size_t v = static_cast<size_t>(std::countr_zero(bits));
      m.at[v] = static_cast<int16_t>(at[v]);
    }
    if (combined) {
      m.offers |= kSumBit;
      m.sum_at = combined_at;
    }
    return m;
  }
};

// A combined-anteversion split straddling the box: offered on the wider of
// cup and stem anteversion (in indices), where the threshold crosses that
// angle's axis at the middle of the other's range (kept inside the box, so
// both halves are smaller; repeated splits resolve it).
void OfferCombined(const Problem& p, const Box& box, float threshold,
                   SplitChoice* choice) {
  const int av_width = box.hi[kAvIdx] - box.lo[kAvIdx];
  const int stem_width = box.hi[kStemIdx] - box.lo[kStemIdx];
  const bool on_av = av_width >= stem_width;
  const size_t v = on_av ? kAvIdx : kStemIdx, other = on_av ? kStemIdx : kAvIdx;
  const int at_other = (box.lo[other] + box.hi[other]) / 2;
  // The first index in (lo[v], hi[v]] not below the threshold.
  choice->Offer(
      box, v, FirstCombinedNotBelow(p, v, at_other, box.lo[v] + 1, box.hi[v], threshold));
}

// A box's range of the combined anteversion (CombinedRange) and the cells of
// its ends among all tables' thresholds (Problem::combined_thresholds).
struct SumRange {
  float low = 0, high = 0;
  size_t first = 0, last = 0;
};

// The smallest of values[0, n): four independent minima, so the loop is not
// one chain of dependent comparisons (the minimum does not depend on the
// order; the values are never NaN).
double RangeMin(const double* values, size_t n) {
  double m0 = std::numeric_limits<double>::infinity(), m1 = m0, m2 = m0, m3 = m0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    m0 = std::min(m0, values[i]);
    m1 = std::min(m1, values[i + 1]);
    m2 = std::min(m2, values[i + 2]);
    m3 = std::min(m3, values[i + 3]);
  }
  for (; i < n; ++i) m0 = std::min(m0, values[i]);
  return std::min(std::min(m0, m1), std::min(m2, m3));
}

// The smallest value of a table over the box; straddling bounds are offered
// as splits. On a combined-anteversion axis the box's cells are those of its
// corners' sums (the sum rises with both indices).
// `sums`: the box's CombinedRange and its cells among all tables' thresholds.
// `varies`: whether the box meets more than one of the table's cells.
double TableMin(const CellTable& t, const Box& box, const SumRange& sums,
                SplitChoice* choice, bool* varies) {
  const float low = sums.low, high = sums.high;
  std::array<size_t, kMaxTableDims> first{}, last{};
  for (int a = 0; a < t.dims; ++a) {
    const size_t axis = static_cast<size_t>(a);
    if (t.var[axis] == kCombinedAvVar) {
      const std::vector<float>& b = t.combined_bounds;
      first[axis] = t.combined_cell_of[sums.first];
      last[axis] = t.combined_cell_of[sums.last];
      // Thresholds in (low, high]: the middle one.
      if (first[axis] < last[axis]) {
        choice->OfferSum(low, high, b[(first[axis] + last[axis] - 1) / 2]);
      }
      continue;
    }
    const size_t v = static_cast<size_t>(t.var[axis]);
    const std::vector<uint16_t>& cell = t.cell_of[axis];
    first[axis] = cell[static_cast<size_t>(box.lo[v])];
    last[axis] = cell[static_cast<size_t>(box.hi[v])];
    if (first[axis] == last[axis]) continue;
    // Bounds in (lo, hi] (the cell of index x is the count of bounds <= x):
    // the one nearest the middle.
    const std::vector<int>& b = t.bounds[axis];
    const auto lo = b.begin() + static_cast<long>(first[axis]);
    const auto hi = b.begin() + static_cast<long>(last[axis]);
    const int mid = (box.lo[v] + box.hi[v] + 1) / 2;
    auto near = std::lower_bound(lo, hi, mid);
    if (near != hi) choice->Offer(box, v, *near);
    if (near != lo) choice->Offer(box, v, *(near - 1));
  }
  *varies = first != last;
  const size_t n1 = t.Cells(1), n2 = t.Cells(2);
  double min = std::numeric_limits<double>::infinity();
  for (size_t c0 = first[0]; c0 <= last[0]; ++c0) {
    for (size_t c1 = first[1]; c1 <= last[1]; ++c1) {
      const double* row = &t.value[(c0 * n1 + c1) * n2];
      min = std::min(min, RangeMin(row + first[2], last[2] - first[2] + 1));
    }
  }
  return min;
}

// The smallest scaled leaf reachable in the box of a tree's subtree at
// `entry`; `varies`: whether more than one leaf is, and then `fork` is the
// first node with both branches reachable.
double TreeMin(const IndexTree& tree, int entry, const Box& box, float low, float high,
               SplitChoice* choice, std::vector<int>* stack, bool* varies, int* fork) {
  double min = std::numeric_limits<double>::infinity();
  *varies = false;
  stack->clear();
  stack->push_back(entry);
  while (!stack->empty()) {
    const int at = stack->back();
    const IndexNode& node = tree.nodes[static_cast<size_t>(at)];
    stack->pop_back();
    if (node.var < 0) {
      min = std::min(min, node.scaled);
      continue;
    }
    if (node.var == kCombinedAvVar) {
      if (high < node.threshold) {
        stack->push_back(node.left);
      } else if (low >= node.threshold) {
        stack->push_back(node.right);
      } else {
        stack->push_back(node.left);
        stack->push_back(node.right);
        if (!*varies) *fork = at;
        *varies = true;
        choice->OfferSum(low, high, node.threshold);
      }
      continue;
    }
    const size_t v = static_cast<size_t>(node.var);
    if (box.hi[v] < node.split) {
      stack->push_back(node.left);
    } else if (box.lo[v] >= node.split) {
      stack->push_back(node.right);
    } else {
      stack->push_back(node.left);
      stack->push_back(node.right);
      if (!*varies) *fork = at;
      *varies = true;
      choice->Offer(box, v, node.split);
    }
  }
  return min;
}

// Lower bound of the objective over the box: the resolved terms of its
// parent (`from`, bounded on `parent`), plus the minimum of each of the
// parent's varying tables and deep trees over the box. A term whose memo
// reads none of the variables whose range differs from the parent's keeps
// its memo (nothing it reads changed); the others are bounded again. The
// minima are summed in the same order either way. The box is a cell (every
// tree constant on it) when nothing straddles it; otherwise the split is on
// the widest straddled variable.
// `memos`: whether the box's terms keep memos for its sub-boxes.
void Bound(const Problem& p, const Terms& from, const Box& parent, bool memos, Bounded* b,
           std::vector<int>* stack) {
  SplitChoice choice;
  float low = 0, high = 0;
  CombinedRange(p, b->box, &low, &high);
  const std::vector<float>& all = p.combined_thresholds;
  const SumRange sums{
      low, high,
      static_cast<size_t>(std::upper_bound(all.begin(), all.end(), low) - all.begin()),
      static_cast<size_t>(std::upper_bound(all.begin(), all.end(), high) - all.begin())};
  uint8_t changed = 0;
  if (from.memos) {
    for (size_t v = 0; v < kDecisionVarCount; ++v) {
      if (b->box.lo[v] != parent.lo[v] || b->box.hi[v] != parent.hi[v]) {
        changed = static_cast<uint8_t>(changed | (1u << v));
      }
    }
  }
  const auto keep = [&](const Memo& m) {
    return from.memos && (Reads(m) & changed) == 0;
  };
  Terms& terms = b->terms;
  terms.resolved = from.resolved;
  terms.memos = memos;
  terms.tables.clear();
  terms.trees.clear();
  terms.tables.reserve(from.tables.size());
  terms.trees.reserve(from.trees.size());
  double varying = 0;
  // A term still varying on the box: its minimum joins the bound, its offers
  // the box's choice.
  const auto add = [&](const Memo& m) {
    varying += m.min;
    choice.OfferMemo(b->box, low, high, m);
  };
  for (const TableTerm& term : from.tables) {
    if (keep(term.memo)) {
      add(term.memo);
      terms.tables.push_back(term);
      continue;
    }
    SplitChoice own;
    bool varies = false;
    const double min = TableMin(p.tables[term.table], b->box, sums, &own, &varies);
    if (varies) {
      terms.tables.push_back({own.ToMemo(min), term.table});
      add(terms.tables.back().memo);
    } else {
      terms.resolved += min;
    }
  }
  for (const TreeTerm& term : from.trees) {
    if (keep(term.memo)) {
      add(term.memo);
      terms.trees.push_back(term);
      continue;
    }
    SplitChoice own;
    bool varies = false;
    int fork = term.entry;
    const double min = TreeMin(p.trees[p.deep[term.tree]], term.entry, b->box, low, high,
                               &own, stack, &varies, &fork);
    if (varies) {
      terms.trees.push_back({own.ToMemo(min), term.tree, fork});
      add(terms.trees.back().memo);
    } else {
      terms.resolved += min;
    }
  }
  const double sum = terms.resolved + varying;
  if (choice.combined) OfferCombined(p, b->box, choice.combined_at, &choice);
  b->bound = sum;
  b->constant = true;
  int widest = -1;
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    if (choice.gap[v] < 0) continue;
    b->constant = false;
    const int width = b->box.hi[v] - b->box.lo[v];
    if (widest < 0 || width > widest) {
      widest = width;
      b->split_var = static_cast<int>(v);
      b->split_at = choice.at[v];
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
