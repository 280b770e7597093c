// Writing a file so that readers see either the old file or the complete new
// one, never a half-written one: write to a temporary name in the same folder,
// fsync, rename over the target, fsync the folder (LevelDB's SetCurrentFile).
#ifndef THAPLAN_ATOMIC_FILE_H_
#define THAPLAN_ATOMIC_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "thaplan/status.h"

namespace thaplan {

class AtomicFileWriter {
 public:
  // Creates the temporary file beside `path`.
  static Result<AtomicFileWriter> Create(const std::string& path);

  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  // Removes the temporary file unless Commit() succeeded.
  ~AtomicFileWriter();

  std::FILE* file() { return file_; }
  Status Write(std::string_view data);
  // Flushes, syncs and renames over the target path.
  Status Commit();

 private:
  AtomicFileWriter(std::string path, std::string temp, std::FILE* f)
      : path_(std::move(path)), temp_(std::move(temp)), file_(f) {}
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Writes `data` to `path` atomically.
Status WriteFileAtomically(const std::string& path, std::string_view data);

}  // namespace thaplan

#endif  // THAPLAN_ATOMIC_FILE_H_
