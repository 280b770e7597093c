// Column definitions of the registry. Ranges are plausibility limits for data
// entry (values outside them are almost certainly typing or unit errors), not
// clinical targets; the clinical targets live in the planner's profiles.
#include "thaplan/schema.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace thaplan {
namespace {

using T = ColumnType;
using sv = std::string_view;

constexpr std::array<sv, 2> kSex = {"F", "M"};
constexpr std::array<sv, 2> kSide = {"L", "R"};
constexpr std::array<sv, 6> kDiagnosis = {"oa_primary",         "oa_ddh",
                                          "osteonecrosis",      "rheumatoid",
                                          "fracture_sequela",   "other"};
constexpr std::array<sv, 4> kContralateral = {"normal", "oa", "tha", "other"};
constexpr std::array<sv, 4> kTimepointList = {"preop", "3m", "6m", "12m"};
constexpr std::array<sv, 5> kApproach = {"posterior", "anterolateral", "direct_anterior",
                                         "lateral", "other"};
constexpr std::array<sv, 3> kTechnique = {"manual", "navigation", "robot"};
constexpr std::array<sv, 3> kFixation = {"cementless", "cemented", "hybrid"};
constexpr std::array<sv, 3> kDorr = {"A", "B", "C"};
constexpr std::array<sv, 3> kAngleDefinition = {"radiographic", "operative", "anatomic"};

constexpr ColumnSpec kPatientKey{"patient_key", T::kKey, "", 0, 0, {}, true,
    "The site's own patient identifier. Never stored: replaced on import by a "
    "pseudonym (HMAC-SHA256 under the site's secret key)."};
constexpr ColumnSpec kSite{"site", T::kCode, "", 0, 0, {}, true,
    "Site code (letters, digits, '-', '_'; at most 32). May be given with "
    "`--site` instead of a column."};

const ColumnSpec kPatientColumns[] = {
    kPatientKey,
    kSite,
    {"sex", T::kEnum, "", 0, 0, kSex, true, "F or M."},
    {"age_at_surgery", T::kInteger, "years", 18, 120, {}, true,
     "Age on the day of surgery. Ages over 89 are stored as 90 (\"90+\"). "
     "May be derived from birth_date and surgery_date."},
    {"surgery_year", T::kInteger, "year", 1960, 2100, {}, false,
     "Calendar year of surgery. May be derived from surgery_date."},
    {"height_cm", T::kReal, "cm", 120, 210, {}, true, "Standing height."},
    {"weight_kg", T::kReal, "kg", 25, 200, {}, true, "Body mass before surgery."},
    {"diagnosis", T::kEnum, "", 0, 0, kDiagnosis, true,
     "Indication for THA: primary OA, DDH-related OA, osteonecrosis, rheumatoid "
     "arthritis, fracture sequela, other."},
    {"operated_side", T::kEnum, "", 0, 0, kSide, true, "L or R."},
    {"contralateral_hip", T::kEnum, "", 0, 0, kContralateral, false,
     "State of the other hip: normal, oa, tha (already replaced), other."},
    {"asa_class", T::kInteger, "", 1, 5, {}, false, "ASA physical status class."},
    {"hx_diabetes", T::kFlag, "", 0, 1, {}, false, "History of diabetes (0/1)."},
    {"hx_spine_disease", T::kFlag, "", 0, 1, {}, false,
     "Lumbar spine disease or surgery (0/1); relevant to spinopelvic mobility."},
    {"hx_osteoporosis", T::kFlag, "", 0, 1, {}, false, "Osteoporosis (0/1)."},
    {"hx_cardiovascular", T::kFlag, "", 0, 1, {}, false,
     "Cardiovascular disease limiting exercise (0/1)."},
};

const ColumnSpec kPatientInputOnly[] = {
    {"birth_date", T::kDate, "date", 0, 0, {}, false,
     "Used with surgery_date to derive age_at_surgery, then discarded."},
    {"surgery_date", T::kDate, "date", 0, 0, {}, false,
     "Used to derive surgery_year (and age), then discarded."},
};

const ColumnSpec kSurgeryColumns[] = {
    kPatientKey,
    {"approach", T::kEnum, "", 0, 0, kApproach, false, "Surgical approach."},
    {"technique", T::kEnum, "", 0, 0, kTechnique, false,
     "Cup placement technique: manual, navigation, robot."},
    {"surgeon_code", T::kCode, "", 0, 0, {}, false,
     "Pseudonymous surgeon code within the site (e.g. S3); never a name."},
    {"cup_model", T::kCode, "", 0, 0, {}, false, "Acetabular component model."},
    {"stem_model", T::kCode, "", 0, 0, {}, false, "Femoral component model."},
    {"stem_fixation", T::kEnum, "", 0, 0, kFixation, false,
     "cementless, cemented or hybrid."},
    {"head_diameter_mm", T::kReal, "mm", 22, 60, {}, false, "Femoral head diameter."},
    {"cup_inclination_deg", T::kReal, "deg", 0, 90, {}, true,
     "Cup inclination in the definition of angle_definition."},
    {"cup_anteversion_deg", T::kReal, "deg", -30, 60, {}, true,
     "Cup anteversion in the definition of angle_definition."},
    {"stem_anteversion_deg", T::kReal, "deg", -30, 70, {}, false,
     "Stem (femoral component) anteversion."},
    {"leg_length_change_mm", T::kReal, "mm", -40, 60, {}, false,
     "Change of the operated leg's length by surgery; + = lengthened."},
    {"preop_lld_mm", T::kReal, "mm", -80, 80, {}, false,
     "Leg-length discrepancy before surgery, operated minus other; + = operated longer."},
    {"postop_lld_mm", T::kReal, "mm", -60, 60, {}, false,
     "Leg-length discrepancy after surgery, operated minus other."},
    {"femoral_offset_change_mm", T::kReal, "mm", -30, 30, {}, false,
     "Change of femoral offset vs the native hip; + = increased."},
    {"offset_3d_change_mm", T::kReal, "mm", -30, 30, {}, false,
     "Change of 3D (global) offset measured on CT; + = increased."},
    {"ce_angle_deg", T::kReal, "deg", -60, 70, {}, false,
     "Lateral centre-edge angle of the operated hip before surgery."},
    {"crowe_class", T::kInteger, "", 1, 4, {}, false, "Crowe class of dysplasia (1-4)."},
    {"femoral_anteversion_deg", T::kReal, "deg", -40, 90, {}, false,
     "Native femoral anteversion before surgery."},
    {"dorr_type", T::kEnum, "", 0, 0, kDorr, false, "Dorr femoral canal type A/B/C."},
    {"angle_definition", T::kEnum, "", 0, 0, kAngleDefinition, true,
     "Definition of the cup angles (Murray 1993): radiographic, operative or anatomic."},
};

const ColumnSpec kSurgeryInputOnly[] = {
    kSite,
    {"surgery_date", T::kDate, "date", 0, 0, {}, false,
     "Accepted and discarded (the year is kept with the patient)."},
};

const ColumnSpec kAssessmentColumns[] = {
    kPatientKey,
    {"timepoint", T::kEnum, "", 0, 0, kTimepointList, true, "preop, 3m, 6m or 12m."},
    {"days_from_surgery", T::kInteger, "days", -730, 1095, {}, true,
     "Day of the assessment relative to surgery (negative before). May be derived "
     "from assessment_date and surgery_date."},
    {"hip_abductor_nm_kg", T::kReal, "Nm/kg", 0, 3, {}, false,
     "Isometric hip abductor torque, operated side, per body mass."},
    {"hip_extensor_nm_kg", T::kReal, "Nm/kg", 0, 4, {}, false,
     "Isometric hip extensor torque, operated side."},
    {"knee_extensor_nm_kg", T::kReal, "Nm/kg", 0, 4, {}, false,
     "Isometric knee extensor torque, operated side."},
    {"hip_flexion_rom_deg", T::kReal, "deg", 0, 150, {}, false,
     "Passive hip flexion, operated side."},
    {"hip_extension_rom_deg", T::kReal, "deg", -40, 50, {}, false,
     "Passive hip extension, operated side (negative = flexion contracture)."},
    {"hip_abduction_rom_deg", T::kReal, "deg", -20, 80, {}, false,
     "Passive hip abduction, operated side."},
    {"hip_adduction_rom_deg", T::kReal, "deg", -20, 60, {}, false,
     "Passive hip adduction, operated side."},
    {"hip_internal_rotation_rom_deg", T::kReal, "deg", -30, 80, {}, false,
     "Passive hip internal rotation, operated side."},
    {"hip_external_rotation_rom_deg", T::kReal, "deg", -30, 90, {}, false,
     "Passive hip external rotation, operated side."},
    {"harris_hip_score", T::kReal, "points", 0, 100, {}, false, "Harris Hip Score."},
    {"oxford_hip_score", T::kReal, "points", 0, 48, {}, false, "Oxford Hip Score."},
    {"jheq_score", T::kReal, "points", 0, 84, {}, false,
     "Japanese Orthopaedic Association Hip Disease Evaluation Questionnaire total."},
};

const ColumnSpec kAssessmentInputOnly[] = {
    kSite,
    {"assessment_date", T::kDate, "date", 0, 0, {}, false,
     "With surgery_date, derives days_from_surgery; both then discarded."},
    {"surgery_date", T::kDate, "date", 0, 0, {}, false,
     "See assessment_date."},
};

const ColumnSpec kGaitColumns[] = {
    {"gait_speed_m_s", T::kReal, "m/s", 0, 3, {}, false, "Mean walking speed over valid strides."},
    {"gait_cadence_steps_min", T::kReal, "steps/min", 0, 250, {}, false,
     "Cadence, 120 / stride time."},
    {"gait_stride_length_m", T::kReal, "m", 0, 3, {}, false, "Mean stride length."},
    {"stride_length_cv_pct", T::kReal, "%", 0, 100, {}, false,
     "Stability: 100 x SD / mean stride length, both sides pooled (CLINICAL.md s.2)."},
    {"peak_hip_extension_deg", T::kReal, "deg", -60, 60, {}, false,
     "Propulsion: mean peak hip extension of the operated side, extension positive."},
    {"peak_hip_extension_other_deg", T::kReal, "deg", -60, 60, {}, false,
     "Peak hip extension of the non-operated side."},
    {"com_sway_ratio", T::kReal, "", 0, 100, {}, false,
     "Lateral COM excursion toward the operated side / toward the other side."},
    {"com_asymmetry_pct", T::kReal, "%", 0, 1000, {}, false,
     "Symmetry: 100 |ln com_sway_ratio|, 0 = symmetric."},
    {"gait_strides", T::kInteger, "", 0, 100000, {}, false, "Valid strides behind the values."},
};

}  // namespace

