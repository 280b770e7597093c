#include "thaplan/dataset.h"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/temp_dir.h"

namespace thaplan {
namespace {

const char kCsv[] =
    "patient_key,site,sex,diagnosis,age_at_surgery,smoker,preop_stride_length_cv_pct,"
    "m3_stride_length_cv_pct,m3_gait_speed_m_s\n"
    "a1,S1,F,oa_ddh,64,no,3.2,2.3,1.05\n"
    "a2,S1,M,osteonecrosis,,yes,,2.9,0.95\n"
    "a3,S2,F,,71,former,4.0,NA,1.0\n"
    "a4,S2,M,oa_primary,58,,2.8,2.1,\n";

const char kSpec[] = R"({
    "features": ["sex", "diagnosis", "age_at_surgery", "smoker", "preop_stride_length_cv_pct"],
    "categories": {"smoker": ["no", "yes", "former"]},
    "targets": ["m3_stride_length_cv_pct",
                {"column": "m3_gait_speed_m_s", "binary": {"op": ">=", "threshold": 1.0}}]})";

DatasetSpec Spec(std::string_view json) {
  auto spec = ParseDatasetSpec(json, "spec.json");
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return spec.ok() ? *spec : DatasetSpec{};
}

std::vector<float> Row(const Table& t, size_t r) {
  return std::vector<float>(t.x.row(r).begin(), t.x.row(r).end());
}

class DatasetCsvTest : public ::testing::Test {
 protected:
  // Builds from `csv` with `spec`; returns the error message or "(ok)".
  std::string Error(std::string_view csv, std::string_view spec) {
    auto t = BuildTableFromCsv(dir_.Write("x.csv", csv), Spec(spec));
    return t.ok() ? "(ok)" : t.status().message();
  }
  std::string Path() const { return dir_.Join("x.csv"); }
  testing::TempDir dir_;
};

TEST_F(DatasetCsvTest, EncodesFeaturesTargetsGroupsAndKeys) {
  auto t = BuildTableFromCsv(dir_.Write("cohort.csv", kCsv), Spec(kSpec));
  ASSERT_TRUE(t.ok()) << t.status().message();
  std::vector<std::string> names;
  for (const FeatureInfo& f : t->features) names.push_back(f.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"sex=M", "diagnosis=oa_primary", "diagnosis=oa_ddh",
                                      "diagnosis=osteonecrosis", "diagnosis=rheumatoid",
                                      "diagnosis=fracture_sequela", "diagnosis=other",
                                      "age_at_surgery", "smoker=no", "smoker=yes",
                                      "smoker=former", "preop_stride_length_cv_pct"}));
  EXPECT_EQ(t->features[7].unit, "years");
  EXPECT_EQ(t->features[11].unit, "%");
  EXPECT_EQ(t->features[2].column, "diagnosis");
  EXPECT_EQ(t->features[2].level, "oa_ddh");
  ASSERT_EQ(t->rows(), 4u);
  ASSERT_EQ(t->x.cols, 12u);
  EXPECT_EQ(Row(*t, 0), (std::vector<float>{0, 0, 1, 0, 0, 0, 0, 64, 1, 0, 0, 3.2f}));
  const std::vector<float> row1 = Row(*t, 1);  // age and pre-op CV missing
  EXPECT_EQ(row1[0], 1.0f);
  EXPECT_EQ(row1[3], 1.0f);
  EXPECT_TRUE(std::isnan(row1[7]) && std::isnan(row1[11]));
  EXPECT_EQ(row1[9], 1.0f);
  for (size_t c = 1; c <= 6; ++c)
    EXPECT_TRUE(std::isnan(t->x.at(2, c))) << c;  // no diagnosis
  EXPECT_EQ(t->x.at(2, 10), 1.0f);                // former
  for (size_t c = 8; c <= 10; ++c)
    EXPECT_TRUE(std::isnan(t->x.at(3, c))) << c;  // no smoker

  ASSERT_EQ(t->targets.size(), 2u);
  const TargetColumn& cv = t->targets[0];
  EXPECT_EQ(cv.unit, "%");
  EXPECT_EQ(cv.spec.preop_column, "preop_stride_length_cv_pct");
  EXPECT_EQ(cv.missing, 1u);
  EXPECT_EQ(cv.values[0], 2.3);
  EXPECT_TRUE(std::isnan(cv.values[2]));  // NA
  EXPECT_EQ(cv.preop[2], 4.0);
  EXPECT_TRUE(std::isnan(cv.preop[1]));
  EXPECT_EQ(RowsWithTarget(*t, 0), (std::vector<size_t>{0, 1, 3}));
  const TargetColumn& fast = t->targets[1];
  EXPECT_EQ(fast.spec.name, "m3_gait_speed_m_s>=1");
  EXPECT_EQ(fast.spec.kind, TargetKind::kBinary);
  EXPECT_EQ(fast.unit, "");
  EXPECT_EQ(fast.values[0], 1.0);  // 1.05
  EXPECT_EQ(fast.values[1], 0.0);  // 0.95
  EXPECT_EQ(fast.values[2], 1.0);  // 1.0 >= 1.0
  EXPECT_TRUE(std::isnan(fast.values[3]));
  EXPECT_TRUE(fast.spec.preop_column.empty());
  EXPECT_EQ(t->groups, (std::vector<std::string>{"S1", "S1", "S2", "S2"}));
  EXPECT_EQ(t->keys, (std::vector<std::string>{"a1", "a2", "a3", "a4"}));
  EXPECT_EQ(
      t->notes,
      (std::vector<std::string>{
          "m3_stride_length_cv_pct: 1 of 4 rows have no value and are left out for "
          "this target",
          "m3_gait_speed_m_s>=1: 1 of 4 rows have no value and are left out for this "
          "target",
          "m3_gait_speed_m_s>=1: positive when m3_gait_speed_m_s >= 1: 2 of 3 rows",
          "m3_gait_speed_m_s>=1: no pre-operative column: no carried-forward "
          "baseline"}));
  const FeatureMatrix sub = TakeRows(t->x, RowsWithTarget(*t, 1));
  EXPECT_EQ(sub.rows, 3u);
  EXPECT_EQ(sub.at(2, 7), 71.0f);
}

