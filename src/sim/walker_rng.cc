#include "sim/walker_rng.h"

#include <cmath>

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
  }
  return z;
}

}  // namespace

const ZigguratTables& Ziggurat() {
  static const ZigguratTables tables = MakeZigguratTables();
  return tables;
}

}  // namespace thaplan::sim
