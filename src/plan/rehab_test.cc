#include "thaplan/rehab.h"

#include <gtest/gtest.h>

namespace thaplan {
namespace {

// A patient inside every threshold of CLINICAL.md s.3/s.5.
RehabInputs Typical() {
  RehabInputs in;
  in.stride_length_cv_pct = 2.5;
  in.stride_length_cv_pct_pessimistic = 2.9;
  in.peak_hip_extension_deg = 6;
  in.peak_hip_extension_deg_pessimistic = 4;
  in.com_asymmetry_pct = 5;
  in.com_asymmetry_pct_pessimistic = 9;
  in.hip_abductor_nm_kg = 0.8;
  in.bmi_kg_m2 = 23;
  in.postop_lld_mm = 2;
  in.femoral_offset_change_mm = 0;
  return in;
}

TEST(RehabTest, NothingWhenEveryValueIsInsideItsRange) {
  EXPECT_TRUE(RehabEmphases(Typical()).empty());
}

TEST(RehabTest, NothingWhenEverythingIsUnknown) {
  EXPECT_TRUE(RehabEmphases(RehabInputs{}).empty());
}

TEST(RehabTest, LowExtensionPredictedIsExpected) {
  RehabInputs in = Typical();
  in.peak_hip_extension_deg = 1.5;
  in.peak_hip_extension_deg_pessimistic = -2;
  auto out = RehabEmphases(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].emphasis, "hip-flexor stretching and hip-extensor strengthening");
  EXPECT_EQ(out[0].certainty, RehabCertainty::kExpected);
  EXPECT_EQ(out[0].reason,
            "predicted peak_hip_extension_deg 1.5 < 3.0 (3-8 deg at 3 months, "
            "CLINICAL.md s.3)");
  EXPECT_NE(out[0].source.find("Watt"), std::string::npos);
}

TEST(RehabTest, OnlyThePessimisticEndCrossingIsPossible) {
  RehabInputs in = Typical();
  in.stride_length_cv_pct = 2.8;
  in.stride_length_cv_pct_pessimistic = 3.6;
  auto out = RehabEmphases(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].emphasis, "specific balance training");
  EXPECT_EQ(out[0].certainty, RehabCertainty::kPossible);
  EXPECT_STREQ(RehabCertaintyName(out[0].certainty), "possible");
  EXPECT_EQ(out[0].reason,
            "predicted stride_length_cv_pct 2.8, but the interval reaches 3.6 > 3.0 "
            "(2-3 % at 3 months, CLINICAL.md s.3)");
}

TEST(RehabTest, AbductorReasonsCombineAndTheStrongestCertaintyWins) {
  RehabInputs in = Typical();
  in.com_asymmetry_pct = 8;
  in.com_asymmetry_pct_pessimistic = 15;  // possible
  in.hip_abductor_nm_kg = 0.5;            // expected
  in.femoral_offset_change_mm = -6;       // expected
  auto out = RehabEmphases(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].emphasis, "progressive abductor strengthening");
  EXPECT_EQ(out[0].certainty, RehabCertainty::kExpected);
  EXPECT_NE(out[0].reason.find("interval reaches 15.0 > 10.0"), std::string::npos);
  EXPECT_NE(out[0].reason.find("0.50 < 0.66 Nm/kg"), std::string::npos);
  EXPECT_NE(out[0].reason.find("-6.0 mm"), std::string::npos);
}

TEST(RehabTest, OffsetLossAtTheLimitIsNotADeficit) {
  RehabInputs in = Typical();
  in.femoral_offset_change_mm = -5;  // "reduction > 5 mm": 5 itself is not
  EXPECT_TRUE(RehabEmphases(in).empty());
}

TEST(RehabTest, LegLengthInsoleBandAndBeyond) {
  RehabInputs in = Typical();
  in.postop_lld_mm = -12;
  auto out = RehabEmphases(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].emphasis, "shoe insole and pelvic-obliquity work");
  EXPECT_EQ(out[0].reason,
            "post-op leg-length discrepancy -12.0 mm (10.0-20.0 mm is compensable)");
  in.postop_lld_mm = 24;
  out = RehabEmphases(in);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].reason.find("beyond 20.0 mm an insole does not compensate"),
            std::string::npos);
  in.postop_lld_mm = 9.9;
  EXPECT_TRUE(RehabEmphases(in).empty());
}

TEST(RehabTest, ObesityAndOrderFollowTheClinicalTable) {
  RehabInputs in = Typical();
  in.bmi_kg_m2 = 31;
  in.stride_length_cv_pct = 4;
  in.com_asymmetry_pct = 12;
  auto out = RehabEmphases(in);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].emphasis, "progressive abductor strengthening");
  EXPECT_EQ(out[1].emphasis, "specific balance training");
  EXPECT_EQ(out[2].emphasis, "a longer, individualised programme");
  // A clinic using Japan's obesity criterion (JASSO, BMI >= 25).
  RehabThresholds jasso;
  jasso.bmi_obese_from = 25;
  in = Typical();
  in.bmi_kg_m2 = 27;
  EXPECT_TRUE(RehabEmphases(in).empty());
  ASSERT_EQ(RehabEmphases(in, jasso).size(), 1u);
}

}  // namespace
}  // namespace thaplan
