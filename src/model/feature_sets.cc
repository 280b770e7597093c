// The feature sets: the one place they are defined (docs/model.md lists them).
//
// Seed: what the originating study used (CLINICAL.md s.1), i.e. patient
// background (demographics, diagnosis, comorbidities, pre-operative strength
// and range of motion) and surgical data (implant placement, leg length,
// offset, bone morphology). Left out on purpose:
//   - patient_key, site: row key and group, never predictors;
//   - surgery_year, days_from_surgery: calendar and scheduling, not patient
//     state; a model that leans on them does not transport to new years;
//   - surgeon_code, cup_model, stem_model: free-text codes with site-specific
//     levels (add them with extra_features and categories if wanted);
//   - angle_definition: a measurement convention, not a patient property;
//   - pre-op hip scores (Harris, Oxford, JHEQ): not in the seed study.
// Extended: seed plus the pre-op gait indices, speed and cadence, because
// pre-op gait is the strongest known predictor of post-op gait (Kyushu cohort,
// n = 274; PMC8156609), which the seed study did not use.
#include <array>

#include "thaplan/dataset.h"

namespace thaplan {
namespace {

using sv = std::string_view;

// The seed set is the first kSeedCount entries; the extended set is all.
constexpr std::array<sv, 43> kExtended = {
    // Background (patients table, BMI derived).
    "sex", "age_at_surgery", "height_cm", "weight_kg", "bmi_kg_m2", "diagnosis",
    "operated_side", "contralateral_hip", "asa_class", "hx_diabetes", "hx_spine_disease",
    "hx_osteoporosis", "hx_cardiovascular",
    // Surgery.
    "approach", "technique", "stem_fixation", "head_diameter_mm", "cup_inclination_deg",
    "cup_anteversion_deg", "stem_anteversion_deg", "leg_length_change_mm", "preop_lld_mm",
    "postop_lld_mm", "femoral_offset_change_mm", "offset_3d_change_mm", "ce_angle_deg",
    "crowe_class", "femoral_anteversion_deg", "dorr_type",
    // Pre-operative strength and range of motion (background in the seed study).
    "preop_hip_abductor_nm_kg", "preop_hip_extensor_nm_kg", "preop_knee_extensor_nm_kg",
    "preop_hip_flexion_rom_deg", "preop_hip_extension_rom_deg",
    "preop_hip_abduction_rom_deg", "preop_hip_adduction_rom_deg",
    "preop_hip_internal_rotation_rom_deg", "preop_hip_external_rotation_rom_deg",
    // Extended only: pre-op symmetry, stability, propulsion, speed, cadence.
    "preop_com_asymmetry_pct", "preop_stride_length_cv_pct",
    "preop_peak_hip_extension_deg", "preop_gait_speed_m_s",
    "preop_gait_cadence_steps_min"};
constexpr size_t kSeedCount = 38;

}  // namespace

std::string_view FeatureSetName(FeatureSet set) {
  return set == FeatureSet::kSeed ? "seed" : "extended";
}

std::span<const std::string_view> FeatureSetColumns(FeatureSet set) {
  std::span<const sv> all(kExtended);
  return set == FeatureSet::kSeed ? all.first(kSeedCount) : all;
}

}  // namespace thaplan
