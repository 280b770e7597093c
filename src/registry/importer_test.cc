#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "testing/temp_dir.h"
#include "thaplan/import.h"

namespace thaplan {
namespace {

constexpr char kPatients[] =
    "patient_key,site,sex,birth_date,surgery_date,height_cm,weight_kg,diagnosis,"
    "operated_side\n"
    "KZ-4471,S1,F,1950-06-15,2023-03-16,155,52,oa_ddh,R\n"
    "KZ-4472,S1,M,1930-01-01,2023-03-16,170,70,oa_primary,L\n";
constexpr char kAssessments[] =
    "patient_key,site,timepoint,assessment_date,surgery_date,hip_abductor_nm_kg\n"
    "KZ-4471,S1,preop,2023-03-01,2023-03-16,0.41\n"
    "KZ-4471,S1,3m,2023-06-20,2023-03-16,0.52\n";

struct Imported {
  std::vector<std::string> header;
  std::vector<Row> rows;
  Value Get(size_t row, std::string_view col) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == col) return rows[row][i];
    }
    ADD_FAILURE() << "no column " << col;
    return Value{};
  }
};

Imported Table(Registry& reg, std::string_view tp) {
  Imported t;
  EXPECT_TRUE(reg.ScanAnalysisTable(
                     tp,
                     [&](std::span<const std::string> h) {
                       t.header.assign(h.begin(), h.end());
                       return Status::Ok();
                     },
                     [&](const Row& r) {
                       t.rows.push_back(r);
                       return Status::Ok();
                     })
                  .ok());
  return t;
}

class ImporterTest : public ::testing::Test {
 protected:
  ImportOptions Options(std::vector<std::string> files) {
    ImportOptions o;
    for (auto& f : files) o.files.push_back({dir_.Write(f, contents_[f]), std::nullopt});
    o.key_dir = dir_.Join("keys");
    o.on_problem = [this](const std::string& p) { problems_.push_back(p); };
    return o;
  }
  testing::TempDir dir_;
  std::map<std::string, std::string> contents_ = {{"patients.csv", kPatients},
                                                  {"assessments.csv", kAssessments}};
  std::vector<std::string> problems_;
};

TEST_F(ImporterTest, DeidentifiesKeysDatesAndOldAges) {
  auto reg = Registry::Open(dir_.Join("r.db"));
  ASSERT_TRUE(reg.ok());
  auto report = ImportCsv(**reg, Options({"assessments.csv", "patients.csv"}));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->committed);
  EXPECT_TRUE(problems_.empty());

  Imported t = Table(**reg, "3m");
  ASSERT_EQ(t.rows.size(), 2u);
  // Rows are ordered by pseudonym; find each patient by its known values.
  size_t woman = std::get<std::string>(t.Get(0, "sex")) == "F" ? 0 : 1;
  size_t man = 1 - woman;
  // 1950-06-15 to 2023-03-16: 72 whole years (birthday not yet reached).
  EXPECT_EQ(std::get<int64_t>(t.Get(woman, "age_at_surgery")), 72);
  // Born 1930: 93 at surgery, stored as 90 ("90+").
  EXPECT_EQ(std::get<int64_t>(t.Get(man, "age_at_surgery")), 90);
  EXPECT_EQ(std::get<int64_t>(t.Get(woman, "surgery_year")), 2023);
  // 2023-03-01 is 15 days before 2023-03-16; 2023-06-20 is 96 days after.
  EXPECT_EQ(std::get<int64_t>(t.Get(woman, "preop_days_from_surgery")), -15);
  EXPECT_EQ(std::get<int64_t>(t.Get(woman, "m3_days_from_surgery")), 96);
  EXPECT_EQ(std::get<double>(t.Get(woman, "m3_hip_abductor_nm_kg")), 0.52);
  const std::string key = std::get<std::string>(t.Get(woman, "patient_key"));
  EXPECT_EQ(key.size(), 24u);
  EXPECT_EQ(key.find("4471"), std::string::npos);

  // Neither the raw keys nor any exact date is anywhere in the registry files.
  reg->reset();
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(dir_.Join(std::string("r.db") + suffix), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    for (const char* secret : {"KZ-4471", "KZ-4472", "1950-06-15", "2023-03-16", "2023-06-20"}) {
      EXPECT_EQ(bytes.str().find(secret), std::string::npos) << secret << " in r.db" << suffix;
    }
  }
}

TEST_F(ImporterTest, ReimportChangesNothingAndConflictsNeedUpdate) {
  auto reg = Registry::Open(dir_.Join("r.db"));
  ASSERT_TRUE(ImportCsv(**reg, Options({"patients.csv"})).ok());
  auto again = ImportCsv(**reg, Options({"patients.csv"}));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->committed);
  EXPECT_EQ(again->files[0].unchanged, 2);

  contents_["patients.csv"] =
      "patient_key,site,sex,age_at_surgery,height_cm,weight_kg,diagnosis,operated_side\n"
      "KZ-4471,S1,F,72,155,53.5,oa_ddh,R\n";
  auto conflict = ImportCsv(**reg, Options({"patients.csv"}));
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), StatusCode::kConflict);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0], dir_.Join("patients.csv") +
                              ":2: weight_kg = 53.5: expected the stored value 52 (the "
                              "registry already holds this record; use --update to replace it)");
  ImportOptions update = Options({"patients.csv"});
  update.update = true;
  auto updated = ImportCsv(**reg, update);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(updated->files[0].updated, 1);
}

TEST_F(ImporterTest, ColumnMapRenamesAndDrops) {
  contents_["clinic.csv"] =
      "ID,Name,site,sex,age_at_surgery,height_cm,weight_kg,diagnosis,operated_side\n"
      "KZ-9,Hanako Yamada,S1,F,70,150,50,oa_ddh,L\n";
  auto reg = Registry::Open(dir_.Join("r.db"));
  ImportOptions o = Options({"clinic.csv"});
  auto refused = ImportCsv(**reg, o);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(problems_.size(), 3u);
  EXPECT_EQ(problems_[2], dir_.Join("clinic.csv") +
                              ":1: column patient_key is missing: expected it (required for "
                              "patients)");
  EXPECT_EQ(problems_[1], dir_.Join("clinic.csv") +
                              ":1: column \"Name\" looks like a name, a direct identifier that "
                              "thaplan never stores: expected it removed from the file or "
                              "dropped with --map");
  o.column_map = {{"ID", "patient_key"}, {"Name", ""}};
  auto ok = ImportCsv(**reg, o);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->files[0].inserted, 1);
}

}  // namespace
}  // namespace thaplan