TEST_F(DatasetCsvTest, BinaryPreopValueFollowsTheSameRule) {
  auto t = BuildTableFromCsv(dir_.Write("x.csv",
                                        "preop_gait_speed_m_s,m6_gait_speed_m_s,age\n"
                                        "0.8,1.1,60\n1.2,0.9,70\n,1.0,65\n"),
                             Spec(R"({"timepoint": "6m", "features": ["age"],
                                      "targets": [{"column": "m6_gait_speed_m_s",
                                        "binary": {"op": ">=", "threshold": 1}}]})"));
  ASSERT_TRUE(t.ok()) << t.status().message();
  const TargetColumn& y = t->targets[0];
  EXPECT_EQ(y.spec.preop_column, "preop_gait_speed_m_s");
  EXPECT_EQ(y.preop[0], 0.0);
  EXPECT_EQ(y.preop[1], 1.0);
  EXPECT_TRUE(std::isnan(y.preop[2]));
  EXPECT_EQ(t->keys, (std::vector<std::string>{"row 1", "row 2", "row 3"}));
  EXPECT_EQ(t->groups, (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(t->notes[0],
            "no patient_key column: rows are keyed row 1, row 2, ... in file order");
  EXPECT_EQ(t->notes[1], "no site column: all rows form one group");
}

TEST_F(DatasetCsvTest, BadValuesAreRefusedWithFileRowColumnAndExpectation) {
  const std::string header =
      "patient_key,site,sex,diagnosis,age_at_surgery,smoker,preop_stride_length_cv_pct,"
      "m3_stride_length_cv_pct,m3_gait_speed_m_s\n";
  EXPECT_EQ(Error(header + "a1,S1,F,dysplasia,64,no,3.2,2.3,1.05\n", kSpec),
            Path() +
                ":2: diagnosis = 'dysplasia': expected one of oa_primary, oa_ddh, "
                "osteonecrosis, rheumatoid, fracture_sequela, other");
  EXPECT_EQ(Error(header + "a1,S1,F,oa_ddh,sixty,no,3.2,2.3,1.05\n", kSpec),
            Path() +
                ":2: age_at_surgery = 'sixty': expected a finite number, or empty "
                "when missing");
  EXPECT_EQ(Error(header + "a1,S1,F,oa_ddh,400,no,3.2,2.3,1.05\n", kSpec),
            Path() + ":2: age_at_surgery = '400': expected a number in 18..120 (years)");
  EXPECT_EQ(Error(header + "a1,S1,F,oa_ddh,64,sometimes,3.2,2.3,1.05\n", kSpec),
            Path() + ":2: smoker = 'sometimes': expected one of no, yes, former");
  EXPECT_EQ(Error(header + "a1,S1,F,oa_ddh,64,no,3.2,2.3,fast\n", kSpec),
            Path() +
                ":2: m3_gait_speed_m_s = 'fast': expected a finite number, or empty "
                "when missing");
  EXPECT_EQ(
      Error(header + "a1,S1,F,oa_ddh,64,no,3.2,2.3,1.05\na1,S1,M,oa_ddh,60,no,3,2,1\n",
            kSpec),
      Path() + ":3: patient_key repeats the key of " + Path() +
          ":2: expected one row per patient");
  EXPECT_EQ(Error(header + "a1,S1,F,oa_ddh,64,no,3.2,2.3\n", kSpec),
            Path() + ":2: 8 fields: expected 9 as in the header");
  EXPECT_EQ(Error(header + ",S1,F,oa_ddh,64,no,3.2,2.3,1\n", kSpec),
            Path() + ":2: patient_key is empty: expected a row key");
  EXPECT_EQ(Error(header, kSpec), Path() + ": no rows: expected at least one patient");
  EXPECT_EQ(Error("", kSpec), Path() + ":1: file is empty: expected a header row");
}

TEST_F(DatasetCsvTest, SpecsThatDoNotFitTheTableAreRefused) {
  const std::string csv = std::string(kCsv);
  EXPECT_EQ(Error(csv, R"({"features": ["age_at_surgery", "m3_gait_speed_m_s"]})"),
            Path() +
                ": feature 'm3_gait_speed_m_s': measured at the outcome timepoint 3m: "
                "expected a pre-operative or surgical column");
  EXPECT_EQ(Error(csv, R"({"features": ["bmi_kg_m2"]})"),
            Path() +
                ": feature 'bmi_kg_m2': not a column of the table: expected a column "
                "of its header");
  EXPECT_EQ(Error(csv, R"({"feature_set": "seed"})"),
            Path() +
                ": feature 'height_cm': not a column of the table: expected a "
                "column of its header");
  EXPECT_EQ(Error(csv, R"({"features": ["age_at_surgery"], "targets": ["sex"]})"),
            Path() +
                ": target 'sex': not numeric: expected a numeric column (use binary for "
                "a yes/no outcome)");
  EXPECT_EQ(Error(csv, R"({"features": ["age_at_surgery"],
                           "targets": ["age_at_surgery"]})"),
            Path() +
                ": target 'age_at_surgery': also a feature: expected a column that is "
                "not");
  EXPECT_EQ(
      Error(csv, R"({"features": ["age_at_surgery"], "targets": ["m3_gait_speed_m_s"],
                           "key_column": "id"})"),
      Path() +
          ": key_column 'id': not a column of the table: expected a column of "
          "its header");
  EXPECT_EQ(Error("patient_key,surgeon_code,m3_stride_length_cv_pct\na,S3,2\n",
                  R"({"features": ["surgeon_code"]})"),
            Path() +
                ": feature 'surgeon_code': a free-text code column: expected its "
                "levels in the spec's categories");
  EXPECT_EQ(
      Error("a,a,m3_x\n1,2,3\n", R"({"features": ["a"], "targets": ["m3_x"]})"),
      Path() + ": header: column 'a' appears twice: expected distinct column names");
}

