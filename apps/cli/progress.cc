#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace thaplan::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() { Clear(); }

void ProgressBar::Clear() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
  last_permille_ = -1;
}

void ProgressBar::Update(int64_t done, int64_t total) {
  if (!enabled_ || total <= 0) return;
  const int permille = static_cast<int>(1000 * done / total);
  const auto now = std::chrono::steady_clock::now();
  if (permille == last_permille_ || (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) &&
                                     permille < 1000)) {
    return;
  }
  constexpr int kWidth = 30;
  const int filled = permille * kWidth / 1000;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, ' ');
  std::fprintf(stderr, "\r%s [%s] %3d%%  %.1f/%.1f MB", label_.c_str(), bar.c_str(),
               permille / 10, static_cast<double>(done) / 1e6, static_cast<double>(total) / 1e6);
  std::fflush(stderr);
  drawn_ = true;
  last_permille_ = permille;
  last_draw_ = now;
}

}  // namespace thaplan::cli
