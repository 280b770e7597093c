// The oracle check's data: a simulated cohort in a real registry, with each
// patient's pre-op and 3-month gait stored as gait sessions.
#include "plan/plan_check_data.h"

#include <filesystem>
#include <map>
#include <memory>

#include "registry/pseudonym.h"
#include "thaplan/import.h"
#include "thaplan/schema.h"

namespace thaplan::plan {
namespace {

// The session summary of a simulated gait, aligned with GaitSummaryColumns().
Result<Row> SummaryRow(const SimGait& g) {
  const std::map<std::string_view, Value> values = {
      {"gait_speed_m_s", g.speed_m_s},
      {"gait_cadence_steps_min", g.cadence_steps_min},
      {"gait_stride_length_m", g.stride_length_m},
      {"stride_length_cv_pct", g.stride_length_cv_pct},
      {"peak_hip_extension_deg", g.hip_extension_operated_deg},
      {"peak_hip_extension_other_deg", g.hip_extension_other_deg},
      {"com_sway_ratio", g.com_sway_ratio},
      {"com_asymmetry_pct", g.com_asymmetry_pct},
      {"gait_strides", int64_t{20}},
  };
  Row row;
  for (const ColumnSpec& c : GaitSummaryColumns()) {
    auto it = values.find(c.name);
    if (it == values.end()) {
      return Status::Internal("plan check: gait summary column " + std::string(c.name) +
                              ": expected a value from the simulator");
    }
    row.push_back(it->second);
  }
  return row;
}

}  // namespace

Result<CheckData> MakeCheckData(const CohortModel& model, const std::string& dir) {
  CheckData data;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(dir + ": cannot create the folder: " + ec.message());
  const std::string cohort = dir + "/cohort";
  THAPLAN_RETURN_IF_ERROR(WriteCohortTables(model, cohort));
  THAPLAN_ASSIGN_OR_RETURN(data.registry, Registry::Open(dir + "/registry.db"));
  ImportOptions import;
  for (const char* f : {"patients.csv", "surgeries.csv", "assessments.csv"}) {
    import.files.push_back({cohort + "/" + f, std::nullopt});
  }
  import.key_dir = dir + "/keys";
  THAPLAN_RETURN_IF_ERROR(ImportCsv(*data.registry, import).status());

  std::map<std::string, std::unique_ptr<registry::Pseudonymizer>> by_site;
  Registry& reg = *data.registry;
  THAPLAN_RETURN_IF_ERROR(reg.Begin());
  for (int i = 0; i < model.options().patients; ++i) {
    const SimPatient p = model.Patient(i);
    const std::string& site = model.sites()[static_cast<size_t>(p.site)].code;
    auto& pseudonymizer = by_site[site];
    if (!pseudonymizer) {
      auto key = registry::LoadSiteKey(import.key_dir + "/" + site + ".key");
      if (!key.ok()) return key.status();
      pseudonymizer = std::make_unique<registry::Pseudonymizer>(*key);
    }
    const std::string pseudonym = pseudonymizer->Pseudonym(p.hospital_id);
    data.index_of[pseudonym] = i;
    for (SimTimepoint tp : {SimTimepoint::kPreop, SimTimepoint::k3m}) {
      GaitSessionRecord s;
      s.patient_key = pseudonym;
      s.timepoint = std::string(SimTimepointName(tp));
      s.device = "simulator (walker parameters, no measurement error)";
      s.operated_side = std::string(1, p.operated_side);
      s.hip_angle_frame = "pelvis";
      THAPLAN_ASSIGN_OR_RETURN(s.summary, SummaryRow(p.gait[static_cast<size_t>(tp)]));
      s.results_json = "{}";
      auto put = reg.PutGaitSession(s, false);
      if (!put.ok() || *put != PutOutcome::kInserted) {
        (void)reg.Rollback();
        return put.ok()
                   ? Status::Internal("plan check: simulated patient " +
                                      std::to_string(i) + ": gait session not stored")
                   : put.status();
      }
    }
  }
  THAPLAN_RETURN_IF_ERROR(reg.Commit());
  return data;
}

Table TableRows(const Table& table, std::span<const size_t> rows) {
  Table out;
  out.source = table.source;
  out.features = table.features;
  out.notes = table.notes;
  out.x = TakeRows(table.x, rows);
  for (const TargetColumn& t : table.targets) {
    TargetColumn c;
    c.spec = t.spec;
    c.unit = t.unit;
    for (size_t r : rows) {
      c.values.push_back(t.values[r]);
      c.preop.push_back(t.preop[r]);
      c.missing += std::isnan(t.values[r]) ? 1 : 0;
    }
    out.targets.push_back(std::move(c));
  }
  for (size_t r : rows) {
    out.keys.push_back(table.keys[r]);
    out.groups.push_back(table.groups[r]);
  }
  return out;
}

}  // namespace thaplan::plan
