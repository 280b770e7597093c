// XGBoost's JSON model (format: XGBoost's doc/model.schema, version 1.7) read
// into the compact form the planner specialises and searches.
//
// Per tree XGBoost stores parallel arrays indexed by node id: left_children
// and right_children (-1 at a leaf), split_indices (the feature),
// split_conditions (the threshold; at a leaf, the leaf value already scaled
// by the learning rate), default_left (where a missing value goes) and
// base_weights (the node's unscaled weight, not what prediction adds). The
// prediction is base_score + the sum of the leaves reached, for the identity
// link of reg:squarederror; x < threshold goes left (XGBoost's RegTree).
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "thaplan/plan.h"

namespace thaplan {
namespace {

using nlohmann::json;

Status Bad(std::string_view name, const std::string& where, const std::string& expected) {
  return Status::InvalidInput(std::string(name) + ": " + where + ": expected " +
                              expected);
}

// XGBoost writes its parameters as strings ("5E-1"); numbers are accepted too.
Result<double> ParamNumber(const json& v, std::string_view name, const std::string& key) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(d)) return d;
  }
  return Bad(name, key + " = " + v.dump(), "a number");
}

template <typename T>
Result<std::vector<T>> Array(const json& tree, const char* key, size_t n,
                             std::string_view name, const std::string& where) {
  if (!tree.contains(key) || !tree[key].is_array() || tree[key].size() != n) {
    return Bad(name, where + "." + key,
               "an array of " + std::to_string(n) + " entries, one per node");
  }
  std::vector<T> out;
  out.reserve(n);
  for (const json& v : tree[key]) {
    if (v.is_boolean()) {
      out.push_back(static_cast<T>(v.get<bool>()));
    } else if (v.is_number()) {
      out.push_back(v.get<T>());
    } else {
      return Bad(name, where + "." + key, "numbers");
    }
  }
  return out;
}

// Children come after their parent (XGBoost appends nodes as it expands
// them), which also rules out cycles in a damaged file.
Status CheckNode(const TreeNode& node, size_t id, size_t n, size_t features,
                 std::string_view name, const std::string& where) {
  if (node.feature < 0) return Status::Ok();
  const auto in_range = [id, n](int c) {
    return c > 0 && static_cast<size_t>(c) > id && static_cast<size_t>(c) < n;
  };
  if (!in_range(node.left) || !in_range(node.right)) {
    return Bad(name, where + " children", "node ids after the parent, inside the tree");
  }
  if (static_cast<size_t>(node.feature) >= features) {
    return Bad(name, where + " split_indices = " + std::to_string(node.feature),
               "a feature below num_feature = " + std::to_string(features));
  }
  return Status::Ok();
}

Result<CompiledTree> ParseTree(const json& tree, size_t features, std::string_view name,
                               const std::string& where) {
  if (!tree.is_object() || !tree.contains("left_children") ||
      !tree["left_children"].is_array() || tree["left_children"].empty()) {
    return Bad(name, where, "a tree with left_children");
  }
  const size_t n = tree["left_children"].size();
  THAPLAN_ASSIGN_OR_RETURN(auto left, Array<int>(tree, "left_children", n, name, where));
  THAPLAN_ASSIGN_OR_RETURN(auto right,
                           Array<int>(tree, "right_children", n, name, where));
  THAPLAN_ASSIGN_OR_RETURN(auto index, Array<int>(tree, "split_indices", n, name, where));
  THAPLAN_ASSIGN_OR_RETURN(auto cond,
                           Array<float>(tree, "split_conditions", n, name, where));
  THAPLAN_ASSIGN_OR_RETURN(auto dleft, Array<int>(tree, "default_left", n, name, where));
  if (tree.contains("split_type")) {
    THAPLAN_ASSIGN_OR_RETURN(auto type, Array<int>(tree, "split_type", n, name, where));
    for (size_t i = 0; i < n; ++i) {
      if (type[i] != 0 && left[i] != -1) {
        return Bad(name,
                   where + " node " + std::to_string(i) +
                       " split_type = " + std::to_string(type[i]),
                   "0 (numerical splits; categorical splits are not supported)");
      }
    }
  }
  CompiledTree out;
  out.nodes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    TreeNode& node = out.nodes[i];
    if (left[i] == -1) {
      node.value = cond[i];
    } else {
      node.feature = index[i];
      node.threshold = cond[i];
      node.left = left[i];
      node.right = right[i];
      node.default_left = dleft[i] != 0;
    }
    THAPLAN_RETURN_IF_ERROR(
        CheckNode(node, i, n, features, name, where + " node " + std::to_string(i)));
  }
  return out;
}

Result<const json*> Find(const json& root, std::initializer_list<const char*> path,
                         std::string_view name) {
  const json* at = &root;
  std::string where;
  for (const char* key : path) {
    where += (where.empty() ? "" : ".") + std::string(key);
    if (!at->is_object() || !at->contains(key)) {
      return Bad(name, where + " is missing", "an XGBoost JSON model");
    }
    at = &(*at)[key];
  }
  return at;
}

Status CheckObjectiveAndBooster(const json& learner, std::string_view name) {
  THAPLAN_ASSIGN_OR_RETURN(const json* objective,
                           Find(learner, {"objective", "name"}, name));
  if (*objective != "reg:squarederror") {
    return Bad(name, "learner.objective.name = " + objective->dump(),
               "reg:squarederror (the planner adds leaves to base_score on the "
               "target's own scale)");
  }
  THAPLAN_ASSIGN_OR_RETURN(const json* booster,
                           Find(learner, {"gradient_booster", "name"}, name));
  if (*booster != "gbtree") {
    return Bad(name, "learner.gradient_booster.name = " + booster->dump(), "gbtree");
  }
  return Status::Ok();
}

}  // namespace

