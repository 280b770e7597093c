// PlanRehabilitation: a plan's predicted deficits into RehabInputs.
#include <cmath>

#include "thaplan/plan.h"

namespace thaplan {
namespace {

// The patient's value of `column` from the first target's feature row.
double PatientValue(const std::vector<PlanTarget>& targets, const PlanPatient& patient,
                    std::string_view column) {
  if (targets.empty() || patient.rows.empty()) return RehabInputs::kUnknown;
  const std::vector<CardFeature>& features = targets.front().bundle.card.features;
  const std::vector<float>& row = patient.rows.front();
  for (size_t f = 0; f < features.size() && f < row.size(); ++f) {
    if (features[f].name == column) return row[f];
  }
  return RehabInputs::kUnknown;
}

bool Names(const std::string& target, std::string_view index) {
  return target.find(index) != std::string::npos;
}

}  // namespace

void PlanRehabilitation(const std::vector<PlanTarget>& targets,
                        const PlanPatient& patient, PlanResult* result) {
  RehabInputs in;
  const PlanPoint& plan = result->recommended;
  for (const IndexPrediction& p : plan.indices) {
    // The pessimistic end: the interval's worse side for this index.
    const double worse = p.better == Better::kLower ? p.upper : p.lower;
    if (Names(p.target, "stride_length_cv_pct")) {
      in.stride_length_cv_pct = p.value;
      in.stride_length_cv_pct_pessimistic = worse;
    } else if (Names(p.target, "peak_hip_extension_deg")) {
      in.peak_hip_extension_deg = p.value;
      in.peak_hip_extension_deg_pessimistic = worse;
    } else if (Names(p.target, "com_asymmetry_pct")) {
      in.com_asymmetry_pct = p.value;
      in.com_asymmetry_pct_pessimistic = worse;
    }
  }
  in.hip_abductor_nm_kg = PatientValue(targets, patient, "preop_hip_abductor_nm_kg");
  in.bmi_kg_m2 = PatientValue(targets, patient, "bmi_kg_m2");
  in.postop_lld_mm = plan.postop_lld_mm;
  in.femoral_offset_change_mm =
      plan.placement[static_cast<size_t>(DecisionVar::kOffsetChange)];
  result->rehabilitation = RehabEmphases(in);
}

}  // namespace thaplan
