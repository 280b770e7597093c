// Keypoint CSV writer (format in docs/keypoints.md).
#include <cmath>

#include "io/text_scan.h"
#include "io/trial_check.h"
#include "thaplan/atomic_file.h"
#include "thaplan/keypoints.h"

namespace thaplan {
namespace {

using io::AppendShortest;

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

void AppendRows(const Trial& trial, LengthUnit units, std::string* out) {
  const double scale = PerMetre(units);
  const size_t n = trial.landmarks.size();
  const bool conf = !trial.confidence.empty();
  for (int64_t frame = 0; frame < trial.frame_count; ++frame) {
    AppendShortest(trial.TimeOf(frame), out);
    for (size_t m = 0; m < n; ++m) {
      const Vec3& p = trial.At(frame, m);
      const bool missing = IsMissing(p);
      for (double coord : p) {
        out->push_back(',');
        if (!missing) io::AppendInUnit(coord, scale, out);
      }
      if (conf) {
        out->push_back(',');
        float c = trial.confidence[static_cast<size_t>(frame) * n + m];
        if (!std::isnan(c)) AppendShortest(c, out);
      }
    }
    out->push_back('\n');
  }
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

Result<std::string> Format(const Trial& trial, LengthUnit units,
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
                  (24 + trial.landmarks.size() * 40));
  AppendHeader(trial, units, &out);
  AppendRows(trial, units, &out);
  return out;
}

}  // namespace

Result<std::string> FormatKeypointCsv(const Trial& trial, LengthUnit units) {
  return Format(trial, units, "");
}

Status WriteKeypointCsv(const Trial& trial, const std::string& path, LengthUnit units) {
  THAPLAN_ASSIGN_OR_RETURN(std::string text, Format(trial, units, path));
  return WriteFileAtomically(path, text);
}

}  // namespace thaplan
