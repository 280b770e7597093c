// Parsing throughput of the TRC and keypoint CSV readers on a realistic
// trial (10 s at 100 Hz, 25 markers), against a same-process baseline that
// only counts newlines over the same bytes (the least any parser must do).
//
//   ./build/release/trc_bench
//
// Compare bytes_per_second of BM_ParseTrc with BM_CountNewlines/trc.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "thaplan/keypoints.h"
#include "thaplan/trc.h"

namespace {

// 25 markers on a body walking at 1.2 m/s along +X, Y up (OpenSim's axes),
// with gait-like oscillations; positions rounded to 0.01 mm as mocap
// systems report them, so the text looks like a real export.
thaplan::Trial RealisticTrial() {
  thaplan::Trial t;
  t.source_path = "bench.trc";
  t.format = "trc";
  t.sample_rate_hz = 100;
  t.frame_count = 1000;
  t.vertical_axis = thaplan::Axis::kY;
  const int markers = 25;
  for (int m = 0; m < markers; ++m) {
    std::string name = "M";  // not "M" + std::string: GCC 12 -Wrestrict bug 105329
    name += std::to_string(m + 1);
    t.landmarks.push_back(name);
  }
  for (int f = 0; f < t.frame_count; ++f) {
    const double time = f / t.sample_rate_hz;
    for (int m = 0; m < markers; ++m) {
      const double phase = 2 * M_PI * 0.9 * time + m;
      const double x = 1.2 * time + 0.3 * std::sin(phase) + 0.01 * m;
      const double y = 0.05 + 1.65 * m / (markers - 1) + 0.03 * std::cos(2 * phase);
      const double z = (m % 2 == 0 ? 0.15 : -0.15) + 0.02 * std::sin(phase);
      auto round = [](double v) { return std::round(v * 1e5) / 1e5; };
      t.positions_m.push_back({round(x), round(y), round(z)});
      t.confidence.push_back(static_cast<float>(0.5 + 0.5 * std::fabs(std::sin(phase))));
    }
  }
  return t;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Written once with the real writers to a temporary file, then held in memory.
const std::string& TrcText(thaplan::TrcUnits units) {
  static std::string texts[3];
  std::string& text = texts[static_cast<int>(units)];
  if (text.empty()) {
    const std::string path =
        "/tmp/thaplan_trc_bench_" + std::to_string(::getpid()) + ".trc";
    if (!thaplan::WriteTrc(RealisticTrial(), path, units).ok()) std::abort();
    text = Slurp(path);
    ::unlink(path.c_str());
  }
  return text;
}

const std::string& KeypointText() {
  static std::string text;
  if (text.empty()) {
    const std::string path =
        "/tmp/thaplan_kp_bench_" + std::to_string(::getpid()) + ".csv";
    if (!thaplan::WriteKeypointCsv(RealisticTrial(), path, thaplan::LengthUnit::kMetres)
             .ok()) {
      std::abort();
    }
    text = Slurp(path);
    ::unlink(path.c_str());
  }
  return text;
}

void CountNewlines(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::count(text.begin(), text.end(), '\n'));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

void BM_CountNewlines_TrcMetres(benchmark::State& state) {
  CountNewlines(state, TrcText(thaplan::TrcUnits::kMetres));
}
BENCHMARK(BM_CountNewlines_TrcMetres);

void BM_ParseTrc(benchmark::State& state) {
  const auto units = static_cast<thaplan::TrcUnits>(state.range(0));
  const std::string& text = TrcText(units);
  for (auto _ : state) {
    thaplan::Result<thaplan::Trial> r = thaplan::ParseTrc(text, "bench.trc");
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.SetLabel(std::string(thaplan::LengthUnitSymbol(units)) + ", " +
                 std::to_string(text.size()) + " bytes");
}
BENCHMARK(BM_ParseTrc)
    ->Arg(static_cast<int>(thaplan::TrcUnits::kMetres))
    ->Arg(static_cast<int>(thaplan::TrcUnits::kMillimetres));

void BM_CountNewlines_Keypoints(benchmark::State& state) {
  CountNewlines(state, KeypointText());
}
BENCHMARK(BM_CountNewlines_Keypoints);

void BM_ParseKeypointCsv(benchmark::State& state) {
  const std::string& text = KeypointText();
  for (auto _ : state) {
    thaplan::Result<thaplan::Trial> r = thaplan::ParseKeypointCsv(text, "bench.csv");
    if (!r.ok()) state.SkipWithError(r.status().message().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.SetLabel(std::to_string(text.size()) + " bytes");
}
BENCHMARK(BM_ParseKeypointCsv);

}  // namespace

BENCHMARK_MAIN();
