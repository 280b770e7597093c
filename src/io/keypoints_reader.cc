// Keypoint CSV reader (format in docs/keypoints.md). Like the TRC reader, the
// rows are scanned once with pointers and std::from_chars.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "io/text_scan.h"
#include "thaplan/keypoints.h"

namespace thaplan {
namespace {

using io::At;
using io::NumberParse;
using io::ParseNumber;
using io::Quote;

constexpr int64_t kMaxCells = int64_t{1} << 26;  // 1.6 GB of positions
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Column {
  enum class Kind { kTime, kCoord, kConf } kind = Kind::kTime;
  size_t landmark = 0;
  int coord = 0;
};

class KeypointParser {
 public:
  KeypointParser(std::string_view text, const std::string& name)
      : lines_(text), name_(name) {}

  Result<Trial> Parse() {
    trial_.source_path = name_;
    trial_.format = "keypoints";
    THAPLAN_RETURN_IF_ERROR(ParseDeclaration());
    THAPLAN_RETURN_IF_ERROR(ParseColumns());
    THAPLAN_RETURN_IF_ERROR(ParseRows());
    THAPLAN_RETURN_IF_ERROR(DeriveRate());
    return std::move(trial_);
  }

 private:
  Status ParseDeclaration();
  Status ParseDeclarationToken(std::string_view token, int64_t line);
  Status ParseColumns();
  Status AddColumn(std::string_view header, size_t index, int64_t line);
  Status ParseRows();
  Status ParseRow(std::string_view line);
  Status CheckComplete(size_t row_start, const std::vector<uint8_t>& present,
                       int64_t line);
  Status DeriveRate();

  std::string ColumnName(size_t index) const { return std::string(headers_[index]); }

  io::LineScanner lines_;
  const std::string& name_;
  Trial trial_;
  bool has_units_ = false;
  double per_metre_ = 1;
  std::vector<std::string_view> headers_;
  std::vector<Column> columns_;
  std::vector<std::array<int, 3>> coord_columns_;  // per landmark, -1 when absent
  bool has_conf_ = false;
  std::vector<double> times_;
  std::vector<int64_t> row_lines_;
  std::vector<uint8_t> present_;  // coordinates seen per landmark in the current row
};

Status KeypointParser::ParseDeclaration() {
  std::string_view line;
  const std::string example = "'# units=m vertical=+y'";
  if (!lines_.Next(&line) || line.empty() || line[0] != '#') {
    return Status::InvalidInput(At(name_, 1) + "found " + Quote(line) +
                                ": expected a first line declaring the units, e.g. " +
                                example);
  }
  line.remove_prefix(1);
  size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    size_t end = pos;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    if (end > pos)
      THAPLAN_RETURN_IF_ERROR(ParseDeclarationToken(line.substr(pos, end - pos), 1));
    pos = end;
  }
  if (!has_units_) {
    return Status::InvalidInput(At(name_, 1) +
                                "no units declared: expected a first line "
                                "like " +
                                example + " (units m, cm or mm)");
  }
  return Status::Ok();
}

Status KeypointParser::ParseDeclarationToken(std::string_view token, int64_t line) {
  size_t eq = token.find('=');
  std::string_view key = token.substr(0, eq);
  std::string_view value = eq == std::string_view::npos ? "" : token.substr(eq + 1);
  if (key == "units") {
    std::optional<LengthUnit> unit = ParseLengthUnit(value);
    if (!unit) {
      return Status::InvalidInput(At(name_, line) + "units = " + Quote(value) +
                                  ": expected m, cm or mm");
    }
    per_metre_ = PerMetre(*unit);
    has_units_ = true;
    trial_.metadata["units"] = std::string(value);
    return Status::Ok();
  }
  if (key == "vertical") {
    std::string v = Lower(value);
    int sign = 1;
    if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
      sign = v[0] == '-' ? -1 : 1;
      v.erase(0, 1);
    }
    if (v != "x" && v != "y" && v != "z") {
      return Status::InvalidInput(At(name_, line) + "vertical = " + Quote(value) +
                                  ": expected +x, -x, +y, -y, +z or -z");
    }
    trial_.vertical_axis = static_cast<Axis>(v[0] - 'x');
    trial_.vertical_sign = sign;
    trial_.metadata["vertical"] = std::string(value);
    return Status::Ok();
  }
  return Status::InvalidInput(
      At(name_, line) + "unknown declaration " + Quote(token) +
      ": expected units=<m|cm|mm> and optionally vertical=<+y|...>");
}

