// TRC reader. The header is small and parsed with plain splitting; the data
// rows are the bulk of the file and are scanned once with pointers and
// std::from_chars, without allocating per field (target >= 100 MB/s, see
// bench/trc_bench.cc).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "io/text_scan.h"
#include "thaplan/trc.h"

namespace thaplan {
namespace {

using io::At;
using io::NumberParse;
using io::ParseNumber;
using io::Quote;

// Far above any real marker set (the OpenCap file has 177); bounds memory on
// hostile input together with kMaxCells.
constexpr int64_t kMaxMarkers = 10000;
constexpr int64_t kMaxCells = int64_t{1} << 26;  // 1.6 GB of positions
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// A header line split at tabs, blank fields dropped.
std::vector<std::string_view> HeaderTokens(std::string_view line) {
  std::vector<std::string_view> fields;
  io::SplitFields(line, '\t', &fields);
  std::vector<std::string_view> tokens;
  for (std::string_view f : fields) {
    f = io::TrimBlanks(f);
    if (!f.empty()) tokens.push_back(f);
  }
  return tokens;
}

const char* FieldEnd(const char* p, const char* end) {
  const void* tab = std::memchr(p, '\t', static_cast<size_t>(end - p));
  return tab != nullptr ? static_cast<const char*>(tab) : end;
}

class TrcParser {
 public:
  TrcParser(std::string_view text, const std::string& name)
      : lines_(text), name_(name), text_size_(text.size()) {}

  Result<Trial> Parse() {
    trial_.source_path = name_;
    trial_.format = "trc";
    trial_.vertical_axis = Axis::kY;  // OpenSim convention: +Y up
    trial_.vertical_sign = 1;
    THAPLAN_RETURN_IF_ERROR(ParseFirstLine());
    THAPLAN_RETURN_IF_ERROR(ParseHeaderPair());
    THAPLAN_RETURN_IF_ERROR(ParseNames());
    THAPLAN_RETURN_IF_ERROR(ParseCoordinateLabels());
    THAPLAN_RETURN_IF_ERROR(ParseRows());
    return std::move(trial_);
  }

 private:
  Status NextLine(std::string_view* line, std::string_view expected) {
    if (lines_.Next(line)) return Status::Ok();
    return Status::InvalidInput(name_ + ": ends after line " +
                                std::to_string(lines_.line_number()) + ": expected " +
                                std::string(expected));
  }

  Status ParseFirstLine() {
    std::string_view line;
    THAPLAN_RETURN_IF_ERROR(NextLine(&line, "a TRC header starting with PathFileType"));
    if (line.substr(0, 12) != "PathFileType") {
      return Status::InvalidInput(At(name_, 1) + "found " + Quote(line) +
                                  ": expected a TRC header starting with PathFileType");
    }
    return Status::Ok();
  }

  Status ParseHeaderPair() {
    std::string_view keys_line;
    std::string_view values_line;
    THAPLAN_RETURN_IF_ERROR(NextLine(&keys_line, "the header names (DataRate, ...)"));
    THAPLAN_RETURN_IF_ERROR(NextLine(&values_line, "the header values"));
    std::vector<std::string_view> keys = HeaderTokens(keys_line);
    std::vector<std::string_view> values = HeaderTokens(values_line);
    if (keys.size() != values.size()) {
      return Status::InvalidInput(At(name_, 3) + "header has " +
                                  std::to_string(keys.size()) + " names on line 2 but " +
                                  std::to_string(values.size()) +
                                  " values: expected one value per name");
    }
    for (size_t i = 0; i < keys.size(); ++i) {
      header_.emplace_back(keys[i], values[i]);
      trial_.metadata["trc." + std::string(keys[i])] = std::string(values[i]);
    }
    THAPLAN_RETURN_IF_ERROR(ParseRate());
    THAPLAN_RETURN_IF_ERROR(ParseMarkerCount());
    THAPLAN_RETURN_IF_ERROR(ParseFrameCount());
    return ParseUnits();
  }

  std::optional<std::string_view> Header(std::string_view key) const {
    for (const auto& [k, v] : header_) {
      if (k == key) return v;
    }
    return std::nullopt;
  }

  Status MissingHeader(std::string_view key, std::string_view expected) const {
    return Status::InvalidInput(At(name_, 2) + "no " + std::string(key) +
                                " in the header: expected " + std::string(expected));
  }

  Status ParseRate() {
    auto text = Header("DataRate");
    if (!text) return MissingHeader("DataRate", "the sample rate in Hz");
    double rate = 0;
    if (ParseNumber(*text, &rate) != NumberParse::kOk || !std::isfinite(rate) ||
        rate <= 0) {
      return Status::InvalidInput(At(name_, 3) + "DataRate = " + Quote(*text) +
                                  ": expected a positive sample rate in Hz");
    }
    trial_.sample_rate_hz = rate;
    return Status::Ok();
  }

