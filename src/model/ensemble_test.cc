// The bootstrap ensemble stored with a model (TrainOptions::ensemble):
// reproducible, inside model.json, described by the card, and carried
// unchanged through bundle folders and the registry.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "model/train_testing.h"
#include "model/xgb.h"
#include "testing/python.h"
#include "testing/temp_dir.h"
#include "thaplan/bundle.h"
#include "thaplan/registry.h"
#include "thaplan/train.h"

namespace thaplan {
namespace {

using model::testing::LinearTable;
using model::testing::OptionsFor;

class EnsembleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = LinearTable(150, {2, -1, 0.5}, 0.5, 33);
    options_ = OptionsFor(table_);
    options_.name = "demo";
    options_.rounds = 30;
    options_.seed = 7;
    options_.threads = 1;
    options_.ensemble = 3;
    auto b = TrainModel(table_, 0, options_);
    ASSERT_TRUE(b.ok()) << b.status().message();
    bundle_ = std::move(*b);
  }

  std::vector<float> Predict(std::string_view json) {
    auto booster = xgb::Booster::LoadJson(json);
    EXPECT_TRUE(booster.ok()) << booster.status().message();
    auto x = xgb::DMatrix::Create(table_.x);
    auto p = booster->Predict(*x);
    EXPECT_TRUE(p.ok());
    return *p;
  }

  Table table_;
  TrainOptions options_;
  ModelBundle bundle_;
  testing::TempDir dir_;
};

TEST_F(EnsembleTest, MembersAreStoredInsideModelJsonAndDescribedByTheCard) {
  const CardEnsemble& e = bundle_.card.ensemble;
  EXPECT_EQ(e.members, 3u);
  EXPECT_EQ(e.method, "bootstrap");
  ASSERT_EQ(e.seeds.size(), 3u);
  for (size_t m = 0; m < 3; ++m) EXPECT_EQ(e.seeds[m], EnsembleMemberSeed(7, m));
  EXPECT_NE(e.seeds[0], e.seeds[1]);
  auto members = EnsembleMemberJsons(bundle_);
  ASSERT_TRUE(members.ok()) << members.status().message();
  ASSERT_EQ(members->size(), 3u);
  // Each member is an XGBoost model of its own, trained on another resample:
  // its predictions differ from the main model's and from each other's.
  const std::vector<float> main = Predict(bundle_.model_json);
  const std::vector<float> first = Predict((*members)[0]);
  const std::vector<float> second = Predict((*members)[1]);
  EXPECT_NE(first, main);
  EXPECT_NE(first, second);
  // XGBoost loads the main model with its attributes, and predicts as without.
  auto booster = xgb::Booster::LoadJson(bundle_.model_json);
  ASSERT_TRUE(booster.ok());
  auto attr = booster->GetAttr(EnsembleAttributeName(2));
  ASSERT_TRUE(attr.ok()) << attr.status().message();
  EXPECT_EQ(*attr, (*members)[2]);
  TrainOptions plain = options_;
  plain.ensemble = 0;
  auto without = TrainModel(table_, 0, plain);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(Predict(without->model_json), main);
  EXPECT_EQ(without->card.ensemble.members, 0u);
  EXPECT_EQ(CardToJson(without->card).find("\"ensemble\""), std::string::npos);
}

TEST_F(EnsembleTest, SameInputsGiveTheSameBytesWhateverTheThreads) {
  TrainOptions again = options_;
  again.threads = 2;
  auto b = TrainModel(table_, 0, again);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->model_json, bundle_.model_json);
  EXPECT_EQ(CardToJson(b->card), CardToJson(bundle_.card));
  EXPECT_EQ(b->card.model_sha256, bundle_.card.model_sha256);
}

TEST_F(EnsembleTest, RoundTripsThroughABundleFolderAndTheRegistry) {
  ASSERT_TRUE(WriteBundle(bundle_, dir_.Join("b")).ok());
  auto read = ReadBundle(dir_.Join("b"));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(CardToJson(read->card), CardToJson(bundle_.card));
  EXPECT_EQ(read->card.ensemble.seeds, bundle_.card.ensemble.seeds);
  EXPECT_EQ(*EnsembleMemberJsons(*read), *EnsembleMemberJsons(bundle_));

  auto reg = Registry::Open(dir_.Join("r.db"));
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  ASSERT_TRUE(StoreBundle(**reg, bundle_).ok());
  auto loaded = LoadBundleFromRegistry(**reg, "demo");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->model_json, bundle_.model_json);
  EXPECT_EQ(CardToJson(loaded->card), CardToJson(bundle_.card));
  EXPECT_EQ(*EnsembleMemberJsons(*loaded), *EnsembleMemberJsons(bundle_));
}

