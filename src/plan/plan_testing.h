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

// The three 3-month index models, trained on patients [0, patients).
inline CohortModels TrainCohortModels(const CohortModel& cohort, int patients, int rounds,
                                      int depth) {
  CohortModels out;
  out.table = SimulatedPlanningTable(cohort, 0, patients);
  TrainOptions options;
  options.spec.feature_set.reset();
  for (const FeatureInfo& f : out.table.features) options.spec.features.push_back(f.column);
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

inline PlanPatient PatientFor(const CohortModel& cohort, int index, size_t targets) {
  PlanPatient p;
  p.label = "patient " + std::to_string(index);
  const std::vector<float> row = SimulatedPlanningRow(cohort.Patient(index));
  p.rows.assign(targets, row);
  return p;
}

}  // namespace thaplan::plan_testing

#endif  // THAPLAN_PLAN_PLAN_TESTING_H_
