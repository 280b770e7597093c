// Internal: the data behind CheckPlannerOnOracle (thaplan/plan_check.h).
#ifndef THAPLAN_PLAN_PLAN_CHECK_DATA_H_
#define THAPLAN_PLAN_PLAN_CHECK_DATA_H_

#include <cmath>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "thaplan/cohort.h"
#include "thaplan/dataset.h"
#include "thaplan/registry.h"

namespace thaplan::plan {

struct CheckData {
  std::unique_ptr<Registry> registry;
  std::map<std::string, int> index_of;  // pseudonym -> simulated patient
};

// Writes the cohort's tables under dir/cohort, imports them into
// dir/registry.db (site keys in dir/keys) and stores every patient's pre-op
// and 3-month gait (SimPatient::gait) as gait sessions, in one transaction.
Result<CheckData> MakeCheckData(const CohortModel& model, const std::string& dir);

// The listed rows of a table (features, targets, keys, groups).
Table TableRows(const Table& table, std::span<const size_t> rows);

}  // namespace thaplan::plan

#endif  // THAPLAN_PLAN_PLAN_CHECK_DATA_H_