namespace {

Result<json> ParseModelJson(std::string_view model_json, std::string_view name) {
  try {
    return json::parse(model_json);
  } catch (const json::exception& e) {
    return Status::InvalidInput(std::string(name) + ": not valid JSON: " + e.what());
  }
}

Result<CompiledModel> CompileRoot(const json& root, std::string_view name) {
  THAPLAN_ASSIGN_OR_RETURN(const json* learner, Find(root, {"learner"}, name));
  THAPLAN_RETURN_IF_ERROR(CheckObjectiveAndBooster(*learner, name));
  THAPLAN_ASSIGN_OR_RETURN(const json* param,
                           Find(*learner, {"learner_model_param"}, name));
  CompiledModel model;
  THAPLAN_ASSIGN_OR_RETURN(double base,
                           ParamNumber(param->value("base_score", json()), name,
                                       "learner.learner_model_param.base_score"));
  THAPLAN_ASSIGN_OR_RETURN(double features,
                           ParamNumber(param->value("num_feature", json()), name,
                                       "learner.learner_model_param.num_feature"));
  model.base_score = static_cast<float>(base);
  model.num_features = static_cast<size_t>(features);
  THAPLAN_ASSIGN_OR_RETURN(const json* trees,
                           Find(*learner, {"gradient_booster", "model", "trees"}, name));
  if (!trees->is_array()) return Bad(name, "gradient_booster.model.trees", "an array");
  model.trees.reserve(trees->size());
  for (size_t t = 0; t < trees->size(); ++t) {
    THAPLAN_ASSIGN_OR_RETURN(CompiledTree tree,
                             ParseTree((*trees)[t], model.num_features, name,
                                       "trees[" + std::to_string(t) + "]"));
    model.trees.push_back(std::move(tree));
  }
  return model;
}

// The ensemble members the card lists, from the main model's attributes.
Result<std::vector<CompiledModel>> CompileMembers(const json& root,
                                                  const ModelBundle& bundle,
                                                  size_t num_features,
                                                  const std::string& name) {
  std::vector<CompiledModel> out;
  const size_t members = bundle.card.ensemble.members;
  if (members == 0) return out;
  const json* attributes = nullptr;
  if (root.contains("learner") && root["learner"].is_object() &&
      root["learner"].contains("attributes")) {
    attributes = &root["learner"]["attributes"];
  }
  out.reserve(members);
  for (size_t m = 0; m < members; ++m) {
    const std::string attribute = EnsembleAttributeName(m);
    if (attributes == nullptr || !attributes->is_object() ||
        !attributes->contains(attribute) || !(*attributes)[attribute].is_string()) {
      return Status::Corruption(name + ": learner.attributes." + attribute +
                                ": missing: expected the " + std::to_string(members) +
                                " ensemble members the card lists");
    }
    const std::string member_name = name + " ensemble member " + std::to_string(m);
    THAPLAN_ASSIGN_OR_RETURN(
        json member,
        ParseModelJson((*attributes)[attribute].get_ref<const std::string&>(),
                       member_name));
    THAPLAN_ASSIGN_OR_RETURN(CompiledModel compiled, CompileRoot(member, member_name));
    if (compiled.num_features != num_features) {
      return Bad(member_name, "num_feature = " + std::to_string(compiled.num_features),
                 std::to_string(num_features) + ", the main model's");
    }
    out.push_back(std::move(compiled));
  }
  return out;
}

}  // namespace

Result<CompiledModel> CompileXgboostJson(std::string_view model_json,
                                         std::string_view name) {
  THAPLAN_ASSIGN_OR_RETURN(json root, ParseModelJson(model_json, name));
  return CompileRoot(root, name);
}

Status CompileTarget(PlanTarget* target) {
  const ModelBundle& bundle = target->bundle;
  const bool want_members =
      bundle.card.ensemble.members > 0 && target->compiled_ensemble == nullptr;
  if (target->compiled != nullptr && !want_members) return Status::Ok();
  const std::string name = bundle.card.name + "/model.json";
  THAPLAN_ASSIGN_OR_RETURN(json root, ParseModelJson(bundle.model_json, name));
  if (target->compiled == nullptr) {
    THAPLAN_ASSIGN_OR_RETURN(CompiledModel model, CompileRoot(root, name));
    target->compiled = std::make_shared<const CompiledModel>(std::move(model));
  }
  if (want_members) {
    THAPLAN_ASSIGN_OR_RETURN(
        std::vector<CompiledModel> members,
        CompileMembers(root, bundle, target->compiled->num_features, name));
    target->compiled_ensemble =
        std::make_shared<const std::vector<CompiledModel>>(std::move(members));
  }
  return Status::Ok();
}

double PredictCompiled(const CompiledModel& model, const float* row) {
  double sum = model.base_score;
  for (const CompiledTree& tree : model.trees) {
    int n = 0;
    while (tree.nodes[static_cast<size_t>(n)].feature >= 0) {
      const TreeNode& node = tree.nodes[static_cast<size_t>(n)];
      const float x = row[node.feature];
      n = std::isnan(x) ? (node.default_left ? node.left : node.right)
                        : (x < node.threshold ? node.left : node.right);
    }
    sum += tree.nodes[static_cast<size_t>(n)].value;
  }
  return sum;
}

}  // namespace thaplan
