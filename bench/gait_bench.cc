// AnalyzeTrial throughput on a realistic-size trial: 10 s at 100 Hz with all
// 24 canonical landmarks, against a baseline that only copies the series.
// Target (task brief): >= 1,000 trials/s on one core.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>

#include "thaplan/gait.h"

namespace {

using thaplan::Landmark;
using thaplan::LandmarkSeries;
using thaplan::Vec3;

// A simple periodic walk along +X at 1.2 m/s: feet alternate stance (fixed)
// and swing (smooth), the pelvis and upper body sway, with 1 mm noise.
LandmarkSeries MakeBenchWalk() {
  LandmarkSeries s;
  s.sample_rate_hz = 100;
  s.frame_count = 1000;
  s.pelvis_tracked = true;
  s.source_path = "bench-walk";
  for (auto& t : s.positions) t.resize(1000);
  const double T = 1.05, L = 1.26, v = L / T, pi = std::numbers::pi;
  uint32_t seed = 12345;
  auto noise = [&]() {
    seed = seed * 1664525u + 1013904223u;
    return (static_cast<double>(seed >> 8) / 16777216.0 - 0.5) * 0.002;
  };
  for (size_t f = 0; f < 1000; ++f) {
    const double t = static_cast<double>(f) / 100;
    const double sway = 0.02 * std::sin(2 * pi * t / T);
    const Vec3 pelvis{v * t, sway, 0.92 + 0.015 * std::cos(4 * pi * t / T)};
    auto set = [&](Landmark l, double dx, double dy, double dz) {
      s.Of(l)[f] = {pelvis[0] + dx + noise(), pelvis[1] + dy + noise(),
                    pelvis[2] + dz + noise()};
    };
    set(Landmark::kLeftHip, 0, 0.09, 0);
    set(Landmark::kRightHip, 0, -0.09, 0);
    set(Landmark::kMidHip, 0, 0, 0);
    set(Landmark::kLeftAsis, 0.05, 0.12, 0.08);
    set(Landmark::kRightAsis, 0.05, -0.12, 0.08);
    set(Landmark::kLeftPsis, -0.1, 0.05, 0.1);
    set(Landmark::kRightPsis, -0.1, -0.05, 0.1);
    set(Landmark::kSacrum, -0.1, 0, 0.1);
    set(Landmark::kLeftShoulder, 0, 0.18, 0.5);
    set(Landmark::kRightShoulder, 0, -0.18, 0.5);
    set(Landmark::kNeck, 0, 0, 0.55);
    set(Landmark::kHead, 0, 0, 0.7);
    set(Landmark::kLeftElbow, -0.05 * std::sin(2 * pi * t / T), 0.2, 0.22);
    set(Landmark::kRightElbow, 0.05 * std::sin(2 * pi * t / T), -0.2, 0.22);
    set(Landmark::kLeftWrist, -0.1 * std::sin(2 * pi * t / T), 0.2, -0.04);
    set(Landmark::kRightWrist, 0.1 * std::sin(2 * pi * t / T), -0.2, -0.04);
    for (int side = 0; side < 2; ++side) {
      const double phase = std::fmod(t / T + 0.5 * side + 0.8, 1.0);  // 0 = strike
      const double k = std::floor(t / T + 0.5 * side + 0.8);
      const double strike_x = (k - 0.5 * side - 0.8) * L + 0.3 * L;
      double x = strike_x, z = 0;
      if (phase >= 0.62) {
        const double u = (phase - 0.62) / 0.38;
        x = strike_x + L * (u - std::sin(2 * pi * u) / (2 * pi));
        z = 0.08 * std::sin(pi * u);
      }
      const double y = side == 0 ? 0.08 : -0.08;
      const Landmark heel = side == 0 ? Landmark::kLeftHeel : Landmark::kRightHeel;
      const Landmark toe = side == 0 ? Landmark::kLeftToe : Landmark::kRightToe;
      const Landmark ankle = side == 0 ? Landmark::kLeftAnkle : Landmark::kRightAnkle;
      const Landmark knee = side == 0 ? Landmark::kLeftKnee : Landmark::kRightKnee;
      s.Of(heel)[f] = {x + noise(), y + noise(), z + noise()};
      s.Of(toe)[f] = {x + 0.22 + noise(), y + noise(), z + noise()};
      s.Of(ankle)[f] = {x + 0.05 + noise(), y + noise(), z + 0.08 + noise()};
      s.Of(knee)[f] = {0.5 * (x + pelvis[0]) + 0.04, y, 0.5 * (z + 0.08 + pelvis[2])};
    }
  }
  return s;
}

void BM_CopySeries(benchmark::State& state) {
  const LandmarkSeries s = MakeBenchWalk();
  for (auto _ : state) {
    LandmarkSeries copy = s;
    benchmark::DoNotOptimize(copy);
  }
  state.counters["trials/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CopySeries);

void BM_AnalyzeTrial(benchmark::State& state) {
  const LandmarkSeries s = MakeBenchWalk();
  const thaplan::GaitOptions options;
  const auto check = thaplan::AnalyzeTrial(s, options);
  if (!check.ok() || check->strides.size() < 10) {
    state.SkipWithError("bench walk did not analyse as expected");
    return;
  }
  for (auto _ : state) {
    auto r = thaplan::AnalyzeTrial(s, options);
    benchmark::DoNotOptimize(r);
  }
  state.counters["trials/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
  state.counters["strides"] = static_cast<double>(check->strides.size());
}
BENCHMARK(BM_AnalyzeTrial);

}  // namespace

BENCHMARK_MAIN();
