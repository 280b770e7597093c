// Walk parameters: validation messages, JSON round trips, truth JSON file,
// and the de Leva table's own consistency.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/walker_body.h"
#include "testing/temp_dir.h"
#include "thaplan/walker.h"

namespace thaplan {
namespace {

TEST(WalkerParamsTest, ValidationNamesFieldValueAndRange) {
  WalkParams p;
  p.cadence_steps_per_min = -5;
  p.dropout_fraction = 0.5;
  const Status s = ValidateWalkParams(p);
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.message(),
            "walk params: cadence_steps_per_min = -5: expected 60..150; "
            "dropout_fraction = 0.5: expected 0..0.3");
  EXPECT_TRUE(ValidateWalkParams(WalkParams{}).ok());
  WalkParams huge;
  huge.stride_count = 5000;
  huge.sample_rate_hz = 1000;
  EXPECT_EQ(
      ValidateWalkParams(huge).message(),
      "walk params: stride_count = 5000 at sample_rate_hz = 1000 makes 5559000 frames: "
      "expected at most 2000000");
}

TEST(WalkerParamsTest, UnreachableHipExtensionIsRefusedWithItsReason) {
  WalkParams p;
  p.stride_count = 4;
  p.peak_hip_extension_left_deg = 30;
  auto walk = SimulateWalk(p, 1);
  ASSERT_FALSE(walk.ok());
  EXPECT_EQ(walk.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(walk.status().message().find(
                "peak_hip_extension_left_deg = 30.00: the leg reaches at most"),
            std::string::npos)
      << walk.status().message();
}

TEST(WalkerParamsTest, JsonRoundTripAndUnknownKeys) {
  WalkParams p;
  p.stride_length_mean_m = 1.234;
  p.sex = Sex::kMale;
  p.landmark_set = WalkLandmarkSet::kKeypoints;
  p.stride_count = 17;
  auto back = WalkParamsFromJson(WalkParamsToJson(p), "params.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(WalkParamsToJson(*back), WalkParamsToJson(p));
  EXPECT_EQ(back->stride_count, 17);
  auto bad = WalkParamsFromJson(R"({"cadence": 100, "sex": "x"})", "params.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(
      bad.status().message(),
      "params.json: cadence: unknown walk parameter; sex = \"x\": expected \"female\" or "
      "\"male\"");
  auto out_of_range = WalkParamsFromJson(R"({"stride_count": 0})", "p.json");
  EXPECT_EQ(out_of_range.status().message(),
            "p.json: walk params: stride_count = 0: expected 1..5000");
}

TEST(WalkerParamsTest, TruthJsonIsWrittenAndReadable) {
  WalkParams p;
  p.stride_count = 3;
  p.sample_rate_hz = 50;
  auto walk = SimulateWalk(p, 77);
  ASSERT_TRUE(walk.ok());
  thaplan::testing::TempDir dir;
  const std::string path = dir.Join("walker_truth_test.json");
  ASSERT_TRUE(WriteTruthJson(walk->truth, path).ok());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), WalkTruthToJson(walk->truth));
  const auto j = nlohmann::json::parse(text.str());
  EXPECT_EQ(j["seed"], 77);
  EXPECT_EQ(j["strides"].size(), walk->truth.strides.size());
  EXPECT_EQ(j["params"]["stride_count"], 3);
  EXPECT_DOUBLE_EQ(j["stride_length_cv_pct"].get<double>(),
                   walk->truth.stride_length_cv_pct);
  std::remove(path.c_str());
  const Status missing_dir = WriteTruthJson(walk->truth, "/nonexistent-dir/truth.json");
  EXPECT_FALSE(missing_dir.ok());
  EXPECT_NE(missing_dir.message().find("/nonexistent-dir/truth.json"), std::string::npos);
}

// CLINICAL.md asks to verify that the segment table sums to 1; the published
// fractions are rounded to 0.01 %, so allow one unit per segment row.
TEST(WalkerParamsTest, DeLevaMassFractionsSumToOne) {
  EXPECT_NEAR(sim::DeLevaMassSum(Sex::kMale), 1.0, 1e-4 * 14);
  EXPECT_NEAR(sim::DeLevaMassSum(Sex::kFemale), 1.0, 1e-4 * 14);
}

}  // namespace
}  // namespace thaplan
