#include "thaplan/registry.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "testing/temp_dir.h"
#include "thaplan/build_info.h"

namespace thaplan {
namespace {

Row PatientRow(const std::string& key, double weight_kg) {
  Row row(StoredColumns(RecordKind::kPatients).size());
  const auto set = [&](std::string_view name, Value v) {
    const auto cols = StoredColumns(RecordKind::kPatients);
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].name == name) row[i] = std::move(v);
    }
  };
  set("patient_key", key);
  set("site", std::string("S1"));
  set("sex", std::string("F"));
  set("age_at_surgery", int64_t{64});
  set("height_cm", 160.0);
  set("weight_kg", weight_kg);
  set("diagnosis", std::string("oa_ddh"));
  set("operated_side", std::string("R"));
  return row;
}

const std::vector<bool> kAllGiven(StoredColumns(RecordKind::kPatients).size(), true);

TEST(RegistryTest, CreatesSchemaAndReopens) {
  testing::TempDir dir;
  {
    auto reg = Registry::Open(dir.Join("r.db"));
    ASSERT_TRUE(reg.ok()) << reg.status().message();
    EXPECT_EQ((*reg)->schema_version(), kSchemaVersion);
    EXPECT_EQ((*reg)->backend(), "sqlite");
  }
  OpenOptions no_create;
  no_create.create_if_missing = false;
  EXPECT_TRUE(Registry::Open(dir.Join("r.db"), no_create).ok());
  auto missing = Registry::Open(dir.Join("none.db"), no_create);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(RegistryTest, RefusesANewerSchema) {
  testing::TempDir dir;
  const std::string path = dir.Join("r.db");
  ASSERT_TRUE(Registry::Open(path).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_version VALUES (2, 'x', '9.9')", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto reg = Registry::Open(path);
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(reg.status().message(),
            path + ": schema_version = 2: this thaplan (" THAPLAN_VERSION
                ") reads up to version 1; upgrade thaplan");
}

TEST(RegistryTest, RefusesAFileThatIsNotARegistry) {
  testing::TempDir dir;
  const std::string path = dir.Write("notes.db", std::string(4096, 'x'));
  auto reg = Registry::Open(path);
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(reg.status().message(),
            path + ": is not a SQLite database: expected a thaplan registry");
}

TEST(RegistryTest, PutDistinguishesNewSameConflictUpdateAndDuplicate) {
  testing::TempDir dir;
  auto reg = Registry::Open(dir.Join("r.db"));
  ASSERT_TRUE(reg.ok());
  Registry& r = **reg;
  ASSERT_TRUE(r.Begin().ok());
  ASSERT_TRUE(r.EnsureSite("S1").ok());
  auto first_import = r.CreateImport("{}");
  ASSERT_TRUE(first_import.ok());
  auto put = r.Put(RecordKind::kPatients, PatientRow("aa", 60), kAllGiven, *first_import, 2, false);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->outcome, PutOutcome::kInserted);
  put = r.Put(RecordKind::kPatients, PatientRow("aa", 61), kAllGiven, *first_import, 5, false);
  EXPECT_EQ(put->outcome, PutOutcome::kDuplicate);
  EXPECT_EQ(put->earlier_row, 2);
  ASSERT_TRUE(r.Commit().ok());

  ASSERT_TRUE(r.Begin().ok());
  auto second_import = r.CreateImport("{}");
  put = r.Put(RecordKind::kPatients, PatientRow("aa", 60), kAllGiven, *second_import, 2, false);
  EXPECT_EQ(put->outcome, PutOutcome::kUnchanged);
  put = r.Put(RecordKind::kPatients, PatientRow("aa", 61.5), kAllGiven, *second_import, 2, false);
  ASSERT_EQ(put->outcome, PutOutcome::kConflict);
  ASSERT_EQ(put->differences.size(), 1u);
  EXPECT_EQ(StoredColumns(RecordKind::kPatients)[static_cast<size_t>(put->differences[0].first)].name,
            "weight_kg");
  EXPECT_EQ(std::get<double>(put->differences[0].second), 60.0);
  put = r.Put(RecordKind::kPatients, PatientRow("aa", 61.5), kAllGiven, *second_import, 2, true);
  EXPECT_EQ(put->outcome, PutOutcome::kUpdated);
  ASSERT_TRUE(r.Commit().ok());

  // The analysis table shows the updated weight and the derived BMI.
  std::vector<std::string> header;
  std::vector<Row> rows;
  ASSERT_TRUE(r.ScanAnalysisTable(
                   "3m",
                   [&](std::span<const std::string> h) {
                     header.assign(h.begin(), h.end());
                     return Status::Ok();
                   },
                   [&](const Row& row) {
                     rows.push_back(row);
                     return Status::Ok();
                   })
                  .ok());
  ASSERT_EQ(rows.size(), 1u);
  const auto col = [&](std::string_view name) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return rows[0][i];
    }
    ADD_FAILURE() << "no column " << name;
    return Value{};
  };
  EXPECT_EQ(std::get<double>(col("weight_kg")), 61.5);
  EXPECT_DOUBLE_EQ(std::get<double>(col("bmi_kg_m2")), 61.5 / (1.6 * 1.6));  // 24.0234375
  EXPECT_TRUE(IsMissing(col("m3_hip_abductor_nm_kg")));
  EXPECT_TRUE(IsMissing(col("cup_inclination_deg")));
}

TEST(RegistryTest, ChildRowForAnUnknownPatientIsReported) {
  testing::TempDir dir;
  auto reg = Registry::Open(dir.Join("r.db"));
  ASSERT_TRUE(reg.ok());
  ASSERT_TRUE((*reg)->Begin().ok());
  auto import_id = (*reg)->CreateImport("{}");
  Row surgery(StoredColumns(RecordKind::kSurgeries).size());
  surgery[0] = std::string("nobody");
  std::vector<bool> given(surgery.size(), true);
  auto put = (*reg)->Put(RecordKind::kSurgeries, surgery, given, *import_id, 2, false);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->outcome, PutOutcome::kMissingPatient);
  ASSERT_TRUE((*reg)->Rollback().ok());
}

}  // namespace
}  // namespace thaplan
