// DEC F-floating <-> IEEE single conversion (see c3d_format.h for the source).
#include <bit>
#include <cmath>

#include "io/c3d_format.h"

namespace thaplan::io::c3d {
namespace {

// The four stored bytes of a DEC float, in order, as one IEEE-like pattern:
// word 0 (bytes 0-1, little-endian) holds sign, exponent and the high
// fraction bits; word 1 (bytes 2-3) the low fraction bits.
uint32_t DecPattern(const uint8_t* b) {
  return (uint32_t{b[1]} << 24) | (uint32_t{b[0]} << 16) | (uint32_t{b[3]} << 8) |
         uint32_t{b[2]};
}

}  // namespace

float DecodeDecFloat(const uint8_t* b) {
  uint32_t bits = DecPattern(b);
  uint32_t exponent = (bits >> 23) & 0xffu;
  if (exponent > 2) {
    // Lowering the exponent field by 2 divides by 4 exactly and stays normal.
    return std::bit_cast<float>(bits - (2u << 23));
  }
  if (exponent == 0) {
    return (bits >> 31) != 0 ? std::nanf("") : 0.0f;
  }
  // Exponents 1 and 2 give IEEE subnormals: compute them exactly in double.
  double fraction = 1.0 + static_cast<double>(bits & 0x7fffffu) / 8388608.0;
  double value = std::ldexp(fraction, static_cast<int>(exponent) - 129);
  return static_cast<float>((bits >> 31) != 0 ? -value : value);
}

std::optional<uint32_t> EncodeDecFloatBits(float v) {
  if (!std::isfinite(v)) return std::nullopt;
  if (v == 0.0f) return 0u;
  uint32_t bits = std::bit_cast<uint32_t>(v);
  uint32_t sign = bits & 0x80000000u;
  uint32_t exponent = (bits >> 23) & 0xffu;
  uint32_t fraction = bits & 0x7fffffu;
  if (exponent == 0) {
    // IEEE subnormal: normalise the fraction so the hidden bit is explicit.
    int shift = std::countl_zero(fraction) - 8;  // bring the top bit to bit 23
    fraction = (fraction << shift) & 0x7fffffu;
    int unbiased = -126 - shift;  // IEEE exponent of the normalised value
    int dec_exponent = unbiased + 129;
    if (dec_exponent < 1) return 0u;  // below DEC's range: flush to zero
    exponent = static_cast<uint32_t>(dec_exponent);
  } else {
    exponent += 2;
    if (exponent > 255) return std::nullopt;
  }
  return sign | (exponent << 23) | fraction;
}

bool StoreFloat(float v, C3dProcessor p, uint8_t* b) {
  uint32_t u;
  if (p == C3dProcessor::kDec) {
    std::optional<uint32_t> dec = EncodeDecFloatBits(v);
    if (!dec) return false;
    // Inverse of DecPattern.
    b[0] = static_cast<uint8_t>(*dec >> 16);
    b[1] = static_cast<uint8_t>(*dec >> 24);
    b[2] = static_cast<uint8_t>(*dec);
    b[3] = static_cast<uint8_t>(*dec >> 8);
    return true;
  }
  u = std::bit_cast<uint32_t>(v);
  if (p == C3dProcessor::kMips) {
    b[0] = static_cast<uint8_t>(u >> 24);
    b[1] = static_cast<uint8_t>(u >> 16);
    b[2] = static_cast<uint8_t>(u >> 8);
    b[3] = static_cast<uint8_t>(u);
  } else {
    b[0] = static_cast<uint8_t>(u);
    b[1] = static_cast<uint8_t>(u >> 8);
    b[2] = static_cast<uint8_t>(u >> 16);
    b[3] = static_cast<uint8_t>(u >> 24);
  }
  return true;
}

}  // namespace thaplan::io::c3d
