// Filling a model card from a validation report: the card carries the
// report's own numbers, and a card trained on other data is refused.
#include <gtest/gtest.h>

#include "model/train_testing.h"
#include "model/validation_testing.h"
#include "thaplan/train.h"
#include "thaplan/validation.h"

namespace thaplan {
namespace {

ValidationOptions Quick() {
  ValidationOptions o;
  o.protocols = {Protocol::kPermutation, Protocol::kRepeatedCv};
  o.grid.max_depth = {2};
  o.grid.eta = {0.1};
  o.grid.rounds = {40};
  o.repeats = 2;
  o.permutations = 4;
  o.ci_replicates = 100;
  return o;
}

using model::testing::Model;

TEST(ValidationCardTest, CardCarriesTheReportsNumbers) {
  const Table table = model::testing::LinearTable(80, {1.0, -0.5, 0.25}, 0.5, 3);
  TrainOptions train = model::testing::OptionsFor(table);
  train.rounds = 20;
  auto bundle = TrainModel(table, 0, train);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  auto report = Validate(table, Quick());
  ASSERT_TRUE(report.ok()) << report.status().message();
  ModelCard card = bundle->card;
  ASSERT_TRUE(FillCardValidation(*report, &card).ok());
  const CardValidation& v = card.validation;
  // cv is preferred to permutation even when listed second.
  const ProtocolResult& cv = report->targets[0].protocols[1];
  ASSERT_EQ(cv.protocol, Protocol::kRepeatedCv);
  EXPECT_EQ(v.protocol, "cv: " + cv.design);
  EXPECT_EQ(v.rows, 80u);
  ASSERT_EQ(v.metrics.size(), 5u);
  for (const CardMetric& m : v.metrics) {
    const Estimate& e = Model(cv, "xgboost").metrics.at(m.name);
    EXPECT_EQ(m.estimate, e.value) << m.name;
    EXPECT_EQ(m.lower, e.lower) << m.name;
    EXPECT_EQ(m.upper, e.upper) << m.name;
    EXPECT_EQ(m.level, 0.95);
  }
  ASSERT_EQ(v.baselines.count("ridge"), 1u);
  EXPECT_EQ(v.baselines.at("ridge")[0].estimate,
            Model(cv, "ridge").metrics.at("r2").value);
  EXPECT_EQ(v.baselines.count("preop_carried_forward"), 0u);  // no pre-op column
  ASSERT_EQ(v.conformal.size(), 2u);
  EXPECT_EQ(v.conformal[1].level, 0.9);
  EXPECT_EQ(v.conformal[1].residual_quantile,
            report->targets[0].residual_quantiles[1].second);
  EXPECT_EQ(v.conformal[1].empirical_coverage, cv.conformal[3].coverage);
  EXPECT_EQ(cv.conformal[3].method, "stored_quantile");
  // The card round-trips through its JSON with the section filled.
  auto parsed = ParseCard(CardToJson(card), "card.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->validation.metrics[0].estimate, v.metrics[0].estimate);
  EXPECT_EQ(CardToJson(*parsed), CardToJson(card));
}

TEST(ValidationCardTest, RefusesOtherDataAndOtherTargets) {
  const Table table = model::testing::LinearTable(60, {1.0, -0.5}, 0.5, 3);
  TrainOptions train = model::testing::OptionsFor(table);
  train.rounds = 10;
  auto bundle = TrainModel(table, 0, train);
  ASSERT_TRUE(bundle.ok());
  ValidationOptions o = Quick();
  o.protocols = {Protocol::kRepeatedCv};
  o.repeats = 1;
  auto other = Validate(model::testing::LinearTable(60, {1.0, -0.5}, 0.5, 4), o);
  ASSERT_TRUE(other.ok());
  ModelCard card = bundle->card;
  Status s = FillCardValidation(*other, &card);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("model y: data.sha256 = " + card.data_sha256.substr(0, 12)),
            std::string::npos)
      << s.message();
  EXPECT_TRUE(card.validation.protocol.empty());
  other->targets[0].target = "z";
  s = FillCardValidation(*other, &card);
  EXPECT_EQ(s.message(), "model y: target y: not in the validation: expected one of z");
}

// The card's own configuration, from its parameters and XGBoost's defaults.
TEST(ValidationCardTest, CardConfigReadsTheTrainingParameters) {
  const Table table = model::testing::LinearTable(60, {1.0, -0.5}, 0.5, 3);
  TrainOptions train = model::testing::OptionsFor(table);
  train.rounds = 25;
  train.params["max_depth"] = "4";
  train.params["subsample"] = "0.7";
  auto bundle = TrainModel(table, 0, train);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  auto c = CardConfig(bundle->card);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->max_depth, 4);
  EXPECT_EQ(c->subsample, 0.7);
  EXPECT_EQ(c->rounds, 25);
  EXPECT_EQ(c->eta, std::stod(bundle->card.params.at("eta")));
  EXPECT_EQ(c->min_child_weight, std::stod(bundle->card.params.at("min_child_weight")));
  EXPECT_EQ(c->max_bin, 256);  // not set: XGBoost's default
  ModelCard odd = bundle->card;
  odd.params["gamma"] = "0.5";
  EXPECT_EQ(CardConfig(odd).status().message(),
            "model y: training.params.gamma = 0.5: expected XGBoost's default 0 (the "
            "validation's configurations do not set it)");
  odd = bundle->card;
  odd.params["tree_method"] = "exact";
  EXPECT_EQ(CardConfig(odd).status().message(),
            "model y: training.params.tree_method = exact: expected hist (the "
            "validation's tree method)");
}

// With the card's configuration deployed, its quantiles are those of a
// validation that tunes over that configuration alone (the same inner folds,
// the same seeds), not the tuned configuration's, and the card says whose.
TEST(ValidationCardTest, QuantilesComeFromTheDeployedConfiguration) {
  const Table table = model::testing::LinearTable(80, {1.0, -0.5, 0.25}, 0.5, 3);
  TrainOptions train = model::testing::OptionsFor(table);
  train.rounds = 30;
  auto bundle = TrainModel(table, 0, train);
  ASSERT_TRUE(bundle.ok()) << bundle.status().message();
  auto own = CardConfig(bundle->card);
  ASSERT_TRUE(own.ok()) << own.status().message();
  ValidationOptions o = Quick();
  o.protocols = {Protocol::kRepeatedCv};
  o.repeats = 1;
  auto tuned = Validate(table, o);
  o.deployed["y"] = *own;
  auto deployed = Validate(table, o);
  ValidationOptions alone = Quick();
  alone.protocols = {Protocol::kRepeatedCv};
  alone.repeats = 1;
  alone.grid.max_depth = {own->max_depth};
  alone.grid.eta = {own->eta};
  alone.grid.rounds = {own->rounds};
  alone.grid.min_child_weight = {own->min_child_weight};
  alone.grid.subsample = {own->subsample};
  alone.grid.colsample_bytree = own->colsample_bytree;
  alone.grid.max_bin = own->max_bin;
  auto reference = Validate(table, alone);
  ASSERT_TRUE(tuned.ok() && deployed.ok() && reference.ok());
  const auto& q = deployed->targets[0].residual_quantiles;
  ASSERT_EQ(q.size(), 2u);
  EXPECT_TRUE(deployed->targets[0].quantiles_deployed);
  EXPECT_FALSE(tuned->targets[0].quantiles_deployed);
  EXPECT_EQ(q, reference->targets[0].residual_quantiles);
  EXPECT_NE(q, tuned->targets[0].residual_quantiles);
  // A card whose model is the tuned configuration gets the tuned quantiles.
  o.deployed["y"] = tuned->targets[0].final_config;
  auto same = Validate(table, o);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->targets[0].quantiles_deployed);
  EXPECT_EQ(same->targets[0].residual_quantiles, tuned->targets[0].residual_quantiles);
  ModelCard card = bundle->card;
  ASSERT_TRUE(FillCardValidation(*deployed, &card).ok());
  EXPECT_EQ(card.validation.conformal[1].residual_quantile, q[1].second);
  const auto says = [&](const ModelCard& c, const std::string& text) {
    for (const std::string& n : c.validation.notes) {
      if (n.find(text) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(says(card, "of this model's configuration (training.params)"));
  card = bundle->card;
  ASSERT_TRUE(FillCardValidation(*tuned, &card).ok());
  EXPECT_TRUE(says(card, "not this model's configuration"));
}

}  // namespace
}  // namespace thaplan
