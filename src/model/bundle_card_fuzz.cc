// libFuzzer target: ParseCard on arbitrary bytes must return a card or an
// error, never crash or hang. A card it returns has one target and at least
// one feature, and writing it out and parsing it again gives the same text
// (the round trip bundles rely on when the registry hands a card back).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "thaplan/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  thaplan::Result<thaplan::ModelCard> r = thaplan::ParseCard(text, "fuzz.json");
  if (!r.ok()) {
    if (r.status().message().empty()) std::abort();
    return 0;
  }
  if (r->dataset.targets.size() != 1 || r->features.empty()) std::abort();
  const std::string once = thaplan::CardToJson(*r);
  thaplan::Result<thaplan::ModelCard> again = thaplan::ParseCard(once, "again.json");
  if (!again.ok() || thaplan::CardToJson(*again) != once) std::abort();
  return 0;
}
