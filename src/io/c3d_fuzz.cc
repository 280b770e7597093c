// libFuzzer target: any bytes must give a Trial or a Status, never a crash,
// an out-of-bounds read or undefined behaviour (built with ASan and UBSan).
// Seed it with the files in /work/shared/data/c3d_vicon_pig/.
#include <cstddef>
#include <cstdint>
#include <span>

#include "thaplan/c3d.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  thaplan::Result<thaplan::C3dContents> c =
      thaplan::ParseC3dContents(std::span<const uint8_t>(data, size), "fuzz.c3d");
  if (c.ok()) {
    // Touch the output so that inconsistent sizes would show up.
    const thaplan::Trial& t = c->trial;
    if (t.positions_m.size() != static_cast<size_t>(t.frame_count) * t.landmarks.size()) {
      __builtin_trap();
    }
  }
  return 0;
}
