// Plain-text per-stride table for the CLI.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "thaplan/gait.h"

namespace thaplan {
namespace {

std::string Cell(double v, int width, int digits) {
  char buf[64];
  if (std::isfinite(v)) {
    std::snprintf(buf, sizeof buf, "%*.*f", width, digits, v);
  } else {
    std::snprintf(buf, sizeof buf, "%*s", width, "-");
  }
  return buf;
}

std::string IndexLine(const std::string& label, const IndexValue& v, const char* unit,
                      int digits) {
  std::string line = label + ": ";
  if (v.value) {
    line += Cell(*v.value, 0, digits) + unit + " (n=" + std::to_string(v.n) + ")";
    if (v.low_reliability) line += " [low reliability]";
  } else {
    line += "- (" + v.reason + ")";
  }
  return line + "\n";
}

// The "edge" and "gap" columns, without trailing blanks.
std::string EdgeAndGap(const StrideMetrics& m) {
  std::string out = m.bout_boundary ? "    *" : "";
  if (m.events_across_gap > 0) {
    out = (m.bout_boundary ? "    *" : "     ") + std::string("   ") +
          std::to_string(m.events_across_gap);
  }
  return out;
}

}  // namespace

std::string FormatStrideTable(const GaitReport& r) {
  std::string out =
      "trial side   start_s  time_s len_m  speed cadence step_m width_m stance swing "
      "single double hipext_deg comlat_cm edge gap\n";
  for (const StrideMetrics& m : r.strides) {
    char head[32];
    std::snprintf(head, sizeof head, "%5d %-5s", m.trial + 1,
                  std::string(SideName(m.side)).c_str());
    out += std::string(head) + Cell(m.start_time_s, 9, 3) + Cell(m.stride_time_s, 8, 3) +
           Cell(m.stride_length_m, 6, 3) + Cell(m.speed_m_s, 7, 3) +
           Cell(m.cadence_steps_per_min, 8, 1) + Cell(m.step_length_m, 7, 3) +
           Cell(m.step_width_m, 8, 3) + Cell(m.stance_pct, 7, 1) +
           Cell(m.swing_pct, 6, 1) + Cell(m.single_support_pct, 7, 1) +
           Cell(m.double_support_pct, 7, 1) + Cell(m.peak_hip_extension_deg, 11, 1) +
           Cell(100 * m.com_lateral_excursion_m, 10, 2) + EdgeAndGap(m) + "\n";
  }
  out += "(* first or last stride of a walk: excluded from the stride-length CV)\n";
  const bool gaps = std::any_of(r.strides.begin(), r.strides.end(),
                                [](const StrideMetrics& m) { return m.low_reliability; });
  if (gaps) {
    out +=
        "(gap: events of the stride timed across gap-filled samples; low reliability)\n";
  }
  out += IndexLine("stride_length_cv_pct", r.stride_length_cv.pooled, " %", 2);
  out += IndexLine("peak_hip_extension_deg left (" +
                       std::string(HipAngleFrameName(r.peak_hip_extension.frame)) +
                       " frame)",
                   r.peak_hip_extension.left, " deg", 1);
  out += IndexLine("peak_hip_extension_deg right", r.peak_hip_extension.right, " deg", 1);
  out += IndexLine("com_sway_ratio", r.com.sway_ratio, "", 3);
  out += IndexLine("com_asymmetry_pct", r.com.asymmetry_pct, " %", 1);
  for (const std::string& n : r.quality_notes) out += "note: " + n + "\n";
  return out;
}

}  // namespace thaplan
