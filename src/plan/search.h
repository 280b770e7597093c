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
#include <limits>
#include <utility>
#include <vector>

#include "thaplan/plan.h"

namespace thaplan::plan_internal {

inline constexpr int kVars = static_cast<int>(kDecisionVarCount);
// A derived feature: post-op LLD = pre-op LLD + leg-length change.
inline constexpr int kPostopLldVar = kVars;

// A tree specialised on the patient's fixed features: only splits on the
// decision variables (or the derived post-op LLD) remain.
struct PatientNode {
  int var = -1;  // -1: leaf; 0..4 DecisionVar; kPostopLldVar
  float threshold = 0;
  int left = -1, right = -1;
  float value = 0;
};
struct PatientTree {
  std::vector<PatientNode> nodes;
};
struct PatientTarget {
  std::vector<PatientTree> trees;  // trees that depend on the placement, in order
  double constant = 0;  // base_score + the leaves of the other trees, in order
};

// Specialises `model` on `row` (the patient's features); `var_of_feature`
// maps a feature to a decision variable, kPostopLldVar, or -1 (fixed).
PatientTarget SpecialiseOnPatient(const CompiledModel& model, const std::vector<float>& row,
                                  const std::vector<int>& var_of_feature);

// Grid values per variable (ascending); a fixed variable has one value.
struct Grid {
  std::array<std::vector<double>, kDecisionVarCount> values;
  double preop_lld_mm = 0;  // for the derived feature
  size_t Size() const;
};

// The combined-anteversion band: cup AV + factor x stem AV in [min, max].
struct Band {
  bool active = false;
  double factor = 0.7, min = 0, max = 0;
};

using Index = std::array<int, kDecisionVarCount>;

// A tree on grid indices: a split sends index < split left.
struct IndexNode {
  int var = -1;  // -1: leaf
  int split = 0;
  int left = -1, right = -1;
  double value = 0;   // leaf value on the target's scale
  double scaled = 0;  // leaf value x the target's objective factor
};
struct IndexTree {
  std::vector<IndexNode> nodes;
  size_t target = 0;
};

// One search problem: trees specialised on a grid.
struct Problem {
  Grid grid;
  Band band;
  std::vector<IndexTree> trees;   // trees that still depend on a variable
  std::vector<double> constant;   // per target: the rest of the prediction
  std::vector<double> factor;     // per target: direction x weight / scale
  std::vector<double> shift;      // per target: pessimistic shift (or 0)
  PlacementValues standard{};     // tie-break reference
};

// Builds the problem; trees that become constant on the grid fold into
// `constant` in tree order.
Problem MakeProblem(const std::vector<PatientTarget>& targets, Grid grid, Band band,
                    std::vector<double> factor, std::vector<double> shift,
                    const PlacementValues& standard);

PlacementValues ValuesAt(const Grid& grid, const Index& index);
std::vector<double> PredictAt(const Problem& p, const Index& index);  // per target
double ObjectiveAt(const Problem& p, const Index& index);
double ObjectiveFrom(const Problem& p, const std::vector<double>& predictions);
double DistanceToStandard(const Problem& p, const Index& index);
bool InBand(const Band& band, double cup_av, double stem_av);

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
  constexpr size_t kAv = static_cast<size_t>(DecisionVar::kCupAnteversion);
  constexpr size_t kStem = static_cast<size_t>(DecisionVar::kStemAnteversion);
  for (;;) {
    if (InBand(p.band, p.grid.values[kAv][static_cast<size_t>(i[kAv])],
               p.grid.values[kStem][static_cast<size_t>(i[kStem])])) {
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
