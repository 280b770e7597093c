// GaitReport -> JSON, and the enum names used in it.
#include <cmath>

#include "thaplan/gait.h"

namespace thaplan {
namespace {

using nlohmann::json;

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json ToJson(const MeanSd& m) {
  return {{"mean", Num(m.mean)}, {"sd", Num(m.sd)}, {"n", m.n}};
}

json ToJson(const SpatiotemporalSummary& s) {
  return {{"strides", s.strides},
          {"stride_time_s", ToJson(s.stride_time_s)},
          {"stride_length_m", ToJson(s.stride_length_m)},
          {"speed_m_s", ToJson(s.speed_m_s)},
          {"cadence_steps_per_min", ToJson(s.cadence_steps_per_min)},
          {"step_length_m", ToJson(s.step_length_m)},
          {"step_width_m", ToJson(s.step_width_m)},
          {"stance_pct", ToJson(s.stance_pct)},
          {"swing_pct", ToJson(s.swing_pct)},
          {"single_support_pct", ToJson(s.single_support_pct)},
          {"double_support_pct", ToJson(s.double_support_pct)}};
}

json ToJson(const IndexValue& v) {
  json j = {{"value", v.value ? Num(*v.value) : json(nullptr)}, {"n", v.n}};
  if (v.low_reliability) j["low_reliability"] = true;
  if (!v.reason.empty()) j["reason"] = v.reason;
  return j;
}

json ToJson(const StrideMetrics& m) {
  return {{"trial", m.trial},
          {"segment", m.segment},
          {"bout", m.bout},
          {"side", SideName(m.side)},
          {"start_frame", m.start_frame},
          {"end_frame", m.end_frame},
          {"start_time_s", m.start_time_s},
          {"end_time_s", m.end_time_s},
          {"direction_deg", Num(m.direction_deg)},
          {"stride_time_s", Num(m.stride_time_s)},
          {"stride_length_m", Num(m.stride_length_m)},
          {"speed_m_s", Num(m.speed_m_s)},
          {"cadence_steps_per_min", Num(m.cadence_steps_per_min)},
          {"step_length_m", Num(m.step_length_m)},
          {"step_width_m", Num(m.step_width_m)},
          {"stance_pct", Num(m.stance_pct)},
          {"swing_pct", Num(m.swing_pct)},
          {"single_support_pct", Num(m.single_support_pct)},
          {"double_support_pct", Num(m.double_support_pct)},
          {"peak_hip_extension_deg", Num(m.peak_hip_extension_deg)},
          {"com_lateral_excursion_m", Num(m.com_lateral_excursion_m)},
          {"com_vertical_rise_m", Num(m.com_vertical_rise_m)},
          {"bout_boundary", m.bout_boundary},
          {"events_across_gap", m.events_across_gap},
          {"low_reliability", m.low_reliability}};
}

}  // namespace

std::string_view SexName(Sex sex) {
  switch (sex) {
    case Sex::kFemale:
      return "female";
    case Sex::kMale:
      return "male";
    case Sex::kUnspecified:
      break;
  }
  return "unspecified";
}

std::string_view GaitEventKindName(GaitEventKind kind) {
  return kind == GaitEventKind::kHeelStrike ? "heel_strike" : "toe_off";
}

std::string_view HipAngleFrameName(HipAngleFrame frame) {
  switch (frame) {
    case HipAngleFrame::kPelvis:
      return "pelvis";
    case HipAngleFrame::kTrunk:
      return "trunk";
    case HipAngleFrame::kNone:
      break;
  }
  return "none";
}

nlohmann::json ToJson(const GaitReport& r) {
  json events = json::array();
  for (const GaitEvent& e : r.events) {
    events.push_back({{"trial", e.trial},
                      {"segment", e.segment},
                      {"side", SideName(e.side)},
                      {"kind", GaitEventKindName(e.kind)},
                      {"frame", e.frame},
                      {"time_s", e.time_s},
                      {"method", e.method},
                      {"across_gap", e.across_gap}});
  }
  json strides = json::array();
  for (const StrideMetrics& m : r.strides) strides.push_back(ToJson(m));
  json dropped = json::array();
  for (const DroppedStride& d : r.dropped) {
    dropped.push_back({{"trial", d.trial},
                       {"side", SideName(d.side)},
                       {"start_time_s", d.start_time_s},
                       {"end_time_s", d.end_time_s},
                       {"reason", d.reason}});
  }
  json noise = json::array();
  for (const TrialNoise& n : r.noise) {
    noise.push_back({{"trial", n.trial},
                     {"landmark", n.landmark},
                     {"sd_m", Num(n.sd_m)},
                     {"sample_rate_hz", Num(n.sample_rate_hz)},
                     {"one_frame_limit_m", Num(n.one_frame_limit_m)}});
  }
  const ComSymmetryIndex& c = r.com;
  return {{"trials", r.trials},
          {"landmark_noise", noise},
          {"event_method", r.event_method},
          {"events", events},
          {"strides", strides},
          {"dropped_strides", dropped},
          {"summary",
           {{"left", ToJson(r.left)},
            {"right", ToJson(r.right)},
            {"pooled", ToJson(r.pooled)}}},
          {"indices",
           {{"stride_length_cv_pct",
             {{"pooled", ToJson(r.stride_length_cv.pooled)},
              {"left", ToJson(r.stride_length_cv.left)},
              {"right", ToJson(r.stride_length_cv.right)},
              {"method", r.stride_length_cv.method}}},
            {"peak_hip_extension_deg",
             {{"left", ToJson(r.peak_hip_extension.left)},
              {"right", ToJson(r.peak_hip_extension.right)},
              {"frame", HipAngleFrameName(r.peak_hip_extension.frame)},
              {"method", r.peak_hip_extension.method}}},
            {"com",
             {{"lateral_left_m", ToJson(c.lateral_left_m)},
              {"lateral_right_m", ToJson(c.lateral_right_m)},
              {"vertical_rise_left_m", ToJson(c.vertical_rise_left_m)},
              {"vertical_rise_right_m", ToJson(c.vertical_rise_right_m)},
              {"com_sway_ratio", ToJson(c.sway_ratio)},
              {"com_asymmetry_pct", ToJson(c.asymmetry_pct)},
              {"operated_side",
               c.operated_side ? json(SideName(*c.operated_side)) : json(nullptr)},
              {"method", c.method}}}}},
          {"quality_notes", r.quality_notes}};
}

}  // namespace thaplan
