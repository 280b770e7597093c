#include "thaplan/bundle.h"

#include <gtest/gtest.h>

#include "testing/python.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "io/text_scan.h"
#include "model/train_testing.h"
#include "testing/temp_dir.h"
#include "thaplan/registry.h"
#include "thaplan/train.h"

namespace thaplan {
namespace {

using model::testing::LinearTable;

std::string ReadAll(const std::string& path) { return *io::ReadFileToString(path); }

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = LinearTable(120, {2, -1, 0.5}, 0.3, 21);
    table_.x.values[5] = std::nanf("");
    options_.spec.feature_set.reset();
    options_.spec.features = {"x0", "x1", "x2"};
    options_.name = "demo";
    options_.rounds = 50;
    auto b = TrainModel(table_, 0, options_);
    ASSERT_TRUE(b.ok()) << b.status().message();
    bundle_ = std::move(*b);
  }

  Table table_;
  TrainOptions options_;
  ModelBundle bundle_;
  testing::TempDir dir_;
};

TEST_F(BundleTest, WritesTheSameBytesForTheSameInputsAndReadsThemBack) {
  ASSERT_TRUE(WriteBundle(bundle_, dir_.Join("a")).ok());
  auto again = TrainModel(table_, 0, options_);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(WriteBundle(*again, dir_.Join("b")).ok());
  for (const char* file : {"/model.json", "/card.json"}) {
    EXPECT_EQ(ReadAll(dir_.Join("a") + file), ReadAll(dir_.Join("b") + file)) << file;
  }
  // The model file is XGBoost's JSON exactly; the card round-trips.
  EXPECT_EQ(ReadAll(dir_.Join("a/model.json")), bundle_.model_json);
  auto read = ReadBundle(dir_.Join("a"));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(CardToJson(read->card), ReadAll(dir_.Join("a/card.json")));
  EXPECT_EQ(read->card.features[2].missing, 1u);  // x.values[5]: row 2, x2
  // No temporary files or folders are left behind.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator(dir_.path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 2u);
}

