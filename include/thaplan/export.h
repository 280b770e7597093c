// The analysis table (one row per patient: features and outcomes for a
// timepoint) written as CSV or JSON for researchers.
#ifndef THAPLAN_EXPORT_H_
#define THAPLAN_EXPORT_H_

#include <cstdio>
#include <string_view>

#include "thaplan/registry.h"
#include "thaplan/status.h"

namespace thaplan {

enum class ExportFormat { kCsv, kJson };

// Streams the table to `out` row by row. CSV: a header row, missing values
// empty, fields quoted where needed. JSON: an array of objects, missing
// values null. Numbers are written as the shortest text that reads back exactly.
Status ExportAnalysisTable(Registry& registry, std::string_view timepoint,
                           ExportFormat format, std::FILE* out, int64_t* rows_written);

}  // namespace thaplan

#endif  // THAPLAN_EXPORT_H_
