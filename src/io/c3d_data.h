// The C3D 3D-data section: frames of points (X, Y, Z, residual word), each
// followed by the frame's analog samples, as 16-bit integers or floats
// (c3d.org, "3D Data - Integer Format" and "3D Data - Floating-point Format").
#ifndef THAPLAN_IO_C3D_DATA_H_
#define THAPLAN_IO_C3D_DATA_H_

#include <cstdint>
#include <span>
#include <vector>

#include "io/c3d_format.h"
#include "thaplan/trial.h"

namespace thaplan::io::c3d {

struct DataLayout {
  size_t data_offset = 0;   // byte offset of frame 0
  size_t point_count = 0;   // POINT:USED
  size_t analog_words = 0;  // analog samples per frame (all channels)
  int64_t frames = 0;
  C3dStorage storage = C3dStorage::kInteger;
  C3dProcessor processor = C3dProcessor::kIntel;

  size_t WordBytes() const { return storage == C3dStorage::kFloat ? 4 : 2; }
  size_t FrameBytes() const { return (point_count * 4 + analog_words) * WordBytes(); }
};

// Decodes every point of every frame into `out` (frame-major, resized to
// frames * point_count), each coordinate times multipliers[point] (integer
// files: POINT:SCALE times the unit factor; float files: the unit factor
// only, since float coordinates are already scaled). A negative residual word
// gives NaN; so does a non-finite float coordinate, whose count is returned.
// The caller has checked that all frames lie inside `bytes`.
int64_t DecodePoints(std::span<const uint8_t> bytes, const DataLayout& layout,
                     std::span<const double> multipliers, std::vector<Vec3>* out);

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_DATA_H_
