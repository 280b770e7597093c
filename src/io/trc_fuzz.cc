// libFuzzer target: ParseTrc on arbitrary bytes must return a Trial or an
// error, never crash, hang or read out of bounds; a Trial it returns must be
// well formed and survive FormatTrc -> ParseTrc.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "thaplan/trc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  thaplan::Result<thaplan::Trial> r = thaplan::ParseTrc(text, "fuzz.trc");
  if (!r.ok()) return 0;
  const thaplan::Trial& t = *r;
  if (t.positions_m.size() != static_cast<size_t>(t.frame_count) * t.landmarks.size()) {
    std::abort();
  }
  if (!(t.sample_rate_hz > 0) || t.frame_count < 1) std::abort();
  for (const thaplan::Vec3& p : t.positions_m) {
    if (std::isinf(p[0]) || std::isinf(p[1]) || std::isinf(p[2])) std::abort();
    if (thaplan::IsMissing(p) &&
        !(std::isnan(p[0]) && std::isnan(p[1]) && std::isnan(p[2]))) {
      std::abort();  // missing markers are NaN in all three coordinates
    }
  }
  for (auto units : {thaplan::TrcUnits::kMetres, thaplan::TrcUnits::kMillimetres}) {
    thaplan::Result<std::string> again = thaplan::FormatTrc(t, units);
    if (!again.ok()) continue;
    thaplan::Result<thaplan::Trial> back = thaplan::ParseTrc(*again, "again");
    if (!back.ok() || back->frame_count != t.frame_count ||
        back->landmarks != t.landmarks) {
      std::abort();
    }
  }
  return 0;
}