  // A whole number in [min, max], or an error naming the header field.
  Result<int64_t> WholeNumber(std::string_view key, std::string_view text, int64_t min,
                              int64_t max) const {
    double v = 0;
    if (ParseNumber(text, &v) != NumberParse::kOk || !(v >= static_cast<double>(min)) ||
        !(v <= static_cast<double>(max)) || v != std::floor(v)) {
      return Status::InvalidInput(At(name_, 3) + std::string(key) + " = " + Quote(text) +
                                  ": expected a whole number from " +
                                  std::to_string(min) + " to " + std::to_string(max));
    }
    return static_cast<int64_t>(v);
  }

  Status ParseMarkerCount() {
    auto text = Header("NumMarkers");
    if (!text) return MissingHeader("NumMarkers", "the number of markers");
    THAPLAN_ASSIGN_OR_RETURN(num_markers_,
                             WholeNumber("NumMarkers", *text, 1, kMaxMarkers));
    return Status::Ok();
  }

  Status ParseFrameCount() {
    auto text = Header("NumFrames");
    if (!text) return Status::Ok();  // the rows decide the count anyway
    THAPLAN_ASSIGN_OR_RETURN(int64_t frames,
                             WholeNumber("NumFrames", *text, 0, kMaxCells));
    header_frames_ = frames;
    return Status::Ok();
  }

  Status ParseUnits() {
    auto text = Header("Units");
    if (!text) return MissingHeader("Units", "mm, m or cm");
    std::optional<LengthUnit> unit = ParseLengthUnit(*text);
    if (!unit) {
      return Status::InvalidInput(At(name_, 3) + "Units = " + Quote(*text) +
                                  ": expected mm, m or cm");
    }
    per_metre_ = PerMetre(*unit);
    trial_.metadata["units"] = std::string(*text);
    return Status::Ok();
  }

  Status ParseNames() {
    std::string_view line;
    THAPLAN_RETURN_IF_ERROR(
        NextLine(&line, "the marker-name line (Frame#, Time, names)"));
    const int64_t n = lines_.line_number();
    std::vector<std::string_view> fields;
    io::SplitFields(line, '\t', &fields);
    if (fields.size() < 2 || io::TrimBlanks(fields[0]) != "Frame#" ||
        io::TrimBlanks(fields[1]) != "Time") {
      return Status::InvalidInput(At(name_, n) + "found " + Quote(line) +
                                  ": expected the marker-name line to start with Frame# "
                                  "and Time");
    }
    for (size_t i = 2; i < fields.size(); ++i) {
      std::string_view name = io::TrimBlanks(fields[i]);
      if (name.empty()) continue;
      for (const std::string& seen : trial_.landmarks) {
        if (seen == name) {
          return Status::InvalidInput(At(name_, n) + "marker name " + Quote(name) +
                                      " appears twice: expected unique names");
        }
      }
      trial_.landmarks.emplace_back(name);
    }
    if (static_cast<int64_t>(trial_.landmarks.size()) != num_markers_) {
      return Status::InvalidInput(
          At(name_, n) + std::to_string(trial_.landmarks.size()) +
          " marker names but NumMarkers = " + std::to_string(num_markers_) +
          ": expected one per marker");
    }
    return Status::Ok();
  }

  Status ParseCoordinateLabels() {
    std::string_view line;
    THAPLAN_RETURN_IF_ERROR(NextLine(&line, "the coordinate labels (X1 Y1 Z1 ...)"));
    std::vector<std::string_view> tokens = HeaderTokens(line);
    if (tokens.empty() || (tokens[0][0] != 'X' && tokens[0][0] != 'x')) {
      return Status::InvalidInput(At(name_, lines_.line_number()) + "found " +
                                  Quote(line) +
                                  ": expected the coordinate labels X1 Y1 Z1 ...");
    }
    return Status::Ok();
  }

  Status ParseRows() {
    const size_t markers = trial_.landmarks.size();
    if (header_frames_) {
      // Reserve from the header, but never more than the text could fill
      // (a present coordinate takes at least 2 bytes): a short file claiming
      // a huge NumFrames must not allocate gigabytes.
      const size_t claimed = static_cast<size_t>(*header_frames_) * markers;
      const size_t affordable = text_size_ / 6 + markers;
      trial_.positions_m.reserve(std::min(claimed, affordable));
    }
    std::string_view line;
    int64_t rows = 0;
    while (lines_.Next(&line)) {
      if (io::IsBlank(line)) continue;
      if ((rows + 1) * num_markers_ > kMaxCells) {
        return Status::InvalidInput(At(name_, lines_.line_number()) + "more than " +
                                    std::to_string(kMaxCells) +
                                    " marker positions: expected a smaller trial");
      }
      THAPLAN_RETURN_IF_ERROR(ParseRow(line, rows));
      ++rows;
    }
    if (rows == 0) {
      return Status::InvalidInput(name_ +
                                  ": no data rows after the header: expected at "
                                  "least one frame");
    }
    trial_.frame_count = rows;
    if (header_frames_ && *header_frames_ != rows) {
      trial_.metadata["frame_count_note"] =
          "header NumFrames = " + std::to_string(*header_frames_) + " but the file has " +
          std::to_string(rows) + " data rows; the rows were used";
    }
    return Status::Ok();
  }

  Status ParseRow(std::string_view line, int64_t row);
  Status CheckTime(std::string_view field, int64_t row);
  std::string Column(size_t marker, int coord) const;

