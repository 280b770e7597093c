#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "registry/analysis_query.h"
#include "thaplan/dataset.h"

namespace thaplan {
namespace {

std::string Error(std::string_view json) {
  auto spec = ParseDatasetSpec(json, "spec.json");
  return spec.ok() ? "(ok)" : spec.status().message();
}

TEST(DatasetSpecTest, EmptySpecMeansTheThreeIndicesAtThreeMonthsFromTheExtendedSet) {
  auto spec = ParseDatasetSpec("{}", "spec.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->timepoint, "3m");
  ASSERT_TRUE(spec->feature_set.has_value());
  EXPECT_EQ(*spec->feature_set, FeatureSet::kExtended);
  ASSERT_EQ(spec->targets.size(), 3u);
  EXPECT_EQ(spec->targets[0].column, "m3_com_asymmetry_pct");
  EXPECT_EQ(spec->targets[1].column, "m3_stride_length_cv_pct");
  EXPECT_EQ(spec->targets[2].column, "m3_peak_hip_extension_deg");
  EXPECT_EQ(spec->targets[2].kind, TargetKind::kContinuous);
  EXPECT_EQ(spec->key_column, "patient_key");
  EXPECT_EQ(spec->group_column, "site");
  EXPECT_EQ(ParseDatasetSpec(R"({"timepoint": "12m"})", "s")->targets[0].column,
            "m12_com_asymmetry_pct");
}

TEST(DatasetSpecTest, ParsesEveryKey) {
  auto spec = ParseDatasetSpec(R"({
      "version": 1, "timepoint": "6m", "feature_set": "seed",
      "extra_features": ["preop_jheq_score", "smoker"],
      "categories": {"smoker": ["no", "yes"]},
      "targets": ["m6_stride_length_cv_pct",
                  {"column": "m6_gait_speed_m_s", "binary": {"op": ">=", "threshold": 1.0}},
                  {"column": "m6_jheq_score", "name": "jheq", "preop_column": "preop_jheq_score",
                   "binary": {"op": "<", "threshold": 42.5}}],
      "key_column": "id", "group_column": "hospital"})",
                               "spec.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(*spec->feature_set, FeatureSet::kSeed);
  EXPECT_EQ(spec->extra_features,
            (std::vector<std::string>{"preop_jheq_score", "smoker"}));
  EXPECT_EQ(spec->categories.at("smoker"), (std::vector<std::string>{"no", "yes"}));
  ASSERT_EQ(spec->targets.size(), 3u);
  EXPECT_EQ(spec->targets[1].name, "m6_gait_speed_m_s>=1");
  EXPECT_EQ(spec->targets[1].kind, TargetKind::kBinary);
  EXPECT_EQ(spec->targets[1].op, ThresholdOp::kGreaterEqual);
  EXPECT_EQ(spec->targets[1].threshold, 1.0);
  EXPECT_EQ(spec->targets[2].name, "jheq");
  EXPECT_EQ(spec->targets[2].op, ThresholdOp::kLess);
  EXPECT_EQ(spec->targets[2].threshold, 42.5);
  EXPECT_EQ(spec->targets[2].preop_column, "preop_jheq_score");
  EXPECT_EQ(spec->key_column, "id");
  EXPECT_EQ(spec->group_column, "hospital");

  auto explicit_list = ParseDatasetSpec(R"({"features": ["a", "b"]})", "s");
  ASSERT_TRUE(explicit_list.ok());
  EXPECT_FALSE(explicit_list->feature_set.has_value());
  EXPECT_EQ(explicit_list->features, (std::vector<std::string>{"a", "b"}));
}

TEST(DatasetSpecTest, ErrorsNameTheKeyTheValueAndWhatWasExpected) {
  EXPECT_EQ(Error(R"({"timepoint": "3 months"})"),
            "spec.json: timepoint = '\"3 months\"': expected one of 3m, 6m, 12m");
  EXPECT_EQ(Error(R"({"timepoint": "preop"})"),
            "spec.json: timepoint = '\"preop\"': expected one of 3m, 6m, 12m");
  EXPECT_EQ(Error(R"({"feature_set": "full"})"),
            "spec.json: feature_set = '\"full\"': expected \"seed\" or \"extended\"");
  EXPECT_EQ(Error(R"({"target": []})"),
            "spec.json: unknown key 'target': expected one of version, timepoint, "
            "feature_set, features, extra_features, categories, targets, key_column, "
            "group_column");
  EXPECT_EQ(Error(R"({"version": 2})"), "spec.json: version = '2': expected 1");
  EXPECT_EQ(Error(R"({"features": ["a"], "feature_set": "seed"})"),
            "spec.json: features = '[\"a\"]': expected either features or feature_set "
            "(with extra_features), not both");
  EXPECT_EQ(Error(R"({"features": ["a", "a"]})"),
            "spec.json: features[1] = '\"a\"': expected a name not already in the list");
  EXPECT_EQ(Error(R"({"features": []})"),
            "spec.json: features = '[]': expected a list of at least 1 column names");
  EXPECT_EQ(
      Error(R"({"targets": [{"column": "y", "binary": {"op": "=>", "threshold": 1}}]})"),
      "spec.json: targets[0].binary.op = '\"=>\"': expected one of >=, >, <=, <");
  EXPECT_EQ(Error(R"({"targets": [{"column": "y", "binary": {"op": ">"}}]})"),
            "spec.json: targets[0].binary.threshold = 'null': expected a finite number");
  EXPECT_EQ(Error(R"({"targets": [{"column": "y", "cutoff": 3}]})"),
            "spec.json: unknown key 'targets[0].cutoff': expected one of column, name, "
            "binary, preop_column");
  EXPECT_EQ(Error(R"({"targets": ["y", "y"]})"),
            "spec.json: targets[1] = '\"y\"': expected a target whose name is not "
            "already used");
  EXPECT_EQ(
      Error(R"({"targets": [7]})"),
      "spec.json: targets[0] = '7': expected a column name or an object with \"column\"");
  EXPECT_EQ(
      Error(R"({"categories": {"smoker": ["yes"]}})"),
      "spec.json: categories.smoker = '[\"yes\"]': expected a list of at least 2 levels");
  EXPECT_EQ(Error(R"({"key_column": ""})"),
            "spec.json: key_column = '\"\"': expected a non-empty string");
  EXPECT_EQ(Error("{\"timepoint\": \"3m\",}"),
            "spec.json: byte 20: not valid JSON: expected a dataset spec object");
  EXPECT_EQ(
      Error(
          R"({"targets": [{"column": "y", "binary": {"op": ">", "threshold": 1e999}}]})"),
      "spec.json: number overflow parsing '1e999': expected a dataset spec object");
  EXPECT_EQ(Error("[1]"), "spec.json: (top level) = '[1]': expected a JSON object");
}

TEST(DatasetSpecTest, FeatureSetsAreAnalysisTableColumnsAndExtendedAddsPreopGait) {
  const auto seed = FeatureSetColumns(FeatureSet::kSeed);
  const auto extended = FeatureSetColumns(FeatureSet::kExtended);
  ASSERT_EQ(seed.size(), 38u);
  ASSERT_EQ(extended.size(), 43u);
  EXPECT_TRUE(std::equal(seed.begin(), seed.end(), extended.begin()));
  const std::vector<std::string_view> added(extended.begin() + 38, extended.end());
  EXPECT_EQ(added, (std::vector<std::string_view>{
                       "preop_com_asymmetry_pct", "preop_stride_length_cv_pct",
                       "preop_peak_hip_extension_deg", "preop_gait_speed_m_s",
                       "preop_gait_cadence_steps_min"}));
  // Every feature is a column of the registry's analysis table, and none is
  // the row key, the group or a post-operative measurement.
  const auto header = registry::BuildAnalysisQuery("3m").header;
  for (std::string_view column : extended) {
    EXPECT_NE(std::find(header.begin(), header.end(), column), header.end()) << column;
    EXPECT_FALSE(column.starts_with("m3_")) << column;
    EXPECT_NE(column, "patient_key");
    EXPECT_NE(column, "site");
  }
  for (std::string_view column : seed) {
    EXPECT_FALSE(column.find("gait") != std::string_view::npos ||
                 column.find("stride") != std::string_view::npos ||
                 column.find("com_") != std::string_view::npos ||
                 column.find("peak_hip") != std::string_view::npos)
        << column << " is gait, which the seed study did not use";
  }
}

TEST(DatasetSpecTest, DocsListEveryFeatureSetColumnInItsSection) {
  std::ifstream in(std::string(THAPLAN_SOURCE_DIR) + "/docs/model.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const size_t seed = doc.find("**seed**");
  const size_t extended = doc.find("**extended**");
  const size_t left_out = doc.find("Left out of both");
  ASSERT_TRUE(seed < extended && extended < left_out) << "docs/model.md sections moved";
  const auto seed_cols = FeatureSetColumns(FeatureSet::kSeed);
  for (std::string_view column : FeatureSetColumns(FeatureSet::kExtended)) {
    const bool in_seed =
        std::find(seed_cols.begin(), seed_cols.end(), column) != seed_cols.end();
    const size_t at =
        doc.find("`" + std::string(column) + "`", in_seed ? seed : extended);
    EXPECT_LT(at, in_seed ? extended : left_out)
        << column << " not listed in docs/model.md";
  }
}

}  // namespace
}  // namespace thaplan
