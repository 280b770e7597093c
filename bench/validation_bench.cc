// The full validation of issue 5 timed: 5 x 5 nested CV plus Harrell's
// bootstrap (200 replicates), 3 continuous targets, 300 patients, 25
// features, on 2 threads. Writes the table (validation.csv) and the report
// with its folds (validation_report.json) so bench/validation_sklearn.py can
// run the same protocol on the same folds with XGBoost's Python package and
// scikit-learn; see bench/README.md.
//
// Flags: --out=DIR (default /tmp/thaplan_validation_bench) --threads=N (2)
// --replicates=B (200) --repeats=R (5). Other flags (e.g. Google Benchmark's,
// from bench/run_all.sh) are ignored.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

#include "thaplan/validation.h"

namespace {

using thaplan::Table;

struct Rng {
  uint64_t s;
  uint64_t Next() {  // SplitMix64
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }
  double Normal() {
    return std::sqrt(-2 * std::log(Uniform())) * std::cos(2 * std::numbers::pi * Uniform());
  }
};

// 300 patients, 20 continuous and 5 binary features (8 % missing); three
// targets with oracle R^2 0.05, 0.15 and 0.35 (the originating study's
// range and beyond), each with a pre-op counterpart.
Table MakeCohort(size_t n) {
  Rng rng{2024};
  Table t;
  t.source = "validation_bench cohort";
  t.x.rows = n;
  t.x.cols = 25;
  for (size_t c = 0; c < 25; ++c) t.features.push_back({"x" + std::to_string(c), "", "", ""});
  const double r2[] = {0.05, 0.15, 0.35};
  t.targets.resize(3);
  for (size_t k = 0; k < 3; ++k) {
    t.targets[k].spec.name = t.targets[k].spec.column = "y" + std::to_string(k);
    t.targets[k].spec.preop_column = "preop_y" + std::to_string(k);
  }
  for (size_t r = 0; r < n; ++r) {
    double x[25];
    for (size_t c = 0; c < 25; ++c) x[c] = c < 20 ? rng.Normal() : (rng.Uniform() < 0.4);
    for (size_t c = 0; c < 25; ++c) {
      t.x.values.push_back(rng.Uniform() < 0.08 ? std::nanf("") : static_cast<float>(x[c]));
    }
    // Signal with an interaction and a threshold (variance about 1.6).
    const double f = x[0] + 0.5 * x[1] * x[2] + 0.8 * (x[3] > 0.5) + 0.5 * x[20];
    for (size_t k = 0; k < 3; ++k) {
      const double noise = std::sqrt(1.6 * (1 - r2[k]) / r2[k]);
      t.targets[k].values.push_back(5 + f + noise * rng.Normal());
      t.targets[k].preop.push_back(5 + 0.5 * f + noise * rng.Normal());
    }
    t.groups.push_back("");
    t.keys.push_back("row " + std::to_string(r + 1));
  }
  return t;
}

void WriteCsv(const Table& t, const std::filesystem::path& path) {
  std::ofstream out(path);
  for (const auto& f : t.features) out << f.name << ',';
  for (const auto& c : t.targets) out << c.spec.column << ',' << c.spec.preop_column << ',';
  out << "key\n";
  char buf[64];
  for (size_t r = 0; r < t.rows(); ++r) {
    for (size_t c = 0; c < t.x.cols; ++c) {
      const float v = t.x.at(r, c);
      if (!std::isnan(v)) {
        std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
        out << buf;
      }
      out << ',';
    }
    for (const auto& c : t.targets) {
      std::snprintf(buf, sizeof buf, "%.17g,%.17g,", c.values[r], c.preop[r]);
      out << buf;
    }
    out << t.keys[r] << '\n';
  }
}

std::string Flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--" + name + "=", 0) == 0) return a.substr(name.size() + 3);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = Flag(argc, argv, "out", "/tmp/thaplan_validation_bench");
  std::filesystem::create_directories(dir);
  const Table table = MakeCohort(300);
  WriteCsv(table, dir / "validation.csv");
  thaplan::ValidationOptions o;
  o.protocols = {thaplan::Protocol::kRepeatedCv, thaplan::Protocol::kBootstrap};
  o.threads = std::stoi(Flag(argc, argv, "threads", "2"));
  o.bootstrap_replicates = std::stoi(Flag(argc, argv, "replicates", "200"));
  o.repeats = std::stoul(Flag(argc, argv, "repeats", "5"));
  o.seed = 1;
  o.record_splits = true;
  const auto start = std::chrono::steady_clock::now();
  auto report = thaplan::Validate(table, o);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report.ok()) {
    std::fprintf(stderr, "validation_bench: %s\n", report.status().message().c_str());
    return 1;
  }
  nlohmann::json j = thaplan::ToJson(*report);
  j["bench"] = {{"seconds", seconds},
                {"threads", o.threads},
                {"repeats", o.repeats},
                {"folds", o.folds},
                {"replicates", o.bootstrap_replicates}};
  std::ofstream(dir / "validation_report.json") << j.dump() << '\n';
  std::printf("thaplan validation: %zu x %zu nested CV + %d bootstrap replicates, 3 targets, "
              "300 rows, 25 features, %d threads: %.1f s\n",
              o.repeats, o.folds, o.bootstrap_replicates, o.threads, seconds);
  for (const auto& t : report->targets) {
    for (const auto& p : t.protocols) {
      std::printf("  %s %-9s xgboost r2 %.4f  ridge r2 %.4f\n", t.target.c_str(),
                  std::string(thaplan::ProtocolName(p.protocol)).c_str(),
                  p.models[0].metrics.at("r2").value, p.models[2].metrics.at("r2").value);
    }
  }
  return 0;
}