std::span<const ColumnSpec> GaitSummaryColumns() { return kGaitColumns; }

std::string ValueToString(const Value& v) {
  if (std::holds_alternative<int64_t>(v)) return std::to_string(std::get<int64_t>(v));
  if (std::holds_alternative<double>(v)) {
    // Shortest text that reads back as the same double.
    char buf[32];
    double d = std::get<double>(v);
    for (int precision = 6; precision <= 17; ++precision) {
      std::snprintf(buf, sizeof buf, "%.*g", precision, d);
      if (std::strtod(buf, nullptr) == d) break;
    }
    return buf;
  }
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  return "";
}

std::string_view RecordKindName(RecordKind kind) {
  switch (kind) {
    case RecordKind::kPatients: return "patients";
    case RecordKind::kAssessments: return "assessments";
    case RecordKind::kSurgeries: return "surgeries";
  }
  return "?";
}

std::optional<RecordKind> RecordKindFromName(std::string_view name) {
  for (RecordKind kind : kAllRecordKinds) {
    if (RecordKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::span<const ColumnSpec> StoredColumns(RecordKind kind) {
  switch (kind) {
    case RecordKind::kPatients: return kPatientColumns;
    case RecordKind::kAssessments: return kAssessmentColumns;
    case RecordKind::kSurgeries: return kSurgeryColumns;
  }
  return {};
}

int KeyColumnCount(RecordKind kind) { return kind == RecordKind::kAssessments ? 2 : 1; }

std::span<const ColumnSpec> InputOnlyColumns(RecordKind kind) {
  switch (kind) {
    case RecordKind::kPatients: return kPatientInputOnly;
    case RecordKind::kAssessments: return kAssessmentInputOnly;
    case RecordKind::kSurgeries: return kSurgeryInputOnly;
  }
  return {};
}

const ColumnSpec* FindColumn(RecordKind kind, std::string_view name) {
  for (const ColumnSpec& c : StoredColumns(kind)) {
    if (c.name == name) return &c;
  }
  for (const ColumnSpec& c : InputOnlyColumns(kind)) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool IsTimepoint(std::string_view tp) {
  for (std::string_view t : kTimepoints) {
    if (t == tp) return true;
  }
  return false;
}

}  // namespace thaplan