TEST_F(EnsembleTest, CardSaysHowTheEnsembleWasMade) {
  const auto card = nlohmann::json::parse(CardToJson(bundle_.card));
  ASSERT_TRUE(card.contains("ensemble"));
  const auto& e = card["ensemble"];
  EXPECT_EQ(e["members"], 3);
  EXPECT_EQ(e["method"], "bootstrap");
  EXPECT_EQ(e["resample"], "n rows drawn with replacement from the n training rows");
  EXPECT_EQ(e["seeds"].size(), 3u);
  EXPECT_EQ(e["stored_in"],
            "model.json: learner.attributes thaplan_ensemble_000 to "
            "thaplan_ensemble_002, each an XGBoost JSON model");
}

TEST_F(EnsembleTest, RefusesACardWhoseEnsembleIsNotInTheModel) {
  ModelBundle other = bundle_;
  auto plain = TrainModel(table_, 0, [&] {
    TrainOptions o = options_;
    o.ensemble = 0;
    return o;
  }());
  ASSERT_TRUE(plain.ok());
  other.model_json = plain->model_json;  // the card still lists 3 members
  auto members = EnsembleMemberJsons(other);
  ASSERT_FALSE(members.ok());
  EXPECT_EQ(members.status().message(),
            "model demo: model.json: learner.attributes.thaplan_ensemble_000: missing: "
            "expected the 3 ensemble members the card lists");

  std::string text = CardToJson(bundle_.card);
  const std::string seeds_key = "\"seeds\": [";
  const size_t at = text.find(seeds_key) + seeds_key.size();
  text.insert(at, "1, ");  // 4 seeds for 3 members
  auto card = ParseCard(text, "card.json");
  ASSERT_FALSE(card.ok());
  EXPECT_EQ(card.status().message().rfind("card.json: ensemble.seeds = ", 0), 0u)
      << card.status().message();
  EXPECT_NE(card.status().message().find(": expected 3 seeds, one per member"),
            std::string::npos);
}

// XGBoost's Python package loads the main model with its members unchanged,
// and a member from its attribute predicts as thaplan's member does.
TEST_F(EnsembleTest, PythonXGBoostLoadsTheModelAndItsMembers) {
  if (!testing::PythonHasXgboost()) {
    GTEST_SKIP() << "Debian's python3 with xgboost (python3-xgboost) is not installed";
  }
  ASSERT_TRUE(WriteBundle(bundle_, dir_.Join("bundle")).ok());
  dir_.Write("member.py",
             "import sys, numpy as np, xgboost as xgb\n"
             "b = xgb.Booster(model_file=sys.argv[1] + '/model.json')\n"
             "m = xgb.Booster(model_file=bytearray(b.attr('thaplan_ensemble_001'), "
             "'utf-8'))\n"
             "x = xgb.DMatrix(np.array([[0.5, -0.25, 0.125]], dtype=np.float32))\n"
             "print(float(m.predict(x)[0]).hex(), float(b.predict(x)[0]).hex())\n");
  int code = -1;
  const std::string out = testing::RunCommand(
      "/usr/bin/python3 " + dir_.Join("member.py") + " " + dir_.Join("bundle"), &code);
  ASSERT_EQ(code, 0) << out;
  FeatureMatrix x;
  x.rows = 1;
  x.cols = 3;
  x.values = {0.5f, -0.25f, 0.125f};
  const auto predict = [&](std::string_view json) {
    auto booster = xgb::Booster::LoadJson(json);
    auto m = xgb::DMatrix::Create(x);
    return static_cast<double>((*booster->Predict(*m))[0]);
  };
  // float.hex: exact, read back by strtod.
  const size_t space = out.find(' ');
  ASSERT_NE(space, std::string::npos) << out;
  EXPECT_EQ(std::strtod(out.substr(0, space).c_str(), nullptr),
            predict((*EnsembleMemberJsons(bundle_))[1]));
  EXPECT_EQ(std::strtod(out.substr(space + 1).c_str(), nullptr),
            predict(bundle_.model_json));
  EXPECT_NE(predict((*EnsembleMemberJsons(bundle_))[1]), predict(bundle_.model_json));
}

TEST(EnsembleOptionsTest, RefusesANegativeOrHugeEnsemble) {
  const Table table = LinearTable(40, {1}, 0.1, 1);
  TrainOptions options = OptionsFor(table);
  options.rounds = 5;
  options.ensemble = -1;
  auto b = TrainModel(table, 0, options);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(), "ensemble = -1: expected 0 (none) to 1000 members");
}

}  // namespace
}  // namespace thaplan
