#include "sim/walker_truth.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "thaplan/atomic_file.h"

namespace thaplan::sim {
namespace {

struct MeanSd {
  double mean = 0, sd = 0;
  double CvPct() const { return mean > 0 ? 100 * sd / mean : 0; }
};

MeanSd Stats(const std::vector<double>& v) {
  MeanSd r;
  if (v.empty()) return r;
  for (double x : v) r.mean += x;
  r.mean /= static_cast<double>(v.size());
  if (v.size() < 2) return r;
  double ss = 0;
  for (double x : v) ss += (x - r.mean) * (x - r.mean);
  r.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
  return r;
}

double Mean(const std::vector<double>& v) { return Stats(v).mean; }

// Largest excursion of the lateral COM toward `side` (left = +y) relative to
// `mean_y`, over frames in [t_a, t_b).
double Excursion(const GaitPlan& plan, const std::vector<double>& com_y, double t_a,
                 double t_b, double mean_y, Side side) {
  const double sign = side == Side::kLeft ? 1.0 : -1.0;
  double best = -std::numeric_limits<double>::infinity();
  for (int64_t i = FirstFrameAtOrAfter(plan, t_a); i < FirstFrameAtOrAfter(plan, t_b);
       ++i) {
    best = std::max(best, sign * (com_y[static_cast<size_t>(i)] - mean_y));
  }
  return best;
}

// Lateral COM excursions toward each side during its single support within
// the stride that starts at heel strike k, relative to the stride-mean COM.
ComExcursions StrideComExcursions(const GaitPlan& plan, const std::vector<double>& com_y,
                                  int k) {
  const double stride = plan.stride_time_s;
  const Side side = GaitPlan::SideOf(k);
  const double hs = plan.HsTime(k), next_hs = plan.HsTime(k + 2);
  const int64_t begin = FirstFrameAtOrAfter(plan, hs);
  const int64_t end = FirstFrameAtOrAfter(plan, next_hs);
  double sum_y = 0;
  for (int64_t i = begin; i < end; ++i) sum_y += com_y[static_cast<size_t>(i)];
  const double mean_y = sum_y / static_cast<double>(end - begin);
  // Single support of a side: from the other foot's toe off to its heel strike.
  const double t_contra_to = plan.HsTime(k - 1) + plan.stance_fraction * stride;
  const double ipsi =
      Excursion(plan, com_y, t_contra_to, plan.HsTime(k + 1), mean_y, side);
  const Side other = side == Side::kLeft ? Side::kRight : Side::kLeft;
  const double contra =
      Excursion(plan, com_y, hs + plan.stance_fraction * stride, next_hs, mean_y, other);
  return side == Side::kLeft ? ComExcursions{ipsi, contra} : ComExcursions{contra, ipsi};
}

// The largest angle(f) over frames [begin, end), found as the largest
// ratio(f) when ratio rises with the angle (NaN where it does not: then every
// angle is computed).
template <typename Ratio, typename Angle>
double PeakAngle(int64_t begin, int64_t end, const Ratio& ratio, const Angle& angle) {
  double best_ratio = -std::numeric_limits<double>::infinity();
  size_t best = static_cast<size_t>(begin);
  for (int64_t i = begin; i < end; ++i) {
    const size_t f = static_cast<size_t>(i);
    const double r = ratio(f);
    if (std::isnan(r)) {
      double peak = -std::numeric_limits<double>::infinity();
      for (int64_t j = begin; j < end; ++j)
        peak = std::max(peak, angle(static_cast<size_t>(j)));
      return peak;
    }
    if (r > best_ratio) {
      best_ratio = r;
      best = f;
    }
  }
  return begin < end ? angle(best) : -std::numeric_limits<double>::infinity();
}

// Complete strides start at k = first_capture_k .. LastStrideStart(plan); per
// side the first and the last are the acceleration / deceleration strides.
int LastStrideStart(const GaitPlan& plan) { return plan.last_capture_k - 2; }
bool IsSteady(const GaitPlan& plan, int k) {
  return k > plan.first_capture_k + 1 && k < LastStrideStart(plan) - 1;
}

StrideTruth MakeStride(const GaitPlan& plan, const LegModel& legs, const Body& body,
                       int k) {
  const double stride = plan.stride_time_s;
  StrideTruth s;
  s.side = GaitPlan::SideOf(k);
  s.heel_strike_s = plan.HsTime(k);
  s.next_heel_strike_s = plan.HsTime(k + 2);
  s.toe_off_s = s.heel_strike_s + plan.stance_fraction * stride;
  s.heel_rise_s = legs.HeelRiseTime(k);
  s.length_m = plan.HeelX(k + 2) - plan.HeelX(k);
  s.steady = IsSteady(plan, k);
  const int64_t begin = FirstFrameAtOrAfter(plan, s.heel_strike_s);
  const int64_t end = FirstFrameAtOrAfter(plan, s.next_heel_strike_s);
  // Both angles are arctangents of ratios that rise with them (while the
  // thigh points below the pelvis's and the trunk's horizontal), so the frame
  // with the largest ratio has the largest angle, and only its angle is taken.
  auto pelvis_ratio = [&](size_t f) {
    const LegPoints& leg = body.Leg(f, s.side);
    const Vec3 u = body.motion[f].rot.Inverse(Sub(leg.knee, leg.hip));
    return u[2] < 0 ? u[0] / u[2] : std::numeric_limits<double>::quiet_NaN();
  };
  auto mid_hip = [&](size_t f) {
    return Mid(body.Leg(f, Side::kLeft).hip, body.Leg(f, Side::kRight).hip);
  };
  auto mid_shoulder = [&](size_t f) {
    const UpperBody& u = body.upper[f];
    return Add(mid_hip(f), Mid(u.shoulder[0], u.shoulder[1]));
  };
  auto trunk_ratio = [&](size_t f) {
    const LegPoints& leg = body.Leg(f, s.side);
    const Vec3 down = Sub(mid_hip(f), mid_shoulder(f)), thigh = Sub(leg.knee, leg.hip);
    const double dot = down[0] * thigh[0] + down[2] * thigh[2];
    const double cross = -down[0] * thigh[2] + down[2] * thigh[0];
    return dot > 0 ? cross / dot : std::numeric_limits<double>::quiet_NaN();
  };
  auto pelvis_angle = [&](size_t f) {
    const LegPoints& leg = body.Leg(f, s.side);
    return HipExtensionDeg(body.motion[f].rot, leg.hip, leg.knee);
  };
  auto trunk_angle = [&](size_t f) {
    const LegPoints& leg = body.Leg(f, s.side);
    return TrunkFrameHipExtensionDeg(mid_hip(f), mid_shoulder(f), leg.hip, leg.knee);
  };
  s.peak_hip_extension_pelvis_deg = PeakAngle(begin, end, pelvis_ratio, pelvis_angle);
  s.peak_hip_extension_trunk_deg = PeakAngle(begin, end, trunk_ratio, trunk_angle);
  const ComExcursions com = StrideComExcursions(plan, body.com_y, k);
  s.com_excursion_left_m = com.left;
  s.com_excursion_right_m = com.right;
  return s;
}

}  // namespace

ComExcursions SteadyComExcursions(const GaitPlan& plan,
                                  const std::vector<double>& com_y) {
  return SteadyComExcursions(plan, com_y, plan.first_capture_k, LastStrideStart(plan));
}

SteadyStrides SteadyStrideRange(const GaitPlan& plan) {
  return {plan.first_capture_k + 2, LastStrideStart(plan) - 2};
}

ComExcursions SteadyComExcursions(const GaitPlan& plan, const std::vector<double>& com_y,
                                  int k_from, int k_to) {
  double left = 0, right = 0;
  int n = 0;
  for (int k = k_from; k <= k_to; ++k) {
    if (!IsSteady(plan, k)) continue;
    const ComExcursions c = StrideComExcursions(plan, com_y, k);
    left += c.left;
    right += c.right;
    ++n;
  }
  return {left / n, right / n};
}

int64_t FirstFrameAtOrAfter(const GaitPlan& plan, double t) {
  int64_t i =
      std::max<int64_t>(0, static_cast<int64_t>(std::ceil(t * plan.sample_rate_hz)));
  while (i > 0 && plan.FrameTime(i - 1) >= t) --i;
  while (i < plan.frame_count && plan.FrameTime(i) < t) ++i;
  return std::min(i, plan.frame_count);
}

WalkTruth ComputeTruth(const WalkParams& params, uint64_t seed, const GaitPlan& plan,
                       const BodyDims& dims, const LegModel& legs, const Body& body) {
  WalkTruth t;
  t.seed = seed;
  t.params = params;
  const double t_end = plan.FrameTime(plan.frame_count - 1);
  for (int k = plan.first_capture_k; k <= plan.last_capture_k; ++k) {
    auto& hs = GaitPlan::SideOf(k) == Side::kLeft ? t.heel_strikes_left_s
                                                  : t.heel_strikes_right_s;
    hs.push_back(plan.HsTime(k));
  }
  for (int k = plan.first_capture_k - 2; k <= plan.last_capture_k; ++k) {
    const double to = plan.HsTime(k) + plan.stance_fraction * plan.stride_time_s;
    if (to < 0 || to > t_end) continue;
    (GaitPlan::SideOf(k) == Side::kLeft ? t.toe_offs_left_s : t.toe_offs_right_s)
        .push_back(to);
  }
  for (int k = plan.first_capture_k; k <= LastStrideStart(plan); ++k)
    t.strides.push_back(MakeStride(plan, legs, body, k));
  std::vector<double> all, left, right, ext_pl, ext_pr, ext_tl, ext_tr, com_l, com_r;
  for (const StrideTruth& s : t.strides) {
    if (!s.steady) continue;
    const bool is_left = s.side == Side::kLeft;
    all.push_back(s.length_m);
    (is_left ? left : right).push_back(s.length_m);
    (is_left ? ext_pl : ext_pr).push_back(s.peak_hip_extension_pelvis_deg);
    (is_left ? ext_tl : ext_tr).push_back(s.peak_hip_extension_trunk_deg);
    com_l.push_back(s.com_excursion_left_m);
    com_r.push_back(s.com_excursion_right_m);
  }
  const MeanSd pooled = Stats(all);
  t.stride_length_mean_m = pooled.mean;
  t.stride_length_cv_pct = pooled.CvPct();
  t.stride_length_cv_left_pct = Stats(left).CvPct();
  t.stride_length_cv_right_pct = Stats(right).CvPct();
  t.peak_hip_extension_left_pelvis_deg = Mean(ext_pl);
  t.peak_hip_extension_right_pelvis_deg = Mean(ext_pr);
  t.peak_hip_extension_left_trunk_deg = Mean(ext_tl);
  t.peak_hip_extension_right_trunk_deg = Mean(ext_tr);
  t.com_excursion_left_m = Mean(com_l);
  t.com_excursion_right_m = Mean(com_r);
  t.com_sway_ratio_left_over_right = t.com_excursion_left_m / t.com_excursion_right_m;
  t.cadence_steps_per_min = 120.0 / plan.stride_time_s;
  t.speed_m_per_s = pooled.mean / plan.stride_time_s;
  t.step_width_m = plan.step_width_m;
  t.leg_length_m = dims.LegLength();
  t.stance_fraction = plan.stance_fraction;
  t.pelvic_tilt_deg = plan.tilt_rad * kRadToDeg;
  t.pelvic_tilt_asymmetry_deg = plan.tilt_asym_rad * kRadToDeg;
  std::vector<double> step_l, step_r;
  for (const StrideTruth& s : t.strides) {
    if (!s.steady) continue;
    const int k = static_cast<int>(
        std::lround((s.heel_strike_s - plan.t0_s) / (plan.stride_time_s / 2)));
    (s.side == Side::kLeft ? step_l : step_r)
        .push_back(plan.HeelX(k) - plan.HeelX(k - 1));
  }
  t.step_length_left_m = Mean(step_l);
  t.step_length_right_m = Mean(step_r);
  t.knee_flexion_at_heel_strike_left_deg = plan.knee_at_strike_deg[0];
  t.knee_flexion_at_heel_strike_right_deg = plan.knee_at_strike_deg[1];
  return t;
}

}  // namespace thaplan::sim

