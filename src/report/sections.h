// Sections of the HTML validation report (report_html.cc assembles them).
#ifndef THAPLAN_REPORT_SECTIONS_H_
#define THAPLAN_REPORT_SECTIONS_H_

#include <string>

#include "report/html.h"
#include "thaplan/bundle.h"

namespace thaplan::report {

// Per protocol of one target: design, CI method, a table of every model's
// metrics with their intervals, and what the protocol adds (spread and
// grade shares, optimism, per-site values, permutation p, conformal
// coverage). `index` is the target's position, used in data-k keys
// ("<index>/<protocol>/<model>/<metric>").
std::string ProtocolSections(const json& target, size_t index);

// The Riley et al. sample-size criteria of one target, with the rows the
// user has; "" for binary targets.
std::string SampleSizeSection(const json& target, size_t index);

// The TRIPOD+AI items (Collins et al., BMJ 2024;385:e078378) the report
// addresses, and where.
std::string TripodSection();

}  // namespace thaplan::report

#endif  // THAPLAN_REPORT_SECTIONS_H_
