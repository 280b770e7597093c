// Prediction with a bundle: rows from a CSV or the registry, encoded as in
// training, refused outside the training ranges, predicted as XGBoost does.
#include <gtest/gtest.h>

#include <cmath>

#include "io/csv_reader.h"
#include "model/random.h"
#include "registry/pseudonym.h"
#include "testing/temp_dir.h"
#include "thaplan/cohort.h"
#include "thaplan/import.h"
#include "thaplan/train.h"

namespace thaplan {
namespace {

// Ages 40..80 (both present), sex, diagnosis without `rheumatoid`, and a
// research column `smoker` whose levels the spec gives. outcome = age / 2 + noise.
std::string TrainingCsv() {
  model::SplitMix64 rng(5);
  std::string csv = "patient_key,age_at_surgery,sex,diagnosis,smoker,outcome\n";
  const char* diagnoses[] = {"oa_primary", "oa_ddh", "osteonecrosis"};
  for (int i = 0; i < 90; ++i) {
    const int age = i == 0 ? 40 : i == 1 ? 80 : 41 + static_cast<int>(rng.Below(39));
    csv += "P" + std::to_string(i) + "," + std::to_string(age) + "," +
           (rng.Below(2) ? "F" : "M") + "," + diagnoses[rng.Below(3)] + "," +
           (rng.Below(2) ? "yes" : "no") + "," +
           std::to_string(age / 2.0 + static_cast<double>(rng.Below(100)) / 50) + "\n";
  }
  return csv;
}

constexpr char kSpec[] = R"({"features": ["age_at_surgery", "sex", "diagnosis", "smoker"],
  "categories": {"smoker": ["no", "yes"]}, "targets": ["outcome"]})";

class BundlePredictCsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto spec = ParseDatasetSpec(kSpec, "spec.json");
    ASSERT_TRUE(spec.ok()) << spec.status().message();
    auto table = BuildTableFromCsv(dir_.Write("train.csv", TrainingCsv()), *spec);
    ASSERT_TRUE(table.ok()) << table.status().message();
    table_ = std::move(*table);
    TrainOptions options;
    options.spec = *spec;
    options.rounds = 60;
    auto bundle = TrainModel(table_, 0, options);
    ASSERT_TRUE(bundle.ok()) << bundle.status().message();
    bundle_ = std::move(*bundle);
  }

  testing::TempDir dir_;
  Table table_;
  ModelBundle bundle_;
};

TEST_F(BundlePredictCsvTest, EncodesLikeTrainingAndRefusesOutOfRangeValues) {
  // No key and no target column: neither is needed to predict.
  const std::string path = dir_.Write("new.csv",
                                      "smoker,diagnosis,sex,age_at_surgery\n"
                                      "yes,oa_ddh,F,55\n"
                                      "no,oa_primary,M,95\n"
                                      "no,rheumatoid,F,60\n"
                                      "yes,oa_ddh,,60\n");
  auto input = PredictionRowsFromCsv(bundle_.card, path);
  ASSERT_TRUE(input.ok()) << input.status().message();
  ASSERT_EQ(input->x.rows, 4u);
  EXPECT_EQ(input->places[1], path + ":3");
  auto rows = PredictWithBundle(bundle_, *input, {});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const RowPrediction& ok = (*rows)[0];
  EXPECT_TRUE(ok.predicted);
  EXPECT_TRUE(ok.out_of_range.empty());
  EXPECT_EQ(ok.missing_features, 0u);
  EXPECT_NEAR(ok.prediction, ok.margin, 1e-4);
  EXPECT_GT(ok.prediction, 22);  // outcome ~ age / 2 + U(0, 2): 27.5 + 1 for 55
  EXPECT_LT(ok.prediction, 35);
  const RowPrediction& old = (*rows)[1];
  EXPECT_FALSE(old.predicted);
  EXPECT_TRUE(std::isnan(old.prediction));
  EXPECT_EQ(old.out_of_range,
            std::vector<std::string>{
                path + ":3: age_at_surgery = 95: expected 40..80 years, the "
                       "training range"});
  EXPECT_EQ(
      (*rows)[2].out_of_range,
      std::vector<std::string>{path + ":4: diagnosis = rheumatoid: not seen in training: "
                                      "expected a level the model was trained on"});
  // A missing value is left to XGBoost's learned default, and counted.
  EXPECT_TRUE((*rows)[3].predicted);
  EXPECT_EQ((*rows)[3].missing_features, 1u);

  PredictOptions extrapolate;
  extrapolate.extrapolate = true;
  rows = PredictWithBundle(bundle_, *input, extrapolate);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE((*rows)[1].predicted);
  EXPECT_EQ((*rows)[1].out_of_range.size(), 1u);  // still flagged
  EXPECT_FALSE(std::isnan((*rows)[1].prediction));
}

