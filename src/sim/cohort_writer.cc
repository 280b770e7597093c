// Writing a simulated cohort: registry-ready CSVs as a clinic would export
// them (own IDs, exact dates), the truth beside them, and cohort.json.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/civil_date.h"
#include "thaplan/atomic_file.h"
#include "thaplan/build_info.h"
#include "thaplan/cohort.h"

namespace thaplan {
namespace {

Status MakeDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::IOError(dir + ": cannot create folder: " + std::strerror(errno));
  }
  return Status::Ok();
}

// printf into a std::string.
template <typename... Args>
std::string Format(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

std::string GaitColumns(const char* prefix) {
  std::string s;
  for (const char* name :
       {"speed_m_s", "cadence_steps_min", "stride_length_m", "stride_length_cv_pct",
        "peak_hip_extension_deg", "peak_hip_extension_other_deg", "com_sway_operated_m",
        "com_sway_other_m", "com_sway_ratio", "com_asymmetry_pct", "step_width_m"}) {
    s += std::string(",") + prefix + name;
  }
  return s;
}

std::string GaitValues(const SimGait& g) {
  return Format(",%.4f,%.2f,%.4f,%.4f,%.3f,%.3f,%.5f,%.5f,%.5f,%.3f,%.4f", g.speed_m_s,
                g.cadence_steps_min, g.stride_length_m, g.stride_length_cv_pct,
                g.hip_extension_operated_deg, g.hip_extension_other_deg, g.com_sway_operated_m,
                g.com_sway_other_m, g.com_sway_ratio, g.com_asymmetry_pct, g.step_width_m);
}

}  // namespace

