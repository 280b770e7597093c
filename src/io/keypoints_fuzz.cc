// libFuzzer target: ParseKeypointCsv on arbitrary bytes must return a Trial
// or an error, never crash, hang or read out of bounds; a Trial it returns
// must be well formed and survive FormatKeypointCsv -> ParseKeypointCsv.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "thaplan/keypoints.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  thaplan::Result<thaplan::Trial> r = thaplan::ParseKeypointCsv(text, "fuzz.csv");
  if (!r.ok()) return 0;
  const thaplan::Trial& t = *r;
  const size_t cells = static_cast<size_t>(t.frame_count) * t.landmarks.size();
  if (t.positions_m.size() != cells) std::abort();
  if (!t.confidence.empty() && t.confidence.size() != cells) std::abort();
  if (!(t.sample_rate_hz > 0) || !std::isfinite(t.sample_rate_hz) || t.frame_count < 2) {
    std::abort();
  }
  for (float c : t.confidence) {
    if (!std::isnan(c) && !(c >= 0 && c <= 1)) std::abort();
  }
  for (auto units : {thaplan::LengthUnit::kMetres, thaplan::LengthUnit::kMillimetres}) {
    thaplan::Result<std::string> again = thaplan::FormatKeypointCsv(t, units);
    if (!again.ok()) continue;
    thaplan::Result<thaplan::Trial> back = thaplan::ParseKeypointCsv(*again, "again");
    if (!back.ok() || back->frame_count != t.frame_count ||
        back->landmarks != t.landmarks) {
      std::abort();
    }
  }
  return 0;
}
