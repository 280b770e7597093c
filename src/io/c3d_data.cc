// Decoding of the 3D-data section. The loop is instantiated per processor and
// storage so that the byte order and float format are fixed at compile time;
// this is what keeps parsing well above 100 MB/s (bench/c3d_bench.cc).
#include "io/c3d_data.h"

#include <cmath>
#include <limits>

namespace thaplan::io::c3d {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <C3dProcessor P>
inline float LoadFloatAs(const uint8_t* b) {
  if constexpr (P == C3dProcessor::kIntel) return DecodeIeeeFloat(b, false);
  if constexpr (P == C3dProcessor::kMips) return DecodeIeeeFloat(b, true);
  if constexpr (P == C3dProcessor::kDec) return DecodeDecFloat(b);
}

template <C3dProcessor P>
inline int16_t LoadI16As(const uint8_t* b) {
  if constexpr (P == C3dProcessor::kMips) {
    return static_cast<int16_t>(static_cast<uint16_t>((b[0] << 8) | b[1]));
  } else {
    return static_cast<int16_t>(static_cast<uint16_t>(b[0] | (b[1] << 8)));
  }
}

template <C3dProcessor P, bool kFloat>
int64_t DecodeAll(const uint8_t* data, const DataLayout& layout,
                  std::span<const double> multipliers, Vec3* out) {
  constexpr size_t kWord = kFloat ? 4 : 2;
  const size_t frame_bytes = layout.FrameBytes();
  int64_t nonfinite = 0;
  for (int64_t frame_idx = 0; frame_idx < layout.frames; ++frame_idx) {
    const uint8_t* frame = data + static_cast<size_t>(frame_idx) * frame_bytes;
    for (size_t point_idx = 0; point_idx < layout.point_count; ++point_idx, ++out) {
      const uint8_t* w = frame + point_idx * 4 * kWord;
      const double m = multipliers[point_idx];
      if constexpr (kFloat) {
        // Word 4 is the integer residual word stored as a float; negative
        // (or NaN) means the point is invalid.
        float residual = LoadFloatAs<P>(w + 12);
        if (!(residual >= 0.0f)) {
          *out = {kNaN, kNaN, kNaN};
          continue;
        }
        float x = LoadFloatAs<P>(w);
        float y = LoadFloatAs<P>(w + 4);
        float z = LoadFloatAs<P>(w + 8);
        if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(z)) {
          ++nonfinite;
          *out = {kNaN, kNaN, kNaN};
          continue;
        }
        *out = {x * m, y * m, z * m};
      } else {
        if (LoadI16As<P>(w + 6) < 0) {
          *out = {kNaN, kNaN, kNaN};
          continue;
        }
        *out = {LoadI16As<P>(w) * m, LoadI16As<P>(w + 2) * m, LoadI16As<P>(w + 4) * m};
      }
    }
  }
  return nonfinite;
}

template <C3dProcessor P>
int64_t DecodeFor(const uint8_t* data, const DataLayout& layout,
                  std::span<const double> multipliers, Vec3* out) {
  if (layout.storage == C3dStorage::kFloat) {
    return DecodeAll<P, true>(data, layout, multipliers, out);
  }
  return DecodeAll<P, false>(data, layout, multipliers, out);
}

}  // namespace

int64_t DecodePoints(std::span<const uint8_t> bytes, const DataLayout& layout,
                     std::span<const double> multipliers, std::vector<Vec3>* out) {
  out->resize(static_cast<size_t>(layout.frames) * layout.point_count);
  if (out->empty()) return 0;
  const uint8_t* data = bytes.data() + layout.data_offset;
  switch (layout.processor) {
    case C3dProcessor::kIntel:
      return DecodeFor<C3dProcessor::kIntel>(data, layout, multipliers, out->data());
    case C3dProcessor::kDec:
      return DecodeFor<C3dProcessor::kDec>(data, layout, multipliers, out->data());
    case C3dProcessor::kMips:
      return DecodeFor<C3dProcessor::kMips>(data, layout, multipliers, out->data());
  }
  return 0;
}

}  // namespace thaplan::io::c3d
