// Test helper: simulated modelling tables with known structure.
#ifndef THAPLAN_MODEL_TRAIN_TESTING_H_
#define THAPLAN_MODEL_TRAIN_TESTING_H_

#include <cmath>
#include <string>
#include <vector>

#include "model/random.h"
#include "thaplan/dataset.h"
#include "thaplan/train.h"

namespace thaplan::model::testing {

// `rows` rows of features x0..x{coef.size()-1}, uniform on [-1, 1], and one
// continuous target y = sum(coef[j] * x_j) + N(0, noise_sd^2) noise (Box-Muller),
// named "y" with unit "u". Feature j has unit "unit j".
inline Table LinearTable(size_t rows, const std::vector<double>& coef, double noise_sd,
                         uint64_t seed) {
  SplitMix64 rng(seed);
  const auto uniform = [&] { return static_cast<double>(rng.Next() >> 11) * 0x1.0p-53; };
  Table t;
  t.source = "/somewhere/simulated.csv";
  for (size_t j = 0; j < coef.size(); ++j) {
    const std::string name = "x" + std::to_string(j);
    t.features.push_back({name, name, "", "unit " + std::to_string(j)});
  }
  t.x.rows = rows;
  t.x.cols = coef.size();
  TargetColumn y;
  y.spec.name = y.spec.column = "y";
  y.unit = "u";
  for (size_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (double c : coef) {
      const float v = static_cast<float>(uniform() * 2 - 1);
      t.x.values.push_back(v);
      sum += c * v;
    }
    const double u1 = 1 - uniform(), u2 = uniform();
    sum += noise_sd * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    y.values.push_back(sum);
    y.preop.push_back(std::nan(""));
    t.keys.push_back("row " + std::to_string(r + 1));
    t.groups.push_back("");
  }
  t.targets.push_back(std::move(y));
  return t;
}

// Training options whose spec lists the table's features, as a spec the
// table was built from would.
inline TrainOptions OptionsFor(const Table& table) {
  TrainOptions options;
  options.spec.feature_set.reset();
  for (const FeatureInfo& f : table.features) options.spec.features.push_back(f.column);
  return options;
}

}  // namespace thaplan::model::testing

#endif  // THAPLAN_MODEL_TRAIN_TESTING_H_
