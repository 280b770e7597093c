// Keypoint CSV writer (format in docs/keypoints.md).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "io/text_scan.h"
#include "io/trial_check.h"
#include "thaplan/atomic_file.h"
#include "thaplan/keypoints.h"

namespace thaplan {
namespace {

void AppendHeader(const Trial& trial, LengthUnit units, std::string* out) {
  // Appends piece by piece: "literal" + std::string trips GCC 12's
  // -Wrestrict false positive (GCC bug 105329) at -O2.
  out->append("# units=").append(LengthUnitSymbol(units));
  if (trial.vertical_axis) {
    *out += " vertical=";
    out->push_back(trial.vertical_sign < 0 ? '-' : '+');
    out->push_back(static_cast<char>('x' + static_cast<int>(*trial.vertical_axis)));
  }
  *out += "\ntime";
  const bool conf = !trial.confidence.empty();
  for (const std::string& name : trial.landmarks) {
    for (const char* suffix : {"_x", "_y", "_z"})
      out->append(",").append(name).append(suffix);
    if (conf) out->append(",").append(name).append("_conf");
  }
  out->push_back('\n');
}

// "00".."99": two digits per lookup.
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// The shortest decimal of `metres` when it is the double nearest to a
// multiple k of 1e-4 with 0.001 <= |metres| < 10^4 (or 0): the fixed form
// of k with its trailing zeros dropped. No shorter decimal reads back as the
// same double (doubles there are far closer than 1e-4) and the scientific
// form is never shorter (it needs a 4-character exponent), so this is what
// std::to_chars writes, only faster (keypoints_test.cc compares them).
// Writes the text at `out` (using up to 11 bytes of room past it) and
// returns its end; nullptr when `metres` is not such a value. The four
// fraction digits are always stored and the trailing zeros cut by length,
// and the integer part of a position in metres is nearly always one digit:
// loops over a varying number of digits cost a branch misprediction per
// coordinate, most of this function's time before.
char* WriteTenthMm(double metres, char* out) {
  if (!(std::fabs(metres) < 1e4)) return nullptr;
  const double scaled = metres * 1e4;
  const auto k = static_cast<long long>(scaled + (scaled < 0 ? -0.5 : 0.5));
  if (static_cast<double>(k) / 1e4 != metres) return nullptr;
  const auto u = static_cast<unsigned long long>(k < 0 ? -k : k);
  if (u < 10) {
    if (k != 0 || std::signbit(metres)) return nullptr;  // "-0", or "1e-04" and the like
    *out = '0';
    return out + 1;
  }
  char* p = out;
  *p = '-';
  p += k < 0 ? 1 : 0;
  auto whole = static_cast<unsigned>(u / 10000);
  const auto frac = static_cast<unsigned>(u % 10000);
  if (whole < 10) {
    *p++ = static_cast<char>('0' + whole);
  } else {
    char digits[4];
    int n = 0;
    for (; whole != 0; whole /= 10) digits[n++] = static_cast<char>('0' + whole % 10);
    while (n > 0) *p++ = digits[--n];
  }
  p[0] = '.';
  std::memcpy(p + 1, kDigitPairs + 2 * (frac / 100), 2);
  std::memcpy(p + 3, kDigitPairs + 2 * (frac % 100), 2);
  const int trailing_zeros =
      (frac % 10 == 0 ? 1 : 0) + (frac % 100 == 0 ? 1 : 0) + (frac % 1000 == 0 ? 1 : 0);
  return p + (frac == 0 ? 0 : 5 - trailing_zeros);
}

// The text of a position in millimetres when `metres` is the double nearest
// to a whole number k of millimetres (|metres| < 10^12, not -0): k itself,
// which the reader divides back to the same double (checked here, and over
// every millimetre of +-200 m in keypoints_test.cc); AppendInUnit's search of
// candidate texts is not needed. Returns the end, or nullptr when `metres` is
// not such a value.
char* WriteWholeMm(double metres, char* out) {
  if (!(std::fabs(metres) < 1e12)) return nullptr;
  const double scaled = metres * 1e3;
  const auto k = static_cast<long long>(scaled + (scaled < 0 ? -0.5 : 0.5));
  if (static_cast<double>(k) / 1e3 != metres) return nullptr;
  if (k == 0 && std::signbit(metres)) return nullptr;  // "-0"
  return std::to_chars(out, out + 24, k).ptr;
}

// `units` (any finite number) rounded to the nearest whole number, halves
// away from zero, as text at `out` (room for 24 characters); returns the end.
// Below 2^63 the fraction x - trunc(x) is exact, so the halves are exact too.
char* WriteRounded(double units, char* out) {
  if (!(std::fabs(units) < 0x1p63)) {
    return std::to_chars(out, out + 24, std::round(units), std::chars_format::fixed).ptr;
  }
  const auto whole = static_cast<long long>(units);
  const double frac = units - static_cast<double>(whole);
  const long long k = whole + (frac >= 0.5 ? 1 : 0) - (frac <= -0.5 ? 1 : 0);
  return std::to_chars(out, out + 24, k).ptr;
}

// Longest text one field can take: std::to_chars's shortest double is at
// most 24 characters ("-2.2250738585072014e-308"), AppendInUnit's at most
// 17 significant digits with sign, point and exponent (25), a float 15.
constexpr size_t kMaxField = 32;

// Writes ",value" for one coordinate (just "," when missing) at `p`, which
// has room for 1 + kMaxField characters; returns the end. kExact writes the
// shortest text that reads back to the same double, kWholeUnits the
// coordinate in `scale` units rounded to a whole number.
char* WriteCoordinate(double coord, bool missing, double scale, CoordinateText text,
                      std::string* scratch, char* p) {
  *p++ = ',';
  if (missing) return p;
  if (text == CoordinateText::kWholeUnits) return WriteRounded(coord * scale, p);
  if (scale == 1.0) {
    if (char* end = WriteTenthMm(coord, p)) return end;
    return std::to_chars(p, p + kMaxField, coord).ptr;
  }
  if (scale == 1e3) {
    if (char* end = WriteWholeMm(coord, p)) return end;
  }
  scratch->clear();
  io::AppendInUnit(coord, scale, scratch);
  std::memcpy(p, scratch->data(), std::min(scratch->size(), kMaxField));
  return p + std::min(scratch->size(), kMaxField);
}

// Upper bound on one row's length.
size_t RowRoom(size_t landmarks, bool conf) {
  return (1 + kMaxField) * (1 + landmarks * (conf ? 4 : 3)) + 1;
}

// Rows are written through a pointer into `out`, which is grown ahead of the
// writing by half its size (so resize zero-fills at most 1.5 times the bytes
// written) and cut to the written length at the end: appending each field
// to the string cost a capacity check and a memcpy call per field, and
// resizing by a row's upper bound for every row zero-filled six times the
// bytes written (docs/simulator.md).
void AppendRows(const Trial& trial, LengthUnit units, CoordinateText text,
                std::string* out) {
  const double scale = PerMetre(units);
  const size_t n = trial.landmarks.size();
  const bool conf = !trial.confidence.empty();
  const size_t row_room = RowRoom(n, conf);
  std::string scratch;
  size_t end = out->size();
  for (int64_t frame = 0; frame < trial.frame_count; ++frame) {
    if (out->size() - end < row_room) {
      out->resize(std::max(out->size() + out->size() / 2, end + row_room));
    }
    char* const row = out->data() + end;
    char* p = std::to_chars(row, row + kMaxField, trial.TimeOf(frame)).ptr;
    for (size_t m = 0; m < n; ++m) {
      const Vec3& v = trial.At(frame, m);
      const bool missing = IsMissing(v);
      for (double coord : v)
        p = WriteCoordinate(coord, missing, scale, text, &scratch, p);
      if (conf) {
        *p++ = ',';
        const float c = trial.confidence[static_cast<size_t>(frame) * n + m];
        if (!std::isnan(c)) p = std::to_chars(p, p + kMaxField, c).ptr;
      }
    }
    *p++ = '\n';
    end += static_cast<size_t>(p - row);
  }
  out->resize(end);
}

Status CheckConfidences(const Trial& trial, const std::string& what) {
  for (size_t i = 0; i < trial.confidence.size(); ++i) {
    float c = trial.confidence[i];
    if (!std::isnan(c) && !(c >= 0 && c <= 1)) {
      const size_t n = trial.landmarks.size();
      return Status::InvalidInput(what + ": frame " + std::to_string(i / n) +
                                  " landmark " + trial.landmarks[i % n] +
                                  " confidence = " + std::to_string(c) +
                                  ": expected 0 to 1 or NaN");
    }
  }
  return Status::Ok();
}

Result<std::string> Format(const Trial& trial, LengthUnit units, CoordinateText text,
                           const std::string& path) {
  const std::string what =
      (path.empty() ? std::string("keypoint CSV") : path) + ": cannot write";
  THAPLAN_RETURN_IF_ERROR(io::CheckTrialShape(trial, what));
  THAPLAN_RETURN_IF_ERROR(io::CheckLandmarkNames(trial, ",\"", what));
  THAPLAN_RETURN_IF_ERROR(CheckConfidences(trial, what));
  THAPLAN_RETURN_IF_ERROR(
      io::CheckFitsUnit(trial, PerMetre(units), LengthUnitSymbol(units), what));
  if (trial.frame_count < 2) {
    return Status::InvalidInput(
        what + ": frame_count = " + std::to_string(trial.frame_count) +
        ": expected at least 2 frames (the reader derives the rate "
        "from the time column)");
  }
  std::string out;
  out.reserve(128 + trial.landmarks.size() * 48 +
              static_cast<size_t>(trial.frame_count) *
                  (24 + trial.landmarks.size() * 40) +
              RowRoom(trial.landmarks.size(), !trial.confidence.empty()));
  AppendHeader(trial, units, &out);
  AppendRows(trial, units, text, &out);
  return out;
}

}  // namespace

Result<std::string> FormatKeypointCsv(const Trial& trial, LengthUnit units,
                                      CoordinateText text) {
  return Format(trial, units, text, "");
}

Status WriteKeypointCsv(const Trial& trial, const std::string& path, LengthUnit units,
                        CoordinateText text) {
  THAPLAN_ASSIGN_OR_RETURN(std::string csv, Format(trial, units, text, path));
  return WriteFileAtomically(path, csv);
}

}  // namespace thaplan
