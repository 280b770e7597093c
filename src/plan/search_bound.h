// Bounding a box in the planner's branch and bound (search.cc): the terms
// still varying on a box, their memos, and Bound, which computes a box's
// lower bound and split from its parent's terms (docs/planning.md, "Search:
// exact over the grid"; docs/planning-history.md, "Bounds carried term by
// term").
#ifndef THAPLAN_PLAN_SEARCH_BOUND_H_
#define THAPLAN_PLAN_SEARCH_BOUND_H_

#include <array>
#include <cstdint>
#include <vector>

#include "plan/search.h"

namespace thaplan::plan_internal {

struct Box {
  Index lo{}, hi{};
};

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

// The box's lower bound, constancy and split from the terms that vary on
// `parent` (`from`), a box containing b->box; fills b->terms for the box's
// sub-boxes (with memos when `memos`). `stack`: scratch for tree walks.
void Bound(const Problem& p, const Terms& from, const Box& parent, bool memos, Bounded* b,
           std::vector<int>* stack);

}  // namespace thaplan::plan_internal

#endif  // THAPLAN_PLAN_SEARCH_BOUND_H_
