// Filling a model card from a validation report: the card carries the
// report's own numbers, and a card trained on other data is refused.
#include <gtest/gtest.h>

#include "model/train_testing.h"
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

const ModelResult& Model(const ProtocolResult& p, const std::string& name) {
  for (const ModelResult& m : p.models) {
    if (m.model == name) return m;
  }
  ADD_FAILURE() << "no model " << name;
  return p.models.front();
}

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

}  // namespace
}  // namespace thaplan
