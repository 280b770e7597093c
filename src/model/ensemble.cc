// The bootstrap ensemble: trained beside a model and stored inside its
// model.json as string attributes (include/thaplan/bundle.h).
#include "model/ensemble.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/random.h"
#include "thaplan/train.h"

namespace thaplan {

uint32_t EnsembleMemberSeed(uint32_t seed, size_t member) {
  // One SplitMix64 step from a state that mixes the seed and the member, so
  // neighbouring seeds and members give unrelated streams.
  model::SplitMix64 mix((uint64_t{seed} << 32) ^ (uint64_t{member} + 1));
  return static_cast<uint32_t>(mix.Next() >> 32);
}

std::vector<size_t> EnsembleResample(uint32_t member_seed, size_t n) {
  model::SplitMix64 draw(member_seed);
  std::vector<size_t> rows(n);
  for (size_t& r : rows) r = static_cast<size_t>(draw.Below(n));
  return rows;
}

std::string EnsembleAttributeName(size_t member) {
  char name[48];
  std::snprintf(name, sizeof name, "thaplan_ensemble_%03zu", member);
  return name;
}

Result<std::vector<std::string>> EnsembleMemberJsons(const ModelBundle& bundle) {
  std::vector<std::string> out;
  const size_t members = bundle.card.ensemble.members;
  if (members == 0) return out;
  const std::string where = "model " + bundle.card.name + ": model.json";
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(bundle.model_json);
  } catch (const nlohmann::json::exception&) {
    return Status::Corruption(where + ": not JSON: expected XGBoost's JSON model");
  }
  const nlohmann::json* attributes = nullptr;
  if (root.is_object() && root.contains("learner") && root["learner"].is_object() &&
      root["learner"].contains("attributes")) {
    attributes = &root["learner"]["attributes"];
  }
  for (size_t m = 0; m < members; ++m) {
    const std::string name = EnsembleAttributeName(m);
    if (attributes == nullptr || !attributes->is_object() ||
        !attributes->contains(name) || !(*attributes)[name].is_string()) {
      return Status::Corruption(where + ": learner.attributes." + name +
                                ": missing: expected the " + std::to_string(members) +
                                " ensemble members the card lists");
    }
    out.push_back((*attributes)[name].get<std::string>());
  }
  return out;
}

namespace model {

Status CheckEnsembleSize(int members) {
  if (members >= 0 && members <= kMaxEnsembleMembers) return Status::Ok();
  return Status::InvalidInput("ensemble = " + std::to_string(members) +
                              ": expected 0 (none) to " +
                              std::to_string(kMaxEnsembleMembers) + " members");
}

Status TrainEnsemble(const FeatureMatrix& x, std::span<const float> labels,
                     const xgb::Params& params, int rounds, uint32_t seed, int members,
                     xgb::Booster* main, CardEnsemble* card) {
  card->members = static_cast<size_t>(members);
  card->method = members > 0 ? "bootstrap" : "";
  card->seeds.clear();
  const size_t n = x.rows;
  FeatureMatrix resampled;
  resampled.rows = n;
  resampled.cols = x.cols;
  resampled.values.resize(n * x.cols);
  std::vector<float> resampled_labels(n);
  for (int m = 0; m < members; ++m) {
    const uint32_t member_seed = EnsembleMemberSeed(seed, static_cast<size_t>(m));
    card->seeds.push_back(member_seed);
    const std::vector<size_t> drawn = EnsembleResample(member_seed, n);
    for (size_t row = 0; row < n; ++row) {
      const size_t from = drawn[row];
      const auto source = x.row(from);
      std::copy(source.begin(), source.end(), resampled.values.begin() + row * x.cols);
      resampled_labels[row] = labels[from];
    }
    xgb::Params member_params = params;
    member_params["seed"] = std::to_string(member_seed);
    THAPLAN_ASSIGN_OR_RETURN(xgb::DMatrix train,
                             xgb::DMatrix::Create(resampled, resampled_labels));
    THAPLAN_ASSIGN_OR_RETURN(xgb::Booster booster,
                             xgb::Booster::Train(train, member_params, rounds));
    THAPLAN_ASSIGN_OR_RETURN(std::string json, booster.SaveJson());
    THAPLAN_RETURN_IF_ERROR(
        main->SetAttr(EnsembleAttributeName(static_cast<size_t>(m)), json));
  }
  return Status::Ok();
}

}  // namespace model
}  // namespace thaplan
