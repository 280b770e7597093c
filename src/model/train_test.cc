#include "thaplan/train.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/train_testing.h"
#include "thaplan/hash.h"

namespace thaplan {
namespace {

using model::testing::LinearTable;
using model::testing::OptionsFor;

TEST(TrainModelTest, SameInputsGiveTheSameBytesWhateverTheThreadCount) {
  const Table table = LinearTable(200, {2, 1, 0.5}, 0.3, 1);
  TrainOptions options = OptionsFor(table);
  options.seed = 7;
  options.threads = 1;
  auto one = TrainModel(table, 0, options);
  options.threads = 2;
  auto two = TrainModel(table, 0, options);
  ASSERT_TRUE(one.ok() && two.ok()) << one.status().message();
  EXPECT_EQ(one->model_json, two->model_json);
  EXPECT_EQ(CardToJson(one->card), CardToJson(two->card));
  // The seed matters (row and column subsampling), so it is not ignored.
  options.seed = 8;
  auto other = TrainModel(table, 0, options);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->model_json, one->model_json);
  EXPECT_EQ(other->card.data_sha256, one->card.data_sha256);  // same data
}

TEST(TrainModelTest, CardDescribesTheTrainingData) {
  Table table = LinearTable(50, {1, 1}, 0.1, 2);
  // Known extremes and missing values in feature 1; two rows without a target.
  table.x.values[0 * 2 + 1] = -1.5f;
  table.x.values[7 * 2 + 1] = 2.25f;
  table.x.values[3 * 2 + 1] = std::nanf("");
  table.x.values[4 * 2 + 1] = 9.0f;  // in a row left out below: not in the range
  table.targets[0].values[4] = std::nan("");
  table.targets[0].values[5] = std::nan("");
  table.notes = {"a note"};
  TrainOptions options;
  options.spec.feature_set.reset();
  options.spec.features = {"x0", "x1"};
  options.rounds = 20;
  auto bundle = TrainModel(table, 0, options);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  const ModelCard& card = bundle->card;
  EXPECT_EQ(card.name, "y");
  EXPECT_EQ(card.target().column, "y");
  EXPECT_EQ(card.target_unit, "u");
  EXPECT_EQ(card.dataset.features, (std::vector<std::string>{"x0", "x1"}));
  EXPECT_EQ(card.data_source, "simulated.csv");  // no folders
  EXPECT_EQ(card.rows, 48u);
  EXPECT_EQ(card.rows_left_out, 2u);
  EXPECT_EQ(card.data_notes, table.notes);
  ASSERT_EQ(card.features.size(), 2u);
  EXPECT_EQ(card.features[1].unit, "unit 1");
  EXPECT_EQ(card.features[1].min, -1.5);
  EXPECT_EQ(card.features[1].max, 2.25);
  EXPECT_EQ(card.features[1].missing, 1u);
  EXPECT_EQ(card.features[0].missing, 0u);
  EXPECT_EQ(card.rounds, 20);
  EXPECT_EQ(card.params.at("tree_method"), "hist");
  EXPECT_EQ(card.params.at("objective"), "reg:squarederror");
  EXPECT_EQ(card.params.count("nthread"), 0u);  // results do not depend on it
  Sha256 hash;
  hash.Update(bundle->model_json);
  EXPECT_EQ(card.model_sha256, hash.HexDigest());
  EXPECT_TRUE(card.validation.protocol.empty());
}

TEST(TrainModelTest, DataHashFollowsTheDocumentedCanonicalForm) {
  // Hashed by hand: printf 'thaplan training table v1\na\tb\ty\n1\t\t2\n-2\t4\t1.5\n'
  // | sha256sum. The row without a target is not part of the training table.
  Table t;
  t.features = {{"a", "a", "", ""}, {"b", "b", "", ""}};
  t.x = {3, 2, {1.0f, std::nanf(""), 0.5f, 3.0f, -2.0f, 4.0f}};
  TargetColumn y;
  y.spec.name = "y";
  y.values = {2.0, std::nan(""), 1.5};
  t.targets.push_back(y);
  EXPECT_EQ(TrainingTableSha256(t, 0),
            "3cecbc09ff1773fd570434c2ffa1ff127f5899346bc9b99525a7af5020f05ee3");
}

TEST(TrainModelTest, BinaryTargetGivesProbabilities) {
  Table table = LinearTable(150, {3, 0}, 0.5, 3);
  TargetColumn& y = table.targets[0];
  y.spec.kind = TargetKind::kBinary;
  for (double& v : y.values) v = v > 0 ? 1 : 0;
  auto bundle = TrainModel(table, 0, OptionsFor(table));
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  EXPECT_EQ(bundle->card.params.at("objective"), "binary:logistic");
  PredictionInput input{table.x, std::vector<std::string>(table.rows(), "row"), {}};
  auto predictions = PredictWithBundle(*bundle, input, {});
  ASSERT_TRUE(predictions.ok()) << predictions.status().message();
  double correct = 0;
  for (size_t r = 0; r < table.rows(); ++r) {
    const RowPrediction& p = (*predictions)[r];
    ASSERT_GT(p.prediction, 0);
    ASSERT_LT(p.prediction, 1);
    // The probability is the logistic of the SHAP margin.
    EXPECT_NEAR(p.prediction, 1 / (1 + std::exp(-p.margin)), 1e-5);
    correct += (p.prediction > 0.5) == (y.values[r] == 1) ? 1 : 0;
  }
  EXPECT_GT(correct / static_cast<double>(table.rows()), 0.85);  // x0 decides the class
}

TEST(TrainModelTest, RefusesWhatCannotBeTrained) {
  Table table = LinearTable(30, {1}, 0.1, 4);
  TrainOptions options = OptionsFor(table);
  auto bad = TrainModel(table, 1, options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "target 2: the table has 1 targets: expected one of them");

  options.params["seed"] = "3";
  bad = TrainModel(table, 0, options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "parameter seed = 3: set by thaplan: expected the seed and thread count as "
            "options, the objective from the target");

  // The default spec, extended: 13 background + 16 surgical + 9 strength and
  // range-of-motion + 5 pre-op gait columns (docs/model.md).
  TrainOptions wrong_spec;
  bad = TrainModel(table, 0, wrong_spec);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(
      bad.status().message(),
      "/somewhere/simulated.csv: features come from 1 columns, the training options' "
      "spec lists 43 columns: expected the spec the table was built from");

  options.params = {{"max_dept", "2"}};
  bad = TrainModel(table, 0, options);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("\"max_dept\""), std::string::npos);

  Table one_class = table;
  one_class.targets[0].spec.kind = TargetKind::kBinary;
  for (double& v : one_class.targets[0].values) v = 1;
  bad = TrainModel(one_class, 0, OptionsFor(table));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "/somewhere/simulated.csv: target y: 30 positives of 30 rows: expected both "
            "classes");

  for (double& v : table.targets[0].values) v = std::nan("");
  table.targets[0].values[3] = 1;
  bad = TrainModel(table, 0, OptionsFor(table));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(
      bad.status().message(),
      "/somewhere/simulated.csv: target y: 1 rows with a value: expected at least 2");
}

}  // namespace
}  // namespace thaplan
