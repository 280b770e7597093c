// The registry source, checked against a simulated cohort's own CSV files
// and against the same table exported to CSV and read back.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "io/csv_reader.h"
#include "testing/temp_dir.h"
#include "thaplan/cohort.h"
#include "thaplan/dataset.h"
#include "thaplan/export.h"
#include "thaplan/import.h"
#include "thaplan/registry.h"

namespace thaplan {
namespace {

// Column `name` of every row of a CSV file whose `filter` column equals
// `value` (or of every row when filter is empty).
std::vector<std::string> CsvColumn(const std::string& path, const std::string& name,
                                   const std::string& filter = "",
                                   const std::string& value = "") {
  auto reader = io::CsvReader::Open(path);
  EXPECT_TRUE(reader.ok());
  std::vector<std::string_view> fields;
  std::map<std::string, size_t> index;
  reader->Next(&fields);
  for (size_t i = 0; i < fields.size(); ++i) index[std::string(fields[i])] = i;
  std::vector<std::string> out;
  while (reader->Next(&fields)) {
    if (!filter.empty() && fields[index.at(filter)] != value) continue;
    out.emplace_back(fields[index.at(name)]);
  }
  return out;
}

class DatasetRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CohortOptions cohort;
    cohort.patients = 80;
    cohort.seed = 41;
    ASSERT_TRUE(WriteCohortTables(CohortModel(cohort), dir_.Join("cohort")).ok());
    kExample = dir_.Join("cohort/");
    // Some 12-month visits missed, as in a real registry.
    const std::string a = kExample + "assessments.csv";
    auto in = io::CsvReader::Open(a);
    ASSERT_TRUE(in.ok());
    std::string kept;
    std::vector<std::string_view> fields;
    int row = 0;
    while (in->Next(&fields)) {
      if (fields[2] == "12m" && ++row % 5 == 0) continue;
      std::string line;
      for (size_t i = 0; i < fields.size(); ++i)
        line += (i ? "," : "") + std::string(fields[i]);
      kept += line + "\n";
    }
    dir_.Write("cohort/assessments.csv", kept);
    auto reg = Registry::Open(dir_.Join("r.db"));
    ASSERT_TRUE(reg.ok()) << reg.status().message();
    registry_ = std::move(*reg);
    ImportOptions options;
    for (const char* f : {"patients.csv", "surgeries.csv", "assessments.csv"}) {
      options.files.push_back({kExample + f, std::nullopt});
    }
    options.key_dir = dir_.Join("keys");
    auto report = ImportCsv(*registry_, options);
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  testing::TempDir dir_;
  std::string kExample;
  std::unique_ptr<Registry> registry_;
};

const char kSpec[] = R"({"timepoint": "12m", "feature_set": "seed",
    "targets": ["m12_hip_abductor_nm_kg",
                {"column": "m12_jheq_score", "binary": {"op": ">=", "threshold": 60}}]})";

TEST_F(DatasetRegistryTest, SeedTableMatchesTheCohortFiles) {
  auto spec = ParseDatasetSpec(kSpec, "spec.json");
  ASSERT_TRUE(spec.ok());
  auto t = BuildTableFromRegistry(*registry_, *spec);
  ASSERT_TRUE(t.ok()) << t.status().message();
  const auto patients = CsvColumn(kExample + "patients.csv", "diagnosis");
  ASSERT_EQ(t->rows(), patients.size());
  // 30 numeric columns and 8 enums: sex 1 + diagnosis 6 + side 1 + other hip 4
  // + approach 5 + technique 3 + fixation 3 + Dorr 3 = 26 indicators.
  EXPECT_EQ(t->x.cols, 56u);
  const auto column = [&](std::string_view name) {
    for (size_t c = 0; c < t->features.size(); ++c) {
      if (t->features[c].name == name) return c;
    }
    ADD_FAILURE() << "no feature " << name;
    return size_t{0};
  };
  // Counts and means against the source files.
  const size_t necrosis = column("diagnosis=osteonecrosis");
  double count = 0;
  for (size_t r = 0; r < t->rows(); ++r) count += t->x.at(r, necrosis);
  EXPECT_EQ(count, static_cast<double>(
                       std::count(patients.begin(), patients.end(), "osteonecrosis")));
  const auto preop =
      CsvColumn(kExample + "assessments.csv", "hip_abductor_nm_kg", "timepoint", "preop");
  double file_sum = 0, file_n = 0, table_sum = 0, table_n = 0;
  for (const std::string& v : preop) {
    if (v.empty()) continue;
    file_sum += std::stod(v);
    file_n += 1;
  }
  const size_t abductor = column("preop_hip_abductor_nm_kg");
  EXPECT_EQ(t->features[abductor].unit, "Nm/kg");
  for (size_t r = 0; r < t->rows(); ++r) {
    if (std::isnan(t->x.at(r, abductor))) continue;
    table_sum += t->x.at(r, abductor);
    table_n += 1;
  }
  EXPECT_EQ(table_n, file_n);
  EXPECT_NEAR(table_sum / table_n, file_sum / file_n, 1e-6);
  // The target: present for the patients with a 12-month strength value.
  size_t with_value = 0;
  for (const std::string& v : CsvColumn(kExample + "assessments.csv",
                                        "hip_abductor_nm_kg", "timepoint", "12m")) {
    with_value += v.empty() ? 0 : 1;
  }
  const TargetColumn& y = t->targets[0];
  EXPECT_EQ(t->rows() - y.missing, with_value);
  EXPECT_EQ(y.unit, "Nm/kg");
  EXPECT_EQ(y.spec.preop_column, "preop_hip_abductor_nm_kg");
  for (size_t r = 0; r < t->rows(); ++r) {  // the carried-forward value is the feature
    const float x = t->x.at(r, abductor);
    EXPECT_TRUE(std::isnan(x) ? std::isnan(y.preop[r])
                              : static_cast<float>(y.preop[r]) == x);
  }
  // Rows are keyed by pseudonyms (24 hex digits), never the site's own keys.
  EXPECT_EQ(t->keys[0].size(), 24u);
  EXPECT_EQ(t->groups[0].substr(0, 1), "S");
}