TEST_F(BundleTest, ValidationSectionRoundTrips) {
  ModelCard card = bundle_.card;
  card.validation.protocol = "repeated 5x5 cross-validation";
  card.validation.rows = 120;
  card.validation.metrics = {{"r2", 0.31, 0.2, 0.4, 0.95},
                             {"calibration_slope", 0.9, NAN, NAN, 0.95}};
  card.validation.baselines["mean"] = {{"r2", -0.01, -0.05, 0.0, 0.95}};
  card.validation.conformal = {{0.8, 1.25, 0.79}, {0.9, 1.75, NAN}};
  card.validation.notes = {"n is small"};
  const std::string text = CardToJson(card);
  auto parsed = ParseCard(text, "card.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(CardToJson(*parsed), text);
  EXPECT_TRUE(std::isnan(parsed->validation.metrics[1].lower));
  EXPECT_EQ(parsed->validation.conformal[0].residual_quantile, 1.25);
  // Unvalidated cards say so with nulls, not zeros.
  EXPECT_NE(CardToJson(bundle_.card).find("\"protocol\": null"), std::string::npos);
}

TEST_F(BundleTest, RefusesAModelThatIsNotTheCardsAndDamagedCards) {
  ASSERT_TRUE(WriteBundle(bundle_, dir_.Join("a")).ok());
  std::string model = bundle_.model_json;
  model[model.size() / 2] = model[model.size() / 2] == '1' ? '2' : '1';
  dir_.Write("a/model.json", model);
  auto read = ReadBundle(dir_.Join("a"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(
      read.status().message().starts_with(dir_.Join("a/model.json") + ": SHA-256 "));
  EXPECT_TRUE(read.status().message().ends_with(
      ": expected " + bundle_.card.model_sha256 +
      " as the card states (a model from another bundle?)"));

  std::string card = CardToJson(bundle_.card);
  const size_t at = card.find("\"version\": 1");
  auto v2 = ParseCard(card.replace(at, 12, "\"version\": 2"), "c.json");
  ASSERT_FALSE(v2.ok());
  EXPECT_EQ(v2.status().message(),
            "c.json: version = 2: expected 1 (a card from a newer thaplan?)");
  card = CardToJson(bundle_.card);
  const size_t min = card.find("\"min\": ");
  card.replace(min, 7, "\"min\": \"low\", \"x\": ");
  auto bad_min = ParseCard(card, "c.json");
  ASSERT_FALSE(bad_min.ok());
  EXPECT_EQ(bad_min.status().message(),
            "c.json: features[0].min = '\"low\"': expected a number or null");
  auto not_json = ParseCard("{\"format\": ", "c.json");
  ASSERT_FALSE(not_json.ok());
  EXPECT_TRUE(not_json.status().message().starts_with("c.json: "))
      << not_json.status().message();
}

TEST_F(BundleTest, WritesOnlyIntoNewEmptyOrBundleFolders) {
  dir_.Write("notes.txt", "x");
  std::filesystem::create_directory(dir_.Join("other"));
  dir_.Write("other/readme", "x");
  Status s = WriteBundle(bundle_, dir_.Join("other"));
  EXPECT_EQ(s.message(),
            dir_.Join("other") +
                ": a folder with other files and no card.json: expected a new "
                "or empty folder, or a bundle to replace");
  s = WriteBundle(bundle_, dir_.Join("notes.txt"));
  EXPECT_EQ(s.message(),
            dir_.Join("notes.txt") + ": not a folder: expected a bundle folder to write");
  std::filesystem::create_directory(dir_.Join("empty"));
  EXPECT_TRUE(WriteBundle(bundle_, dir_.Join("empty")).ok());
  EXPECT_TRUE(WriteBundle(bundle_, dir_.Join("empty")).ok());  // replacing a bundle
  auto missing = ReadBundle(dir_.Join("nothing"));
  EXPECT_EQ(missing.status().message(),
            dir_.Join("nothing") +
                ": no such folder: expected a model bundle (a folder with model.json and "
                "card.json)");
}

TEST_F(BundleTest, RegistryStoresVersionsAndExportsTheSameBytes) {
  auto reg = Registry::Open(dir_.Join("r.db"));
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  Registry& r = **reg;
  auto none = LoadBundleFromRegistry(r, "demo");
  EXPECT_EQ(
      none.status().message(),
      dir_.Join("r.db") +
          ": model 'demo': not stored: expected a model trained first (thaplan model "
          "train)");
  EXPECT_EQ(*StoreBundle(r, bundle_), PutOutcome::kInserted);
  EXPECT_EQ(*StoreBundle(r, bundle_), PutOutcome::kUnchanged);
  ModelBundle validated = bundle_;
  validated.card.validation.protocol = "seed";
  validated.card.validation.rows = 120;
  EXPECT_EQ(*StoreBundle(r, validated), PutOutcome::kUpdated);
  TrainOptions other = options_;
  other.seed = 99;
  auto newer = TrainModel(table_, 0, other);
  ASSERT_TRUE(newer.ok());
  EXPECT_EQ(*StoreBundle(r, *newer), PutOutcome::kInserted);

  auto models = r.ListModels();
  ASSERT_TRUE(models.ok());
  ASSERT_EQ(models->size(), 2u);
  EXPECT_EQ((*models)[0].name, "demo");
  EXPECT_EQ((*models)[0].target, "y");
  EXPECT_EQ((*models)[0].sha256, bundle_.card.model_sha256);
  EXPECT_EQ((*models)[1].sha256, newer->card.model_sha256);
  EXPECT_TRUE((*models)[0].card_json.empty());  // listings leave the texts out

  auto loaded = LoadBundleFromRegistry(r, "demo");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->model_json, newer->model_json);  // the newest version
  ASSERT_TRUE(WriteBundle(*loaded, dir_.Join("exported")).ok());
  ASSERT_TRUE(WriteBundle(*newer, dir_.Join("trained")).ok());
  for (const char* file : {"/model.json", "/card.json"}) {
    EXPECT_EQ(ReadAll(dir_.Join("exported") + file),
              ReadAll(dir_.Join("trained") + file));
  }
  auto unknown = LoadBundleFromRegistry(r, "nope");
  EXPECT_EQ(unknown.status().message(),
            dir_.Join("r.db") + ": model 'nope': not stored: expected one of demo");
  auto audit = r.ReadAudit(10);
  ASSERT_TRUE(audit.ok());
  size_t stores = 0;
  for (const AuditRecord& a : *audit) stores += a.action == "model store" ? 1 : 0;
  EXPECT_EQ(stores, 3u);  // inserted, card updated, inserted; unchanged is not audited
}

using testing::RunCommand;

// The bundle's model.json, loaded unchanged by Debian's python3-xgboost,
// predicts and explains the same as thaplan, bit for bit.
TEST_F(BundleTest, PythonXGBoostLoadsTheBundleUnchanged) {
  const char* python = "/usr/bin/python3";
  int code = -1;
  if (!testing::PythonHasXgboost()) {
    GTEST_SKIP() << "Debian's python3 with xgboost (python3-xgboost) is not installed: "
                    "cannot check the bundle against XGBoost's Python package";
  }
  ASSERT_TRUE(WriteBundle(bundle_, dir_.Join("bundle")).ok());
  std::string csv;
  for (size_t i = 0; i < table_.x.values.size(); ++i) {
    if (!std::isnan(table_.x.values[i])) io::AppendShortest(table_.x.values[i], &csv);
    csv += (i + 1) % table_.x.cols == 0 ? '\n' : ',';
  }
  dir_.Write("x.csv", csv);
  // float.hex of each float32 value: exact, whatever the printing.
  dir_.Write(
      "predict.py",
      "import sys, numpy as np, xgboost as xgb\n"
      "b = xgb.Booster(model_file=sys.argv[1] + '/model.json')\n"
      "x = xgb.DMatrix(np.genfromtxt(sys.argv[2], delimiter=',', dtype=np.float32),"
      " missing=np.nan)\n"
      "shap = b.predict(x, pred_contribs=True)\n"
      "for p, s in zip(b.predict(x), shap):\n"
      "    print(' '.join(float(v).hex() for v in [p, *s]))\n");
  const std::string out =
      RunCommand(std::string(python) + " " + dir_.Join("predict.py") + " " +
                     dir_.Join("bundle") + " " + dir_.Join("x.csv"),
                 &code);
  ASSERT_EQ(code, 0) << out;
  PredictionInput input{table_.x, std::vector<std::string>(table_.rows(), "row"), {}};
  PredictOptions options;
  options.top = 3;
  auto ours = PredictWithBundle(bundle_, input, options);
  auto shap = ExplainRows(bundle_, table_.x);
  ASSERT_TRUE(ours.ok() && shap.ok());
  std::istringstream lines(out);
  std::string line;
  size_t row = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(row, ours->size());
    std::istringstream fields(line);
    std::string field;
    std::vector<float> theirs;
    while (fields >> field)
      theirs.push_back(static_cast<float>(std::strtod(field.c_str(), nullptr)));
    ASSERT_EQ(theirs.size(), 5u) << line;
    EXPECT_EQ(theirs[0], static_cast<float>((*ours)[row].prediction)) << "row " << row;
    for (size_t f = 0; f < 3; ++f) {
      EXPECT_EQ(theirs[1 + f], static_cast<float>(shap->at(row, f))) << "row " << row;
    }
    EXPECT_EQ(theirs[4], static_cast<float>(shap->bias[row]));
    ++row;
  }
  EXPECT_EQ(row, ours->size());
}

}  // namespace
}  // namespace thaplan
