#include "thaplan/landmarks.h"

namespace thaplan {
namespace {
constexpr std::array<std::string_view, kLandmarkCount> kNames = {
    "left_asis",     "right_asis",     "left_psis",   "right_psis", "sacrum",
    "left_hip",      "right_hip",      "mid_hip",     "left_knee",  "right_knee",
    "left_ankle",    "right_ankle",    "left_heel",   "right_heel", "left_toe",
    "right_toe",     "left_shoulder",  "right_shoulder", "neck",    "head",
    "left_elbow",    "right_elbow",    "left_wrist",  "right_wrist",
};
}  // namespace

std::string_view SideName(Side side) { return side == Side::kLeft ? "left" : "right"; }

std::string_view LandmarkName(Landmark l) { return kNames[static_cast<size_t>(l)]; }

std::optional<Landmark> LandmarkFromName(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Landmark>(i);
  }
  return std::nullopt;
}

}  // namespace thaplan
