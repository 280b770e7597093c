// TRC writer: the layout OpenSim writes (see trc.h), numbers in their
// shortest round-trip form so that ParseTrc(FormatTrc(t)) gives t back.
#include <cmath>

#include "io/text_scan.h"
#include "io/trial_check.h"
#include "thaplan/atomic_file.h"
#include "thaplan/trc.h"

namespace thaplan {
namespace {

using io::AppendInt;
using io::AppendShortest;

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void AppendHeader(const Trial& trial, TrcUnits units, const std::string& file_name,
                  std::string* out) {
  const size_t n = trial.landmarks.size();
  // Appends piece by piece: "literal" + std::string trips GCC 12's
  // -Wrestrict false positive (GCC bug 105329) at -O2.
  out->append("PathFileType\t4\t(X/Y/Z)\t").append(file_name).append("\n");
  *out +=
      "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
      "OrigDataStartFrame\tOrigNumFrames\n";
  for (int i = 0; i < 2; ++i) {
    AppendShortest(trial.sample_rate_hz, out);
    out->push_back('\t');
  }
  AppendInt(trial.frame_count, out);
  out->push_back('\t');
  AppendInt(static_cast<int64_t>(n), out);
  out->append("\t").append(LengthUnitSymbol(units)).append("\t");
  AppendShortest(trial.sample_rate_hz, out);
  *out += "\t1\t";
  AppendInt(trial.frame_count, out);
  *out += "\nFrame#\tTime";
  for (const std::string& name : trial.landmarks)
    out->append("\t").append(name).append("\t\t");
  *out += "\n\t";
  for (size_t m = 1; m <= n; ++m) {
    for (char axis : {'X', 'Y', 'Z'}) {
      out->push_back('\t');
      out->push_back(axis);
      AppendInt(static_cast<int64_t>(m), out);
    }
  }
  *out += "\n\n";
}

void AppendRows(const Trial& trial, TrcUnits units, std::string* out) {
  const double scale = PerMetre(units);
  const size_t n = trial.landmarks.size();
  for (int64_t frame = 0; frame < trial.frame_count; ++frame) {
    AppendInt(frame + 1, out);
    out->push_back('\t');
    AppendShortest(trial.TimeOf(frame), out);
    for (size_t m = 0; m < n; ++m) {
      const Vec3& p = trial.At(frame, m);
      const bool missing = IsMissing(p);
      for (double coord : p) {
        out->push_back('\t');
        if (!missing) io::AppendInUnit(coord, scale, out);
      }
    }
    out->push_back('\n');
  }
}

Result<std::string> Format(const Trial& trial, TrcUnits units, const std::string& path) {
  const std::string what = (path.empty() ? std::string("TRC") : path) + ": cannot write";
  THAPLAN_RETURN_IF_ERROR(io::CheckTrialShape(trial, what));
  THAPLAN_RETURN_IF_ERROR(io::CheckLandmarkNames(trial, "\t", what));
  THAPLAN_RETURN_IF_ERROR(
      io::CheckFitsUnit(trial, PerMetre(units), LengthUnitSymbol(units), what));
  std::string out;
  // About 11 bytes per coordinate; one allocation for typical trials.
  out.reserve(256 + trial.landmarks.size() * 40 +
              static_cast<size_t>(trial.frame_count) *
                  (24 + trial.landmarks.size() * 33));
  AppendHeader(trial, units, path.empty() ? "trial.trc" : BaseName(path), &out);
  AppendRows(trial, units, &out);
  return out;
}

}  // namespace

Result<std::string> FormatTrc(const Trial& trial, TrcUnits units) {
  return Format(trial, units, "");
}

Status WriteTrc(const Trial& trial, const std::string& path, TrcUnits units) {
  THAPLAN_ASSIGN_OR_RETURN(std::string text, Format(trial, units, path));
  return WriteFileAtomically(path, text);
}

}  // namespace thaplan
