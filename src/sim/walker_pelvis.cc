// Pelvis height of the synthetic walker (docs/walker.md, "Pelvis").
#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/walker_foot.h"
#include "sim/walker_legs.h"

namespace thaplan::sim {
namespace {

// Vertical COM excursion grows with speed: ~2.7 cm at 0.7 m/s to ~4.8 cm at
// 1.6 m/s (Orendurff et al., J Rehabil Res Dev 2004;41(6A):829-34).
double VerticalExcursion(double speed) {
  return std::clamp(0.027 + (speed - 0.7) * (0.021 / 0.9), 0.02, 0.055);
}

// The stance knee is checked at this many equal steps from heel strike to the
// highest point of the pelvis.
constexpr int kHeightChecks = 40;
// Per step k: the checks j = 0..kHeightChecks, the highest point, then the
// other foot's toe off.
constexpr size_t kSamplesPerStep = kHeightChecks + 3;
constexpr size_t kHighSample = kHeightChecks + 1, kToeOffSample = kHeightChecks + 2;
// At toe off the trailing leg must reach its ankle, knee flexed at least the
// stance minimum, with the heel raised no more than this (foot pitch, deg):
// then the toe rocker has room to let the hip flex before toe off on long
// strides (docs/walker.md, "Pelvis"). Toe-off foot angles of 50-70 deg are
// typical (our reading of Winter 2009's ankle and knee curves).
constexpr double kToeOffReachPitchDeg = -60.0;

// A hip joint centre for the current sway with the pelvis centre at height z.
Vec3 HipAtHeight(const GaitPlan& plan, const PelvisMotion& m, Side side, double z) {
  const double y = side == Side::kLeft ? plan.hip_half_width : -plan.hip_half_width;
  const Vec3 centre{
      m.x, plan.sway_left_m * m.shape_left - plan.sway_right_m * m.shape_right, z};
  return Add(centre, m.rot.Apply({0, y, 0}));
}

}  // namespace

void PelvisHeightSamples(const GaitPlan& plan, const BodyDims& dims,
                         std::vector<HeightSample>& out) {
  const Vec3 ankle_local{dims.ankle_forward, 0, dims.ankle_height};
  out.clear();
  out.reserve(static_cast<size_t>(plan.k_max - plan.k_min) * kSamplesPerStep);
  for (int k = plan.k_min; k < plan.k_max; ++k) {
    const double t_hs = plan.HsTime(k);
    const double t_high = plan.t_high[static_cast<size_t>(k - plan.k_min)];
    const Vec3 heel{plan.HeelX(k), plan.FootY(GaitPlan::SideOf(k)), 0};
    for (int j = 0; j <= kHeightChecks; ++j) {
      HeightSample h;
      h.motion = plan.Motion(t_hs + (t_high - t_hs) * j / double{kHeightChecks});
      // The stance ankle on its heel rocker, then flat.
      const double s =
          std::min(1.0, (h.motion.t - t_hs) / (kFootFlatFraction * plan.stride_time_s));
      const double psi = kHeelStrikePitchDeg * kDegToRad * (1 - SmoothStep(s));
      h.ankle = Add(heel, Pitch(ankle_local, psi));
      out.push_back(h);
    }
    out.push_back({plan.Motion(t_high), Add(heel, ankle_local)});
    // The first step has no trailing foot placed before it (heel_x starts at
    // k_min); SetPelvisHeights skips its toe-off check, so the slot repeats
    // the last sample.
    if (k == plan.k_min) {
      const HeightSample last = out.back();
      out.push_back(last);
      continue;
    }
    // The trailing foot (heel strike k - 1) on its toe at toe off, the toe
    // where it was placed: its roll before toe off (walker_stance.cc) brings
    // it nearer the hip, so this is the harder reach.
    const Vec3 toe{plan.HeelX(k - 1) + dims.foot, plan.FootY(GaitPlan::SideOf(k - 1)), 0};
    const Vec3 toe_to_ankle{dims.ankle_forward - dims.foot, 0, dims.ankle_height};
    out.push_back(
        {plan.Motion(plan.HsTime(k - 1) + plan.stance_fraction * plan.stride_time_s),
         Add(toe, Pitch(toe_to_ankle, kToeOffReachPitchDeg * kDegToRad))});
  }
}

void SetPelvisHeights(GaitPlan& plan, const BodyDims& dims,
                      const std::vector<HeightSample>& samples) {
  std::fill(plan.z_low.begin(), plan.z_low.end(), 0.0);
  std::fill(plan.z_high.begin(), plan.z_high.end(), 0.0);
  const Vec3 ankle_local{dims.ankle_forward, 0, dims.ankle_height};
  auto sample = [&](int k, size_t j) -> const HeightSample& {
    return samples[static_cast<size_t>(k - plan.k_min) * kSamplesPerStep + j];
  };
  // Height of the pelvis at which the stance leg, hip at `hip0` for pelvis
  // height 0, reaches `ankle` with the knee spanning `reach`.
  auto height = [](const Vec3& ankle, const Vec3& hip0, double reach) {
    const double dx = ankle[0] - hip0[0], dy = ankle[1] - hip0[1];
    return ankle[2] - hip0[2] +
           std::sqrt(std::max(0.0, reach * reach - dx * dx - dy * dy));
  };
  // Lowest at heel strike, the leading knee flexed kKneeAtStrikeDeg (or
  // what the automatic pelvis chose for that side).
  const double reach_hs[2] = {KneeSpan(dims, plan.knee_at_strike_deg[0]),
                              KneeSpan(dims, plan.knee_at_strike_deg[1])};
  for (int k = plan.k_min; k <= plan.k_max; ++k) {
    const Side side = GaitPlan::SideOf(k);
    const double reach = reach_hs[side == Side::kLeft ? 0 : 1];
    const Vec3 heel{plan.HeelX(k), plan.FootY(side), 0};
    const Vec3 ankle = Add(heel, Pitch(ankle_local, kHeelStrikePitchDeg * kDegToRad));
    const PelvisMotion m =
        k < plan.k_max ? sample(k, 0).motion : plan.Motion(plan.HsTime(k));
    plan.z_low[static_cast<size_t>(k - plan.k_min)] =
        height(ankle, HipAtHeight(plan, m, side, 0.0), reach);
  }
  // Highest when the hip passes over the stance ankle (inverted pendulum, at
  // t_high), the knee flexed kKneeMidStanceDeg, and never more than the
  // speed's typical excursion above heel strike.
  const double speed = (plan.HeelX(plan.k_max) - plan.HeelX(plan.k_min)) /
                       (plan.HsTime(plan.k_max) - plan.HsTime(plan.k_min));
  const double reach_ms = KneeSpan(dims, kKneeMidStanceDeg);
  const double reach_min = KneeSpan(dims, kKneeMinStanceDeg);
  for (int k = plan.k_min; k < plan.k_max; ++k) {
    const size_t i = static_cast<size_t>(k - plan.k_min);
    const Side side = GaitPlan::SideOf(k);
    const HeightSample& high = sample(k, kHighSample);
    plan.z_high[i] =
        std::min(height(high.ankle, HipAtHeight(plan, high.motion, side, 0.0), reach_ms),
                 0.5 * (plan.z_low[i] + plan.z_low[i + 1]) + VerticalExcursion(speed));
    // Lower the peak until the stance leg reaches its heel-rocker or flat
    // foot with the knee flexed at least kKneeMinStanceDeg up to the peak
    // (after it the heel rises where the leg cannot reach), and the trailing
    // leg reaches its toe-off pose.
    const Side trailing = GaitPlan::SideOf(k - 1);
    const HeightSample& off = sample(k, kToeOffSample);
    for (int attempt = 0; attempt < 400; ++attempt) {
      bool bad =
          k > plan.k_min &&
          Norm(Sub(off.ankle, HipAtHeight(plan, off.motion, trailing,
                                          plan.PelvisZ(off.motion.t)))) > reach_min;
      for (size_t j = 0; j <= kHeightChecks && !bad; ++j) {
        const HeightSample& h = sample(k, j);
        const Vec3 hip = HipAtHeight(plan, h.motion, side, plan.PelvisZ(h.motion.t));
        bad = Norm(Sub(h.ankle, hip)) > reach_min;
      }
      if (!bad) break;
      plan.z_high[i] -= 0.002;
    }
  }
  plan.z_high.back() = plan.z_high[plan.z_high.size() - 2];
}

}  // namespace thaplan::sim
