#include "io/csv_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace thaplan::io {
namespace {
constexpr size_t kChunkBytes = 1 << 20;
}  // namespace

Result<CsvReader> CsvReader::Open(const std::string& path) {
  CsvReader reader;
  reader.path_ = path;
  reader.file_ = std::fopen(path.c_str(), "rb");
  if (reader.file_ == nullptr) {
    return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (fstat(fileno(reader.file_), &st) == 0) reader.file_size_ = st.st_size;
  if (S_ISDIR(st.st_mode)) {
    return Status::InvalidInput(path + ": is a directory: expected a CSV file");
  }
  reader.buf_.resize(kChunkBytes);
  return reader;
}

CsvReader::CsvReader(CsvReader&& other) noexcept { *this = std::move(other); }

CsvReader& CsvReader::operator=(CsvReader&& other) noexcept {
  if (this == &other) return *this;
  if (file_ != nullptr) std::fclose(file_);
  path_ = std::move(other.path_);
  file_ = other.file_;
  other.file_ = nullptr;
  buf_ = std::move(other.buf_);
  pos_ = other.pos_;
  end_ = other.end_;
  eof_ = other.eof_;
  first_record_ = other.first_record_;
  line_ = other.line_;
  record_line_ = other.record_line_;
  bytes_consumed_ = other.bytes_consumed_;
  file_size_ = other.file_size_;
  record_ = std::move(other.record_);
  field_ends_ = std::move(other.field_ends_);
  status_ = other.status_;
  observer_ = other.observer_;
  observer_ctx_ = other.observer_ctx_;
  return *this;
}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool CsvReader::Fill() {
  if (eof_ || file_ == nullptr) return false;
  size_t n = std::fread(buf_.data(), 1, buf_.size(), file_);
  if (n == 0) {
    if (std::ferror(file_)) {
      status_ = Status::IOError(path_ + ": read error: " + std::strerror(errno));
    }
    eof_ = true;
    return false;
  }
  if (observer_ != nullptr) observer_(observer_ctx_, buf_.data(), n);
  pos_ = 0;
  end_ = n;
  return true;
}

int CsvReader::Peek() {
  if (pos_ == end_ && !Fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

int CsvReader::Get() {
  int c = Peek();
  if (c >= 0) {
    ++pos_;
    ++bytes_consumed_;
  }
  return c;
}

bool CsvReader::Next(std::vector<std::string_view>* fields) {
  fields->clear();
  for (;;) {
    record_.clear();
    field_ends_.clear();
    if (first_record_) {
      first_record_ = false;
      // Skip a UTF-8 byte-order mark (spreadsheet exports add one).
      if (Peek() == 0xEF) {
        Get();
        if (Get() != 0xBB || Get() != 0xBF) {
          status_ = Status::InvalidInput(path_ + ":1: invalid byte-order mark: expected UTF-8 text");
          return false;
        }
      }
    }
    int c = Peek();
    if (c < 0) return false;
    record_line_ = line_;
    bool in_quotes = false;
    bool field_was_quoted = false;
    for (;;) {
      c = Get();
      if (c < 0) {
        if (in_quotes) {
          status_ = Status::InvalidInput(path_ + ":" + std::to_string(record_line_) +
                                         ": quoted field is never closed: expected a closing \"");
          return false;
        }
        break;
      }
      if (in_quotes) {
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            record_.push_back('"');
          } else {
            in_quotes = false;
          }
        } else {
          if (c == '\n') ++line_;
          record_.push_back(static_cast<char>(c));
        }
        continue;
      }
      if (c == '"') {
        size_t field_start = field_ends_.empty() ? 0 : field_ends_.back();
        if (record_.size() != field_start || field_was_quoted) {
          status_ = Status::InvalidInput(path_ + ":" + std::to_string(record_line_) +
                                         ": stray quote inside a field: expected quotes around "
                                         "the whole field");
          return false;
        }
        in_quotes = true;
        field_was_quoted = true;
      } else if (c == ',') {
        field_ends_.push_back(record_.size());
        field_was_quoted = false;
      } else if (c == '\n') {
        ++line_;
        break;
      } else if (c == '\r') {
        if (Peek() == '\n') continue;  // CRLF: the LF ends the record
        ++line_;
        break;
      } else {
        record_.push_back(static_cast<char>(c));
      }
    }
    field_ends_.push_back(record_.size());
    if (field_ends_.size() == 1 && record_.empty() && !field_was_quoted) continue;  // blank
    size_t start = 0;
    for (size_t end : field_ends_) {
      fields->emplace_back(record_.data() + start, end - start);
      start = end;
    }
    return true;
  }
}

}  // namespace thaplan::io
