// Test helpers: outcome models trained on a simulated cohort, and patients.
#ifndef THAPLAN_PLAN_PLAN_TESTING_H_
#define THAPLAN_PLAN_PLAN_TESTING_H_

#include <cmath>
#include <string>
#include <vector>

#include "thaplan/plan.h"
#include "thaplan/train.h"

namespace thaplan::plan_testing {

struct CohortModels {
  Table table;
  std::vector<PlanTarget> targets;
};

inline double Sd(const std::vector<double>& v) {
  double sum = 0, sq = 0;
  for (double x : v) sum += x;
  const double mean = sum / static_cast<double>(v.size());
  for (double x : v) sq += (x - mean) * (x - mean);
  return std::sqrt(sq / static_cast<double>(v.size()));
}

inline size_t FeatureIndex(const Table& table, std::string_view name) {
  for (size_t f = 0; f < table.features.size(); ++f) {
    if (table.features[f].name == name) return f;
  }
  return table.features.size();
}

// The row with the combined anteversion appended, from its cup and stem
// anteversion as the table holds them (the row's own `cup` and `stem`).
inline void AppendCombined(std::vector<float>* row, size_t cup, size_t stem) {
  row->push_back(CombinedAnteversionFeature((*row)[cup], (*row)[stem]));
}

// The table with the combined anteversion appended as the last feature.
inline Table WithCombinedAnteversion(const Table& in) {
  Table out = in;
  const size_t cup = FeatureIndex(in, "cup_anteversion_deg");
  const size_t stem = FeatureIndex(in, "stem_anteversion_deg");
  const std::string name(kCombinedAnteversionFeature);
  out.features.push_back({name, name, "", "deg"});
  out.x.cols = in.x.cols + 1;
  out.x.values.clear();
  for (size_t r = 0; r < in.rows(); ++r) {
    std::vector<float> row(in.x.row(r).begin(), in.x.row(r).end());
    AppendCombined(&row, cup, stem);
    out.x.values.insert(out.x.values.end(), row.begin(), row.end());
  }
  return out;
}

// The three 3-month index models, trained on patients [0, patients); with
// `combined`, also on the combined anteversion (the last feature).
inline CohortModels TrainCohortModels(const CohortModel& cohort, int patients, int rounds,
                                      int depth, bool combined = false) {
  CohortModels out;
  out.table = SimulatedPlanningTable(cohort, 0, patients);
  if (combined) out.table = WithCombinedAnteversion(out.table);
  TrainOptions options;
  options.spec.feature_set.reset();
  for (const FeatureInfo& f : out.table.features)
    options.spec.features.push_back(f.column);
  options.rounds = rounds;
  options.threads = 1;
  options.params["max_depth"] = std::to_string(depth);
  options.params["eta"] = "0.1";
  for (size_t t = 0; t < out.table.targets.size(); ++t) {
    Result<ModelBundle> bundle = TrainModel(out.table, t, options);
    if (!bundle.ok()) return out;  // the caller's ASSERT on the size reports it
    PlanTarget target;
    target.bundle = std::move(bundle).value();
    target.better = *DefaultBetter(out.table.targets[t].spec.column);
    target.scale = Sd(out.table.targets[t].values);
    out.targets.push_back(std::move(target));
  }
  return out;
}

inline PlanPatient PatientFor(const CohortModel& cohort, int index, size_t targets,
                              bool combined = false) {
  PlanPatient p;
  p.label = "patient " + std::to_string(index);
  std::vector<float> row = SimulatedPlanningRow(cohort.Patient(index));
  if (combined) {  // cup and stem anteversion: columns 4 and 5 (sim_table.cc)
    AppendCombined(&row, 4, 5);
  }
  p.rows.assign(targets, row);
  return p;
}

}  // namespace thaplan::plan_testing

#endif  // THAPLAN_PLAN_PLAN_TESTING_H_
