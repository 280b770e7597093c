// Walks per second for the two walks the cohort simulator and the tests make:
//   Marker100Hz:   a 10 s, 100 Hz lab marker walk (pelvis markers, hip centres);
//   Keypoint60Hz:  a 10 s, 60 Hz markerless keypoint walk, the cohort's
//                  typical trial (issue: 60,000 such walks in under 60 s on
//                  2 cores, i.e. >= 1,000 walks/s per core before writing).
// Both have 2 mm noise and 2 % dropouts. Each is measured against a
// same-process baseline that only allocates and fills a series of the same
// shape with constants (the floor any generator of that output pays), so the
// ratio means something on any machine.
#include <benchmark/benchmark.h>

#include <thread>

#include "thaplan/walker.h"

namespace {

thaplan::WalkParams TenSecondWalk(double rate_hz, thaplan::WalkLandmarkSet set) {
  thaplan::WalkParams p;
  p.sample_rate_hz = rate_hz;
  p.landmark_set = set;
  p.stride_count = 6;  // 6 steady + 2 unsteady strides per side: 10.1 s at 108 steps/min
  p.noise_sd_m = 0.002;
  p.dropout_fraction = 0.02;
  return p;
}

thaplan::WalkParams Marker100Hz() {
  return TenSecondWalk(100, thaplan::WalkLandmarkSet::kMarkers);
}
thaplan::WalkParams Keypoint60Hz() {
  return TenSecondWalk(60, thaplan::WalkLandmarkSet::kKeypoints);
}

void SimulateWalks(benchmark::State& state, const thaplan::WalkParams& p) {
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

void FillConstantSeries(benchmark::State& state, const thaplan::WalkParams& p) {
  // The shape comes from a walk made on a thread of its own, so that the
  // walker's per-thread scratch memory does not change how the allocator
  // treats this thread's series (the baselines also run first).
  thaplan::Result<thaplan::SyntheticWalk> shape = thaplan::Status::Internal("not run");
  std::thread([&] { shape = thaplan::SimulateWalk(p, 1); }).join();
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

void BM_SimulateWalk_Marker100Hz(benchmark::State& state) {
  SimulateWalks(state, Marker100Hz());
}
void BM_SimulateWalk_Keypoint60Hz(benchmark::State& state) {
  SimulateWalks(state, Keypoint60Hz());
}
void BM_FillConstantSeries_Marker100Hz(benchmark::State& state) {
  FillConstantSeries(state, Marker100Hz());
}
void BM_FillConstantSeries_Keypoint60Hz(benchmark::State& state) {
  FillConstantSeries(state, Keypoint60Hz());
}
BENCHMARK(BM_FillConstantSeries_Marker100Hz)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FillConstantSeries_Keypoint60Hz)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulateWalk_Marker100Hz)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulateWalk_Keypoint60Hz)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
