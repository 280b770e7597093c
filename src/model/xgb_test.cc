#include "model/xgb.h"

#include <gtest/gtest.h>

#include "testing/python.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/text_scan.h"
#include "model/random.h"
#include "testing/temp_dir.h"

namespace thaplan::xgb {
namespace {

struct Data {
  FeatureMatrix x;
  std::vector<float> y;
};

// 300 rows, 6 features, 10 % missing; y depends on three of them.
Data MakeData(uint64_t seed) {
  model::SplitMix64 rng(seed);
  const auto uniform = [&] { return static_cast<double>(rng.Next() >> 11) * 0x1.0p-53; };
  Data d;
  d.x.rows = 300;
  d.x.cols = 6;
  for (size_t r = 0; r < d.x.rows; ++r) {
    double target = 0;
    for (size_t c = 0; c < d.x.cols; ++c) {
      const double v = uniform() * 4 - 2;
      if (c < 3) target += (c == 1 ? v * v : v) * static_cast<double>(c + 1);
      d.x.values.push_back(uniform() < 0.1 ? std::nanf("") : static_cast<float>(v));
    }
    d.y.push_back(static_cast<float>(target + uniform()));
  }
  return d;
}

Params Regression(int threads) {
  return {{"objective", "reg:squarederror"},
          {"tree_method", "hist"},
          {"max_depth", "4"},
          {"eta", "0.1"},
          {"subsample", "0.8"},
          {"colsample_bytree", "0.8"},
          {"seed", "5"},
          {"nthread", std::to_string(threads)},
          {"verbosity", "1"}};
}

TEST(XgbTest, SameSeedGivesTheSameModelWhateverTheThreadCount) {
  const Data d = MakeData(1);
  auto train = DMatrix::Create(d.x, d.y);
  ASSERT_TRUE(train.ok()) << train.status().message();
  auto one = Booster::Train(*train, Regression(1), 40);
  auto two = Booster::Train(*train, Regression(2), 40);
  ASSERT_TRUE(one.ok()) << one.status().message();
  ASSERT_TRUE(two.ok()) << two.status().message();
  auto json_one = one->SaveJson();
  auto json_two = two->SaveJson();
  ASSERT_TRUE(json_one.ok() && json_two.ok());
  EXPECT_EQ(*json_one, *json_two);
  auto p1 = one->Predict(*train);
  auto p2 = two->Predict(*train);
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(*p1, *p2);  // bit for bit
  // A different seed gives different subsamples, hence another model.
  Params other = Regression(1);
  other["seed"] = "6";
  auto three = Booster::Train(*train, other, 40);
  ASSERT_TRUE(three.ok());
  EXPECT_NE(*three->Predict(*train), *p1);
}

TEST(XgbTest, ModelLearnsAndContributionsSumToThePrediction) {
  const Data d = MakeData(2);
  auto train = DMatrix::Create(d.x, d.y);
  ASSERT_TRUE(train.ok());
  auto booster = Booster::Train(*train, Regression(2), 100);
  ASSERT_TRUE(booster.ok());
  auto pred = booster->Predict(*train);
  auto contrib = booster->PredictContributions(*train);
  ASSERT_TRUE(pred.ok() && contrib.ok());
  ASSERT_EQ(contrib->size(), d.x.rows * (d.x.cols + 1));
  double ss_res = 0, ss_tot = 0, mean = 0;
  for (float v : d.y) mean += v / static_cast<double>(d.y.size());
  for (size_t r = 0; r < d.x.rows; ++r) {
    double sum = 0;
    for (size_t c = 0; c <= d.x.cols; ++c) sum += (*contrib)[r * (d.x.cols + 1) + c];
    EXPECT_NEAR(sum, (*pred)[r], 1e-4) << "row " << r;
    ss_res += ((*pred)[r] - d.y[r]) * ((*pred)[r] - d.y[r]);
    ss_tot += (d.y[r] - mean) * (d.y[r] - mean);
  }
  EXPECT_GT(1 - ss_res / ss_tot, 0.8);  // in-sample fit of a learnable target
  // Features 3..5 carry no signal: their mean |contribution| is far below feature 2's.
  double useful = 0, useless = 0;
  for (size_t r = 0; r < d.x.rows; ++r) {
    useful += std::abs((*contrib)[r * 7 + 2]);
    useless += std::abs((*contrib)[r * 7 + 5]);
  }
  EXPECT_LT(useless, useful / 10);
}

TEST(XgbTest, JsonRoundTripPredictsTheSame) {
  const Data d = MakeData(3);
  auto train = DMatrix::Create(d.x, d.y);
  auto booster = Booster::Train(*train, Regression(1), 20);
  ASSERT_TRUE(booster.ok());
  auto json = booster->SaveJson();
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->front(), '{');
  auto loaded = Booster::LoadJson(*json);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->num_features(), 6u);
  EXPECT_EQ(*loaded->Predict(*train), *booster->Predict(*train));
  EXPECT_EQ(*loaded->SaveJson(), *json);
}

