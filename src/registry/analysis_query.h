// The analysis table (one row per patient) as a portable SQL query, built from
// the column table in schema.h so every backend returns the same columns.
#ifndef THAPLAN_REGISTRY_ANALYSIS_QUERY_H_
#define THAPLAN_REGISTRY_ANALYSIS_QUERY_H_

#include <string>
#include <string_view>
#include <vector>

namespace thaplan::registry {

struct AnalysisQuery {
  std::string sql;                  // standard SQL, no parameters
  std::vector<std::string> header;  // output column names, in order
};

// Prefix of assessment columns for a timepoint: "preop_", "m3_", "m6_", "m12_".
std::string TimepointPrefix(std::string_view timepoint);

// `timepoint` must satisfy IsTimepoint().
AnalysisQuery BuildAnalysisQuery(std::string_view timepoint);

}  // namespace thaplan::registry

#endif  // THAPLAN_REGISTRY_ANALYSIS_QUERY_H_
