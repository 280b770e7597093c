// Seeded randomness for resampling and fold assignment, fully specified so a
// seed gives the same folds and resamples with any compiler and standard
// library (std::uniform_int_distribution is implementation-defined).
// SplitMix64 (Steele, Lea & Flood 2014, as in Vigna's reference code).
#ifndef THAPLAN_MODEL_RANDOM_H_
#define THAPLAN_MODEL_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace thaplan::model {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n) for n > 0, without modulo bias: values in the
  // incomplete top block are rejected.
  uint64_t Below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t r = Next();
    while (r >= limit) r = Next();
    return r % n;
  }

 private:
  uint64_t state_;
};

// Fisher-Yates shuffle (Knuth, TAOCP vol. 2, algorithm P).
template <typename T>
void Shuffle(std::vector<T>* items, SplitMix64* rng) {
  for (size_t i = items->size(); i > 1; --i) {
    std::swap((*items)[i - 1], (*items)[rng->Below(i)]);
  }
}

}  // namespace thaplan::model

#endif  // THAPLAN_MODEL_RANDOM_H_
