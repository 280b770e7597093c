// Rehabilitation emphasis rules: CLINICAL.md s.5's table, one rule per row.
#include "thaplan/rehab.h"

#include <cmath>
#include <cstdio>

namespace thaplan {
namespace {

std::string Number(double v, int digits = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// One emphasis being assembled from its triggers.
class Rule {
 public:
  Rule(std::string emphasis, std::string deficit, std::string source)
      : e_{std::move(emphasis), std::move(deficit), "", std::move(source),
           RehabCertainty::kPossible} {}

  void Trigger(RehabCertainty certainty, const std::string& reason) {
    e_.reason += (e_.reason.empty() ? "" : "; ") + reason;
    if (certainty == RehabCertainty::kExpected) e_.certainty = certainty;
    triggered_ = true;
  }

  // A predicted index worse than `limit`: `higher_is_worse` says which side.
  void Predicted(const char* index, double point, double pessimistic, double limit,
                 bool higher_is_worse, const char* range) {
    auto worse = [&](double v) {
      return !std::isnan(v) && (higher_is_worse ? v > limit : v < limit);
    };
    const char* op = higher_is_worse ? " > " : " < ";
    if (worse(point)) {
      Trigger(RehabCertainty::kExpected, std::string("predicted ") + index + " " +
                                             Number(point) + op + Number(limit) + " (" +
                                             range + ")");
    } else if (worse(pessimistic)) {
      Trigger(RehabCertainty::kPossible,
              std::string("predicted ") + index + " " + Number(point) +
                  ", but the interval reaches " + Number(pessimistic) + op +
                  Number(limit) + " (" + range + ")");
    }
  }

  void AddTo(std::vector<RehabEmphasis>* out) const {
    if (triggered_) out->push_back(e_);
  }

 private:
  RehabEmphasis e_;
  bool triggered_ = false;
};

}  // namespace

const char* RehabCertaintyName(RehabCertainty c) {
  return c == RehabCertainty::kExpected ? "expected" : "possible";
}

std::vector<RehabEmphasis> RehabEmphases(const RehabInputs& in,
                                         const RehabThresholds& t) {
  std::vector<RehabEmphasis> out;

  Rule abductors(
      "progressive abductor strengthening",
      "COM asymmetry, weak abductors or offset loss",
      "Kyushu strength thresholds; harmonic-ratio gains track abductor strength "
      "(CLINICAL.md s.5)");
  abductors.Predicted("com_asymmetry_pct", in.com_asymmetry_pct,
                      in.com_asymmetry_pct_pessimistic, t.com_asymmetry_pct_above, true,
                      "symmetry-index cut-off, Robinson 1987");
  if (in.hip_abductor_nm_kg < t.hip_abductor_nm_kg_below) {
    abductors.Trigger(RehabCertainty::kExpected,
                      "pre-op hip abductor strength " + Number(in.hip_abductor_nm_kg, 2) +
                          " < " + Number(t.hip_abductor_nm_kg_below, 2) +
                          " Nm/kg (good 6-month TUG above it, AJPMR 2021)");
  }
  if (-in.femoral_offset_change_mm > t.offset_loss_mm_above) {
    abductors.Trigger(RehabCertainty::kExpected,
                      "femoral offset change " + Number(in.femoral_offset_change_mm) +
                          " mm: a loss > " + Number(t.offset_loss_mm_above) +
                          " mm weakens the abductors (Mahmood 2016)");
  }
  abductors.AddTo(&out);

  Rule extension("hip-flexor stretching and hip-extensor strengthening",
                 "low peak hip extension",
                 "Watt et al. 2011 RCT (n = 82): peak extension "
                 "and stride length rose (CLINICAL.md s.5)");
  extension.Predicted("peak_hip_extension_deg", in.peak_hip_extension_deg,
                      in.peak_hip_extension_deg_pessimistic,
                      t.peak_hip_extension_deg_below, false,
                      "3-8 deg at 3 months, CLINICAL.md s.3");
  extension.AddTo(&out);

  Rule balance(
      "specific balance training", "high stride-length CV",
      "systematic review 2021; exercise meta-analysis SMD 0.51 (CLINICAL.md s.5)");
  balance.Predicted("stride_length_cv_pct", in.stride_length_cv_pct,
                    in.stride_length_cv_pct_pessimistic, t.stride_length_cv_pct_above,
                    true, "2-3 % at 3 months, CLINICAL.md s.3");
  balance.AddTo(&out);

  Rule lld("shoe insole and pelvic-obliquity work", "leg-length discrepancy",
           "CBB 2015; JOS 2023 (CLINICAL.md s.5)");
  const double lld_mm = std::fabs(in.postop_lld_mm);
  if (lld_mm >= t.lld_mm_insole_from) {
    std::string reason =
        "post-op leg-length discrepancy " + Number(in.postop_lld_mm) + " mm";
    reason += lld_mm <= t.lld_mm_insole_to
                  ? " (" + Number(t.lld_mm_insole_from) + "-" +
                        Number(t.lld_mm_insole_to) + " mm is compensable)"
                  : ": beyond " + Number(t.lld_mm_insole_to) +
                        " mm an insole does not compensate (Renkawitz); review the plan";
    lld.Trigger(RehabCertainty::kExpected, reason);
  }
  lld.AddTo(&out);

  Rule obesity("a longer, individualised programme", "obesity",
               "Kanazawa BMI study, n = 269 (CLINICAL.md s.5)");
  if (in.bmi_kg_m2 >= t.bmi_obese_from) {
    obesity.Trigger(RehabCertainty::kExpected,
                    "BMI " + Number(in.bmi_kg_m2) + " >= " + Number(t.bmi_obese_from) +
                        " kg/m2: speed and stride recover more slowly");
  }
  obesity.AddTo(&out);
  return out;
}

}  // namespace thaplan
