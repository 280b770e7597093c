// The toe-rocker pitch solve of the walker's legs: the foot pitch at which
// the hip extension equals its prescribed value (docs/walker.md, "Legs and
// feet").
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/walker_foot.h"
#include "sim/walker_legs.h"

namespace thaplan::sim {
namespace {

// First step of a search without a slope estimate (rad).
constexpr double kColdStep = 0.02;
// Residual of a pose the leg cannot reach ("more heel rise needed").
constexpr double kUnreachable = 1e9;

}  // namespace

Result<double> LegModel::SolvePitch(const Stance& st, const HipState& hip, double t,
                                    double guess, double& slope, Vec3* knee_out) const {
  // Residual: sin(extension - target), with the extension -atan2(u_x, -u_z)
  // of the thigh u in the pelvis frame. Extension falls as the heel rises (the
  // ankle moves up and forward), so the residual rises with the pitch.
  const double target = TargetExtension(st, t);
  const Vec3 toe = ToeAt(st, t);
  double sin_t = 0, cos_t = 0;
  SinCos(target * kDegToRad, &sin_t, &cos_t);
  // The knee of the latest reachable evaluation, handed out with the answer
  // when that is where the answer came from.
  double knee_psi = std::numeric_limits<double>::quiet_NaN();
  Vec3 knee;
  auto answer = [&](double psi) {
    if (knee_out != nullptr) {
      *knee_out =
          psi == knee_psi ? knee : Vec3{std::numeric_limits<double>::quiet_NaN(), 0, 0};
    }
    return psi;
  };
  auto residual = [&](double psi) {
    if (!StanceKnee(hip.centre, ToePivot(toe, psi), &knee)) {
      knee_psi = std::numeric_limits<double>::quiet_NaN();
      return kUnreachable;
    }
    knee_psi = psi;
    const Vec3 u = hip.pelvis.Inverse(Sub(knee, hip.centre));
    return (u[2] * sin_t - u[0] * cos_t) / std::sqrt(u[0] * u[0] + u[2] * u[2]);
  };
  const double lowest = kPitchMinDeg * kDegToRad;
  // Bracket [lo, hi] with residual(lo) <= 0 < residual(hi), once both known.
  double lo = lowest, hi = 0, r_lo = 0, r_hi = 0;
  bool have_lo = false, have_hi = false;
  // The previous reachable evaluation, for secant steps and the slope.
  double x_prev = 0, r_prev = kUnreachable;
  double step = kColdStep;
  double x = std::clamp(guess, lowest, 0.0), r = residual(x);
  int kept = 0;  // Illinois: which end stayed in the last bracketed step
  for (int iter = 0; iter < 200; ++iter) {
    if (x == 0.0 && r <= 0) return answer(0.0);  // the foot stays flat
    if (std::abs(r) < tolerance_) break;
    if (r > 0) {
      if (x == lowest) {
        return Status::InvalidInput(
            "walk params: peak_hip_extension_" + std::string(SideName(st.side)) +
            "_deg: at t = " + Fixed2(t) + " s the hip cannot extend as little as " +
            Fixed2(target) + " deg even with the heel raised " + Fixed2(-kPitchMinDeg) +
            " deg; expected a larger peak hip extension");
      }
      kept = have_hi ? -1 : 0;
      hi = x;
      r_hi = r;
      have_hi = true;
    } else {
      kept = have_lo ? 1 : 0;
      lo = x;
      r_lo = r;
      have_lo = true;
    }
    if (have_lo && have_hi && hi - lo <= 1e-15) break;
    double next = std::numeric_limits<double>::quiet_NaN();
    if (r == kUnreachable) {
      // The leg cannot reach here: the answer lies below the reach boundary,
      // or is that boundary when the extension there is still too small.
      Vec3 boundary_knee;
      const double b = ReachBoundary(hip.centre, toe, &boundary_knee);
      if (b < x && (!have_lo || b > lo)) {
        const double r_b = residual(b);
        if (r_b <= 0) return answer(b);
        next = b;
      }
    } else if (r_prev != kUnreachable && r != r_prev) {
      next = x - r * (x - x_prev) / (r - r_prev);  // secant
    } else if (slope > 0) {
      next = x - r * slope;  // Newton, with the slope of the last solve
    }
    if (have_lo && have_hi) {
      if (!(next > lo && next < hi)) {
        // Illinois false position while both ends are reachable, else bisect.
        if (r_hi != kUnreachable) {
          if (kept == -1) r_lo /= 2;
          if (kept == 1) r_hi /= 2;
          next = (lo * r_hi - hi * r_lo) / (r_hi - r_lo);
        } else {
          next = 0.5 * (lo + hi);
        }
      }
    } else if (have_hi) {  // everything so far too extended: go down
      if (!(next < x)) next = x - step;
      next = std::max(lowest, next);
      step *= 4;
    } else {  // everything so far not extended enough: go up
      if (!(next > x)) next = x + step;
      next = std::min(0.0, next);
      step *= 4;
    }
    if (r != kUnreachable) {
      x_prev = x;
      r_prev = r;
    }
    x = next;
    r = residual(x);
  }
  if (r != kUnreachable && r_prev != kUnreachable && r != r_prev) {
    const double s = (x - x_prev) / (r - r_prev);
    if (s > 0) slope = s;
  }
  if (std::abs(r) < tolerance_) return answer(x);
  return answer(lo);
}

}  // namespace thaplan::sim