namespace thaplan {

std::string WalkTruthToJson(const WalkTruth& t) {
  nlohmann::ordered_json j;
  j["generator"] = "thaplan synthetic walker (docs/walker.md)";
  j["seed"] = t.seed;
  j["params"] = nlohmann::ordered_json::parse(WalkParamsToJson(t.params));
  j["heel_strikes_left_s"] = t.heel_strikes_left_s;
  j["heel_strikes_right_s"] = t.heel_strikes_right_s;
  j["toe_offs_left_s"] = t.toe_offs_left_s;
  j["toe_offs_right_s"] = t.toe_offs_right_s;
  auto& strides = j["strides"] = nlohmann::ordered_json::array();
  for (const StrideTruth& s : t.strides) {
    nlohmann::ordered_json o;
    o["side"] = std::string(SideName(s.side));
    o["heel_strike_s"] = s.heel_strike_s;
    o["next_heel_strike_s"] = s.next_heel_strike_s;
    o["toe_off_s"] = s.toe_off_s;
    o["heel_rise_s"] = s.heel_rise_s;
    o["length_m"] = s.length_m;
    o["steady"] = s.steady;
    o["peak_hip_extension_pelvis_deg"] = s.peak_hip_extension_pelvis_deg;
    o["peak_hip_extension_trunk_deg"] = s.peak_hip_extension_trunk_deg;
    o["com_excursion_left_m"] = s.com_excursion_left_m;
    o["com_excursion_right_m"] = s.com_excursion_right_m;
    strides.push_back(o);
  }
  j["stride_length_mean_m"] = t.stride_length_mean_m;
  j["stride_length_cv_pct"] = t.stride_length_cv_pct;
  j["stride_length_cv_left_pct"] = t.stride_length_cv_left_pct;
  j["stride_length_cv_right_pct"] = t.stride_length_cv_right_pct;
  j["peak_hip_extension_left_pelvis_deg"] = t.peak_hip_extension_left_pelvis_deg;
  j["peak_hip_extension_right_pelvis_deg"] = t.peak_hip_extension_right_pelvis_deg;
  j["peak_hip_extension_left_trunk_deg"] = t.peak_hip_extension_left_trunk_deg;
  j["peak_hip_extension_right_trunk_deg"] = t.peak_hip_extension_right_trunk_deg;
  j["com_excursion_left_m"] = t.com_excursion_left_m;
  j["com_excursion_right_m"] = t.com_excursion_right_m;
  j["com_sway_ratio_left_over_right"] = t.com_sway_ratio_left_over_right;
  j["cadence_steps_per_min"] = t.cadence_steps_per_min;
  j["speed_m_per_s"] = t.speed_m_per_s;
  j["step_width_m"] = t.step_width_m;
  j["leg_length_m"] = t.leg_length_m;
  j["stance_fraction"] = t.stance_fraction;
  j["pelvic_tilt_deg"] = t.pelvic_tilt_deg;
  j["pelvic_tilt_asymmetry_deg"] = t.pelvic_tilt_asymmetry_deg;
  j["step_length_left_m"] = t.step_length_left_m;
  j["step_length_right_m"] = t.step_length_right_m;
  j["knee_flexion_at_heel_strike_left_deg"] = t.knee_flexion_at_heel_strike_left_deg;
  j["knee_flexion_at_heel_strike_right_deg"] = t.knee_flexion_at_heel_strike_right_deg;
  return j.dump(2) + "\n";
}

Status WriteTruthJson(const WalkTruth& truth, const std::string& path) {
  // WriteFileAtomically's messages already name the path.
  return WriteFileAtomically(path, WalkTruthToJson(truth));
}

}  // namespace thaplan