Status WriteCohortTables(const CohortModel& model, const std::string& dir) {
  THAPLAN_RETURN_IF_ERROR(MakeDir(dir));
  THAPLAN_RETURN_IF_ERROR(MakeDir(dir + "/truth"));
  const CohortOptions& o = model.options();
  THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter patients, AtomicFileWriter::Create(dir + "/patients.csv"));
  THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter surgeries, AtomicFileWriter::Create(dir + "/surgeries.csv"));
  THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter assessments,
                           AtomicFileWriter::Create(dir + "/assessments.csv"));
  THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter truth, AtomicFileWriter::Create(dir + "/truth/patients.csv"));
  THAPLAN_RETURN_IF_ERROR(patients.Write(
      "patient_key,site,sex,birth_date,surgery_date,height_cm,weight_kg,diagnosis,"
      "operated_side,contralateral_hip,asa_class,hx_diabetes,hx_spine_disease,"
      "hx_osteoporosis,hx_cardiovascular\n"));
  THAPLAN_RETURN_IF_ERROR(surgeries.Write(
      "patient_key,site,approach,technique,surgeon_code,stem_fixation,cup_inclination_deg,"
      "cup_anteversion_deg,stem_anteversion_deg,leg_length_change_mm,preop_lld_mm,"
      "postop_lld_mm,femoral_offset_change_mm,ce_angle_deg,crowe_class,"
      "femoral_anteversion_deg,dorr_type,angle_definition\n"));
  THAPLAN_RETURN_IF_ERROR(assessments.Write(
      "patient_key,site,timepoint,assessment_date,surgery_date,hip_abductor_nm_kg,"
      "hip_extensor_nm_kg,knee_extensor_nm_kg,hip_flexion_rom_deg,hip_extension_rom_deg,"
      "hip_abduction_rom_deg,jheq_score\n"));
  THAPLAN_RETURN_IF_ERROR(truth.Write(
      "patient_key,site,frailty,adherence,site_adherence_mean,postop_lld_mm" +
      GaitColumns("preop_") + GaitColumns("m3_") + GaitColumns("m12_") +
      GaitColumns("m3_expected_") + GaitColumns("m12_expected_") + "\n"));
  for (int i = 0; i < o.patients; ++i) {
    const SimPatient p = model.Patient(i);
    const SimSite& site = model.sites()[static_cast<size_t>(p.site)];
    const char* key = p.hospital_id.c_str();
    const char* code = site.code.c_str();
    THAPLAN_RETURN_IF_ERROR(patients.Write(Format(
        "%s,%s,%c,%s,%s,%.1f,%.1f,%s,%c,%s,%d,%d,%d,%d,%d\n", key, code, p.sex,
        p.birth_date.c_str(), p.surgery_date.c_str(), p.height_cm, p.weight_kg,
        p.diagnosis.c_str(), p.operated_side, p.contralateral_hip.c_str(), p.asa_class,
        p.hx_diabetes, p.hx_spine_disease, p.hx_osteoporosis, p.hx_cardiovascular)));
    const Placement& pl = p.achieved;
    THAPLAN_RETURN_IF_ERROR(surgeries.Write(Format(
        "%s,%s,%s,%s,%s,cementless,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.1f,%c,"
        "radiographic\n",
        key, code, p.approach.c_str(), p.technique.c_str(), p.surgeon_code.c_str(),
        pl.cup_inclination_deg, pl.cup_anteversion_deg, pl.stem_anteversion_deg,
        pl.leg_length_change_mm, p.preop_lld_mm, p.postop_lld_mm(), pl.femoral_offset_change_mm,
        p.ce_angle_deg, p.crowe_class, p.femoral_anteversion_deg, p.dorr_type)));
    for (SimTimepoint tp : kSimTimepoints) {
      const SimAssessment& a = p.assessments[static_cast<size_t>(tp)];
      THAPLAN_RETURN_IF_ERROR(assessments.Write(Format(
          "%s,%s,%s,%s,%s,%.2f,%.2f,%.2f,%.0f,%.0f,%.0f,%.0f\n", key, code,
          std::string(SimTimepointName(tp)).c_str(),
          IsoDateFromDays(*ParseIsoDate(p.surgery_date) + a.days_from_surgery).c_str(), p.surgery_date.c_str(),
          a.hip_abductor_nm_kg, a.hip_extensor_nm_kg, a.knee_extensor_nm_kg,
          a.hip_flexion_rom_deg, a.hip_extension_rom_deg, a.hip_abduction_rom_deg,
          a.jheq_score)));
    }
    std::string row = Format("%s,%s,%.4f,%.4f,%.4f,%.1f", key, code, p.frailty, p.adherence,
                             site.rehab_adherence_mean, p.postop_lld_mm());
    for (const SimGait& g : p.gait) row += GaitValues(g);
    row += GaitValues(model.Expected(p, p.achieved, SimTimepoint::k3m));
    row += GaitValues(model.Expected(p, p.achieved, SimTimepoint::k12m));
    THAPLAN_RETURN_IF_ERROR(truth.Write(row + "\n"));
  }
  THAPLAN_RETURN_IF_ERROR(patients.Commit());
  THAPLAN_RETURN_IF_ERROR(surgeries.Commit());
  THAPLAN_RETURN_IF_ERROR(assessments.Commit());
  THAPLAN_RETURN_IF_ERROR(truth.Commit());

  nlohmann::ordered_json sites = nlohmann::json::array();
  for (const SimSite& s : model.sites()) {
    nlohmann::ordered_json surgeons = nlohmann::json::array();
    for (const SimSurgeon& d : s.surgeons) {
      surgeons.push_back({{"code", d.code},
                          {"technique", d.technique},
                          {"target_cup_inclination_deg", d.target.cup_inclination_deg},
                          {"target_cup_anteversion_deg", d.target.cup_anteversion_deg},
                          {"target_offset_change_mm", d.target.femoral_offset_change_mm}});
    }
    sites.push_back({{"code", s.code},
                     {"ddh_share", s.ddh_share},
                     {"female_share", s.female_share},
                     {"age_mean", s.age_mean},
                     {"bmi_mean", s.bmi_mean},
                     {"rehab_adherence_mean", s.rehab_adherence_mean},
                     {"approach_weights", s.approach_weights},
                     {"surgeons", surgeons}});
  }
  const auto& sd = model.noise_sd();
  nlohmann::ordered_json meta = {
      {"generator", "thaplan simulate cohort"},
      {"thaplan_version", THAPLAN_VERSION},
      {"patients", o.patients},
      {"sites", o.sites},
      {"seed", o.seed},
      {"signal", SignalLevelName(o.signal)},
      {"target_oracle_r2", TargetOracleR2(o.signal)},
      {"noise_sd",
       {{"stride_length_cv_pct", sd[0]},
        {"peak_hip_extension_deg", sd[1]},
        {"log_com_sway_ratio", sd[2]},
        {"speed_m_s", sd[3]}}},
      {"site_parameters", sites}};
  return WriteFileAtomically(dir + "/cohort.json", meta.dump(2) + "\n");
}

Result<CohortModel> LoadCohortModel(const std::string& dir) {
  const std::string path = dir + "/cohort.json";
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open: expected a cohort folder made by "
                                          "`thaplan simulate cohort`");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidInput(path + ": not valid JSON: expected the cohort description");
  }
  CohortOptions o;
  try {
    o.patients = j.at("patients").get<int>();
    o.sites = j.at("sites").get<int>();
    o.seed = j.at("seed").get<uint64_t>();
    auto signal = SignalLevelFromName(j.at("signal").get<std::string>());
    if (!signal) {
      return Status::InvalidInput(path + ": signal = " + j.at("signal").dump() +
                                  ": expected low, moderate or high");
    }
    o.signal = *signal;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidInput(path + ": " + e.what() + ": expected patients, sites, seed "
                                                         "and signal");
  }
  if (o.patients < 1 || o.sites < 1) {
    return Status::InvalidInput(path + ": patients and sites must be at least 1");
  }
  return CohortModel(o);
}

}  // namespace thaplan
