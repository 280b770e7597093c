#include "core/task_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

namespace thaplan {
namespace {

// Outer loops whose items run inner loops, as a validation's targets run
// their folds: every (outer, inner) slot is written exactly once.
TEST(TaskPoolTest, NestedLoopsRunEveryItemOnce) {
  for (int threads : {1, 2, 4}) {
    TaskPool pool(threads);
    std::vector<std::vector<std::atomic<int>>> hits(7);
    for (auto& h : hits) h = std::vector<std::atomic<int>>(31);
    ASSERT_TRUE(pool.ParallelFor(hits.size(),
                                 [&](size_t o) -> Status {
                                   return pool.ParallelFor(hits[o].size(),
                                                           [&](size_t i) -> Status {
                                                             ++hits[o][i];
                                                             return Status::Ok();
                                                           });
                                 })
                    .ok());
    for (size_t o = 0; o < hits.size(); ++o) {
      for (size_t i = 0; i < hits[o].size(); ++i) {
        EXPECT_EQ(hits[o][i].load(), 1)
            << "threads " << threads << " item " << o << "/" << i;
      }
    }
  }
}

TEST(TaskPoolTest, ReturnsTheFailureOfTheLowestIndex) {
  TaskPool pool(2);
  const Status s = pool.ParallelFor(40, [](size_t i) -> Status {
    if (i == 13 || i == 29) return Status::InvalidInput("item " + std::to_string(i));
    return Status::Ok();
  });
  EXPECT_EQ(s.message(), "item 13");
  EXPECT_TRUE(pool.ParallelFor(0, [](size_t) { return Status::Internal("never"); }).ok());
}

TEST(TaskPoolTest, OneThreadRunsInOrderOnTheCaller) {
  TaskPool pool(1);
  EXPECT_EQ(pool.threads(), 1);
  std::vector<size_t> order;
  const auto caller = std::this_thread::get_id();
  ASSERT_TRUE(pool.ParallelFor(10,
                               [&](size_t i) -> Status {
                                 EXPECT_EQ(std::this_thread::get_id(), caller);
                                 order.push_back(i);
                                 return Status::Ok();
                               })
                  .ok());
  EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

// A caller waiting for its loop runs other loops' items: with two threads and
// two outer items each running slow inner items, both threads serve both
// inner loops' items.
TEST(TaskPoolTest, TwoThreadsBothWork) {
  TaskPool pool(2);
  EXPECT_EQ(pool.threads(), 2);
  std::mutex mu;
  std::set<std::thread::id> seen;
  ASSERT_TRUE(pool.ParallelFor(2,
                               [&](size_t) -> Status {
                                 return pool.ParallelFor(10, [&](size_t) -> Status {
                                   std::this_thread::sleep_for(
                                       std::chrono::milliseconds(2));
                                   std::lock_guard<std::mutex> lock(mu);
                                   seen.insert(std::this_thread::get_id());
                                   return Status::Ok();
                                 });
                               })
                  .ok());
  EXPECT_EQ(seen.size(), 2u);
}

}  // namespace
}  // namespace thaplan