// Tuning scores several round counts from one training: the first 15 of 40
// rounds must predict exactly as a model trained for 15 rounds.
TEST(XgbTest, PredictRoundsEqualsAShorterTraining) {
  const Data d = MakeData(6);
  auto train = DMatrix::Create(d.x, d.y);
  auto full = Booster::Train(*train, Regression(1), 40);
  auto shorter = Booster::Train(*train, Regression(1), 15);
  ASSERT_TRUE(full.ok() && shorter.ok());
  auto first15 = full->PredictRounds(*train, 15);
  ASSERT_TRUE(first15.ok()) << first15.status().message();
  EXPECT_EQ(*first15, *shorter->Predict(*train));
  EXPECT_EQ(*full->PredictRounds(*train, 40), *full->Predict(*train));
  EXPECT_NE(*first15, *full->Predict(*train));
  auto too_many = full->PredictRounds(*train, 41);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().message(),
            "xgboost predict: rounds = 41: expected 1 to 40, the rounds trained");
}

TEST(XgbTest, ErrorsCarryXGBoostsMessage) {
  const Data d = MakeData(4);
  auto train = DMatrix::Create(d.x, d.y);
  Params typo = Regression(1);
  typo["max_dept"] = "3";
  auto b = Booster::Train(*train, typo, 5);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(),
            "xgboost parameters \"max_dept\" : not used by XGBoost " + Version() +
                ": expected parameter names from its "
                "documentation");
  Params bad = Regression(1);
  bad["objective"] = "reg:nothing";
  b = Booster::Train(*train, bad, 5);
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(b.status().message().starts_with("xgboost XGBoosterUpdateOneIter: "))
      << b.status().message();
  EXPECT_NE(b.status().message().find("reg:nothing"), std::string::npos);
  EXPECT_EQ(b.status().message().find('\n'), std::string::npos);  // no stack trace
  auto corrupt = Booster::LoadJson("{\"learner\": 3");
  ASSERT_FALSE(corrupt.ok());
  EXPECT_TRUE(
      corrupt.status().message().starts_with("xgboost XGBoosterLoadModelFromBuffer: "));
}

TEST(XgbTest, RefusesMissingLabelsAndMismatchedFeatures) {
  Data d = MakeData(5);
  d.y[7] = std::nanf("");
  auto m = DMatrix::Create(d.x, d.y);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(
      m.status().message(),
      "xgboost labels: row 8 is not a finite number: expected rows with a target only "
      "(RowsWithTarget)");
  d.y[7] = 0;
  auto train = DMatrix::Create(d.x, d.y);
  auto booster = Booster::Train(*train, Regression(1), 3);
  ASSERT_TRUE(booster.ok());
  FeatureMatrix narrow{2, 5, std::vector<float>(10, 1.0f)};
  auto pred = booster->Predict(*DMatrix::Create(narrow));
  ASSERT_FALSE(pred.ok());
  EXPECT_EQ(pred.status().message(),
            "xgboost predict: 5 features: expected 6 as the model was trained with");
}

using testing::RunCommand;

TEST(XgbTest, PythonXGBoostPredictsTheSameFromOurModel) {
  const char* python = "/usr/bin/python3";
  int code = -1;
  if (!testing::PythonHasXgboost()) {
    GTEST_SKIP() << "Debian's python3 with xgboost is not installed: "
                    "cannot check the model against XGBoost's Python package";
  }
  const Data d = MakeData(6);
  auto train = DMatrix::Create(d.x, d.y);
  auto booster = Booster::Train(*train, Regression(2), 30);
  ASSERT_TRUE(booster.ok());
  testing::TempDir dir;
  dir.Write("model.json", *booster->SaveJson());
  std::string csv;
  for (size_t i = 0; i < d.x.values.size(); ++i) {
    if (!std::isnan(d.x.values[i])) io::AppendShortest(d.x.values[i], &csv);
    csv += (i + 1) % d.x.cols == 0 ? '\n' : ',';
  }
  dir.Write("x.csv", csv);
  // float.hex of each float32 prediction: exact, whatever the printing.
  dir.Write("predict.py",
            "import sys, numpy as np, xgboost as xgb\n"
            "b = xgb.Booster(model_file=sys.argv[1])\n"
            "x = np.genfromtxt(sys.argv[2], delimiter=',', dtype=np.float32)\n"
            "for v in b.predict(xgb.DMatrix(x, missing=np.nan)):\n"
            "    print(float(v).hex())\n");
  const std::string out =
      RunCommand(std::string(python) + " " + dir.Join("predict.py") + " " +
                     dir.Join("model.json") + " " + dir.Join("x.csv"),
                 &code);
  ASSERT_EQ(code, 0) << out;
  const std::vector<float> ours = *booster->Predict(*train);
  std::istringstream lines(out);
  std::string line;
  size_t row = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(row, ours.size());
    EXPECT_EQ(static_cast<float>(std::strtod(line.c_str(), nullptr)), ours[row])
        << "row " << row;
    ++row;
  }
  EXPECT_EQ(row, ours.size());
}

}  // namespace
}  // namespace thaplan::xgb
