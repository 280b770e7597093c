// The planner's search engine (docs/planning.md): trees specialised on a
// patient's fixed features, then on a grid of decision-variable values, and
// an exact branch and bound over boxes of that grid.
//
// Exactness: every point's objective is computed by one function
// (ObjectiveAt), which sums each target's leaves in tree order; points of a
// box on which every tree reaches a single leaf get bit-identical values. The
// branch and bound prunes a box only when its lower bound exceeds the best
// value found by more than a tolerance far above the rounding of the bound,
// so it returns the same point as evaluating every grid point (BruteForce):
// the smallest objective, ties broken by the squared distance to the standard
// plan, then by the smallest grid index.
#ifndef THAPLAN_PLAN_SEARCH_H_
#define THAPLAN_PLAN_SEARCH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "thaplan/dataset.h"
#include "thaplan/plan.h"

namespace thaplan::plan_internal {

inline constexpr int kVars = static_cast<int>(kDecisionVarCount);
// Derived features: post-op LLD = pre-op LLD + leg-length change, and the
// combined anteversion = cup AV + 0.7 x stem AV (Widmer;
// CombinedAnteversionFeature in thaplan/dataset.h).
inline constexpr int kPostopLldVar = kVars;
inline constexpr int kCombinedAvVar = kVars + 1;
inline constexpr size_t kAvIdx = static_cast<size_t>(DecisionVar::kCupAnteversion);
inline constexpr size_t kStemIdx = static_cast<size_t>(DecisionVar::kStemAnteversion);

// A tree specialised on the patient's fixed features: only splits on the
// decision variables (or the derived features) remain.
struct PatientNode {
  int var = -1;  // -1: leaf; 0..4 DecisionVar; kPostopLldVar; kCombinedAvVar
  float threshold = 0;
  int left = -1, right = -1;
  float value = 0;
};
struct PatientTree {
  std::vector<PatientNode> nodes;
};
struct PatientTarget {
  std::vector<PatientTree> trees;  // trees that depend on the placement, in order
  double constant = 0;             // base_score + the leaves of the other trees, in order
};

// Specialises `model` on `row` (the patient's features); `var_of_feature`
// maps a feature to a decision variable, kPostopLldVar, kCombinedAvVar, or -1
// (fixed).
PatientTarget SpecialiseOnPatient(const CompiledModel& model,
                                  const std::vector<float>& row,
                                  const std::vector<int>& var_of_feature);

// Grid values per variable (ascending); a fixed variable has one value.
struct Grid {
  std::array<std::vector<double>, kDecisionVarCount> values;
  double preop_lld_mm = 0;  // for the derived feature
  size_t Size() const;
};

// The constraints on cup AV x stem AV. The profile's combined-anteversion
// band: cup AV + factor x stem AV in [min, max]. The data-support guard: the
// combined-anteversion feature (float, as a model sees it) inside the models'
// training range of it, [support_min, support_max].
struct Band {
  bool active = false;
  double factor = 0.7, min = 0, max = 0;
  bool support_active = false;
  float support_min = 0, support_max = 0;
};

using Index = std::array<int, kDecisionVarCount>;

// A tree on grid indices: a split sends index < split left; a split on the
// combined anteversion (var kCombinedAvVar) sends a point left when its
// combined anteversion (CombinedAt) is below `threshold`, as XGBoost does.
struct IndexNode {
  int var = -1;  // -1: leaf; 0..4 DecisionVar; kCombinedAvVar
  int split = 0;
  float threshold = 0;  // kCombinedAvVar only
  int left = -1, right = -1;
  double value = 0;   // leaf value on the target's scale
  double scaled = 0;  // leaf value x the target's objective factor
};
struct IndexTree {
  std::vector<IndexNode> nodes;
  size_t target = 0;
};

// For bounding only: trees that depend on up to three variables, summed
// (scaled) into a table over the cells their splits make on those variables.
// Cell c of an axis holds the indices from bounds[c - 1] to bounds[c] - 1. The
// combined anteversion counts as a variable (axis var kCombinedAvVar): cell c
// of its axis holds the sums from combined_bounds[c - 1] up to (not including)
// combined_bounds[c].
inline constexpr int kMaxTableDims = 3;
struct CellTable {
  int dims = 0;
  std::array<int, kMaxTableDims> var{-1, -1, -1};
  std::array<std::vector<int>, kMaxTableDims> bounds;  // sorted split indices
  // Per index axis: the cell of each grid index (the count of bounds at or
  // below it), so bounding a box looks cells up rather than searching.
  std::array<std::vector<uint16_t>, kMaxTableDims> cell_of;
  std::vector<float> combined_bounds;  // sorted thresholds
  // For a combined-anteversion axis: the cell of a sum whose cell among all
  // tables' thresholds (Problem::combined_thresholds) is g, at [g]; a box's
  // cells are then found with one search for all tables.
  std::vector<uint16_t> combined_cell_of;
  std::vector<double> value;  // row-major over the axes' cells (last fastest)
  size_t Cells(int axis) const {
    if (axis >= dims) return 1;
    const size_t a = static_cast<size_t>(axis);
    return (var[a] == kCombinedAvVar ? combined_bounds.size() : bounds[a].size()) + 1;
  }
};

// One search problem: trees specialised on a grid.
struct Problem {
  Grid grid;
  Band band;
  // The combined-anteversion feature of every (cup AV, stem AV) grid pair,
  // cup-major (CombinedAt): one computation, shared by every evaluation.
  std::vector<float> combined;
  std::vector<IndexTree> trees;            // trees that still depend on a variable
  std::vector<CellTable> tables;           // bounding: trees on up to three variables
  std::vector<float> combined_thresholds;  // every table's, sorted, distinct
  std::vector<size_t> deep;                // bounding: the other trees (into trees)
  std::vector<double> constant;            // per target: the rest of the prediction
  std::vector<double> factor;              // per target: direction x weight / scale
  std::vector<double> shift;               // per target: pessimistic shift (or 0)
  PlacementValues standard{};              // tie-break reference
};

// Builds the problem; trees that become constant on the grid fold into
// `constant` in tree order.
Problem MakeProblem(const std::vector<PatientTarget>& targets, Grid grid, Band band,
                    std::vector<double> factor, std::vector<double> shift,
                    const PlacementValues& standard);

// Fills p->tables and p->deep from p->trees (MakeProblem calls it).
void BuildBoundingTables(Problem* p);

inline float CombinedAt(const Problem& p, int cup_av, int stem_av) {
  return p.combined[static_cast<size_t>(cup_av) * p.grid.values[kStemIdx].size() +
                    static_cast<size_t>(stem_av)];
}
// The first index in [lo, hi) of cup anteversion (`along` = kAvIdx) or stem
// anteversion (kStemIdx), the other angle at index `other`, whose combined
// anteversion is not below `threshold` (hi when none): the sum rises with
// each index, so a binary search finds it.
inline int FirstCombinedNotBelow(const Problem& p, size_t along, int other, int lo,
                                 int hi, float threshold) {
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    const float x =
        along == kAvIdx ? CombinedAt(p, mid, other) : CombinedAt(p, other, mid);
    if (x < threshold) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
// XGBoost's rule at an index-tree split node: true when the point goes left.
inline bool GoesLeft(const Problem& p, const IndexNode& node, const Index& index) {
  if (node.var == kCombinedAvVar) {
    return CombinedAt(p, index[kAvIdx], index[kStemIdx]) < node.threshold;
  }
  return index[static_cast<size_t>(node.var)] < node.split;
}

PlacementValues ValuesAt(const Grid& grid, const Index& index);
std::vector<double> PredictAt(const Problem& p, const Index& index);  // per target
double ObjectiveAt(const Problem& p, const Index& index);
double ObjectiveFrom(const Problem& p, const std::vector<double>& predictions);
// The objective from the bounding tables: equal to ObjectiveAt up to the
// order of summation (rounding, ~1e-15 relative), much cheaper; for the heat
// map, never for choosing the optimum.
double TableObjectiveAt(const Problem& p, const Index& index);
double DistanceToStandard(const Problem& p, const Index& index);
// The profile's band only (for flags).
bool InBand(const Band& band, double cup_av, double stem_av);
// The band and the data-support range of the combined anteversion.
bool Feasible(const Band& band, double cup_av, double stem_av);
// The data-support range only: a combined-anteversion feature value (float,
// as a model sees it) inside the models' training range of it, or no range.
bool InSupport(const Band& band, float combined);

// Points within `distinct_by` of a chosen placement in every variable are
// excluded (alternatives differ by at least that in some variable): the
// excluded index range [first, last] per variable.
struct Exclusion {
  std::array<std::pair<int, int>, kDecisionVarCount> range;
};
Exclusion ExcludeAround(const Grid& grid, const Index& chosen, double distinct_by);

struct Found {
  bool found = false;
  double value = std::numeric_limits<double>::infinity();
  double distance = 0;
  Index index{};
};

// The exact search, continued: Next() gives the best feasible point that no
// exclusion covers; after Exclude(), the next Next() gives the best of the
// rest, reusing every box already bounded (ranked alternatives cost little
// more than the optimum). Stops with found = false and `exhausted` set when
// the box budget is spent (never a wrong answer).
class RankedSearch {
 public:
  explicit RankedSearch(const Problem& p);  // p must outlive the search
  ~RankedSearch();
  RankedSearch(const RankedSearch&) = delete;
  RankedSearch& operator=(const RankedSearch&) = delete;
  void Exclude(const Exclusion& e);
  Found Next(bool* exhausted);
  size_t boxes() const;  // boxes bounded so far

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// The exact optimum by branch and bound; `boxes` counts boxes bounded.
// Stops with found = false when the box budget is spent (never a wrong
// answer): `exhausted` is then set.
Found BranchAndBound(const Problem& p, const std::vector<Exclusion>& exclusions,
                     size_t* boxes, bool* exhausted);
// The same by evaluating every feasible grid point.
Found BruteForce(const Problem& p, const std::vector<Exclusion>& exclusions);
// Calls f(index) for every feasible point, in lexicographic index order
// (the last variable fastest), without storing them.
template <typename F>
void ForEachFeasible(const Problem& p, F&& f) {
  Index i{};
  for (const auto& values : p.grid.values) {
    if (values.empty()) return;
  }
  for (;;) {
    if (Feasible(p.band, p.grid.values[kAvIdx][static_cast<size_t>(i[kAvIdx])],
                 p.grid.values[kStemIdx][static_cast<size_t>(i[kStemIdx])])) {
      f(static_cast<const Index&>(i));
    }
    size_t v = kDecisionVarCount;  // odometer
    for (;;) {
      --v;
      if (++i[v] < static_cast<int>(p.grid.values[v].size())) break;
      i[v] = 0;
      if (v == 0) return;
    }
  }
}

}  // namespace thaplan::plan_internal

#endif  // THAPLAN_PLAN_SEARCH_H_
