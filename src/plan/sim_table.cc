// Planning tables straight from the cohort simulator (no registry): the
// numeric features a registry export would give for these columns, with the
// same names, so a model trained here plans like one trained on the registry.
// offset_3d_change_mm is left out: the simulator does not generate it (every
// registry row of a simulated cohort has it missing).
#include <cmath>

#include "thaplan/plan.h"

namespace thaplan {
namespace {

struct Column {
  const char* name;
  const char* unit;
};

constexpr Column kColumns[] = {
    {"sex=M", ""},
    {"age_at_surgery", "years"},
    {"bmi_kg_m2", "kg/m2"},
    {"cup_inclination_deg", "deg"},
    {"cup_anteversion_deg", "deg"},
    {"stem_anteversion_deg", "deg"},
    {"leg_length_change_mm", "mm"},
    {"preop_lld_mm", "mm"},
    {"postop_lld_mm", "mm"},
    {"femoral_offset_change_mm", "mm"},
    {"ce_angle_deg", "deg"},
    {"crowe_class", ""},
    {"femoral_anteversion_deg", "deg"},
    {"preop_hip_abductor_nm_kg", "Nm/kg"},
    {"preop_hip_extension_rom_deg", "deg"},
    {"preop_com_asymmetry_pct", "%"},
    {"preop_stride_length_cv_pct", "%"},
    {"preop_peak_hip_extension_deg", "deg"},
    {"preop_gait_speed_m_s", "m/s"},
};

constexpr Column kTargets[] = {{"m3_stride_length_cv_pct", "%"},
                               {"m3_peak_hip_extension_deg", "deg"},
                               {"m3_com_asymmetry_pct", "%"}};

// Values as the registry stores them: one decimal for the surgical columns
// (the simulator's surgeries.csv writes %.1f).
float Tenth(double v) { return static_cast<float>(std::round(v * 10) / 10); }

}  // namespace

std::vector<float> SimulatedPlanningRow(const SimPatient& p) {
  const SimAssessment& a = p.assessments[0];
  const SimGait& g = p.gait[0];
  const Placement& pl = p.achieved;
  const double preop = std::round(p.preop_lld_mm * 10) / 10;
  const double change = std::round(pl.leg_length_change_mm * 10) / 10;
  return {p.sex == 'M' ? 1.0f : 0.0f,
          static_cast<float>(p.age_years),
          static_cast<float>(std::round(p.bmi() * 10) / 10),
          Tenth(pl.cup_inclination_deg),
          Tenth(pl.cup_anteversion_deg),
          Tenth(pl.stem_anteversion_deg),
          static_cast<float>(change),
          static_cast<float>(preop),
          static_cast<float>(preop + change),
          Tenth(pl.femoral_offset_change_mm),
          Tenth(p.ce_angle_deg),
          static_cast<float>(p.crowe_class),
          Tenth(p.femoral_anteversion_deg),
          static_cast<float>(a.hip_abductor_nm_kg),
          static_cast<float>(a.hip_extension_rom_deg),
          static_cast<float>(g.com_asymmetry_pct),
          static_cast<float>(g.stride_length_cv_pct),
          static_cast<float>(g.hip_extension_operated_deg),
          static_cast<float>(g.speed_m_s)};
}

Table SimulatedPlanningTable(const CohortModel& model, int first, int count) {
  Table t;
  t.source = "simulated cohort (seed " + std::to_string(model.options().seed) + ")";
  for (const Column& c : kColumns) {
    const std::string name = c.name;
    const size_t eq = name.find('=');
    t.features.push_back({name, name.substr(0, eq),
                          eq == std::string::npos ? "" : name.substr(eq + 1), c.unit});
  }
  t.x.cols = t.features.size();
  for (const Column& c : kTargets) {
    TargetColumn col;
    col.spec.name = col.spec.column = c.name;
    col.unit = c.unit;
    t.targets.push_back(col);
  }
  for (int i = first; i < first + count; ++i) {
    const SimPatient p = model.Patient(i);
    const std::vector<float> row = SimulatedPlanningRow(p);
    t.x.values.insert(t.x.values.end(), row.begin(), row.end());
    ++t.x.rows;
    const SimGait& g = p.gait[1];
    const double y[] = {g.stride_length_cv_pct, g.hip_extension_operated_deg,
                        g.com_asymmetry_pct};
    const double pre[] = {p.gait[0].stride_length_cv_pct,
                          p.gait[0].hip_extension_operated_deg,
                          p.gait[0].com_asymmetry_pct};
    for (size_t k = 0; k < 3; ++k) {
      t.targets[k].values.push_back(y[k]);
      t.targets[k].preop.push_back(pre[k]);
    }
    t.keys.push_back(p.hospital_id);
    t.groups.push_back(model.sites()[static_cast<size_t>(p.site)].code);
  }
  return t;
}

TrainingSupport SupportFromTable(const Table& table) {
  std::array<int, kDecisionVarCount> col;
  col.fill(-1);
  for (size_t f = 0; f < table.features.size(); ++f) {
    if (auto v = DecisionVarFromName(table.features[f].name)) {
      col[static_cast<size_t>(*v)] = static_cast<int>(f);
    }
  }
  TrainingSupport s;
  for (size_t r = 0; r < table.rows(); ++r) {
    PlacementValues x;
    for (size_t v = 0; v < kDecisionVarCount; ++v) {
      x[v] = col[v] < 0 ? std::nan("") : table.x.at(r, static_cast<size_t>(col[v]));
    }
    s.rows.push_back(x);
  }
  const PlanOptions defaults;
  s.guard = std::make_shared<const SupportGuard>(
      PrepareSupportGuard(s.rows, defaults.knn_k, defaults.knn_quantile));
  return s;
}

}  // namespace thaplan