  io::LineScanner lines_;
  const std::string& name_;
  size_t text_size_;
  Trial trial_;
  std::vector<std::pair<std::string_view, std::string_view>> header_;
  int64_t num_markers_ = 0;
  std::optional<int64_t> header_frames_;
  double per_metre_ = 1;
};

std::string TrcParser::Column(size_t marker, int coord) const {
  static constexpr char kAxes[] = "XYZ";
  return "column " + std::to_string(3 + 3 * marker + static_cast<size_t>(coord)) + " (" +
         trial_.landmarks[marker] + " " + kAxes[coord] + ")";
}

Status TrcParser::CheckTime(std::string_view field, int64_t row) {
  double t = 0;
  if (ParseNumber(field, &t) != NumberParse::kOk || !std::isfinite(t)) {
    return Status::InvalidInput(At(name_, lines_.line_number()) + "Time = " +
                                Quote(field) + ": expected a time in seconds");
  }
  if (row == 0) {
    trial_.start_time_s = t;
    return Status::Ok();
  }
  const double expected =
      trial_.start_time_s + static_cast<double>(row) / trial_.sample_rate_hz;
  if (!(std::fabs(t - expected) <= 0.5 / trial_.sample_rate_hz)) {
    return Status::InvalidInput(
        At(name_, lines_.line_number()) + "Time = " + Quote(field) + ": expected " +
        Num(expected) + " (frame " + std::to_string(row + 1) + " at DataRate " +
        Num(trial_.sample_rate_hz) + " Hz); frames must be evenly spaced");
  }
  return Status::Ok();
}

Status TrcParser::ParseRow(std::string_view line, int64_t row) {
  const char* p = line.data();
  const char* const end = p + line.size();
  const size_t markers = trial_.landmarks.size();
  const char* field_end = FieldEnd(p, end);
  double frame_number = 0;
  if (ParseNumber({p, static_cast<size_t>(field_end - p)}, &frame_number) !=
      NumberParse::kOk) {
    return Status::InvalidInput(At(name_, lines_.line_number()) + "Frame# = " +
                                Quote({p, static_cast<size_t>(field_end - p)}) +
                                ": expected a frame number");
  }
  if (field_end == end) {
    return Status::InvalidInput(
        At(name_, lines_.line_number()) +
        "row has 1 field: expected Frame#, Time and the coordinates");
  }
  p = field_end + 1;
  field_end = FieldEnd(p, end);
  THAPLAN_RETURN_IF_ERROR(CheckTime({p, static_cast<size_t>(field_end - p)}, row));
  bool at_end = field_end == end;
  p = at_end ? end : field_end + 1;
  for (size_t m = 0; m < markers; ++m) {
    Vec3 v{kNaN, kNaN, kNaN};
    int present = 0;
    int first_missing = -1;
    for (int c = 0; c < 3; ++c) {
      if (at_end) {
        if (first_missing < 0) first_missing = c;
        continue;
      }
      field_end = FieldEnd(p, end);
      double x = 0;
      NumberParse parsed = ParseNumber({p, static_cast<size_t>(field_end - p)}, &x);
      if (parsed == NumberParse::kInvalid ||
          (parsed == NumberParse::kOk && std::isinf(x))) {
        return Status::InvalidInput(At(name_, lines_.line_number()) + Column(m, c) +
                                    " = " +
                                    Quote({p, static_cast<size_t>(field_end - p)}) +
                                    ": expected a finite number or an empty field");
      }
      if (parsed == NumberParse::kOk && !std::isnan(x)) {
        v[static_cast<size_t>(c)] = x / per_metre_;
        ++present;
      } else if (first_missing < 0) {
        first_missing = c;
      }
      at_end = field_end == end;
      p = at_end ? end : field_end + 1;
    }
    if (present != 3) {
      if (present != 0) {
        return Status::InvalidInput(
            At(name_, lines_.line_number()) + "marker " + trial_.landmarks[m] + " has " +
            std::to_string(present) + " of its 3 coordinates (" +
            Column(m, first_missing) + " is missing): expected all three or none");
      }
      v = {kNaN, kNaN, kNaN};
    }
    trial_.positions_m.push_back(v);
  }
  if (!at_end && !io::IsBlank({p, static_cast<size_t>(end - p)})) {
    size_t fields = 1;
    for (char ch : line) fields += ch == '\t' ? 1 : 0;
    return Status::InvalidInput(At(name_, lines_.line_number()) + "row has " +
                                std::to_string(fields) + " fields: expected at most " +
                                std::to_string(2 + 3 * markers) +
                                " (Frame#, Time and 3 coordinates for each of " +
                                std::to_string(markers) + " markers)");
  }
  return Status::Ok();
}

}  // namespace

Result<Trial> ParseTrc(std::string_view text, const std::string& name) {
  return TrcParser(text, name).Parse();
}

Result<Trial> ReadTrc(const std::string& path) {
  THAPLAN_ASSIGN_OR_RETURN(std::string text, io::ReadFileToString(path));
  return ParseTrc(text, path);
}

}  // namespace thaplan
