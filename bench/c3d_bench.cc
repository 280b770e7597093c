// ParseC3d throughput on a realistic trial (10 s at 100 Hz, 25 markers, 16
// analog channels at 1000 Hz), written once with WriteC3d to a temporary
// file and parsed from memory. Baselines over the same bytes: memcpy and a
// 64-bit checksum, so the ratio to plain memory bandwidth is visible.
// Target (docs/c3d.md): >= 100 MB/s on one core.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "thaplan/c3d.h"

namespace {

constexpr int kFrames = 1000;
constexpr int kMarkers = 25;
constexpr int kAnalogChannels = 16;
constexpr int kAnalogPerFrame = 10;

thaplan::Trial RealisticTrial() {
  thaplan::Trial t;
  t.sample_rate_hz = 100;
  t.frame_count = kFrames;
  t.vertical_axis = thaplan::Axis::kZ;
  for (int m = 0; m < kMarkers; ++m) t.landmarks.push_back("S:M" + std::to_string(m));
  for (int f = 0; f < kFrames; ++f) {
    double s = f / 100.0;
    for (int m = 0; m < kMarkers; ++m) {
      bool gap = m % 7 == 3 && f % 50 < 5;
      double nan = std::nan("");
      t.positions_m.push_back(gap ? thaplan::Vec3{nan, nan, nan}
                                  : thaplan::Vec3{1.3 * s - 6 + 0.01 * m,
                                                  0.1 * std::sin(s * 6 + m),
                                                  0.05 * m + 0.02 * std::cos(s * 12)});
    }
  }
  t.events = {{"Left", "Foot Strike", 0.57}, {"Right", "Foot Strike", 1.03}};
  return t;
}

// The file's bytes per variant, written once through WriteC3d and a file.
const std::vector<uint8_t>& Bytes(thaplan::C3dProcessor p, thaplan::C3dStorage s) {
  static std::map<std::pair<int, int>, std::vector<uint8_t>> cache;
  auto key = std::make_pair(static_cast<int>(p), static_cast<int>(s));
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  thaplan::C3dWriteOptions o;
  o.processor = p;
  o.storage = s;
  o.analog_channels = kAnalogChannels;
  o.analog_samples_per_frame = kAnalogPerFrame;
  for (int i = 0; i < kFrames * kAnalogChannels * kAnalogPerFrame; ++i) {
    o.analog.push_back(static_cast<float>(std::round(1000 * std::sin(i * 0.01))));
  }
  std::string path = "/tmp/c3d_bench_" + std::to_string(::getpid()) + ".c3d";
  thaplan::Status st = thaplan::WriteC3d(RealisticTrial(), o, path);
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    std::abort();
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in),
                             std::istreambuf_iterator<char>()};
  std::remove(path.c_str());
  return cache.emplace(key, std::move(bytes)).first->second;
}

void BM_ParseC3d(benchmark::State& state) {
  auto p = static_cast<thaplan::C3dProcessor>(state.range(0));
  auto s = static_cast<thaplan::C3dStorage>(state.range(1));
  const std::vector<uint8_t>& bytes = Bytes(p, s);
  for (auto _ : state) {
    thaplan::Result<thaplan::Trial> t = thaplan::ParseC3d(bytes, "bench.c3d");
    if (!t.ok()) state.SkipWithError(t.status().message().c_str());
    benchmark::DoNotOptimize(t);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  state.SetLabel(std::string(thaplan::C3dProcessorName(p)) +
                 (s == thaplan::C3dStorage::kFloat ? " float " : " integer ") +
                 std::to_string(bytes.size() / 1024) + " KiB");
}
BENCHMARK(BM_ParseC3d)
    ->Args({0, 0})   // Intel integer
    ->Args({0, 1})   // Intel float
    ->Args({1, 0})   // DEC integer
    ->Args({1, 1})   // DEC float
    ->Args({2, 1});  // MIPS float

void BM_BaselineMemcpy(benchmark::State& state) {
  const std::vector<uint8_t>& bytes =
      Bytes(thaplan::C3dProcessor::kIntel, thaplan::C3dStorage::kInteger);
  std::vector<uint8_t> copy(bytes.size());
  for (auto _ : state) {
    std::memcpy(copy.data(), bytes.data(), bytes.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_BaselineMemcpy);

void BM_BaselineChecksum(benchmark::State& state) {
  const std::vector<uint8_t>& bytes =
      Bytes(thaplan::C3dProcessor::kIntel, thaplan::C3dStorage::kInteger);
  for (auto _ : state) {
    uint64_t sum = 0;
    for (size_t i = 0; i + 8 <= bytes.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, &bytes[i], 8);
      sum += w;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_BaselineChecksum);

}  // namespace

BENCHMARK_MAIN();
