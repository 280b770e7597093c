// A progress bar on stderr when stderr is a terminal; silent when piped.
#ifndef THAPLAN_APPS_CLI_PROGRESS_H_
#define THAPLAN_APPS_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace thaplan::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();  // clears the bar
  void Update(int64_t done, int64_t total);
  // Erases the bar so a message can be printed; it is redrawn on the next Update.
  void Clear();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  int last_permille_ = -1;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace thaplan::cli

#endif  // THAPLAN_APPS_CLI_PROGRESS_H_