TEST_F(BundlePredictCsvTest, TrainingRowsPredictAsTheModelExplainsThem) {
  auto input = PredictionRowsFromCsv(bundle_.card, dir_.Join("train.csv"));
  ASSERT_TRUE(input.ok()) << input.status().message();
  ASSERT_EQ(input->x.values, table_.x.values);  // NaN-free here, so == is exact
  auto rows = PredictWithBundle(bundle_, *input, {});
  auto shap = ExplainRows(bundle_, table_.x);
  ASSERT_TRUE(rows.ok() && shap.ok());
  for (size_t r = 0; r < table_.rows(); ++r) {
    ASSERT_TRUE((*rows)[r].predicted) << "row " << r;
    EXPECT_NEAR((*rows)[r].prediction, shap->margin[r], 1e-4);
  }
}

TEST_F(BundlePredictCsvTest, RefusesATableThatEncodesOtherFeatures) {
  ModelCard card = bundle_.card;
  card.features[1].name = "sex=F";
  auto input = PredictionRowsFromCsv(card, dir_.Join("train.csv"));
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().message(),
            dir_.Join("train.csv") +
                ": encodes 9 features (feature 2 is sex=M): expected the 9 features of "
                "model outcome (feature 2 sex=F)");
  // 9 = age + sex=M + six diagnosis levels + smoker=yes.
  auto missing = PredictionRowsFromCsv(bundle_.card, dir_.Write("bad.csv", "sex\nF\n"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(
      missing.status().message(),
      dir_.Join("bad.csv") +
          ": feature 'age_at_surgery': not a column of the table: expected a column of "
          "its header");
}

// Equal value for value, NaN (missing) equal to NaN.
bool SameValues(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) ? !std::isnan(b[i]) : a[i] != b[i]) return false;
  }
  return true;
}

// The registry source: a simulated cohort, imported with its site keys.
TEST(BundlePredictRegistryTest, PredictsAStoredPatientByPseudonymOrSiteKey) {
  testing::TempDir dir;
  CohortOptions cohort;
  cohort.patients = 60;
  cohort.seed = 8;
  ASSERT_TRUE(WriteCohortTables(CohortModel(cohort), dir.Join("cohort")).ok());
  auto reg = Registry::Open(dir.Join("r.db"));
  ASSERT_TRUE(reg.ok());
  ImportOptions import;
  for (const char* f : {"patients.csv", "surgeries.csv", "assessments.csv"}) {
    import.files.push_back({dir.Join("cohort/") + f, std::nullopt});
  }
  import.key_dir = dir.Join("keys");
  ASSERT_TRUE(ImportCsv(**reg, import).ok());
  auto spec =
      ParseDatasetSpec(R"({"feature_set": "seed", "targets": ["m3_jheq_score"]})", "s");
  ASSERT_TRUE(spec.ok());
  auto table = BuildTableFromRegistry(**reg, *spec);
  ASSERT_TRUE(table.ok()) << table.status().message();
  TrainOptions options;
  options.spec = *spec;
  options.rounds = 30;
  auto bundle = TrainModel(*table, 0, options);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();

  // The first patient of the cohort's own file, by the site's key.
  auto reader = io::CsvReader::Open(dir.Join("cohort/patients.csv"));
  ASSERT_TRUE(reader.ok());
  std::vector<std::string_view> fields;
  reader->Next(&fields);
  reader->Next(&fields);
  const std::string key(fields[0]), site(fields[1]);
  auto site_key = registry::LoadSiteKey(dir.Join("keys/") + site + ".key");
  ASSERT_TRUE(site_key.ok());
  const std::string pseudonym = registry::Pseudonymizer(*site_key).Pseudonym(key);
  auto by_key = PredictionRowFromRegistry(**reg, bundle->card,
                                          PatientRef{key, site, dir.Join("keys"), ""});
  ASSERT_TRUE(by_key.ok()) << by_key.status().message();
  EXPECT_EQ(by_key->pseudonyms, std::vector<std::string>{pseudonym});
  EXPECT_EQ(by_key->places[0], dir.Join("r.db") + ": patient " + pseudonym);
  // Its row is the table's row for that pseudonym, and its height is the file's.
  size_t row = 0;
  while (table->keys[row] != pseudonym) ++row;
  const std::vector<size_t> one = {row};
  EXPECT_TRUE(SameValues(by_key->x.values, TakeRows(table->x, one).values));
  EXPECT_EQ(bundle->card.features[2].name, "height_cm");
  EXPECT_FLOAT_EQ(by_key->x.at(0, 2), std::stof(std::string(fields[5])));

  auto by_pseudonym =
      PredictionRowFromRegistry(**reg, bundle->card, PatientRef{"", "", "", pseudonym});
  ASSERT_TRUE(by_pseudonym.ok());
  EXPECT_TRUE(SameValues(by_pseudonym->x.values, by_key->x.values));
  auto nobody = PredictionRowFromRegistry(
      **reg, bundle->card, PatientRef{"", "", "", "0123456789abcdef01234567"});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(
      nobody.status().message(),
      dir.Join("r.db") +
          ": patient [withheld] (pseudonym 0123456789abcdef01234567): not in the "
          "registry: expected a patient imported with background and surgical data");
}

}  // namespace
}  // namespace thaplan
