// Foot and stance constants shared by the walker's leg model and its pelvis
// height planner. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_FOOT_H_
#define THAPLAN_SIM_WALKER_FOOT_H_

#include <cmath>

#include "sim/walker_body.h"
#include "sim/walker_math.h"

namespace thaplan::sim {

// Foot pitch at initial contact (toes up): foot-floor angles of 15-25 deg are
// typical (Perry & Burnfield 2010); we use the low end for older walkers.
inline constexpr double kHeelStrikePitchDeg = 15.0;
// Loading response: the forefoot reaches the floor at ~8 % of the stride.
inline constexpr double kFootFlatFraction = 0.08;
// Knee flexion at heel strike (Winter 2009: ~5 deg), the least flexion of a
// stance knee, and the flexion when the hip passes over the ankle (Winter
// 2009: 5-10 deg in mid stance).
inline constexpr double kKneeAtStrikeDeg = 5.0;
inline constexpr double kKneeMinStanceDeg = 4.0;
inline constexpr double kKneeMidStanceDeg = 8.0;
// Peak hip extension at ~52 % of the stride, around contralateral heel
// strike (Winter 2009, Appendix A hip angle; Perry & Burnfield 2010).
inline constexpr double kPeakExtensionFraction = 0.52;
// The toe rocker never raises the heel more than this (foot pitch, deg).
inline constexpr double kPitchMinDeg = -80.0;
// Over this time before toe off the toe tip rolls forward on the floor, so
// that it leaves it with the pelvis's forward velocity and the swing's
// forward acceleration (docs/walker.md, "Events consistent with Zeni"). Our
// modelling choice, not a published figure: the toe advances ~1.5 cm, as a
// big-toe keypoint does while the toes roll off.
inline constexpr double kToeRollS = 0.04;
// A foot-frame vector (x along the foot, z up) pitched by psi (toes up > 0).
inline Vec3 Pitch(const Vec3& v, double cos_psi, double sin_psi) {
  return {v[0] * cos_psi - v[2] * sin_psi, v[1], v[0] * sin_psi + v[2] * cos_psi};
}
inline Vec3 Pitch(const Vec3& v, double psi) {
  double s = 0, c = 0;
  SinCos(psi, &s, &c);
  return Pitch(v, c, s);
}
// Hip-to-ankle distance with the knee flexed knee_flexion_deg.
inline double KneeSpan(const BodyDims& d, double knee_flexion_deg) {
  const double c = std::cos(knee_flexion_deg * kDegToRad);
  return std::sqrt(d.thigh * d.thigh + d.shank * d.shank + 2 * d.thigh * d.shank * c);
}

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_FOOT_H_
