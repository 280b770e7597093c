// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian),
// by Howard Hinnant's days_from_civil / civil_from_days algorithms.
#ifndef THAPLAN_CORE_CIVIL_DATE_H_
#define THAPLAN_CORE_CIVIL_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace thaplan {

int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day);
// YYYY-MM-DD of a day number.
std::string IsoDateFromDays(int64_t days);
// Day number of a valid YYYY-MM-DD date (year 1900 or later); nullopt otherwise.
std::optional<int64_t> ParseIsoDate(std::string_view text);

}  // namespace thaplan

#endif  // THAPLAN_CORE_CIVIL_DATE_H_
