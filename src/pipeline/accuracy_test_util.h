// Test-only: truth for the accuracy tests on the public recordings
// (shared/data/README.md), computed here from the files' own force plates
// and inverse kinematics with a loader of its own, never from thaplan's
// readers or analysis. Header-only so it stays out of the library.
#ifndef THAPLAN_PIPELINE_ACCURACY_TEST_UTIL_H_
#define THAPLAN_PIPELINE_ACCURACY_TEST_UTIL_H_

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "thaplan/gait.h"

namespace thaplan::accuracy_test {

inline std::string SharedData(const std::string& rel) {
  return std::string(THAPLAN_SHARED_DATA) + "/" + rel;
}

// An OpenSim .mot/.sto table: a header ending in "endheader", a line of
// column names, then whitespace-separated numbers. Column name -> values.
inline std::map<std::string, std::vector<double>> LoadMot(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line) && line.rfind("endheader", 0) != 0) {
  }
  std::getline(in, line);
  std::vector<std::string> names;
  std::istringstream header(line);
  for (std::string n; header >> n;) names.push_back(n);
  std::map<std::string, std::vector<double>> table;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    double v = 0;
    for (size_t c = 0; c < names.size() && row >> v; ++c) table[names[c]].push_back(v);
  }
  return table;
}

// Times where `force` crosses `threshold_n` upward (contact) or downward
// (lift-off), by linear interpolation between samples (README: 20 N).
struct Crossings {
  std::vector<double> up, down;
};
inline Crossings ForceCrossings(const std::vector<double>& time,
                                const std::vector<double>& force, double threshold_n) {
  Crossings c;
  for (size_t i = 1; i < force.size() && i < time.size(); ++i) {
    const double a = force[i - 1] - threshold_n, b = force[i] - threshold_n;
    if ((a < 0) == (b < 0)) continue;
    const double t = time[i - 1] + a / (a - b) * (time[i] - time[i - 1]);
    (b >= 0 ? c.up : c.down).push_back(t);
  }
  return c;
}

// Signed error (detected - truth) of the detected event of this side and
// kind nearest to `truth_s`; NaN when there is none.
inline double NearestError(const GaitReport& r, Side side, GaitEventKind kind,
                           double truth_s) {
  double best = NAN;
  for (const GaitEvent& e : r.events) {
    if (e.side != side || e.kind != kind) continue;
    const double err = e.time_s - truth_s;
    if (std::isnan(best) || std::abs(err) < std::abs(best)) best = err;
  }
  return best;
}

// One line per event for the test log: the figures docs/gait.md quotes.
inline void Log(const std::string& what, Side side, GaitEventKind kind, double truth_s,
                double error_s) {
  std::printf("[accuracy] %s %s %s at %.4f s: error %+.1f ms\n", what.c_str(),
              std::string(SideName(side)).c_str(),
              std::string(GaitEventKindName(kind)).c_str(), truth_s, error_s * 1000);
}

}  // namespace thaplan::accuracy_test

#endif  // THAPLAN_PIPELINE_ACCURACY_TEST_UTIL_H_
