// `thaplan simulate oracle`: expected post-op gait of simulated patients
// under any placement, from a CSV of placements.
#include <charconv>
#include <cmath>
#include <map>

#include "io/csv_reader.h"
#include "thaplan/cohort.h"

namespace thaplan {
namespace {

constexpr const char* kPlacementColumns[] = {"cup_inclination_deg", "cup_anteversion_deg",
                                             "stem_anteversion_deg", "leg_length_change_mm",
                                             "femoral_offset_change_mm"};

double* Field(Placement* p, size_t i) {
  double* fields[] = {&p->cup_inclination_deg, &p->cup_anteversion_deg,
                      &p->stem_anteversion_deg, &p->leg_length_change_mm,
                      &p->femoral_offset_change_mm};
  return fields[i];
}

}  // namespace

Status WriteOracleTable(const CohortModel& model, const std::string& placements_path,
                        std::FILE* out) {
  THAPLAN_ASSIGN_OR_RETURN(io::CsvReader reader, io::CsvReader::Open(placements_path));
  std::vector<std::string_view> fields;
  if (!reader.Next(&fields)) {
    THAPLAN_RETURN_IF_ERROR(reader.status());
    return Status::InvalidInput(placements_path + ":1: file is empty: expected a header row");
  }
  int key_col = -1;
  std::map<size_t, int> placement_col;  // placement field -> CSV column
  for (size_t c = 0; c < fields.size(); ++c) {
    if (fields[c] == "patient_key") key_col = static_cast<int>(c);
    for (size_t f = 0; f < std::size(kPlacementColumns); ++f) {
      if (fields[c] == kPlacementColumns[f]) placement_col[f] = static_cast<int>(c);
    }
  }
  if (key_col < 0) {
    return Status::InvalidInput(placements_path +
                                ":1: column patient_key is missing: expected the simulated "
                                "patient's hospital ID");
  }
  const size_t width = fields.size();
  std::fprintf(out, "patient_key");
  for (const char* name : kPlacementColumns) std::fprintf(out, ",%s", name);
  std::fprintf(out, ",postop_lld_mm");
  for (const char* tp : {"m3_", "m12_"}) {
    for (const char* name : {"stride_length_cv_pct", "peak_hip_extension_deg",
                             "com_sway_ratio", "com_asymmetry_pct", "speed_m_s",
                             "stride_length_m"}) {
      std::fprintf(out, ",%s%s", tp, name);
    }
  }
  std::fprintf(out, "\n");
  while (reader.Next(&fields)) {
    const std::string where = placements_path + ":" + std::to_string(reader.line()) + ": ";
    if (fields.size() != width) {
      return Status::InvalidInput(where + std::to_string(fields.size()) +
                                  " fields: expected " + std::to_string(width));
    }
    const std::string key(fields[static_cast<size_t>(key_col)]);
    std::optional<int> index = model.IndexOf(key);
    if (!index) {
      return Status::InvalidInput(where + "patient_key = " + key +
                                  ": expected a hospital ID of this simulated cohort");
    }
    const SimPatient patient = model.Patient(*index);
    Placement placement = patient.achieved;
    for (const auto& [f, c] : placement_col) {
      std::string_view text = fields[static_cast<size_t>(c)];
      if (text.empty()) continue;
      double v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v)) {
        return Status::InvalidInput(where + kPlacementColumns[f] + " = " + std::string(text) +
                                    ": expected a number");
      }
      *Field(&placement, f) = v;
    }
    std::fprintf(out, "%s", key.c_str());
    for (size_t f = 0; f < std::size(kPlacementColumns); ++f) {
      std::fprintf(out, ",%g", *Field(&placement, f));
    }
    std::fprintf(out, ",%g", patient.preop_lld_mm + placement.leg_length_change_mm);
    for (SimTimepoint tp : {SimTimepoint::k3m, SimTimepoint::k12m}) {
      const SimGait g = model.Expected(patient, placement, tp);
      std::fprintf(out, ",%.4f,%.3f,%.5f,%.3f,%.4f,%.4f", g.stride_length_cv_pct,
                   g.hip_extension_operated_deg, g.com_sway_ratio, g.com_asymmetry_pct,
                   g.speed_m_s, g.stride_length_m);
    }
    std::fprintf(out, "\n");
  }
  return reader.status();
}

}  // namespace thaplan