Status KeypointParser::ParseColumns() {
  std::string_view line;
  do {
    if (!lines_.Next(&line)) {
      return Status::InvalidInput(name_ + ": ends after line " +
                                  std::to_string(lines_.line_number()) +
                                  ": expected the column header (time, <name>_x, ...)");
    }
  } while (io::IsBlank(line) || line[0] == '#');
  io::SplitFields(line, ',', &headers_);
  for (size_t i = 0; i < headers_.size(); ++i) {
    headers_[i] = io::TrimBlanks(headers_[i]);
    for (size_t j = 0; j < i; ++j) {
      if (headers_[j] == headers_[i]) {
        return Status::InvalidInput(At(name_, lines_.line_number()) + "column " +
                                    std::to_string(i + 1) + " " + Quote(headers_[i]) +
                                    " repeats column " + std::to_string(j + 1) +
                                    ": expected unique column names");
      }
    }
    THAPLAN_RETURN_IF_ERROR(AddColumn(headers_[i], i, lines_.line_number()));
  }
  if (!std::any_of(columns_.begin(), columns_.end(),
                   [](const Column& c) { return c.kind == Column::Kind::kTime; })) {
    return Status::InvalidInput(At(name_, lines_.line_number()) +
                                "no time column: expected a column named time (seconds)");
  }
  if (trial_.landmarks.empty()) {
    return Status::InvalidInput(
        At(name_, lines_.line_number()) +
        "no keypoint columns: expected <name>_x, <name>_y, <name>_z");
  }
  static constexpr const char* kSuffix[] = {"_x", "_y", "_z"};
  for (size_t m = 0; m < trial_.landmarks.size(); ++m) {
    for (int c = 0; c < 3; ++c) {
      if (coord_columns_[m][static_cast<size_t>(c)] < 0) {
        return Status::InvalidInput(
            At(name_, lines_.line_number()) + "landmark " + Quote(trial_.landmarks[m]) +
            " has no " + trial_.landmarks[m] + kSuffix[c] +
            " column: expected _x, _y and _z columns for every landmark");
      }
    }
  }
  return Status::Ok();
}

Status KeypointParser::AddColumn(std::string_view header, size_t index, int64_t line) {
  if (Lower(header) == "time") {
    columns_.push_back({Column::Kind::kTime, 0, 0});
    return Status::Ok();
  }
  size_t us = header.rfind('_');
  std::string suffix = us == std::string_view::npos ? "" : Lower(header.substr(us + 1));
  int coord = suffix == "x"      ? 0
              : suffix == "y"    ? 1
              : suffix == "z"    ? 2
              : suffix == "conf" ? 3
                                 : -1;
  if (coord < 0 || us == 0) {
    return Status::InvalidInput(
        At(name_, line) + "column " + std::to_string(index + 1) + " " + Quote(header) +
        ": expected time or <name>_x, <name>_y, <name>_z, <name>_conf");
  }
  std::string_view base = header.substr(0, us);
  auto it = std::find(trial_.landmarks.begin(), trial_.landmarks.end(), base);
  size_t m = static_cast<size_t>(it - trial_.landmarks.begin());
  if (it == trial_.landmarks.end()) {
    trial_.landmarks.emplace_back(base);
    coord_columns_.push_back({-1, -1, -1});
  }
  if (coord == 3) {
    has_conf_ = true;
    columns_.push_back({Column::Kind::kConf, m, 0});
  } else {
    coord_columns_[m][static_cast<size_t>(coord)] = static_cast<int>(index);
    columns_.push_back({Column::Kind::kCoord, m, coord});
  }
  return Status::Ok();
}

Status KeypointParser::ParseRows() {
  std::string_view line;
  const int64_t markers = static_cast<int64_t>(trial_.landmarks.size());
  while (lines_.Next(&line)) {
    if (io::IsBlank(line)) continue;
    if ((trial_.frame_count + 1) * std::max<int64_t>(markers, 1) > kMaxCells) {
      return Status::InvalidInput(At(name_, lines_.line_number()) + "more than " +
                                  std::to_string(kMaxCells) +
                                  " keypoint positions: expected a smaller trial");
    }
    THAPLAN_RETURN_IF_ERROR(ParseRow(line));
    ++trial_.frame_count;
  }
  return Status::Ok();
}

