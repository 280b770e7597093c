#include "io/c3d_events.h"

#include <cctype>

namespace thaplan::io::c3d {
namespace {

// Fails when a parameter that must give one entry per used item has fewer.
Status CheckLength(const std::string& file, const std::string& what, size_t have,
                   const std::string& used_name, size_t used) {
  if (have >= used) return Status::Ok();
  return Status::Corruption(file + ": parameter " + what + " holds " +
                            std::to_string(have) + " entries but " + used_name + " = " +
                            std::to_string(used) + ": expected at least " +
                            std::to_string(used));
}

std::string At(const std::vector<std::string>& v, size_t i) {
  return i < v.size() ? v[i] : std::string();
}

Status ReadEventGroup(const ParameterSection& params, Trial* trial) {
  const std::string& file = params.file();
  THAPLAN_ASSIGN_OR_RETURN(std::vector<double> times, params.Numbers("EVENT", "TIMES"));
  THAPLAN_ASSIGN_OR_RETURN(std::optional<uint32_t> used, params.Count("EVENT", "USED"));
  size_t count = used ? *used : times.size() / 2;
  THAPLAN_RETURN_IF_ERROR(
      CheckLength(file, "EVENT:TIMES", times.size() / 2, "EVENT:USED", count));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> contexts,
                           params.Strings("EVENT", "CONTEXTS"));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> labels,
                           params.Strings("EVENT", "LABELS"));
  // Absent CONTEXTS or LABELS leave the strings empty; present but short is
  // damage.
  if (params.Find("EVENT", "CONTEXTS") != nullptr) {
    THAPLAN_RETURN_IF_ERROR(
        CheckLength(file, "EVENT:CONTEXTS", contexts.size(), "EVENT:USED", count));
  }
  if (params.Find("EVENT", "LABELS") != nullptr) {
    THAPLAN_RETURN_IF_ERROR(
        CheckLength(file, "EVENT:LABELS", labels.size(), "EVENT:USED", count));
  }
  for (size_t i = 0; i < count; ++i) {
    TrialEvent e;
    e.context = At(contexts, i);
    e.label = At(labels, i);
    // TIMES is a 2 x n array in FORTRAN order: minutes, then seconds.
    double minutes = FloatAsDecimal(static_cast<float>(times[2 * i]));
    double seconds = FloatAsDecimal(static_cast<float>(times[2 * i + 1]));
    e.time_s = minutes * 60.0 + seconds;
    trial->events.push_back(std::move(e));
  }
  trial->metadata["c3d.events_source"] = "EVENT group";
  return Status::Ok();
}

}  // namespace

Status ReadEvents(const Header& header, const ParameterSection& params, Trial* trial) {
  if (params.HasGroup("EVENT")) return ReadEventGroup(params, trial);
  for (const HeaderEvent& h : header.events) {
    TrialEvent e;
    e.context = "General";  // the header has no sides
    e.label = h.label;
    e.time_s = trial->start_time_s + FloatAsDecimal(h.time_s);
    trial->events.push_back(std::move(e));
  }
  trial->metadata["c3d.events_source"] = header.events.empty() ? "none" : "header";
  return Status::Ok();
}

Status ReadAnalysis(const ParameterSection& params, Trial* trial) {
  if (!params.HasGroup("ANALYSIS")) return Status::Ok();
  const std::string& file = params.file();
  THAPLAN_ASSIGN_OR_RETURN(std::vector<double> values,
                           params.Numbers("ANALYSIS", "VALUES"));
  THAPLAN_ASSIGN_OR_RETURN(std::optional<uint32_t> used,
                           params.Count("ANALYSIS", "USED"));
  size_t count = used ? *used : values.size();
  THAPLAN_RETURN_IF_ERROR(
      CheckLength(file, "ANALYSIS:VALUES", values.size(), "ANALYSIS:USED", count));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> names,
                           params.Strings("ANALYSIS", "NAMES"));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> contexts,
                           params.Strings("ANALYSIS", "CONTEXTS"));
  THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> units,
                           params.Strings("ANALYSIS", "UNITS"));
  THAPLAN_RETURN_IF_ERROR(
      CheckLength(file, "ANALYSIS:NAMES", names.size(), "ANALYSIS:USED", count));
  if (params.Find("ANALYSIS", "CONTEXTS") != nullptr) {
    THAPLAN_RETURN_IF_ERROR(
        CheckLength(file, "ANALYSIS:CONTEXTS", contexts.size(), "ANALYSIS:USED", count));
  }
  if (params.Find("ANALYSIS", "UNITS") != nullptr) {
    THAPLAN_RETURN_IF_ERROR(
        CheckLength(file, "ANALYSIS:UNITS", units.size(), "ANALYSIS:USED", count));
  }
  for (size_t i = 0; i < count; ++i) {
    TrialAnalysisValue v;
    v.context = At(contexts, i);
    v.name = names[i];
    v.unit = At(units, i);
    v.value = FloatAsDecimal(static_cast<float>(values[i]));
    trial->analysis.push_back(std::move(v));
  }
  return Status::Ok();
}

Status ReadVerticalAxis(const ParameterSection& params, Trial* trial) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<std::string> x_screen,
                           params.String("POINT", "X_SCREEN"));
  THAPLAN_ASSIGN_OR_RETURN(std::optional<std::string> y_screen,
                           params.String("POINT", "Y_SCREEN"));
  if (x_screen) trial->metadata["c3d.x_screen"] = *x_screen;
  if (!y_screen) {
    trial->metadata["c3d.vertical_axis"] = "unknown: the file has no POINT:Y_SCREEN";
    return Status::Ok();
  }
  trial->metadata["c3d.y_screen"] = *y_screen;
  const std::string& s = *y_screen;
  char axis = s.size() == 2
                  ? static_cast<char>(std::toupper(static_cast<unsigned char>(s[1])))
                  : '?';
  if (s.size() != 2 || (s[0] != '+' && s[0] != '-') || axis < 'X' || axis > 'Z') {
    return Status::Corruption(params.file() + ": parameter POINT:Y_SCREEN = '" + s +
                              "': expected +X, -X, +Y, -Y, +Z or -Z");
  }
  trial->vertical_axis = static_cast<Axis>(axis - 'X');
  trial->vertical_sign = s[0] == '+' ? 1 : -1;
  trial->metadata["c3d.vertical_axis"] = s + " (from POINT:Y_SCREEN)";
  return Status::Ok();
}

}  // namespace thaplan::io::c3d
