// A fixed set of threads for nested parallel loops. Internal to src/.
//
// ParallelFor may be called from inside one of its own tasks: a validation
// runs its targets in parallel, and each target its folds or replicates. The
// items of every open loop share the same threads, so nesting neither starts
// more threads than asked for nor leaves a core idle while any loop has
// items: a caller waiting for the last items of its loop runs items of other
// loops meanwhile (the newest loop first, which finishes inner loops before
// starting new outer items).
#ifndef THAPLAN_CORE_TASK_POOL_H_
#define THAPLAN_CORE_TASK_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "thaplan/status.h"

namespace thaplan {

class TaskPool {
 public:
  // `threads` counts the calling thread: threads - 1 workers are started;
  // 0 means one thread per core. With 1 every loop runs on the caller, in order.
  explicit TaskPool(int threads);
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task(i) for every i in [0, count) on the pool's threads and the
  // calling thread, and returns when all have finished: the failure of the
  // lowest index, else OK. Results are the caller's to store by index.
  Status ParallelFor(size_t count, const std::function<Status(size_t)>& task);

 private:
  struct Loop;
  // Claims an item (from `own` first, else from the newest loop) and runs it
  // with mu_ released. False, with nothing run, when no loop has an item left.
  bool RunOne(std::unique_lock<std::mutex>& lock, Loop* own);
  void Work();

  std::mutex mu_;
  std::condition_variable cv_;  // an item claimable, a loop done, or stop
  std::vector<Loop*> open_;     // loops with unclaimed items, oldest first
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace thaplan

#endif  // THAPLAN_CORE_TASK_POOL_H_
