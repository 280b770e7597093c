// Low-level C3D number formats: byte order and the three float encodings.
// Source: c3d.org, "The C3D File Format User Guide", sections on processor
// types; DEC F-floating from the VAX MACRO and Instruction Set Reference
// Manual, 8.3.6 ("F_floating").
#ifndef THAPLAN_IO_C3D_FORMAT_H_
#define THAPLAN_IO_C3D_FORMAT_H_

#include <cstdint>
#include <cstring>
#include <optional>

#include "thaplan/c3d.h"

namespace thaplan::io::c3d {

inline constexpr size_t kBlockSize = 512;  // every section starts on a 512-byte block
inline constexpr uint8_t kParameterKey = 0x50;  // header byte 2 and parameter byte 2
inline constexpr uint8_t kProcessorBase = 83;   // processor byte = 83 + type
inline constexpr uint16_t kHeaderEventKey = 12345;

inline uint8_t ProcessorByte(C3dProcessor p) {
  return static_cast<uint8_t>(kProcessorBase + 1 + static_cast<int>(p));
}

// A 16-bit word as stored by `p` (DEC and Intel are little-endian, MIPS big).
inline uint16_t LoadU16(const uint8_t* b, C3dProcessor p) {
  if (p == C3dProcessor::kMips) return static_cast<uint16_t>((b[0] << 8) | b[1]);
  return static_cast<uint16_t>(b[0] | (b[1] << 8));
}
inline int16_t LoadI16(const uint8_t* b, C3dProcessor p) {
  return static_cast<int16_t>(LoadU16(b, p));
}
inline void StoreU16(uint16_t v, C3dProcessor p, uint8_t* b) {
  uint8_t lo = static_cast<uint8_t>(v & 0xff);
  uint8_t hi = static_cast<uint8_t>(v >> 8);
  if (p == C3dProcessor::kMips) {
    b[0] = hi;
    b[1] = lo;
  } else {
    b[0] = lo;
    b[1] = hi;
  }
}

// DEC F-float to IEEE single. The DEC word order puts the sign, exponent and
// high fraction bits in the first 16-bit little-endian word; the exponent is
// excess-128 and the fraction 0.1fff (not 1.fff), so the same bit pattern read
// as IEEE is exactly 4 times the DEC value. Exponent 0 is zero (sign 0) or a
// "reserved operand" (sign 1), which has no value: NaN.
float DecodeDecFloat(const uint8_t* b);
// IEEE single to DEC F-float; nullopt for NaN, infinity and magnitudes DEC
// cannot hold (>= 2^127). Values below DEC's smallest normal become 0.
std::optional<uint32_t> EncodeDecFloatBits(float v);

inline float DecodeIeeeFloat(const uint8_t* b, bool big_endian) {
  uint32_t u = big_endian ? (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
                                (uint32_t{b[2]} << 8) | uint32_t{b[3]}
                          : uint32_t{b[0]} | (uint32_t{b[1]} << 8) |
                                (uint32_t{b[2]} << 16) | (uint32_t{b[3]} << 24);
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

inline float LoadFloat(const uint8_t* b, C3dProcessor p) {
  switch (p) {
    case C3dProcessor::kIntel:
      return DecodeIeeeFloat(b, false);
    case C3dProcessor::kMips:
      return DecodeIeeeFloat(b, true);
    case C3dProcessor::kDec:
      return DecodeDecFloat(b);
  }
  return 0;
}

// Stores `v` as `p` does; false if DEC cannot represent it.
[[nodiscard]] bool StoreFloat(float v, C3dProcessor p, uint8_t* b);

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_FORMAT_H_
