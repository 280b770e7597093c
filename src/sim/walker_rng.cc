#include "sim/walker_rng.h"

#include <cmath>
#include <utility>
#include <vector>

namespace thaplan::sim {
namespace {

ZigguratTables MakeZigguratTables() {
  using Z = ZigguratTables;
  Z z;
  auto density = [](double x) { return std::exp(-0.5 * x * x); };
  z.x[0] = Z::kV / density(Z::kR);
  z.x[1] = Z::kR;
  for (size_t i = 1; i + 1 < Z::kLayers; ++i) {
    // Layer i + 1 sits on layer i and has the same area v.
    z.x[i + 1] = std::sqrt(-2 * std::log(Z::kV / z.x[i] + density(z.x[i])));
  }
  z.x[Z::kLayers] = 0;
  for (size_t i = 0; i <= Z::kLayers; ++i) z.f[i] = density(z.x[i]);
  for (size_t i = 0; i < Z::kLayers; ++i) {
    z.inside[i] = static_cast<uint32_t>(std::floor(z.x[i + 1] / z.x[i] * 0x1.0p23));
    z.scale[i] = z.x[i] * 0x1.0p-23;
  }
  return z;
}

}  // namespace

const ZigguratTables& Ziggurat() {
  static const ZigguratTables tables = MakeZigguratTables();
  return tables;
}

void NoiseSource::AddTo(double sd, std::vector<Vec3>& values) {
  // The halves first, low half of each word first.
  thread_local std::vector<uint32_t> halves;
  halves.resize(3 * values.size() + 1);
  for (size_t i = 0; i + 1 < halves.size(); i += 2) {
    const uint64_t word = rng_.Next();
    halves[i] = static_cast<uint32_t>(word);
    halves[i + 1] = static_cast<uint32_t>(word >> 32);
  }
  // Most values need only their half: a multiply and a compare. The rest are
  // remembered and finished afterwards, in order.
  thread_local std::vector<std::pair<double*, uint32_t>> rest;
  rest.clear();
  const uint32_t* bits = halves.data();
  // The sign by table lookup, not by a branch the processor cannot predict.
  const double signed_sd[2] = {sd, -sd};
  for (Vec3& v : values) {
    for (double& coord : v) {
      const uint32_t b = *bits++;
      const size_t layer = b & 0xFF;
      const uint32_t u = b >> 9;
      if (u >= z_.inside[layer]) {
        rest.emplace_back(&coord, b);
        continue;
      }
      const double x = static_cast<double>(u) * z_.scale[layer];
      coord += signed_sd[(b >> 8) & 1] * x;
    }
  }
  for (const auto& [coord, b] : rest) *coord += sd * Finish(b);
}

double NoiseSource::Finish(uint32_t bits) {
  for (;;) {
    const size_t layer = bits & 0xFF;
    const uint32_t u = bits >> 9;
    const double sign = (bits & 0x100) != 0 ? -1.0 : 1.0;
    const double x = static_cast<double>(u) * z_.scale[layer];
    if (u < z_.inside[layer]) return sign * x;
    if (layer == 0) return sign * (x < ZigguratTables::kR ? x : Tail());
    // In the wedge: accept under the curve.
    const double y = z_.f[layer] + rng_.Uniform() * (z_.f[layer + 1] - z_.f[layer]);
    if (y < std::exp(-0.5 * x * x)) return sign * x;
    bits = static_cast<uint32_t>(rng_.Next());  // rejected: a new half
  }
}

double NoiseSource::Tail() {
  for (;;) {
    const double x = -std::log(1.0 - rng_.Uniform()) / ZigguratTables::kR;
    const double y = -std::log(1.0 - rng_.Uniform());
    if (2 * y >= x * x) return ZigguratTables::kR + x;
  }
}

}  // namespace thaplan::sim
