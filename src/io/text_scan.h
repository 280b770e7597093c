// Small, allocation-free helpers shared by the text capture-file readers
// (TRC, keypoint CSV): line iteration with line numbers, field splitting,
// whole-field number parsing with std::from_chars, and quoting of bad input
// for error messages. Internal to src/io/.
#ifndef THAPLAN_IO_TEXT_SCAN_H_
#define THAPLAN_IO_TEXT_SCAN_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "thaplan/status.h"

namespace thaplan::io {

// Iterates the lines of `text`. Lines end at '\n'; a trailing '\r' is
// dropped, so CRLF files read like LF files. A UTF-8 byte-order mark at the
// very start is skipped.
class LineScanner {
 public:
  explicit LineScanner(std::string_view text);

  // Sets *line to the next line without its terminator; false at the end.
  bool Next(std::string_view* line) {
    if (pos_ >= text_.size()) return false;
    const char* begin = text_.data() + pos_;
    size_t remaining = text_.size() - pos_;
    const void* nl = std::memchr(begin, '\n', remaining);
    size_t len = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - begin)
                               : remaining;
    line_start_ = pos_;
    pos_ += len + (nl != nullptr ? 1 : 0);
    if (len > 0 && begin[len - 1] == '\r') --len;
    *line = std::string_view(begin, len);
    ++line_number_;
    return true;
  }

  // 1-based number of the line last returned by Next().
  int64_t line_number() const { return line_number_; }
  // Byte offset of the start of the line last returned by Next().
  size_t line_offset() const { return line_start_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int64_t line_number_ = 0;
};

// Splits `line` at every `sep` (no quoting) into `fields`, which is cleared
// first. "a,,b" gives three fields, the middle one empty.
void SplitFields(std::string_view line, char sep, std::vector<std::string_view>* fields);

// `s` without leading and trailing spaces and tabs.
std::string_view TrimBlanks(std::string_view s);

bool IsBlank(std::string_view s);

enum class NumberParse {
  kOk,       // *out holds the value; "nan" gives NaN, "inf" gives infinity
  kEmpty,    // the field is empty or blank
  kInvalid,  // not a decimal number occupying the whole field
};

// Parses a decimal number that fills the whole field. Leading and trailing
// blanks and one leading '+' are allowed.
NumberParse ParseNumber(std::string_view field, double* out);

// The text quoted for an error message: at most 40 characters, control and
// non-ASCII bytes shown as '?', e.g. 'abc'.
std::string Quote(std::string_view text);

// "name:line: " — the prefix of every message about a line of a file.
std::string At(std::string_view name, int64_t line);

// Reads a whole file. Errors name the path.
Result<std::string> ReadFileToString(const std::string& path);

// Shortest decimal text that reads back as exactly `value` (std::to_chars),
// appended to *out.
void AppendShortest(double value, std::string* out);
void AppendShortest(float value, std::string* out);
void AppendInt(int64_t value, std::string* out);

// `metres` written in a unit with `per_metre` units per metre (1, 100, 1000)
// as the shortest decimal d for which d / per_metre reads back as exactly
// `metres` (the readers divide by per_metre), so a file written in mm
// round-trips bit for bit and reads "1234.56", not "1234.5600000000002".
// Falls back to the shortest form of metres * per_metre (within one ulp)
// when no such decimal exists.
void AppendInUnit(double metres, double per_metre, std::string* out);

}  // namespace thaplan::io

#endif  // THAPLAN_IO_TEXT_SCAN_H_
