// Internal to src/model: reading a model card from parsed JSON
// (bundle_card_parse.cc); writing is CardToJson (bundle_card.cc).
#ifndef THAPLAN_MODEL_BUNDLE_CARD_H_
#define THAPLAN_MODEL_BUNDLE_CARD_H_

#include <nlohmann/json.hpp>
#include <string_view>

#include "thaplan/bundle.h"

namespace thaplan::model {

// `name` starts every error, which names the key path, the bad value and
// what was expected. A damaged card is Corruption.
Result<ModelCard> CardFromJson(const nlohmann::ordered_json& root, std::string_view name);

}  // namespace thaplan::model

#endif  // THAPLAN_MODEL_BUNDLE_CARD_H_
