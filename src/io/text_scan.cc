#include "io/text_scan.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>

namespace thaplan::io {

LineScanner::LineScanner(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void SplitFields(std::string_view line, char sep, std::vector<std::string_view>* fields) {
  fields->clear();
  size_t start = 0;
  while (true) {
    size_t found = line.find(sep, start);
    if (found == std::string_view::npos) {
      fields->push_back(line.substr(start));
      return;
    }
    fields->push_back(line.substr(start, found - start));
    start = found + 1;
  }
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsBlank(std::string_view s) { return TrimBlanks(s).empty(); }

NumberParse ParseNumber(std::string_view field, double* out) {
  // Fast path: the field is exactly a number, as in files we and OpenSim write.
  const char* first = field.data();
  const char* last = first + field.size();
  if (!field.empty()) {
    auto [ptr, ec] = std::from_chars(first, last, *out);
    if (ec == std::errc() && ptr == last) return NumberParse::kOk;
  }
  std::string_view trimmed = TrimBlanks(field);
  if (trimmed.empty()) return NumberParse::kEmpty;
  if (trimmed.front() == '+') {
    trimmed.remove_prefix(1);
    if (trimmed.empty() || trimmed.front() == '-') return NumberParse::kInvalid;
  }
  first = trimmed.data();
  last = first + trimmed.size();
  auto [ptr, ec] = std::from_chars(first, last, *out);
  if (ptr != last) return NumberParse::kInvalid;
  // Out-of-range magnitudes are not numbers we can keep faithfully.
  if (ec != std::errc()) return NumberParse::kInvalid;
  return NumberParse::kOk;
}

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMax; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    out.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?');
  }
  if (text.size() > kMax) out += "...";
  out.push_back('\'');
  return out;
}

std::string At(std::string_view name, int64_t line) {
  std::string out(name);
  out.push_back(':');
  out += std::to_string(line);
  out += ": ";
  return out;
}

Result<std::string> ReadFileToString(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return Status::InvalidInput(path + ": is a directory: expected a file");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"),
                                                    &std::fclose);
  if (f == nullptr) {
    return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  }
  std::string text;
  if (st.st_size > 0) text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) text.append(buf, n);
  if (std::ferror(f.get())) {
    return Status::IOError(path + ": read failed: " + std::strerror(errno));
  }
  return text;
}

void AppendShortest(double value, std::string* out) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, ec == std::errc() ? static_cast<size_t>(ptr - buf) : 0);
}

void AppendShortest(float value, std::string* out) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, ec == std::errc() ? static_cast<size_t>(ptr - buf) : 0);
}

void AppendInUnit(double metres, double per_metre, std::string* out) {
  if (per_metre == 1.0) {
    AppendShortest(metres, out);
    return;
  }
  const double scaled = metres * per_metre;
  char buf[64];
  // Candidates: the scaled value and its neighbours, since the product may
  // have rounded away from the decimal that divides back exactly.
  const double candidates[] = {scaled, std::nextafter(scaled, -INFINITY),
                               std::nextafter(scaled, INFINITY)};
  // Start with enough digits for the integer part: 1000 as "1000", not "1e+03".
  int first = 1;
  const double magnitude = std::fabs(scaled);
  if (magnitude >= 1 && magnitude < 1e17)
    first = static_cast<int>(std::log10(magnitude)) + 1;
  for (int precision = first; precision <= 17; ++precision) {
    for (double c : candidates) {
      auto [ptr, ec] =
          std::to_chars(buf, buf + sizeof buf, c, std::chars_format::general, precision);
      if (ec != std::errc()) continue;
      double back = 0;
      auto parsed = std::from_chars(buf, ptr, back);
      if (parsed.ec == std::errc() && back / per_metre == metres) {
        out->append(buf, static_cast<size_t>(ptr - buf));
        return;
      }
    }
  }
  AppendShortest(scaled, out);
}

void AppendInt(int64_t value, std::string* out) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, ec == std::errc() ? static_cast<size_t>(ptr - buf) : 0);
}

}  // namespace thaplan::io
