// Walks per second for a 10 s, 100 Hz marker walk, against a same-process
// baseline that only allocates and fills a series of the same shape with
// constants (the floor any generator of that output pays).
#include <benchmark/benchmark.h>

#include "thaplan/walker.h"

namespace {

thaplan::WalkParams TenSecondWalk() {
  thaplan::WalkParams p;
  p.sample_rate_hz = 100;
  p.stride_count = 6;  // 6 steady + 2 unsteady strides per side: 10.1 s at 108 steps/min
  p.noise_sd_m = 0.002;
  p.dropout_fraction = 0.02;
  return p;
}

void BM_SimulateWalk(benchmark::State& state) {
  const thaplan::WalkParams p = TenSecondWalk();
  uint64_t seed = 1;
  int64_t frames = 0;
  for (auto _ : state) {
    auto walk = thaplan::SimulateWalk(p, seed++);
    if (!walk.ok()) {
      state.SkipWithError(walk.status().message().c_str());
      break;
    }
    frames = walk->series.frame_count;
    benchmark::DoNotOptimize(walk);
  }
  state.counters["frames"] = static_cast<double>(frames);
  state.counters["walks_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateWalk)->Unit(benchmark::kMillisecond);

void BM_FillConstantSeries(benchmark::State& state) {
  const thaplan::WalkParams p = TenSecondWalk();
  auto shape = thaplan::SimulateWalk(p, 1);
  if (!shape.ok()) {
    state.SkipWithError(shape.status().message().c_str());
    return;
  }
  const int64_t frames = shape->series.frame_count;
  size_t landmarks = 0;
  for (const auto& track : shape->series.positions) landmarks += !track.empty();
  for (auto _ : state) {
    thaplan::LandmarkSeries s;
    s.frame_count = frames;
    s.sample_rate_hz = p.sample_rate_hz;
    for (size_t l = 0; l < landmarks; ++l) {
      s.positions[l].assign(static_cast<size_t>(frames), thaplan::Vec3{0.1, 0.2, 0.3});
    }
    benchmark::DoNotOptimize(s);
  }
  state.counters["walks_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FillConstantSeries)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
