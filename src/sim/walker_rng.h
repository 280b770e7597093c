// A seeded random source whose output is fixed by the C++ standard alone:
// std::mt19937_64's raw output is specified, but the standard distributions
// are not, so uniform and normal draws are made here. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_RNG_H_
#define THAPLAN_SIM_WALKER_RNG_H_

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace thaplan::sim {

// Named apart from the cohort simulator's sim::Rng (sim/rng.h): two inline classes
// of one name break the one-definition rule, and the linker kept the other
// constructor, leaving this engine uninitialised (same seed, different walks).
class WalkerRng {
 public:
  // `stream` separates independent purposes (strides, noise, dropouts) so that
  // changing one parameter does not reshuffle the others' draws.
  WalkerRng(uint64_t seed, uint64_t stream) : engine_(Mix(seed ^ Mix(stream + 1))) {}

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0 (the bias of the modulo is < 2^-40 for
  // the n used here).
  uint64_t UniformInt(uint64_t n) { return engine_() % n; }
  // Standard normal by Box-Muller.
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

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_RNG_H_
