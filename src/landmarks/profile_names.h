// Name comparison shared by profile matching and ApplyProfile's messages.
#ifndef THAPLAN_LANDMARKS_PROFILE_NAMES_H_
#define THAPLAN_LANDMARKS_PROFILE_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

#include "thaplan/profiles.h"

namespace thaplan::landmarks {

// `name` as the profile compares it: subject prefix dropped and lower-cased
// when the profile says so.
std::string NormaliseName(std::string_view name, const LandmarkProfile& profile);

// Index of the trial landmark the profile would take for `source`, whether
// or not it has data.
std::optional<size_t> FindSource(const Trial& trial, const LandmarkProfile& profile,
                                 std::string_view source);

}  // namespace thaplan::landmarks

#endif  // THAPLAN_LANDMARKS_PROFILE_NAMES_H_
