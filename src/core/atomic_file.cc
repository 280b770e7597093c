#include "thaplan/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace thaplan {
namespace {

std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status Errno(const std::string& path, std::string_view what) {
  return Status::IOError(path + ": " + std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

Result<AtomicFileWriter> AtomicFileWriter::Create(const std::string& path) {
  std::string temp = path + ".tmp.XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return Errno(path, "cannot create a temporary file beside it");
  std::FILE* f = ::fdopen(fd, "wb");
  if (f == nullptr) {
    ::close(fd);
    ::unlink(temp.c_str());
    return Errno(path, "cannot open the temporary file");
  }
  return AtomicFileWriter(path, std::move(temp), f);
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)),
      temp_(std::move(other.temp_)),
      file_(other.file_),
      committed_(other.committed_) {
  other.file_ = nullptr;
  other.committed_ = true;
}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) ::unlink(temp_.c_str());
}

Status AtomicFileWriter::Write(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return Errno(path_, "write failed");
  }
  return Status::Ok();
}

Status AtomicFileWriter::Commit() {
  if (std::fflush(file_) != 0 || ::fsync(fileno(file_)) != 0) return Errno(path_, "sync failed");
  // mkstemp makes 0600 files; a written result should have the usual mode.
  ::fchmod(fileno(file_), 0644);
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    return Errno(path_, "close failed");
  }
  file_ = nullptr;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) return Errno(path_, "rename failed");
  committed_ = true;
  int dir = ::open(DirName(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter w, AtomicFileWriter::Create(path));
  THAPLAN_RETURN_IF_ERROR(w.Write(data));
  return w.Commit();
}

}  // namespace thaplan