Status KeypointParser::ParseRow(std::string_view line) {
  const int64_t line_no = lines_.line_number();
  const size_t row_start = trial_.positions_m.size();
  trial_.positions_m.resize(row_start + trial_.landmarks.size(), Vec3{kNaN, kNaN, kNaN});
  if (has_conf_) trial_.confidence.resize(trial_.positions_m.size(), std::nanf(""));
  std::vector<uint8_t>& present = present_;
  present.assign(trial_.landmarks.size(), 0);
  const char* p = line.data();
  const char* const end = p + line.size();
  bool exhausted = false;  // no field left after the last one read
  for (size_t col = 0; col < columns_.size(); ++col) {
    if (exhausted) {
      return Status::InvalidInput(At(name_, line_no) + "row has " + std::to_string(col) +
                                  " fields: expected " + std::to_string(columns_.size()) +
                                  " (one per header column)");
    }
    const void* comma = std::memchr(p, ',', static_cast<size_t>(end - p));
    const char* field_end = comma != nullptr ? static_cast<const char*>(comma) : end;
    std::string_view field(p, static_cast<size_t>(field_end - p));
    exhausted = comma == nullptr;
    p = exhausted ? end : field_end + 1;
    double v = 0;
    NumberParse parsed = ParseNumber(field, &v);
    const Column& c = columns_[col];
    bool bad =
        parsed == NumberParse::kInvalid || (parsed == NumberParse::kOk && std::isinf(v));
    bool value = parsed == NumberParse::kOk && !std::isnan(v);
    if (c.kind == Column::Kind::kTime) {
      if (!value || bad) {
        return Status::InvalidInput(At(name_, line_no) + "time = " + Quote(field) +
                                    ": expected a time in seconds");
      }
      times_.push_back(v);
      row_lines_.push_back(line_no);
    } else if (c.kind == Column::Kind::kConf) {
      if (bad || (value && !(v >= 0 && v <= 1))) {
        return Status::InvalidInput(
            At(name_, line_no) + "column " + std::to_string(col + 1) + " (" +
            ColumnName(col) + ") = " + Quote(field) +
            ": expected a confidence from 0 to 1 or an empty field");
      }
      if (value) trial_.confidence[row_start + c.landmark] = static_cast<float>(v);
    } else {
      if (bad) {
        return Status::InvalidInput(At(name_, line_no) + "column " +
                                    std::to_string(col + 1) + " (" + ColumnName(col) +
                                    ") = " + Quote(field) +
                                    ": expected a finite number or an empty field");
      }
      if (value) {
        trial_.positions_m[row_start + c.landmark][static_cast<size_t>(c.coord)] =
            v / per_metre_;
        ++present[c.landmark];
      }
    }
  }
  if (!exhausted) {
    size_t fields = 1 + static_cast<size_t>(std::count(line.begin(), line.end(), ','));
    return Status::InvalidInput(At(name_, line_no) + "row has " + std::to_string(fields) +
                                " fields: expected " + std::to_string(columns_.size()) +
                                " (one per header column)");
  }
  return CheckComplete(row_start, present, line_no);
}

Status KeypointParser::CheckComplete(size_t row_start,
                                     const std::vector<uint8_t>& present, int64_t line) {
  static constexpr const char* kSuffix[] = {"_x", "_y", "_z"};
  for (size_t m = 0; m < present.size(); ++m) {
    if (present[m] == 0 || present[m] == 3) continue;
    const Vec3& v = trial_.positions_m[row_start + m];
    size_t missing = std::isnan(v[0]) ? 0 : std::isnan(v[1]) ? 1 : 2;
    return Status::InvalidInput(
        At(name_, line) + "landmark " + trial_.landmarks[m] + " has " +
        std::to_string(present[m]) + " of its 3 coordinates (" + trial_.landmarks[m] +
        kSuffix[missing] + " is missing): expected all three or none");
  }
  return Status::Ok();
}

Status KeypointParser::DeriveRate() {
  const size_t n = times_.size();
  if (n < 2) {
    return Status::InvalidInput(
        name_ + ": " + std::to_string(n) +
        " data rows: expected at least 2 to derive the sample rate "
        "from the time column");
  }
  std::vector<double> steps(n - 1);
  for (size_t i = 1; i < n; ++i) steps[i - 1] = times_[i] - times_[i - 1];
  std::vector<double> sorted = steps;
  std::nth_element(sorted.begin(),
                   sorted.begin() + static_cast<ptrdiff_t>(sorted.size() / 2),
                   sorted.end());
  const double median = sorted[sorted.size() / 2];
  for (size_t i = 0; i < steps.size(); ++i) {
    if (!(median > 0) || !(std::fabs(steps[i] - median) <= 0.25 * median)) {
      return Status::InvalidInput(
          At(name_, row_lines_[i + 1]) + "time = " + Num(times_[i + 1]) + " is " +
          Num(steps[i]) + " s after the previous row: expected a uniform step of " +
          Num(median) + " s");
    }
  }
  double rate = static_cast<double>(n - 1) / (times_.back() - times_.front());
  if (std::fabs(rate - std::round(rate)) <= 1e-6 * rate) rate = std::round(rate);
  trial_.sample_rate_hz = rate;
  trial_.start_time_s = times_.front();
  return Status::Ok();
}

}  // namespace

Result<Trial> ParseKeypointCsv(std::string_view text, const std::string& name) {
  return KeypointParser(text, name).Parse();
}

Result<Trial> ReadKeypointCsv(const std::string& path) {
  THAPLAN_ASSIGN_OR_RETURN(std::string text, io::ReadFileToString(path));
  return ParseKeypointCsv(text, path);
}

}  // namespace thaplan
