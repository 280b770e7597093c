// Bounding tables for the branch and bound (search.h): trees that depend on
// at most three decision variables (the combined anteversion counting as one,
// its axis cut at its thresholds) are summed per variable set into a table
// over the cells their splits make, and a set's table absorbs the trees of
// its subsets while it stays small. A box's bound then takes the minimum of
// each sum (tight for effects inside one set) rather than the sum of each
// tree's minimum. Tables serve bounds and cell tests only; objectives always
// come from the trees in order (ObjectiveAt), so exactness does not depend on
// them.
#include <algorithm>
#include <bit>
#include <limits>
#include <map>

#include "plan/search.h"

namespace thaplan::plan_internal {
namespace {

// A merged table is kept below this many cells, so bounding stays cheap.
constexpr size_t kMaxCells = 6000;

unsigned VarsOf(const IndexTree& tree) {
  unsigned mask = 0;
  for (const IndexNode& n : tree.nodes) {
    if (n.var >= 0) mask |= 1u << n.var;
  }
  return mask;
}

double ScaledLeafAt(const Problem& p, const IndexTree& tree, const Index& index) {
  int n = 0;
  while (tree.nodes[static_cast<size_t>(n)].var >= 0) {
    const IndexNode& node = tree.nodes[static_cast<size_t>(n)];
    n = GoesLeft(p, node, index) ? node.left : node.right;
  }
  return tree.nodes[static_cast<size_t>(n)].scaled;
}

// The same with the point's combined anteversion given (a table cell's).
double ScaledLeafWith(const IndexTree& tree, const Index& index, float combined) {
  int n = 0;
  while (tree.nodes[static_cast<size_t>(n)].var >= 0) {
    const IndexNode& node = tree.nodes[static_cast<size_t>(n)];
    const bool left = node.var == kCombinedAvVar
                          ? combined < node.threshold
                          : index[static_cast<size_t>(node.var)] < node.split;
    n = left ? node.left : node.right;
  }
  return tree.nodes[static_cast<size_t>(n)].scaled;
}

// The variables of a table: the decision variables and the combined
// anteversion (bit kCombinedAvVar).
constexpr int kTableVars = kCombinedAvVar + 1;

struct Group {
  unsigned mask = 0;
  std::vector<size_t> members;
  std::array<std::vector<int>, kVars> bounds;  // per variable
  std::vector<float> combined;                 // combined-anteversion thresholds
  size_t Cells() const {
    size_t n = 1;
    for (int v = 0; v < kVars; ++v) {
      if (mask & (1u << v)) n *= bounds[static_cast<size_t>(v)].size() + 1;
    }
    if (mask & (1u << kCombinedAvVar)) n *= combined.size() + 1;
    return n;
  }
};

template <typename T>
void InsertSorted(std::vector<T>* b, T x) {
  const auto at = std::lower_bound(b->begin(), b->end(), x);
  if (at == b->end() || *at != x) b->insert(at, x);
}

void AddBounds(const IndexTree& tree, Group* g) {
  for (const IndexNode& n : tree.nodes) {
    if (n.var == kCombinedAvVar) {
      InsertSorted(&g->combined, n.threshold);
    } else if (n.var >= 0) {
      InsertSorted(&g->bounds[static_cast<size_t>(n.var)], n.split);
    }
  }
}

// The cell of each of an axis's `size` grid indices: the count of bounds at
// or below it.
std::vector<uint16_t> CellOfIndex(const std::vector<int>& bounds, size_t size) {
  std::vector<uint16_t> cell(size);
  for (size_t i = 0; i < size; ++i) {
    cell[i] = static_cast<uint16_t>(
        std::upper_bound(bounds.begin(), bounds.end(), static_cast<int>(i)) -
        bounds.begin());
  }
  return cell;
}

CellTable BuildTable(const Problem& p, const Group& g) {
  CellTable t;
  for (int v = 0; v < kTableVars; ++v) {
    if (!(g.mask & (1u << v)) || v == kPostopLldVar) continue;
    t.var[static_cast<size_t>(t.dims)] = v;
    if (v == kCombinedAvVar) {
      t.combined_bounds = g.combined;
    } else {
      t.bounds[static_cast<size_t>(t.dims)] = g.bounds[static_cast<size_t>(v)];
      t.cell_of[static_cast<size_t>(t.dims)] = CellOfIndex(
          g.bounds[static_cast<size_t>(v)], p.grid.values[static_cast<size_t>(v)].size());
    }
    ++t.dims;
  }
  const std::array<size_t, kMaxTableDims> n = {t.Cells(0), t.Cells(1), t.Cells(2)};
  t.value.assign(n[0] * n[1] * n[2], 0);
  // Members that use fewer variables than the table are summed over their
  // own axes first, then spread over the others: far fewer tree walks.
  std::map<unsigned, std::vector<size_t>> by_vars;
  for (size_t tree : g.members) by_vars[VarsOf(p.trees[tree])].push_back(tree);
  for (const auto& [mask, trees] : by_vars) {
    std::array<bool, kMaxTableDims> used{};
    std::array<size_t, kMaxTableDims> m = {1, 1, 1};
    for (int a = 0; a < t.dims; ++a) {
      used[static_cast<size_t>(a)] = (mask >> t.var[static_cast<size_t>(a)]) & 1u;
      if (used[static_cast<size_t>(a)])
        m[static_cast<size_t>(a)] = n[static_cast<size_t>(a)];
    }
    std::vector<double> sub(m[0] * m[1] * m[2], 0);
    for (size_t c0 = 0; c0 < m[0]; ++c0) {
      for (size_t c1 = 0; c1 < m[1]; ++c1) {
        for (size_t c2 = 0; c2 < m[2]; ++c2) {
          // The cell's first index (and first sum); other variables do not
          // matter.
          Index at{};
          float combined = -std::numeric_limits<float>::infinity();
          const size_t c[] = {c0, c1, c2};
          for (int a = 0; a < t.dims; ++a) {
            const size_t ax = static_cast<size_t>(a);
            if (t.var[ax] == kCombinedAvVar) {
              if (c[ax] > 0) combined = t.combined_bounds[c[ax] - 1];
            } else {
              at[static_cast<size_t>(t.var[ax])] =
                  c[ax] == 0 ? 0 : t.bounds[ax][c[ax] - 1];
            }
          }
          double sum = 0;
          for (size_t tree : trees) sum += ScaledLeafWith(p.trees[tree], at, combined);
          sub[(c0 * m[1] + c1) * m[2] + c2] = sum;
        }
      }
    }
    for (size_t c0 = 0; c0 < n[0]; ++c0) {
      for (size_t c1 = 0; c1 < n[1]; ++c1) {
        for (size_t c2 = 0; c2 < n[2]; ++c2) {
          const size_t s0 = used[0] ? c0 : 0, s1 = used[1] ? c1 : 0,
                       s2 = used[2] ? c2 : 0;
          t.value[(c0 * n[1] + c1) * n[2] + c2] += sub[(s0 * m[1] + s1) * m[2] + s2];
        }
      }
    }
  }
  return t;
}

// Fills p->combined_thresholds and each table's combined_cell_of. A table's
// thresholds are among all of them, so none lies strictly between two
// neighbours of the union: every sum whose cell in the union is g has the
// same cell in the table, the count of its thresholds <= the union's g-th.
void IndexCombinedCells(Problem* p) {
  p->combined_thresholds.clear();
  for (const CellTable& t : p->tables) {
    for (float x : t.combined_bounds) InsertSorted(&p->combined_thresholds, x);
  }
  const std::vector<float>& all = p->combined_thresholds;
  for (CellTable& t : p->tables) {
    if (t.combined_bounds.empty()) continue;
    const std::vector<float>& b = t.combined_bounds;
    t.combined_cell_of.assign(all.size() + 1, 0);
    for (size_t g = 1; g <= all.size(); ++g) {
      t.combined_cell_of[g] = static_cast<uint16_t>(
          std::upper_bound(b.begin(), b.end(), all[g - 1]) - b.begin());
    }
  }
}

}  // namespace

void BuildBoundingTables(Problem* p) {
  p->tables.clear();
  p->deep.clear();
  std::map<unsigned, Group> groups;
  for (size_t i = 0; i < p->trees.size(); ++i) {
    const unsigned mask = VarsOf(p->trees[i]);
    if (std::popcount(mask) > kMaxTableDims) {
      p->deep.push_back(i);
      continue;
    }
    Group& g = groups[mask];
    g.mask = mask;
    g.members.push_back(i);
    AddBounds(p->trees[i], &g);
  }
  // Smaller sets first: each joins the smallest superset table that stays
  // under the cell limit.
  std::vector<unsigned> masks;
  for (const auto& [mask, g] : groups) masks.push_back(mask);
  std::stable_sort(masks.begin(), masks.end(), [](unsigned a, unsigned b) {
    return std::popcount(a) < std::popcount(b);
  });
  for (unsigned mask : masks) {
    Group& g = groups[mask];
    Group* into = nullptr;
    size_t into_cells = 0;
    for (auto& [other, h] : groups) {
      if (other == mask || (other & mask) != mask || h.members.empty()) continue;
      Group merged = h;
      for (size_t tree : g.members) AddBounds(p->trees[tree], &merged);
      const size_t cells = merged.Cells();
      if (cells <= kMaxCells && (into == nullptr || cells < into_cells)) {
        into = &h;
        into_cells = cells;
      }
    }
    if (into == nullptr) continue;
    for (size_t tree : g.members) {
      into->members.push_back(tree);
      AddBounds(p->trees[tree], into);
    }
    g.members.clear();
  }
  for (const auto& [mask, g] : groups) {
    if (g.members.empty()) continue;
    if (g.Cells() > kMaxCells) {
      p->deep.insert(p->deep.end(), g.members.begin(), g.members.end());
    } else {
      p->tables.push_back(BuildTable(*p, g));
    }
  }
  IndexCombinedCells(p);
}

double TableObjectiveAt(const Problem& p, const Index& index) {
  double sum = 0;
  for (size_t t = 0; t < p.constant.size(); ++t) {
    sum += p.factor[t] * (p.constant[t] + p.shift[t]);
  }
  for (const CellTable& t : p.tables) {
    std::array<size_t, kMaxTableDims> c{};
    for (int a = 0; a < t.dims; ++a) {
      const size_t ax = static_cast<size_t>(a);
      if (t.var[ax] == kCombinedAvVar) {
        const auto& b = t.combined_bounds;
        const float x = CombinedAt(p, index[kAvIdx], index[kStemIdx]);
        c[ax] = static_cast<size_t>(std::upper_bound(b.begin(), b.end(), x) - b.begin());
        continue;
      }
      const auto& b = t.bounds[ax];
      const int x = index[static_cast<size_t>(t.var[ax])];
      c[ax] = static_cast<size_t>(std::upper_bound(b.begin(), b.end(), x) - b.begin());
    }
    sum += t.value[(c[0] * t.Cells(1) + c[1]) * t.Cells(2) + c[2]];
  }
  for (size_t tree : p.deep) sum += ScaledLeafAt(p, p.trees[tree], index);
  return sum;
}

}  // namespace thaplan::plan_internal
