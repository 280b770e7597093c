#include "core/task_pool.h"

#include <algorithm>

namespace thaplan {

struct TaskPool::Loop {
  const std::function<Status(size_t)>* task;
  size_t count;
  size_t next = 0;  // first unclaimed index
  size_t done = 0;  // items finished
  std::vector<Status> status;
};

TaskPool::TaskPool(int threads) {
  const unsigned n = threads > 0 ? static_cast<unsigned>(threads)
                                 : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < n; ++i) workers_.emplace_back([this] { Work(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

bool TaskPool::RunOne(std::unique_lock<std::mutex>& lock, Loop* own) {
  Loop* loop = own != nullptr && own->next < own->count ? own : nullptr;
  if (loop == nullptr) {
    if (open_.empty()) return false;
    loop = open_.back();
  }
  const size_t i = loop->next++;
  if (loop->next == loop->count) {
    const auto it = std::find(open_.begin(), open_.end(), loop);
    if (it != open_.end())
      open_.erase(it);  // loops run by their caller alone are not listed
  }
  lock.unlock();
  Status s = (*loop->task)(i);
  lock.lock();
  loop->status[i] = std::move(s);
  if (++loop->done == loop->count) cv_.notify_all();
  return true;
}

void TaskPool::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (!RunOne(lock, nullptr)) cv_.wait(lock);
  }
}

Status TaskPool::ParallelFor(size_t count, const std::function<Status(size_t)>& task) {
  if (count == 0) return Status::Ok();
  Loop loop{&task, count, 0, 0, std::vector<Status>(count)};
  std::unique_lock<std::mutex> lock(mu_);
  if (!workers_.empty() && count > 1) {
    open_.push_back(&loop);
    cv_.notify_all();
  }
  while (loop.done < loop.count) {
    if (!RunOne(lock, &loop)) cv_.wait(lock);
  }
  lock.unlock();
  for (Status& s : loop.status) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace thaplan
