// Matching a trial's names against profiles: MatchProfile, FindProfile,
// DetectProfile.
#include <algorithm>
#include <cctype>

#include "landmarks/profile_names.h"
#include "thaplan/profiles.h"

namespace thaplan {
namespace landmarks {

std::string NormaliseName(std::string_view name, const LandmarkProfile& profile) {
  if (profile.strip_subject_prefix) {
    size_t colon = name.rfind(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
  }
  std::string out(name);
  if (profile.case_insensitive) {
    for (char& c : out)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<size_t> FindSource(const Trial& trial, const LandmarkProfile& profile,
                                 std::string_view source) {
  const std::string wanted = NormaliseName(source, profile);
  for (size_t i = 0; i < trial.landmarks.size(); ++i) {
    if (NormaliseName(trial.landmarks[i], profile) == wanted) return i;
  }
  return std::nullopt;
}

}  // namespace landmarks

namespace {

using landmarks::NormaliseName;

bool HasData(const Trial& trial, size_t landmark) {
  for (int64_t f = 0; f < trial.frame_count; ++f) {
    if (!IsMissing(trial.At(f, landmark))) return true;
  }
  return false;
}

}  // namespace

ProfileMatch MatchProfile(const Trial& trial, const LandmarkProfile& profile) {
  ProfileMatch match;
  match.profile_name = profile.name;
  const bool shaped = trial.frame_count >= 0 &&
                      trial.positions_m.size() ==
                          static_cast<size_t>(trial.frame_count) * trial.landmarks.size();
  std::vector<std::string> names;
  names.reserve(trial.landmarks.size());
  for (const std::string& n : trial.landmarks) names.push_back(NormaliseName(n, profile));
  // Column of a name with data, if any (all NaN counts as absent).
  auto column_of = [&](const std::string& source) -> std::optional<size_t> {
    const std::string wanted = NormaliseName(source, profile);
    auto it = std::find(names.begin(), names.end(), wanted);
    if (it == names.end()) return std::nullopt;
    const size_t column = static_cast<size_t>(it - names.begin());
    if (!shaped || !HasData(trial, column)) return std::nullopt;
    return column;
  };
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    for (const std::string& source : profile.sources[l]) {
      match.columns[l] = column_of(source);
      if (match.columns[l]) break;
    }
    if (!match.columns[l] && profile.midpoint[l].size() >= 2) {
      std::vector<size_t> columns;
      for (const std::string& source : profile.midpoint[l]) {
        if (std::optional<size_t> c = column_of(source)) columns.push_back(*c);
      }
      if (columns.size() == profile.midpoint[l].size()) {
        match.midpoint_columns[l] = std::move(columns);
      }
    }
    if (match.columns[l] || !match.midpoint_columns[l].empty()) ++match.matched;
  }
  return match;
}

Result<LandmarkProfile> FindProfile(std::string_view name) {
  std::string names;
  for (const LandmarkProfile& p : BuiltinProfiles()) {
    if (p.name == name) return p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  return Status::NotFound("landmark profile '" + std::string(name) +
                          "' is not built in: expected one of " + names +
                          ", or a JSON profile (docs/profiles.md)");
}

Result<ProfileDetection> DetectProfile(const Trial& trial) {
  ProfileDetection best;
  const LandmarkProfile* best_profile = nullptr;
  for (const LandmarkProfile& p : BuiltinProfiles()) {
    ProfileMatch m = MatchProfile(trial, p);
    best.scores.emplace_back(p.name, m.matched);
    if (m.matched > best.matched) {
      best.matched = m.matched;
      best_profile = &p;
    }
  }
  if (best_profile == nullptr) {
    std::string examples;
    for (size_t i = 0; i < trial.landmarks.size() && i < 5; ++i) {
      // Without a subject prefix: Vicon prefixes can be a patient's name.
      std::string_view label = trial.landmarks[i];
      label.remove_prefix(
          label.rfind(':') == std::string_view::npos ? 0 : label.rfind(':') + 1);
      examples += (i ? ", '" : "'") + std::string(label) + "'";
    }
    return Status::NotFound(
        trial.source_path + ": no built-in landmark profile matches its " +
        std::to_string(trial.landmarks.size()) + " labels (" + examples +
        (trial.landmarks.size() > 5 ? ", ..." : "") +
        "): expected the names of a built-in profile, or a JSON profile for "
        "this device (--profile FILE.json, docs/profiles.md)");
  }
  best.profile = *best_profile;
  return best;
}

}  // namespace thaplan
