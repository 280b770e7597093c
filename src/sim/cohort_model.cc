// Drawing sites and patients. Every number's source is in docs/simulator.md;
// "assumption" there marks the ones the literature does not give.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/civil_date.h"
#include "sim/rng.h"
#include "thaplan/cohort.h"

namespace thaplan {
namespace {

using sim::Rng;

constexpr uint64_t kSiteStream = 1ull << 40;
constexpr uint64_t kPatientStream = 1ull << 41;

double Clamp(double x, double lo, double hi) { return std::max(lo, std::min(hi, x)); }
double Round1(double x) { return std::round(x * 10) / 10; }
double Round2(double x) { return std::round(x * 100) / 100; }

constexpr int64_t kFirstSurgeryDay = 19358;  // 2023-01-01
constexpr int kSurgeryDaySpan = 1095;        // three years of surgery dates

// Execution scatter of the cup (inclination, anteversion) by technique, SD in
// degrees: manual 7.6 / 9.6 (PMC2600980), navigation 5.7 / 4.5, robot 1.5
// (BJO 2025), as CLINICAL.md section 3 lists them.
std::array<double, 2> CupScatter(const std::string& technique) {
  if (technique == "navigation") return {5.7, 4.5};
  if (technique == "robot") return {1.5, 1.5};
  return {7.6, 9.6};
}

// Leg-length and offset execution scatter (mm): assumption, halved with
// navigation and robot.
double LengthScatter(const std::string& technique) {
  if (technique == "navigation") return 3.0;
  if (technique == "robot") return 2.0;
  return 4.0;
}

SimSite DrawSite(int k, uint64_t seed) {
  Rng rng(seed, kSiteStream + static_cast<uint64_t>(k));
  SimSite site;
  char code[16];
  std::snprintf(code, sizeof code, "S%02d", k + 1);
  site.code = code;
  // Case mix around the Japanese THA cohort figures (PMC4115094, Ohfuji 2016):
  // 62 % DDH-related OA, 86 % women, mean age 64, BMI 23-24.
  site.ddh_share = Clamp(0.62 + rng.Uniform(-0.15, 0.15), 0.3, 0.85);
  site.female_share = Clamp(0.86 + rng.Uniform(-0.05, 0.05), 0.7, 0.95);
  site.age_mean = 64 + rng.Uniform(-3, 3);
  site.bmi_mean = 23.5 + rng.Uniform(-1, 1);
  site.rehab_adherence_mean = rng.Normal(0, 0.3);  // assumption
  const int main_approach = rng.Choose(std::array<double, 3>{0.5, 0.25, 0.25});
  site.approach_weights = {0.15, 0.15, 0.15};
  site.approach_weights[static_cast<size_t>(main_approach)] = 0.7;
  const char* techniques[] = {"manual", "navigation", "robot"};
  const int site_technique = rng.Choose(std::array<double, 3>{0.5, 0.3, 0.2});
  const int surgeons = 2 + static_cast<int>(rng.Uniform() * 3);  // 2-4
  for (int s = 0; s < surgeons; ++s) {
    SimSurgeon surgeon;
    surgeon.code = std::string("D") + std::to_string(s + 1);
    surgeon.technique = techniques[rng.Bernoulli(0.8) ? site_technique
                                                      : rng.Choose(std::array<double, 3>{1, 1, 1})];
    // Surgeons aim near the Lewinnek centre (40/15) with their own habits.
    surgeon.target.cup_inclination_deg = rng.Normal(41, 3);
    surgeon.target.cup_anteversion_deg = rng.Normal(17, 4);
    surgeon.target.femoral_offset_change_mm = rng.Normal(1, 1.5);
    site.surgeons.push_back(surgeon);
  }
  return site;
}

}  // namespace

std::string_view SignalLevelName(SignalLevel level) {
  switch (level) {
    case SignalLevel::kLow: return "low";
    case SignalLevel::kModerate: return "moderate";
    case SignalLevel::kHigh: return "high";
  }
  return "?";
}

std::optional<SignalLevel> SignalLevelFromName(std::string_view name) {
  for (SignalLevel l : {SignalLevel::kLow, SignalLevel::kModerate, SignalLevel::kHigh}) {
    if (SignalLevelName(l) == name) return l;
  }
  return std::nullopt;
}

double TargetOracleR2(SignalLevel level) {
  switch (level) {
    case SignalLevel::kLow: return 0.10;
    case SignalLevel::kModerate: return 0.40;
    case SignalLevel::kHigh: return 0.75;
  }
  return 0.4;
}

std::string_view SimTimepointName(SimTimepoint tp) {
  switch (tp) {
    case SimTimepoint::kPreop: return "preop";
    case SimTimepoint::k3m: return "3m";
    case SimTimepoint::k12m: return "12m";
  }
  return "?";
}

void SimGait::SetSymmetryFromSways() {
  com_sway_ratio = com_sway_operated_m / com_sway_other_m;
  com_asymmetry_pct = 100 * std::fabs(std::log(com_sway_ratio));
}

CohortModel::CohortModel(const CohortOptions& options) : options_(options) {
  for (int k = 0; k < options_.sites; ++k) sites_.push_back(DrawSite(k, options_.seed));
  Calibrate();
}

std::optional<int> CohortModel::IndexOf(std::string_view hospital_id) const {
  // IDs are "<site>-<7 digits>" with the digits 1000000 + index.
  if (hospital_id.size() < 9) return std::nullopt;
  const std::string_view digits = hospital_id.substr(hospital_id.size() - 7);
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  const int index = value - 1000000;
  if (index < 0 || index >= options_.patients) return std::nullopt;
  if (Patient(index).hospital_id != hospital_id) return std::nullopt;
  return index;
}

SimPatient CohortModel::Patient(int index) const {
  Rng rng(options_.seed, kPatientStream + static_cast<uint64_t>(index));
  SimPatient p;
  p.index = index;
  p.site = index % options_.sites;
  const SimSite& site = sites_[static_cast<size_t>(p.site)];
  char id[32];
  std::snprintf(id, sizeof id, "%s-%07d", site.code.c_str(), 1000000 + index);
  p.hospital_id = id;

  // Background.
  const bool female = rng.Bernoulli(site.female_share);
  p.sex = female ? 'F' : 'M';
  p.age_years = static_cast<int>(std::lround(Clamp(rng.Normal(site.age_mean, 10), 35, 93)));
  const int64_t surgery_day = kFirstSurgeryDay + static_cast<int64_t>(rng.Uniform() * kSurgeryDaySpan);
  const int64_t birth_day =
      surgery_day - static_cast<int64_t>(p.age_years * 365.2425 + rng.Uniform(0, 364));
  p.surgery_date = IsoDateFromDays(surgery_day);
  p.birth_date = IsoDateFromDays(birth_day);
  // Adult heights of Japanese women and men (assumption: national survey
  // means 153 / 166 cm for this age group).
  p.height_cm = Round1(Clamp(rng.Normal(female ? 153 : 166, female ? 5.5 : 6), 135, 190));
  const double bmi = Clamp(site.bmi_mean * std::exp(rng.Normal(0, 0.14)), 15, 42);
  p.weight_kg = Round1(bmi * p.height_cm * p.height_cm / 1e4);
  const bool ddh = rng.Bernoulli(site.ddh_share);
  if (ddh) {
    p.diagnosis = "oa_ddh";
  } else {
    const char* others[] = {"oa_primary", "osteonecrosis", "rheumatoid", "fracture_sequela",
                            "other"};
    p.diagnosis = others[rng.Choose(std::array<double, 5>{0.58, 0.26, 0.08, 0.04, 0.04})];
  }
  p.operated_side = rng.Bernoulli(0.5) ? 'L' : 'R';
  const char* contra[] = {"normal", "oa", "tha"};
  p.contralateral_hip = contra[ddh ? rng.Choose(std::array<double, 3>{0.45, 0.40, 0.15})
                                   : rng.Choose(std::array<double, 3>{0.60, 0.30, 0.10})];
  p.asa_class = 1 + rng.Choose(std::array<double, 3>{0.25, 0.60, 0.15});
  p.hx_diabetes = rng.Bernoulli(0.12);
  p.hx_spine_disease = rng.Bernoulli(0.08 + 0.004 * (p.age_years - 50));
  p.hx_osteoporosis = rng.Bernoulli(female ? 0.20 : 0.05);
  p.hx_cardiovascular = rng.Bernoulli(0.08);

  // Morphology: dysplastic hips are shallow (low CE angle), more anteverted,
  // and the operated leg is shorter (assumption within published ranges).
  p.crowe_class = ddh ? 1 + rng.Choose(std::array<double, 4>{0.70, 0.18, 0.09, 0.03}) : 1;
  p.ce_angle_deg = Round1(ddh ? rng.Normal(5, 8) : rng.Normal(28, 6));
  p.femoral_anteversion_deg = Round1(Clamp(rng.Normal(ddh ? 32 : 20, ddh ? 10 : 8), -10, 70));
  p.preop_lld_mm =
      Round1(ddh ? rng.Normal(-8 - 4.0 * (p.crowe_class - 1), 5) : rng.Normal(-3, 4));
  p.dorr_type = "ABC"[rng.Choose(std::array<double, 3>{0.30, 0.55, 0.15 + 0.1 * female})];

  // Surgery: the surgeon's target plus execution scatter.
  const SimSurgeon& surgeon =
      site.surgeons[static_cast<size_t>(rng.Uniform() * static_cast<double>(site.surgeons.size()))];
  p.surgeon_code = surgeon.code;
  p.technique = surgeon.technique;
  const char* approaches[] = {"posterior", "anterolateral", "direct_anterior"};
  p.approach = approaches[rng.Choose(site.approach_weights)];
  const auto cup = CupScatter(p.technique);
  const double length_sd = LengthScatter(p.technique);
  p.achieved.cup_inclination_deg =
      Round1(Clamp(rng.Normal(surgeon.target.cup_inclination_deg, cup[0]), 20, 65));
  p.achieved.cup_anteversion_deg =
      Round1(Clamp(rng.Normal(surgeon.target.cup_anteversion_deg, cup[1]), -10, 45));
  // Cementless stems follow the native femur's anteversion (assumption).
  p.achieved.stem_anteversion_deg =
      Round1(Clamp(0.8 * p.femoral_anteversion_deg + 5 + rng.Normal(0, 6), -10, 60));
  // Surgeons aim to restore leg length, lengthening a short leg by at most
  // 35 mm (sciatic nerve safety; assumption).
  const double length_target = Clamp(-p.preop_lld_mm, -5, 35);
  p.achieved.leg_length_change_mm =
      Round1(Clamp(length_target + rng.Normal(0, length_sd), -15, 45));
  p.achieved.femoral_offset_change_mm = Round1(
      Clamp(surgeon.target.femoral_offset_change_mm + rng.Normal(0, length_sd), -20, 20));

  // Latent condition and adherence.
  p.frailty = rng.Normal();
  p.adherence = site.rehab_adherence_mean + rng.Normal();
  p.cadence_offset = rng.Normal(0, 5);

  // Pre-op strength (Kyushu cohort: 0.44-0.55 Nm/kg) falls with age, BMI
  // and frailty (slopes: assumption).
  const double male = female ? 0 : 1;
  const double bmi_c = p.bmi() - 23.5;
  const double abd_pre = Clamp(0.50 - 0.004 * (p.age_years - 64) + 0.06 * male -
                                   0.01 * bmi_c - 0.06 * p.frailty + rng.Normal(0, 0.07),
                               0.12, 1.3);
  const double rom_ext_pre = Clamp(rng.Normal(2 - (ddh ? 0 : 2), 7), -25, 25);
  SimAssessment& pre = p.assessments[0];
  pre.days_from_surgery = -1 - static_cast<int>(rng.Uniform() * 30);
  pre.hip_abductor_nm_kg = Round2(abd_pre);
  pre.hip_extensor_nm_kg = Round2(Clamp(abd_pre * 1.35 + rng.Normal(0, 0.08), 0.1, 3));
  pre.knee_extensor_nm_kg = Round2(Clamp(abd_pre * 2.3 + rng.Normal(0, 0.15), 0.2, 3.5));
  pre.hip_flexion_rom_deg = std::round(Clamp(rng.Normal(80, 14), 20, 130));
  pre.hip_extension_rom_deg = std::round(rom_ext_pre);
  pre.hip_abduction_rom_deg = std::round(Clamp(rng.Normal(18, 8), -5, 50));
  pre.jheq_score = std::round(Clamp(rng.Normal(30, 12), 0, 84));

  // Pre-op gait. Speed: Martz 2019, 0.81 +- 0.22 m/s (BMI < 30), 0.64 +- 0.23
  // (BMI >= 30); strength and frailty shift it (assumption).
  SimGait& g = p.gait[0];
  g.speed_m_s = Clamp(0.81 - (p.bmi() >= 30 ? 0.17 : 0) + 0.35 * (abd_pre - 0.5) -
                          0.004 * (p.age_years - 64) - 0.06 * p.frailty + rng.Normal(0, 0.15),
                      0.35, 1.4);
  g.cadence_steps_min = Clamp(100 + 20 * (g.speed_m_s - 0.81) + p.cadence_offset, 70, 135);
  g.stride_length_m = g.speed_m_s * 120 / g.cadence_steps_min;
  // End-stage OA: stride CV 3-4 % (the seed study: 3.2 % pre-op).
  g.stride_length_cv_pct = Clamp(3.2 * std::exp(rng.Normal(0, 0.22)) - 1.5 * (g.speed_m_s - 0.81),
                                 1.2, 8);
  // Pelvis-referenced peak hip extension -2..5 deg pre-op (gait report priors).
  g.hip_extension_operated_deg = 1.5 + 0.3 * (rom_ext_pre - 2) + 8 * (g.speed_m_s - 0.81) +
                                 rng.Normal(0, 2.5);
  const double other_ext = rng.Normal(11, 3) - (p.contralateral_hip == "oa" ? 3 : 0);
  g.hip_extension_other_deg = other_ext + 4 * (g.speed_m_s - 0.81);
  // Lateral COM excursion per side: Orendurff 2004 (range about 7 cm at
  // 0.7 m/s, 4 cm at 1.6 m/s; each side about half the range).
  const double sway_other = Clamp(0.035 - 0.017 * (g.speed_m_s - 0.7) + rng.Normal(0, 0.004),
                                  0.012, 0.06);
  g.com_sway_other_m = sway_other;
  g.com_sway_operated_m =
      sway_other * std::exp(0.18 + 0.8 * (0.5 - abd_pre) + rng.Normal(0, 0.12));
  g.step_width_m = Clamp(rng.Normal(0.11, 0.02), 0.04, 0.2);
  g.SetSymmetryFromSways();

  // Post-op noise draws, then post-op gait and assessments.
  for (auto& per_tp : p.noise) {
    for (double& z : per_tp) z = rng.Normal();
  }
  for (SimTimepoint tp : {SimTimepoint::k3m, SimTimepoint::k12m}) {
    const size_t t = static_cast<size_t>(tp);
    p.gait[t] = Postop(p, p.achieved, tp, p.adherence);
    const std::array<double, 4>& z = p.noise[t - 1];
    SimGait& post = p.gait[t];
    post.stride_length_cv_pct = Clamp(post.stride_length_cv_pct + noise_sd_[0] * z[0], 0.8, 8);
    post.hip_extension_operated_deg += noise_sd_[1] * z[1];
    post.com_sway_operated_m *= std::exp(noise_sd_[2] * z[2]);
    post.speed_m_s = Clamp(post.speed_m_s + noise_sd_[3] * z[3], 0.35, 1.7);
    post.cadence_steps_min = Clamp(100 + 20 * (post.speed_m_s - 0.81) + p.cadence_offset, 70, 140);
    post.stride_length_m = post.speed_m_s * 120 / post.cadence_steps_min;
    post.SetSymmetryFromSways();
    SimAssessment& a = p.assessments[t];
    const double gain = tp == SimTimepoint::k3m ? 0.06 : 0.12;
    const double offset_loss = std::max(0.0, -p.achieved.femoral_offset_change_mm - 5);
    const double abd = Clamp(abd_pre + gain + 0.03 * p.adherence - 0.006 * offset_loss +
                                 rng.Normal(0, 0.05),
                             0.1, 1.6);
    a.days_from_surgery = tp == SimTimepoint::k3m ? 80 + static_cast<int>(rng.Uniform() * 21)
                                                  : 350 + static_cast<int>(rng.Uniform() * 31);
    a.hip_abductor_nm_kg = Round2(abd);
    a.hip_extensor_nm_kg = Round2(Clamp(abd * 1.35 + rng.Normal(0, 0.08), 0.1, 3));
    a.knee_extensor_nm_kg = Round2(Clamp(abd * 2.3 + rng.Normal(0, 0.15), 0.2, 3.5));
    a.hip_flexion_rom_deg = std::round(Clamp(rng.Normal(95, 12), 30, 130));
    a.hip_extension_rom_deg = std::round(Clamp(rom_ext_pre * 0.5 + 8 + rng.Normal(0, 5), -15, 35));
    a.hip_abduction_rom_deg = std::round(Clamp(rng.Normal(28, 8), 0, 55));
    a.jheq_score = std::round(Clamp(rng.Normal(tp == SimTimepoint::k3m ? 58 : 66, 12), 0, 84));
  }
  return p;
}

}  // namespace thaplan
