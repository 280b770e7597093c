// Rehabilitation emphasis from predicted deficits (CLINICAL.md s.5,
// docs/planning.md "Rehabilitation emphasis").
//
// A plan predicts the patient's gait indices at 3 months; where a predicted
// index, or the patient's own data, falls on the wrong side of a published
// threshold, the matching emphasis from CLINICAL.md s.5 is suggested with the
// reason (the value against the threshold) and the evidence behind it.
//
// Each deficit is judged twice: on the point prediction ("expected") and on the
// pessimistic end of its conformal interval ("possible"), so a surgeon sees
// both what the model expects and what it cannot rule out. Decision support
// only: the therapist decides.
#ifndef THAPLAN_REHAB_H_
#define THAPLAN_REHAB_H_

#include <limits>
#include <string>
#include <vector>

namespace thaplan {

// What the emphasis is judged on. NaN = unknown (no model for the index, or
// the patient's value is missing): that rule is then not applied.
struct RehabInputs {
  static constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  // Predicted indices at 3 months: the point prediction and the pessimistic
  // end of the conformal interval (upper for CV and asymmetry, lower for
  // extension). Pessimistic NaN: judged on the point prediction only.
  double stride_length_cv_pct = kUnknown;
  double stride_length_cv_pct_pessimistic = kUnknown;
  double peak_hip_extension_deg = kUnknown;
  double peak_hip_extension_deg_pessimistic = kUnknown;
  double com_asymmetry_pct = kUnknown;
  double com_asymmetry_pct_pessimistic = kUnknown;
  // The patient and the plan.
  double hip_abductor_nm_kg = kUnknown;  // pre-operative
  double bmi_kg_m2 = kUnknown;
  double postop_lld_mm = kUnknown;             // pre-op LLD + planned change
  double femoral_offset_change_mm = kUnknown;  // planned
};

// The thresholds, each from CLINICAL.md s.3 or its sources (defaults), so a
// clinic can set its own.
struct RehabThresholds {
  // Stride-length CV 2-3 % at 3 months after THA (CLINICAL.md s.3): above
  // the range is a stability deficit.
  double stride_length_cv_pct_above = 3.0;
  // Pelvis-referenced peak hip extension 3-8 deg at 3 months (CLINICAL.md
  // s.3): below the range is a propulsion deficit.
  double peak_hip_extension_deg_below = 3.0;
  // COM asymmetry: 100 |ln ratio| > 10, i.e. the sides' sways differ by more
  // than about 10 %, the usual cut-off of gait symmetry indices (Robinson et
  // al. 1987; Sadeghi et al., Gait Posture 2000). An assumption: no THA-
  // specific cut-off is published.
  double com_asymmetry_pct_above = 10.0;
  // Abductor strength > 0.66 Nm/kg predicts a good 6-month TUG (AJPMR 2021;
  // CLINICAL.md s.3): below it, strengthen.
  double hip_abductor_nm_kg_below = 0.66;
  // Offset reduction > 5 mm weakens the abductors (Mahmood 2016).
  double offset_loss_mm_above = 5.0;
  // Post-op LLD of 10-20 mm is compensable with an insole (CBB 2015; JOS
  // 2023); > 20 mm is not (CLINICAL.md s.3).
  double lld_mm_insole_from = 10.0;
  double lld_mm_insole_to = 20.0;
  // Obesity: BMI >= 30 kg/m2 (WHO); obese patients recover speed and stride
  // more slowly (Kanazawa, n = 269). Japan's JASSO criterion is 25.
  double bmi_obese_from = 30.0;
};

enum class RehabCertainty {
  kExpected,  // the point prediction (or the patient's own value) crosses
  kPossible,  // only the pessimistic end of the interval crosses
};
const char* RehabCertaintyName(RehabCertainty c);  // "expected", "possible"

struct RehabEmphasis {
  std::string emphasis;  // e.g. "progressive abductor strengthening"
  std::string deficit;   // e.g. "COM asymmetry"
  std::string reason;    // "predicted com_asymmetry_pct 14.2 > 10 (...)"
  std::string source;    // the evidence, as CLINICAL.md s.5 cites it
  RehabCertainty certainty = RehabCertainty::kExpected;
};

// The emphases, in CLINICAL.md s.5's order (abductors, hip extension,
// balance, leg length, obesity); one per emphasis, its reasons joined. Empty
// when nothing crosses a threshold.
std::vector<RehabEmphasis> RehabEmphases(const RehabInputs& in,
                                         const RehabThresholds& t = {});

}  // namespace thaplan

#endif  // THAPLAN_REHAB_H_