TEST_F(DatasetRegistryTest, ExportedCsvGivesTheSameTable) {
  auto spec = ParseDatasetSpec(kSpec, "spec.json");
  auto from_registry = BuildTableFromRegistry(*registry_, *spec);
  ASSERT_TRUE(from_registry.ok());
  const std::string path = dir_.Join("analysis.csv");
  std::FILE* out = std::fopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  int64_t rows = 0;
  ASSERT_TRUE(
      ExportAnalysisTable(*registry_, "12m", ExportFormat::kCsv, out, &rows).ok());
  std::fclose(out);
  auto from_csv = BuildTableFromCsv(path, *spec);
  ASSERT_TRUE(from_csv.ok()) << from_csv.status().message();
  const Table& a = *from_registry;
  const Table& b = *from_csv;
  ASSERT_EQ(a.x.values.size(), b.x.values.size());
  for (size_t i = 0; i < a.x.values.size(); ++i) {
    const float va = a.x.values[i];
    const float vb = b.x.values[i];
    ASSERT_TRUE(std::isnan(va) ? std::isnan(vb) : va == vb) << "value " << i;
  }
  EXPECT_EQ(a.keys, b.keys);
  EXPECT_EQ(a.groups, b.groups);
  EXPECT_EQ(a.notes, b.notes);
  for (size_t t = 0; t < a.targets.size(); ++t) {
    for (size_t r = 0; r < a.rows(); ++r) {
      const double ya = a.targets[t].values[r];
      const double yb = b.targets[t].values[r];
      EXPECT_TRUE(std::isnan(ya) ? std::isnan(yb) : ya == yb);
    }
  }
}

// Issue 6: the registry's table derives the combined anteversion from the
// stored angles exactly as CombinedAnteversionFeature does (cup + 0.7 x stem).
TEST_F(DatasetRegistryTest, CombinedAnteversionIsDerivedFromTheStoredAngles) {
  auto spec = ParseDatasetSpec(
      R"({"timepoint": "3m", "feature_set": "seed",
          "extra_features": ["combined_anteversion_deg"]})",
      "spec.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto t = BuildTableFromRegistry(*registry_, *spec);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->features.back().name, "combined_anteversion_deg");
  EXPECT_EQ(t->features.back().unit, "deg");
  const auto cups = CsvColumn(kExample + "surgeries.csv", "cup_anteversion_deg");
  const auto stems = CsvColumn(kExample + "surgeries.csv", "stem_anteversion_deg");
  std::vector<float> want, got;
  for (size_t i = 0; i < cups.size(); ++i) {
    const double cup = cups[i].empty() ? NAN : std::stod(cups[i]);
    const double stem = stems[i].empty() ? NAN : std::stod(stems[i]);
    want.push_back(CombinedAnteversionFeature(cup, stem));
  }
  for (size_t r = 0; r < t->rows(); ++r) got.push_back(t->x.at(r, t->x.cols - 1));
  const auto nan_last = [](float a, float b) {
    return std::isnan(b) ? !std::isnan(a) : !std::isnan(a) && a < b;
  };
  std::sort(want.begin(), want.end(), nan_last);
  std::sort(got.begin(), got.end(), nan_last);
  ASSERT_EQ(got.size(), want.size());
  size_t present = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(std::isnan(want[i]) ? std::isnan(got[i]) : got[i] == want[i]) << i;
    present += !std::isnan(got[i]);
  }
  EXPECT_GT(present, 40u);
}

}  // namespace
}  // namespace thaplan
