// Streaming CSV reader (RFC 4180): quoted fields, doubled quotes, CRLF or LF,
// a UTF-8 byte-order mark on the first line. Reads in fixed-size chunks, so
// memory does not grow with the file; one record is held at a time.
#ifndef THAPLAN_IO_CSV_READER_H_
#define THAPLAN_IO_CSV_READER_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/status.h"

namespace thaplan::io {

class CsvReader {
 public:
  // Opens `path`. Errors name the file.
  static Result<CsvReader> Open(const std::string& path);

  CsvReader(CsvReader&& other) noexcept;
  CsvReader& operator=(CsvReader&& other) noexcept;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  ~CsvReader();

  // Reads the next record into `fields`. Returns false at end of file, or on
  // an error (then status() is not OK). The views stay valid until the next
  // call. Blank lines are skipped.
  bool Next(std::vector<std::string_view>* fields);

  const Status& status() const { return status_; }
  // Line number (1-based) on which the last record returned starts.
  int64_t line() const { return record_line_; }
  // Bytes consumed so far, for progress reporting.
  int64_t bytes_read() const { return bytes_consumed_; }
  int64_t file_size() const { return file_size_; }
  const std::string& path() const { return path_; }

  // Called with every chunk of raw bytes read, e.g. to hash the file while
  // it streams. Set before the first Next().
  void set_chunk_observer(void (*fn)(void*, const char*, size_t), void* ctx) {
    observer_ = fn;
    observer_ctx_ = ctx;
  }

 private:
  CsvReader() = default;
  bool Fill();  // reads more bytes; false at EOF or on error
  int Peek();   // next byte or -1, without consuming
  int Get();

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool first_record_ = true;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  int64_t bytes_consumed_ = 0;
  int64_t file_size_ = 0;
  std::string record_;              // unescaped bytes of the current record
  std::vector<size_t> field_ends_;  // end offsets into record_
  Status status_;
  void (*observer_)(void*, const char*, size_t) = nullptr;
  void* observer_ctx_ = nullptr;
};

}  // namespace thaplan::io

#endif  // THAPLAN_IO_CSV_READER_H_
