#include <gtest/gtest.h>

#include "thaplan/plan.h"

namespace thaplan {
namespace {

IndexPrediction Index(const char* target, Better better, double value, double lower,
                      double upper) {
  IndexPrediction p;
  p.target = target;
  p.better = better;
  p.value = value;
  p.lower = lower;
  p.upper = upper;
  return p;
}

// A plan whose predictions, placement and patient row each cross one
// threshold of CLINICAL.md s.5; the emphases must come from the right fields.
TEST(PlanRehabilitationTest, ReadsPredictionsPlacementAndPatientRow) {
  PlanTarget target;
  for (const char* name : {"age_at_surgery", "bmi_kg_m2", "preop_hip_abductor_nm_kg"}) {
    CardFeature f;
    f.name = f.column = name;
    target.bundle.card.features.push_back(f);
  }
  PlanPatient patient;
  patient.rows = {{70.0f, 32.5f, 0.9f}};
  PlanResult result;
  PlanPoint& plan = result.recommended;
  plan.indices = {
      Index("m3_stride_length_cv_pct", Better::kLower, 2.5, 1.9, 3.4),     // possible
      Index("m3_peak_hip_extension_deg", Better::kHigher, 5.0, 1.0, 9.0),  // possible
      Index("m3_com_asymmetry_pct", Better::kLower, 4.0, 0.0, 8.0),        // none
  };
  plan.postop_lld_mm = 0;
  plan.placement[static_cast<size_t>(DecisionVar::kOffsetChange)] = -5.5;  // offset loss
  PlanRehabilitation({target}, patient, &result);
  ASSERT_EQ(result.rehabilitation.size(), 4u);
  const auto& r = result.rehabilitation;
  EXPECT_EQ(r[0].emphasis, "progressive abductor strengthening");
  EXPECT_EQ(r[0].certainty, RehabCertainty::kExpected);
  EXPECT_NE(r[0].reason.find("-5.5 mm"), std::string::npos);
  EXPECT_EQ(r[0].reason.find("Nm/kg"), std::string::npos);  // 0.9 is strong enough
  EXPECT_EQ(r[1].emphasis, "hip-flexor stretching and hip-extensor strengthening");
  EXPECT_EQ(r[1].certainty, RehabCertainty::kPossible);  // lower end 1.0 < 3
  EXPECT_NE(r[1].reason.find("reaches 1.0 < 3.0"), std::string::npos);
  EXPECT_EQ(r[2].emphasis, "specific balance training");
  EXPECT_NE(r[2].reason.find("reaches 3.4 > 3.0"), std::string::npos);  // the upper end
  EXPECT_EQ(r[3].emphasis, "a longer, individualised programme");
  EXPECT_NE(r[3].reason.find("BMI 32.5"), std::string::npos);
}

TEST(PlanRehabilitationTest, NoFeatureRowMeansNoPatientRules) {
  PlanResult result;
  result.recommended.indices = {Index("stride_length_cv_pct", Better::kLower, 2, 1, 2.5)};
  PlanRehabilitation({}, PlanPatient{}, &result);
  EXPECT_TRUE(result.rehabilitation.empty());
}

}  // namespace
}  // namespace thaplan
