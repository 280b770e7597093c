// A small, fully specified random number generator for the simulators, so a
// seed gives the same bytes with any compiler and standard library
// (std::normal_distribution is implementation-defined).
// xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64.
#ifndef THAPLAN_SIM_RNG_H_
#define THAPLAN_SIM_RNG_H_

#include <cmath>
#include <cstdint>

namespace thaplan::sim {

class Rng {
 public:
  // Independent streams: Rng(seed, stream) for e.g. one stream per patient,
  // so patients can be drawn in any order or in parallel.
  explicit Rng(uint64_t seed, uint64_t stream = 0) {
    uint64_t x = seed ^ (0x9E3779B97F4A7C15ull * (stream + 1));
    for (uint64_t& word : s_) word = SplitMix64(&x);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Bernoulli(double p) { return Uniform() < p; }
  // Standard normal by the Box-Muller transform (one value per call; the
  // second is dropped so the stream position never depends on history).
  double Normal() {
    double u1 = Uniform();
    while (u1 <= 0.0) u1 = Uniform();
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // Index drawn with the given weights (need not sum to 1).
  template <typename Weights>
  int Choose(const Weights& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double r = Uniform() * total;
    int i = 0;
    for (double w : weights) {
      if (r < w) return i;
      r -= w;
      ++i;
    }
    return i - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix64(uint64_t* x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t s_[4];
};

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_RNG_H_
