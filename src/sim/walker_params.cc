// WalkParams: validation and JSON.
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "thaplan/walker.h"

namespace thaplan {
namespace {

struct Range {
  const char* name;
  double value;
  double lo, hi;
};

constexpr double kMaxFrames = 2e6;

std::string Num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

std::string_view WalkLandmarkSetName(WalkLandmarkSet set) {
  return set == WalkLandmarkSet::kMarkers ? "markers" : "keypoints";
}

Status ValidateWalkParams(const WalkParams& p) {
  // Ranges cover adult walking from slow pathological gait to brisk healthy
  // gait (CLINICAL.md section 3), plus margins; the kinematic model refuses
  // combinations it cannot realise with its own message.
  const std::vector<Range> ranges = {
      {"stride_length_mean_m", p.stride_length_mean_m, 0.3, 2.0},
      {"stride_length_cv_pct", p.stride_length_cv_pct, 0.0, 8.0},
      {"cadence_steps_per_min", p.cadence_steps_per_min, 60.0, 150.0},
      {"peak_hip_extension_left_deg", p.peak_hip_extension_left_deg, -20.0, 40.0},
      {"peak_hip_extension_right_deg", p.peak_hip_extension_right_deg, -20.0, 40.0},
      {"com_sway_left_m", p.com_sway_left_m, 0.002, 0.10},
      {"com_sway_right_m", p.com_sway_right_m, 0.002, 0.10},
      {"step_width_m", p.step_width_m, 0.0, 0.4},
      {"body_height_m", p.body_height_m, 1.0, 2.2},
      {"noise_sd_m", p.noise_sd_m, 0.0, 0.05},
      {"dropout_fraction", p.dropout_fraction, 0.0, 0.3},
      {"sample_rate_hz", p.sample_rate_hz, 20.0, 1000.0},
      {"walking_direction_deg", p.walking_direction_deg, -360.0, 360.0},
  };
  std::vector<std::string> problems;
  for (const Range& r : ranges) {
    if (!(r.value >= r.lo && r.value <= r.hi)) {
      problems.push_back(std::string(r.name) + " = " + Num(r.value) + ": expected " +
                         Num(r.lo) + ".." + Num(r.hi));
    }
  }
  if (!(std::isnan(p.pelvic_tilt_deg) ||
        (p.pelvic_tilt_deg >= -10.0 && p.pelvic_tilt_deg <= 30.0))) {
    problems.push_back("pelvic_tilt_deg = " + Num(p.pelvic_tilt_deg) +
                       ": expected -10..30, or NaN (\"auto\" in JSON) to let the walker "
                       "choose");
  }
  if (!(p.leg_length_m == 0 || (p.leg_length_m >= 0.5 && p.leg_length_m <= 1.3))) {
    problems.push_back("leg_length_m = " + Num(p.leg_length_m) +
                       ": expected 0 (from body height) or 0.5..1.3");
  }
  if (p.stride_count < 1 || p.stride_count > 5000) {
    problems.push_back("stride_count = " + std::to_string(p.stride_count) +
                       ": expected 1..5000");
  }
  // The capture lasts about (stride_count + 3.1) strides; cap its size so a
  // typo cannot ask for gigabytes.
  const double frames =
      (p.stride_count + 3.1) * 120.0 / p.cadence_steps_per_min * p.sample_rate_hz;
  if (problems.empty() && frames > kMaxFrames) {
    problems.push_back("stride_count = " + std::to_string(p.stride_count) +
                       " at sample_rate_hz = " + Num(p.sample_rate_hz) + " makes " +
                       std::to_string(std::llround(frames)) +
                       " frames: expected at most " +
                       std::to_string(std::llround(kMaxFrames)));
  }
  const double ratio = p.com_sway_left_m / p.com_sway_right_m;
  if (std::isfinite(ratio) && (ratio < 1.0 / 3 || ratio > 3.0)) {
    // Why the limit (docs/walker.md): each excursion is measured from the
    // stride-mean COM, which the larger side's sway pulls toward itself.
    problems.push_back(
        "com_sway_left_m / com_sway_right_m = " + Num(ratio) +
        ": expected 1/3..3 (each excursion is measured from the stride-mean COM, which "
        "the larger sway pulls toward its side; with equal step times and the COM moving "
        "toward each stance foot the smaller excursion is at least a third of the "
        "larger)");
  }
  if (problems.empty()) return Status::Ok();
  std::string msg = "walk params: ";
  for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
  return Status::InvalidInput(msg);
}

std::string WalkParamsToJson(const WalkParams& p) {
  nlohmann::ordered_json j;
  j["stride_length_mean_m"] = p.stride_length_mean_m;
  j["stride_length_cv_pct"] = p.stride_length_cv_pct;
  j["cadence_steps_per_min"] = p.cadence_steps_per_min;
  j["peak_hip_extension_left_deg"] = p.peak_hip_extension_left_deg;
  j["peak_hip_extension_right_deg"] = p.peak_hip_extension_right_deg;
  j["com_sway_left_m"] = p.com_sway_left_m;
  j["com_sway_right_m"] = p.com_sway_right_m;
  j["step_width_m"] = p.step_width_m;
  j["body_height_m"] = p.body_height_m;
  j["leg_length_m"] = p.leg_length_m;
  j["sex"] = p.sex == Sex::kFemale ? "female" : "male";
  if (std::isnan(p.pelvic_tilt_deg)) {
    j["pelvic_tilt_deg"] = "auto";
  } else {
    j["pelvic_tilt_deg"] = p.pelvic_tilt_deg;
  }
  j["noise_sd_m"] = p.noise_sd_m;
  j["dropout_fraction"] = p.dropout_fraction;
  j["sample_rate_hz"] = p.sample_rate_hz;
  j["stride_count"] = p.stride_count;
  j["walking_direction_deg"] = p.walking_direction_deg;
  j["landmark_set"] = std::string(WalkLandmarkSetName(p.landmark_set));
  j["markers_include_hip_centres"] = p.markers_include_hip_centres;
  return j.dump(2);
}

Result<WalkParams> WalkParamsFromJson(std::string_view json, std::string_view source) {
  const std::string where(source);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidInput(
        where + ": byte " + std::to_string(e.byte) +
        ": not valid JSON; expected an object of walk parameters");
  }
  if (!j.is_object()) {
    return Status::InvalidInput(where + ": top level is " + std::string(j.type_name()) +
                                "; expected an object of walk parameters");
  }
  WalkParams p;
  std::vector<std::string> problems;
  auto number = [&](const std::string& key, const nlohmann::json& v, double* out) {
    if (v.is_number())
      *out = v.get<double>();
    else
      problems.push_back(key + " = " + v.dump() + ": expected a number");
  };
  const std::vector<std::pair<const char*, double*>> numbers = {
      {"stride_length_mean_m", &p.stride_length_mean_m},
      {"stride_length_cv_pct", &p.stride_length_cv_pct},
      {"cadence_steps_per_min", &p.cadence_steps_per_min},
      {"peak_hip_extension_left_deg", &p.peak_hip_extension_left_deg},
      {"peak_hip_extension_right_deg", &p.peak_hip_extension_right_deg},
      {"com_sway_left_m", &p.com_sway_left_m},
      {"com_sway_right_m", &p.com_sway_right_m},
      {"step_width_m", &p.step_width_m},
      {"body_height_m", &p.body_height_m},
      {"leg_length_m", &p.leg_length_m},
      {"noise_sd_m", &p.noise_sd_m},
      {"dropout_fraction", &p.dropout_fraction},
      {"sample_rate_hz", &p.sample_rate_hz},
      {"walking_direction_deg", &p.walking_direction_deg},
  };
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const auto& [name, field] : numbers) {
      if (key == name) {
        number(key, value, field);
        known = true;
      }
    }
    if (known) continue;
    if (key == "pelvic_tilt_deg") {
      if (value == "auto")
        p.pelvic_tilt_deg = std::numeric_limits<double>::quiet_NaN();
      else if (value.is_number())
        p.pelvic_tilt_deg = value.get<double>();
      else
        problems.push_back(key + " = " + value.dump() +
                           ": expected a number or \"auto\"");
    } else if (key == "stride_count") {
      if (value.is_number_integer())
        p.stride_count = value.get<int>();
      else
        problems.push_back(key + " = " + value.dump() + ": expected an integer");
    } else if (key == "sex") {
      if (value == "female")
        p.sex = Sex::kFemale;
      else if (value == "male")
        p.sex = Sex::kMale;
      else
        problems.push_back(key + " = " + value.dump() +
                           ": expected \"female\" or \"male\"");
    } else if (key == "landmark_set") {
      if (value == "markers")
        p.landmark_set = WalkLandmarkSet::kMarkers;
      else if (value == "keypoints")
        p.landmark_set = WalkLandmarkSet::kKeypoints;
      else
        problems.push_back(key + " = " + value.dump() +
                           ": expected \"markers\" or \"keypoints\"");
    } else if (key == "markers_include_hip_centres") {
      if (value.is_boolean())
        p.markers_include_hip_centres = value.get<bool>();
      else
        problems.push_back(key + " = " + value.dump() + ": expected true or false");
    } else {
      problems.push_back(key + ": unknown walk parameter");
    }
  }
  if (!problems.empty()) {
    std::string msg = where + ": ";
    for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
    return Status::InvalidInput(msg);
  }
  Status valid = ValidateWalkParams(p);
  if (!valid.ok()) return valid.WithContext(where);
  return p;
}

}  // namespace thaplan
