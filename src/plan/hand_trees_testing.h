// Test helpers: XGBoost JSON models of hand-built trees, and a planning
// target around one (hand_trees_test.cc, ensemble_plan_test.cc).
#ifndef THAPLAN_PLAN_HAND_TREES_TESTING_H_
#define THAPLAN_PLAN_HAND_TREES_TESTING_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "thaplan/plan.h"

namespace thaplan::plan_testing {

// One tree as XGBoost writes it (leaf values in split_conditions).
struct HandTree {
  std::vector<int> left, right, feature;
  std::vector<double> cond;
};

// A squared-error XGBoost JSON model of `trees` with base score `base`.
inline nlohmann::json HandModel(const std::vector<HandTree>& trees, double base,
                                size_t features) {
  nlohmann::json array = nlohmann::json::array();
  for (const HandTree& t : trees) {
    const std::vector<int> zeros(t.left.size(), 0);
    array.push_back({{"left_children", t.left},
                     {"right_children", t.right},
                     {"split_indices", t.feature},
                     {"split_conditions", t.cond},
                     {"default_left", zeros},
                     {"split_type", zeros}});
  }
  return {{"learner",
           {{"objective", {{"name", "reg:squarederror"}}},
            {"gradient_booster", {{"name", "gbtree"}, {"model", {{"trees", array}}}}},
            {"learner_model_param",
             {{"base_score", std::to_string(base)},
              {"num_feature", std::to_string(features)}}}}}};
}

// The patient of a hand-built model: `row` is its feature row (the same for
// every target).
inline PlanPatient HandPatient(std::vector<float> row) {
  PlanPatient p;
  p.label = "hand patient";
  p.rows = {std::move(row)};
  return p;
}

// A target "y" (lower is better, scale 1) of the model whose card lists
// `features` in model order, without training ranges (nothing restricted).
inline PlanTarget HandPlanTarget(std::string model_json,
                                 std::span<const char* const> features) {
  PlanTarget t;
  t.bundle.model_json = std::move(model_json);
  t.bundle.card.name = "hand";
  TargetSpec spec;
  spec.name = spec.column = "y";
  t.bundle.card.dataset.targets = {spec};
  for (const char* f : features) {
    CardFeature cf;
    cf.name = cf.column = f;
    t.bundle.card.features.push_back(cf);
  }
  t.better = Better::kLower;
  t.scale = 1;
  return t;
}

}  // namespace thaplan::plan_testing

#endif  // THAPLAN_PLAN_HAND_TREES_TESTING_H_
