// The walker's seeded random source, whose output is fixed by the C++
// standard alone: std::mt19937_64's raw output is specified, but the standard
// distributions are not, so uniform and normal draws are made here.
// Internal to src/sim/. (Named WalkRng: sim/rng.h's Rng is the cohort
// simulator's generator, and two classes of one name would break the ODR.)
#ifndef THAPLAN_SIM_WALKER_RNG_H_
#define THAPLAN_SIM_WALKER_RNG_H_

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "sim/rng.h"
#include "thaplan/trial.h"

namespace thaplan::sim {

// Marsaglia & Tsang, "The Ziggurat Method for Generating Random Variables",
// J Stat Softw 2000;5(8): the normal density cut into 256 layers of equal
// area. x[i] is the right edge of layer i (x[0] the width the base layer
// would have as a rectangle, x[256] = 0), f[i] = exp(-x[i]^2 / 2).
struct ZigguratTables {
  static constexpr int kLayers = 256;
  // The base layer's right edge r and the common layer area v, which make
  // the top layer end exactly at x = 0 (the paper's equal-area condition
  // solved for 256 layers).
  static constexpr double kR = 3.6541528853610088;
  static constexpr double kV = 4.92867323399e-3;
  std::array<double, kLayers + 1> x{}, f{};
  // A 23-bit uniform u (in units of 2^-23) certainly lies in the part of
  // layer i wholly under the curve when u < inside[i] = floor(2^23 x[i + 1] /
  // x[i]); the few others are decided exactly.
  std::array<uint32_t, kLayers> inside{};
  std::array<double, kLayers> scale{};  // x[i] * 2^-23
};
const ZigguratTables& Ziggurat();

class WalkRng {
 public:
  // `stream` separates independent purposes (strides, noise, dropouts) so that
  // changing one parameter does not reshuffle the others' draws.
  WalkRng(uint64_t seed, uint64_t stream) : engine_(Mix(seed ^ Mix(stream + 1))) {}

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0 (the bias of the modulo is < 2^-40 for
  // the n used here).
  uint64_t UniformInt(uint64_t n) { return engine_() % n; }
  // Standard normal by Box-Muller (the stride draws: few, and their values
  // are part of what a seed means).
  double Normal() {
    const double u1 = 1.0 - Uniform();  // (0, 1]
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  // Standard normal truncated to |z| <= limit by redrawing.
  double TruncatedNormal(double limit) {
    for (;;) {
      const double z = Normal();
      if (std::abs(z) <= limit) return z;
    }
  }

 private:
  // SplitMix64 finaliser (Steele, Lea, Flood 2014), to spread nearby seeds.
  static uint64_t Mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  std::mt19937_64 engine_;
};

// The Gaussian measurement noise: many values (three per landmark sample),
// so made cheaply: the ziggurat on each 32-bit half of a xoshiro256** word
// (sim/rng.h, fully specified like the rest), two values per 64-bit draw in
// ~99 % of cases, no logarithm or cosine. A half gives 8 bits of layer, a
// sign and a 23-bit uniform: values are multiples of 2^-23 of their layer's
// width (< 4.4e-7 SD), far below any noise level of interest.
class NoiseSource {
 public:
  NoiseSource(uint64_t seed, uint64_t stream) : rng_(seed, stream), z_(Ziggurat()) {}

  // Adds sd * N(0, 1) to every coordinate of `values`. Coordinate i (in
  // order) takes the i-th 32-bit half of the next words, low half first; the
  // ~1 % that fall outside their layer's inner rectangle are then finished in
  // order by the exact wedge and tail tests, which draw further words.
  void AddTo(double sd, std::vector<Vec3>& values);

 private:
  // The value for a half outside the inner rectangles, drawing more if the
  // ziggurat rejects it.
  double Finish(uint32_t bits);
  // Beyond kR, by Marsaglia's (1964) exponential rejection.
  double Tail();
  Rng rng_;
  const ZigguratTables& z_;
};

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_RNG_H_
