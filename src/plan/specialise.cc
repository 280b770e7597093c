// Partial evaluation of the trees: first on the patient's fixed features,
// then on a grid of decision-variable values (docs/planning.md).
#include <algorithm>
#include <cmath>

#include "plan/search.h"

namespace thaplan::plan_internal {
namespace {

// Copies the subtree at `n` into `out`, resolving fixed-feature splits with
// the patient's value (XGBoost's rule: x < threshold left, missing default).
int CopyPatient(const CompiledTree& tree, int n, const std::vector<float>& row,
                const std::vector<int>& var_of_feature, PatientTree* out) {
  for (;;) {
    const TreeNode& node = tree.nodes[static_cast<size_t>(n)];
    if (node.feature < 0) break;
    const int var = var_of_feature[static_cast<size_t>(node.feature)];
    if (var >= 0) {
      const int id = static_cast<int>(out->nodes.size());
      out->nodes.push_back({var, node.threshold, -1, -1, 0});
      const int l = CopyPatient(tree, node.left, row, var_of_feature, out);
      const int r = CopyPatient(tree, node.right, row, var_of_feature, out);
      out->nodes[static_cast<size_t>(id)].left = l;
      out->nodes[static_cast<size_t>(id)].right = r;
      return id;
    }
    const float x = row[static_cast<size_t>(node.feature)];
    n = std::isnan(x) ? (node.default_left ? node.left : node.right)
                      : (x < node.threshold ? node.left : node.right);
  }
  out->nodes.push_back({-1, 0, -1, -1, tree.nodes[static_cast<size_t>(n)].value});
  return static_cast<int>(out->nodes.size()) - 1;
}

// The feature value XGBoost would see at grid index i of `var`.
float FeatureValue(const Grid& grid, int var, size_t i) {
  if (var == kPostopLldVar) {
    return static_cast<float>(
        grid.preop_lld_mm +
        grid.values[static_cast<size_t>(DecisionVar::kLegLengthChange)][i]);
  }
  return static_cast<float>(grid.values[static_cast<size_t>(var)][i]);
}

// First grid index whose feature value is not below `threshold`; feature
// values rise with the index, so indices below it go left.
int SplitIndex(const Grid& grid, int var, float threshold) {
  const int grid_var =
      var == kPostopLldVar ? static_cast<int>(DecisionVar::kLegLengthChange) : var;
  const size_t n = grid.values[static_cast<size_t>(grid_var)].size();
  size_t lo = 0, hi = n;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (FeatureValue(grid, var, mid) < threshold) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return static_cast<int>(lo);
}

// A combined-anteversion split on the grid, as `node`; or resolved, when
// every grid pair is on one side (`resolved` -1: left, +1: right, 0: not).
// With one cup (or one stem) value it becomes a split on the other angle: the
// combined anteversion rises with each index, so the points below the first
// index whose value is not below the threshold go left. Otherwise it stays a
// split on the sum; its extremes are at the first and the last pair.
IndexNode CombinedSplit(const Problem& p, float threshold, int* resolved) {
  const int cups = static_cast<int>(p.grid.values[kAvIdx].size());
  const int stems = static_cast<int>(p.grid.values[kStemIdx].size());
  IndexNode node{kCombinedAvVar, 0, threshold};
  *resolved = 0;
  if (cups == 0 || stems == 0) {
    *resolved = -1;  // an empty grid: nothing to evaluate
  } else if (cups == 1 || stems == 1) {
    const bool on_stem = cups == 1;
    const int size = on_stem ? stems : cups;
    node.var = static_cast<int>(on_stem ? kStemIdx : kAvIdx);
    const int lo =
        FirstCombinedNotBelow(p, on_stem ? kStemIdx : kAvIdx, 0, 0, size, threshold);
    node.split = lo;
    if (lo == 0) *resolved = 1;
    if (lo == size) *resolved = -1;
  } else if (CombinedAt(p, 0, 0) >= threshold) {
    *resolved = 1;
  } else if (CombinedAt(p, cups - 1, stems - 1) < threshold) {
    *resolved = -1;
  }
  return node;
}

int CopyIndex(const PatientTree& tree, int n, const Problem& p, double factor,
              IndexTree* out);

// Appends `split` (a copy of `node` on grid indices) and its two subtrees;
// returns its id.
int CopySplit(const PatientTree& tree, const PatientNode& node, const IndexNode& split,
              const Problem& p, double factor, IndexTree* out) {
  const int id = static_cast<int>(out->nodes.size());
  out->nodes.push_back(split);
  const int l = CopyIndex(tree, node.left, p, factor, out);
  const int r = CopyIndex(tree, node.right, p, factor, out);
  out->nodes[static_cast<size_t>(id)].left = l;
  out->nodes[static_cast<size_t>(id)].right = r;
  return id;
}

int CopyIndex(const PatientTree& tree, int n, const Problem& p, double factor,
              IndexTree* out) {
  const Grid& grid = p.grid;
  for (;;) {
    const PatientNode& node = tree.nodes[static_cast<size_t>(n)];
    if (node.var < 0) break;
    if (node.var == kCombinedAvVar) {
      int resolved = 0;
      const IndexNode split = CombinedSplit(p, node.threshold, &resolved);
      if (resolved != 0) {
        n = resolved < 0 ? node.left : node.right;
        continue;
      }
      return CopySplit(tree, node, split, p, factor, out);
    }
    const int var = node.var == kPostopLldVar
                        ? static_cast<int>(DecisionVar::kLegLengthChange)
                        : node.var;
    const int split = SplitIndex(grid, node.var, node.threshold);
    const int size = static_cast<int>(grid.values[static_cast<size_t>(var)].size());
    if (split <= 0) {
      n = node.right;
    } else if (split >= size) {
      n = node.left;
    } else {
      return CopySplit(tree, node, {var, split, 0, -1, -1, 0, 0}, p, factor, out);
    }
  }
  const double v = tree.nodes[static_cast<size_t>(n)].value;
  out->nodes.push_back({-1, 0, 0, -1, -1, v, v * factor});
  return static_cast<int>(out->nodes.size()) - 1;
}

double LeafAt(const Problem& p, const IndexTree& tree, const Index& index) {
  int n = 0;
  while (tree.nodes[static_cast<size_t>(n)].var >= 0) {
    const IndexNode& node = tree.nodes[static_cast<size_t>(n)];
    n = GoesLeft(p, node, index) ? node.left : node.right;
  }
  return tree.nodes[static_cast<size_t>(n)].value;
}

}  // namespace

PatientTarget SpecialiseOnPatient(const CompiledModel& model,
                                  const std::vector<float>& row,
                                  const std::vector<int>& var_of_feature) {
  PatientTarget out;
  out.constant = model.base_score;
  for (const CompiledTree& tree : model.trees) {
    PatientTree t;
    CopyPatient(tree, 0, row, var_of_feature, &t);
    if (t.nodes.size() == 1) {
      out.constant += t.nodes[0].value;
    } else {
      out.trees.push_back(std::move(t));
    }
  }
  return out;
}

size_t Grid::Size() const {
  size_t n = 1;
  for (const auto& v : values) n *= v.size();
  return n;
}

Problem MakeProblem(const std::vector<PatientTarget>& targets, Grid grid, Band band,
                    std::vector<double> factor, std::vector<double> shift,
                    const PlacementValues& standard) {
  Problem p;
  p.grid = std::move(grid);
  p.band = band;
  p.factor = std::move(factor);
  p.shift = std::move(shift);
  p.standard = standard;
  const std::vector<double>& cups = p.grid.values[kAvIdx];
  const std::vector<double>& stems = p.grid.values[kStemIdx];
  p.combined.reserve(cups.size() * stems.size());
  for (double cup : cups) {
    for (double stem : stems) p.combined.push_back(CombinedAnteversionFeature(cup, stem));
  }
  p.constant.assign(targets.size(), 0);
  for (size_t t = 0; t < targets.size(); ++t) {
    p.constant[t] = targets[t].constant;
    for (const PatientTree& tree : targets[t].trees) {
      IndexTree it;
      it.target = t;
      CopyIndex(tree, 0, p, p.factor[t], &it);
      if (it.nodes.size() == 1) {
        p.constant[t] += it.nodes[0].value;
      } else {
        p.trees.push_back(std::move(it));
      }
    }
  }
  BuildBoundingTables(&p);
  return p;
}

PlacementValues ValuesAt(const Grid& grid, const Index& index) {
  PlacementValues v{};
  for (size_t i = 0; i < kDecisionVarCount; ++i) {
    v[i] = grid.values[i][static_cast<size_t>(index[i])];
  }
  return v;
}

std::vector<double> PredictAt(const Problem& p, const Index& index) {
  std::vector<double> pred = p.constant;
  for (const IndexTree& tree : p.trees) pred[tree.target] += LeafAt(p, tree, index);
  return pred;
}

double ObjectiveFrom(const Problem& p, const std::vector<double>& predictions) {
  double sum = 0;
  for (size_t t = 0; t < predictions.size(); ++t) {
    sum += p.factor[t] * (predictions[t] + p.shift[t]);
  }
  return sum;
}

double ObjectiveAt(const Problem& p, const Index& index) {
  return ObjectiveFrom(p, PredictAt(p, index));
}

double DistanceToStandard(const Problem& p, const Index& index) {
  double d = 0;
  for (size_t i = 0; i < kDecisionVarCount; ++i) {
    const double diff = p.grid.values[i][static_cast<size_t>(index[i])] - p.standard[i];
    d += diff * diff;
  }
  return d;
}

bool Feasible(const Band& band, double cup_av, double stem_av) {
  return InBand(band, cup_av, stem_av) &&
         InSupport(band, CombinedAnteversionFeature(cup_av, stem_av));
}

bool InSupport(const Band& band, float combined) {
  return !band.support_active ||
         (combined >= band.support_min && combined <= band.support_max);
}

bool InBand(const Band& band, double cup_av, double stem_av) {
  if (!band.active) return true;
  // The tolerance only absorbs decimal rounding of the limits (e.g. 37.3 - 5).
  const double c = cup_av + band.factor * stem_av;
  return c >= band.min - 1e-9 && c <= band.max + 1e-9;
}

Exclusion ExcludeAround(const Grid& grid, const Index& chosen, double distinct_by) {
  Exclusion e;
  for (size_t v = 0; v < kDecisionVarCount; ++v) {
    const std::vector<double>& values = grid.values[v];
    const double c = values[static_cast<size_t>(chosen[v])];
    int first = static_cast<int>(values.size()), last = -1;
    for (size_t i = 0; i < values.size(); ++i) {
      if (std::abs(values[i] - c) < distinct_by - 1e-9) {
        first = std::min(first, static_cast<int>(i));
        last = static_cast<int>(i);
      }
    }
    e.range[v] = {first, last};
  }
  return e;
}

}  // namespace thaplan::plan_internal
