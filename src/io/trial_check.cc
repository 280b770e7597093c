#include "io/trial_check.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_set>

#include "io/text_scan.h"

namespace thaplan::io {

Status CheckTrialShape(const Trial& trial, std::string_view what) {
  const std::string prefix = std::string(what) + ": ";
  if (!std::isfinite(trial.sample_rate_hz) || trial.sample_rate_hz <= 0) {
    return Status::InvalidInput(
        prefix + "sample_rate_hz = " + std::to_string(trial.sample_rate_hz) +
        ": expected a positive rate");
  }
  if (!std::isfinite(trial.start_time_s)) {
    return Status::InvalidInput(prefix + "start_time_s is not finite: expected seconds");
  }
  if (trial.landmarks.empty()) {
    return Status::InvalidInput(prefix +
                                "the trial has no landmarks: expected at least one");
  }
  if (trial.frame_count < 0) {
    return Status::InvalidInput(prefix +
                                "frame_count = " + std::to_string(trial.frame_count) +
                                ": expected 0 or more");
  }
  const size_t cells = static_cast<size_t>(trial.frame_count) * trial.landmarks.size();
  if (trial.positions_m.size() != cells) {
    return Status::InvalidInput(
        prefix + "positions_m has " + std::to_string(trial.positions_m.size()) +
        " entries: expected frame_count x landmarks = " + std::to_string(cells));
  }
  if (!trial.confidence.empty() && trial.confidence.size() != cells) {
    return Status::InvalidInput(prefix + "confidence has " +
                                std::to_string(trial.confidence.size()) +
                                " entries: expected none or " + std::to_string(cells));
  }
  for (size_t i = 0; i < cells; ++i) {
    const Vec3& p = trial.positions_m[i];
    if (std::isinf(p[0]) || std::isinf(p[1]) || std::isinf(p[2])) {
      const size_t n = trial.landmarks.size();
      return Status::InvalidInput(prefix + "frame " + std::to_string(i / n) +
                                  " landmark " + trial.landmarks[i % n] +
                                  " has an infinite coordinate: expected a finite number "
                                  "or NaN for missing");
    }
  }
  return Status::Ok();
}

Status CheckFitsUnit(const Trial& trial, double per_metre, std::string_view unit,
                     std::string_view what) {
  const size_t n = trial.landmarks.size();
  for (size_t i = 0; i < trial.positions_m.size(); ++i) {
    for (double c : trial.positions_m[i]) {
      if (std::isnan(c) || std::isfinite(c * per_metre)) continue;
      char value[32];
      std::snprintf(value, sizeof value, "%g", c);
      return Status::InvalidInput(std::string(what) + ": frame " + std::to_string(i / n) +
                                  " landmark " + trial.landmarks[i % n] + " coordinate " +
                                  value + " m overflows in " + std::string(unit) +
                                  ": expected a position a file can hold");
    }
  }
  return Status::Ok();
}

Status CheckLandmarkNames(const Trial& trial, std::string_view forbidden,
                          std::string_view what) {
  const std::string prefix = std::string(what) + ": ";
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < trial.landmarks.size(); ++i) {
    const std::string& name = trial.landmarks[i];
    bool bad = name.empty() || TrimBlanks(name).size() != name.size() ||
               name.find_first_of("\r\n") != std::string::npos ||
               name.find_first_of(forbidden) != std::string::npos;
    if (bad) {
      return Status::InvalidInput(
          prefix + "landmark " + std::to_string(i) + " name " + Quote(name) +
          ": expected a non-empty name without surrounding blanks, "
          "line breaks or separators");
    }
    if (!seen.insert(name).second) {
      return Status::InvalidInput(prefix + "landmark name " + Quote(name) +
                                  " appears twice: expected unique names");
    }
  }
  return Status::Ok();
}

}  // namespace thaplan::io
