// libFuzzer target: ParseDatasetSpec on arbitrary bytes must return a spec or
// an error, never crash or hang; a spec it returns must hold what the parser
// promises (a known outcome timepoint, one feature source, named targets with
// finite thresholds).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "thaplan/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  thaplan::Result<thaplan::DatasetSpec> r = thaplan::ParseDatasetSpec(text, "fuzz.json");
  if (!r.ok()) {
    if (r.status().message().empty()) std::abort();
    return 0;
  }
  const thaplan::DatasetSpec& s = *r;
  if (s.timepoint != "3m" && s.timepoint != "6m" && s.timepoint != "12m") std::abort();
  if (s.feature_set.has_value() == !s.features.empty()) std::abort();
  if (s.targets.empty()) std::abort();
  std::set<std::string> names;
  for (const thaplan::TargetSpec& t : s.targets) {
    if (t.column.empty() || !names.insert(t.name).second) std::abort();
    if (!std::isfinite(t.threshold)) std::abort();
  }
  return 0;
}
