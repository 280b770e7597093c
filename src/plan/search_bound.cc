// Bounding a box (search_bound.h): each varying term's minimum over the box
// (cell tables and deep trees), the split choice, and the memos that let a
// sub-box copy what did not change.
#include "plan/search_bound.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace thaplan::plan_internal {
namespace {

constexpr uint8_t kSumBit = 1u << kDecisionVarCount;
constexpr uint8_t kAllVars = (1u << kDecisionVarCount) - 1;

// The variables whose ranges a memo depends on.
uint8_t Reads(const Memo& m) {
  if ((m.offers & kSumBit) == 0) return m.offers;
  return static_cast<uint8_t>((m.offers & kAllVars) | (1u << kAvIdx) | (1u << kStemIdx));
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
  // Offers a term's own best splits, freshly chosen (their indices need not
  // fit a memo's).
  void Merge(const Box& box, float low, float high, const SplitChoice& own) {
    for (unsigned bits = own.offered; bits != 0; bits &= bits - 1) {
      const size_t v = static_cast<size_t>(std::countr_zero(bits));
      Offer(box, v, own.at[v]);
    }
    if (own.combined) OfferSum(low, high, own.combined_at);
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
    // Whether every point of the box goes left, or every point right.
    const bool sum = node.var == kCombinedAvVar;
    const size_t v = sum ? 0 : static_cast<size_t>(node.var);
    const bool left = sum ? high < node.threshold : box.hi[v] < node.split;
    const bool right = sum ? low >= node.threshold : box.lo[v] >= node.split;
    if (left) {
      stack->push_back(node.left);
    } else if (right) {
      stack->push_back(node.right);
    } else {
      stack->push_back(node.left);
      stack->push_back(node.right);
      if (!*varies) *fork = at;
      *varies = true;
      if (sum) {
        choice->OfferSum(low, high, node.threshold);
      } else {
        choice->Offer(box, v, node.split);
      }
    }
  }
  return min;
}

}  // namespace

// Lower bound of the objective over the box: the resolved terms of its
// parent (`from`, bounded on `parent`), plus the minimum of each of the
// parent's varying tables and deep trees over the box. A term whose memo
// reads none of the variables whose range differs from the parent's keeps
// its memo (nothing it reads changed); the others are bounded again. The
// minima are summed in the same order either way. The box is a cell (every
// tree constant on it) when nothing straddles it; otherwise the split is on
// the variable the most varying terms straddle (the widest on a tie), at that
// variable's straddling split nearest the middle of the box.
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
  // Per variable: the varying terms with a split straddling the box (a split
  // on the combined anteversion counts for the cup and the stem).
  std::array<int, kDecisionVarCount> straddled{};
  // A term still varying on the box: its minimum joins the bound, its offers
  // the box's choice (`own`: those of a term bounded afresh, whose memo may
  // not hold its splits when memos are off).
  const auto add = [&](const Memo& m, const SplitChoice* own) {
    varying += m.min;
    if (own != nullptr) {
      choice.Merge(b->box, low, high, *own);
    } else {
      choice.OfferMemo(b->box, low, high, m);
    }
    for (unsigned bits = Reads(m); bits != 0; bits &= bits - 1) {
      ++straddled[static_cast<size_t>(std::countr_zero(bits))];
    }
  };
  // A term of the parent: kept with its memo when nothing it reads changed,
  // else bounded afresh (`bound_afresh` fills the split choice and whether it
  // varies, and may update the new term); a resolved term joins the constant
  // part.
  const auto visit = [&](const auto& term, auto* into, const auto& bound_afresh) {
    if (keep(term.memo)) {
      add(term.memo, nullptr);
      into->push_back(term);
      return;
    }
    SplitChoice own;
    bool varies = false;
    auto fresh = term;
    const double min = bound_afresh(&own, &varies, &fresh);
    if (!varies) {
      terms.resolved += min;
      return;
    }
    fresh.memo = own.ToMemo(min);
    into->push_back(fresh);
    add(into->back().memo, &own);
  };
  for (const TableTerm& term : from.tables) {
    visit(term, &terms.tables, [&](SplitChoice* own, bool* varies, TableTerm*) {
      return TableMin(p.tables[term.table], b->box, sums, own, varies);
    });
  }
  for (const TreeTerm& term : from.trees) {
    // A deep tree's walk starts again where the parent's forked.
    visit(term, &terms.trees, [&](SplitChoice* own, bool* varies, TreeTerm* fresh) {
      return TreeMin(p.trees[p.deep[term.tree]], term.entry, b->box, low, high, own,
                     stack, varies, &fresh->entry);
    });
  }
  const double sum = terms.resolved + varying;
  if (choice.combined) OfferCombined(p, b->box, choice.combined_at, &choice);
  b->bound = sum;
  b->constant = true;
  // The split is on the variable the most varying terms straddle, the widest
  // on a tie: 29 % fewer boxes than the widest alone over the bench's 60
  // patients (docs/planning-history.md).
  int most = -1, widest = -1;
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    if (choice.gap[v] < 0) continue;
    b->constant = false;
    const int width = b->box.hi[v] - b->box.lo[v];
    if (straddled[v] > most || (straddled[v] == most && width > widest)) {
      most = straddled[v];
      widest = width;
      b->split_var = static_cast<int>(v);
      b->split_at = choice.at[v];
    }
  }
}

}  // namespace thaplan::plan_internal