TEST_F(DatasetCsvTest, ASpecBuiltInCodeNeedsExactlyOneFeatureSource) {
  DatasetSpec spec;  // feature_set defaults to extended
  spec.features = {"age_at_surgery"};
  auto both = BuildTableFromCsv(dir_.Write("x.csv", kCsv), spec);
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().message(),
            Path() +
                ": dataset spec: expected either a feature set or a list of features, "
                "not both or neither");
}

// Issue 6: the combined anteversion is derived from the two angles (Widmer:
// cup + 0.7 x stem), missing when either is, and refused by name when the
// table lacks a column it needs.
TEST_F(DatasetCsvTest, CombinedAnteversionIsDerivedFromCupAndStemAnteversion) {
  const std::string csv =
      "patient_key,cup_anteversion_deg,stem_anteversion_deg,m3_stride_length_cv_pct\n"
      "a1,18.5,20,2.1\n"
      "a2,15,,2.4\n"
      "a3,12,35,2.2\n";
  const char spec[] = R"({"features": ["cup_anteversion_deg", "combined_anteversion_deg"],
                         "targets": ["m3_stride_length_cv_pct"]})";
  auto t = BuildTableFromCsv(dir_.Write("x.csv", csv), Spec(spec));
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->features.size(), 2u);
  EXPECT_EQ(t->features[1].name, "combined_anteversion_deg");
  EXPECT_EQ(t->features[1].unit, "deg");
  EXPECT_EQ(t->x.at(0, 1), 32.5f);  // 18.5 + 0.7 x 20
  EXPECT_TRUE(std::isnan(t->x.at(1, 1)));
  EXPECT_EQ(t->x.at(2, 1), 36.5f);  // 12 + 0.7 x 35
  EXPECT_EQ(t->x.at(2, 1), CombinedAnteversionFeature(12, 35));
  EXPECT_EQ(
      Error("patient_key,cup_anteversion_deg,m3_stride_length_cv_pct\na1,15,2\n", spec),
      Path() +
          ": feature 'combined_anteversion_deg': derived from cup_anteversion_deg "
          "+ 0.7 x stem_anteversion_deg, but stem_anteversion_deg is not a column "
          "of the table: expected both columns");
  EXPECT_EQ(
      Error("patient_key,cup_anteversion_deg,stem_anteversion_deg,"
            "m3_stride_length_cv_pct\na1,15,95,2\n",
            spec),
      Path() + ":2: stem_anteversion_deg = '95': expected a number in -30..70 (deg)");
}

}  // namespace
}  // namespace thaplan
