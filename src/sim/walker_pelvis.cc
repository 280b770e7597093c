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

}  // namespace

void SetPelvisHeights(GaitPlan& plan, const BodyDims& dims) {
  std::fill(plan.z_low.begin(), plan.z_low.end(), 0.0);
  std::fill(plan.z_high.begin(), plan.z_high.end(), 0.0);
  const Vec3 ankle_local{dims.ankle_forward, 0, dims.ankle_height};
  const double stride = plan.stride_time_s;
  // Height of the pelvis at which the stance leg, hip at `hip0` for pelvis
  // height 0, reaches `ankle` with the knee spanning `reach`.
  auto height = [](const Vec3& ankle, const Vec3& hip0, double reach) {
    const double dx = ankle[0] - hip0[0], dy = ankle[1] - hip0[1];
    return ankle[2] - hip0[2] +
           std::sqrt(std::max(0.0, reach * reach - dx * dx - dy * dy));
  };
  // Lowest at heel strike, the leading knee flexed kKneeAtStrikeDeg.
  const double reach_hs = KneeSpan(dims, kKneeAtStrikeDeg);
  for (int k = plan.k_min; k <= plan.k_max; ++k) {
    const Side side = GaitPlan::SideOf(k);
    const Vec3 heel{plan.HeelX(k), plan.FootY(side), 0};
    const Vec3 ankle = Add(heel, Pitch(ankle_local, kHeelStrikePitchDeg * kDegToRad));
    plan.z_low[static_cast<size_t>(k - plan.k_min)] =
        height(ankle, plan.HipCentre(plan.HsTime(k), side), reach_hs);
  }
  // Highest when the hip passes over the stance ankle (inverted pendulum),
  // the knee flexed kKneeMidStanceDeg, and never more than the speed's
  // typical excursion above heel strike.
  const double speed = (plan.HeelX(plan.k_max) - plan.HeelX(plan.k_min)) /
                       (plan.HsTime(plan.k_max) - plan.HsTime(plan.k_min));
  const double reach_ms = KneeSpan(dims, kKneeMidStanceDeg);
  const double reach_min = KneeSpan(dims, kKneeMinStanceDeg);
  for (int k = plan.k_min; k < plan.k_max; ++k) {
    const size_t i = static_cast<size_t>(k - plan.k_min);
    const Side side = GaitPlan::SideOf(k);
    const Vec3 heel{plan.HeelX(k), plan.FootY(side), 0};
    const Vec3 flat_ankle = Add(heel, ankle_local);
    double lo = plan.HsTime(k) + 0.1 * stride, hi = plan.HsTime(k) + 0.4 * stride;
    for (int iter = 0; iter < 40; ++iter) {
      const double mid = 0.5 * (lo + hi);
      (plan.PelvisX(mid) < flat_ankle[0] ? lo : hi) = mid;
    }
    plan.t_high[i] = lo;
    plan.z_high[i] =
        std::min(height(flat_ankle, plan.HipCentre(lo, side), reach_ms),
                 0.5 * (plan.z_low[i] + plan.z_low[i + 1]) + VerticalExcursion(speed));
    // Lower the peak until the stance leg reaches its heel-rocker or flat
    // foot with the knee flexed at least kKneeMinStanceDeg up to the peak;
    // after it the heel rises where the leg cannot reach.
    for (int attempt = 0; attempt < 200; ++attempt) {
      bool bad = false;
      for (int j = 0; j <= 40 && !bad; ++j) {
        const double t = plan.HsTime(k) + (plan.t_high[i] - plan.HsTime(k)) * j / 40.0;
        const double s =
            std::min(1.0, (t - plan.HsTime(k)) / (kFootFlatFraction * stride));
        const double psi = kHeelStrikePitchDeg * kDegToRad * (1 - SmoothStep(s));
        const Vec3 ankle = Add(heel, Pitch(ankle_local, psi));
        bad = Norm(Sub(ankle, plan.HipCentre(t, side))) > reach_min;
      }
      if (!bad) break;
      plan.z_high[i] -= 0.002;
    }
  }
  plan.z_high.back() = plan.z_high[plan.z_high.size() - 2];
}

}  // namespace thaplan::sim
