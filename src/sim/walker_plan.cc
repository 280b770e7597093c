#include "sim/walker_plan.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/walker_foot.h"
#include "sim/walker_rng.h"

namespace thaplan::sim {
namespace {

constexpr uint64_t kStrideStream = 1;
// Truncating stride draws at 4 SD keeps every step positive; it shrinks the SD
// by a factor 0.9995 (truncated-normal variance), far below sampling error.
constexpr double kTruncateSd = 4.0;
// Mean stride length multipliers around the steady strides: the capture starts
// while the walker is still accelerating and the walk slows down after the
// last complete stride (our choice; see docs/walker.md).
double StrideMultiplier(int m, int n) {
  if (m <= -1) return 0.8;
  if (m == 0) return 0.9;
  if (m <= n + 1) return 1.0;
  if (m == n + 2) return 0.9;
  return 0.8;
}
// The capture starts this fraction of a stride before heel strike 0 and ends
// as long after the last one, so that the first and last events have data on
// both sides.
constexpr double kCaptureMargin = 0.3;
// Shift of the lateral sway bumps after each heel strike, so that a side's
// bump peaks at 30 % of the stride, mid single support (Perry & Burnfield,
// Gait Analysis, 2nd ed. 2010: single support 12-50 %).
constexpr double kSwayDelay = 0.05;
// Small pelvis oscillations, typical magnitudes of healthy adult walking
// (Perry & Burnfield 2010; our rounding): tilt +-1.5 deg (two cycles per
// stride), obliquity +-4 deg, transverse rotation +-4 deg.
constexpr double kTiltOscDeg = 1.5;
constexpr double kObliquityDeg = 4.0;
constexpr double kRotationDeg = 4.0;
// Forward surge: speed varies +-4 % at step frequency, fastest at heel strike
// (inverted-pendulum exchange; our choice of amplitude).
constexpr double kSpeedOscFraction = 0.04;

// Metatarsal heads at ~0.75 of the heel-to-toe length (our estimate).
constexpr double kForefootPerFoot = 0.75;

const double kCosSwayDelay = std::cos(4 * std::numbers::pi * kSwayDelay);
const double kSinSwayDelay = std::sin(4 * std::numbers::pi * kSwayDelay);

// Forward pelvis speed must stay positive for the time it passes over an
// ankle to be unique; PelvisX is then increasing and a safeguarded Newton
// iteration finds that time to machine precision.
double TimeAtPelvisX(const GaitPlan& plan, double x, double lo, double hi) {
  double t = 0.5 * (lo + hi);
  for (int iter = 0; iter < 60; ++iter) {
    const double f = plan.PelvisX(t) - x;
    (f < 0 ? lo : hi) = t;
    double next = t - f / plan.PelvisVx(t);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::abs(next - t) < 1e-15 || hi - lo < 1e-15) return next;
    t = next;
  }
  return t;
}

// The pelvis x on step k as a cubic in s = (t - HsTime(k)) / (stride / 2),
// from the C1 Hermite through the knots with Catmull-Rom slopes.
std::array<double, 4> PelvisXPoly(const GaitPlan& plan, int k) {
  auto knot = [&](int j) {
    return plan.pelvis_x_knot[static_cast<size_t>(j - plan.k_min)];
  };
  // Slopes times the step duration.
  auto slope = [&](int j) {
    if (j <= plan.k_min + 1) return knot(j + 1) - knot(j);
    if (j >= plan.k_max) return knot(j) - knot(j - 1);
    return (knot(j + 1) - knot(j - 1)) / 2;
  };
  const double p0 = knot(k), p1 = knot(k + 1), m0 = slope(k), m1 = slope(k + 1);
  return {p0, m0, -3 * p0 - 2 * m0 + 3 * p1 - m1, 2 * p0 + m0 - 2 * p1 + m1};
}

// The step whose pelvis-x cubic covers t.
size_t XStep(const GaitPlan& plan, double t, double* s) {
  const double u = (t - plan.t0_s) * plan.inv_half_stride;
  const int k =
      std::clamp(static_cast<int>(std::floor(u)), plan.k_min + 1, plan.k_max - 1);
  *s = u - k;
  return static_cast<size_t>(k - plan.k_min);
}

}  // namespace

int GaitPlan::StepIndex(double t) const {
  const int k = static_cast<int>(std::floor((t - t0_s) / (stride_time_s / 2)));
  return std::clamp(k, k_min, k_max);
}

int GaitPlan::LastStrike(Side side, double t) const {
  const int k = StepIndex(t);
  return SideOf(k) == side ? k : k - 1;
}

double GaitPlan::PelvisX(double t) const {
  double s = 0;
  const std::array<double, 4>& a = x_poly[XStep(*this, t, &s)];
  const double w = 4 * std::numbers::pi / stride_time_s;
  double sn = 0, cs = 0;
  SinCos(w * (t - t0_s), &sn, &cs);
  return a[0] + s * (a[1] + s * (a[2] + s * a[3])) + speed_osc_m * sn;
}

double GaitPlan::PelvisVx(double t) const {
  double s = 0;
  const std::array<double, 4>& a = x_poly[XStep(*this, t, &s)];
  const double w = 4 * std::numbers::pi / stride_time_s;
  double sn = 0, cs = 0;
  SinCos(w * (t - t0_s), &sn, &cs);
  return (a[1] + s * (2 * a[2] + s * 3 * a[3])) * inv_half_stride + speed_osc_m * w * cs;
}

PelvisMotion GaitPlan::Motion(double t) const {
  // Every periodic term is a function of the stride phase; one sine and
  // cosine of it give them all (double-angle and angle-sum identities).
  const double phase = 2 * std::numbers::pi * (t - t0_s) / stride_time_s;
  double s1 = 0, c1 = 0;
  SinCos(phase, &s1, &c1);
  const double s2 = 2 * s1 * c1, c2 = (c1 - s1) * (c1 + s1);
  PelvisMotion m;
  m.t = t;
  m.cos_phase = c1;
  double s = 0;
  const std::array<double, 4>& a = x_poly[XStep(*this, t, &s)];
  m.x = a[0] + s * (a[1] + s * (a[2] + s * a[3])) + speed_osc_m * s2;
  // The sway bumps are raised cosines of 2 * phase, delayed by kSwayDelay of
  // a stride: cos(2 phase - 4 pi kSwayDelay).
  const double u = (t - t0_s - kSwayDelay * stride_time_s) * inv_half_stride;
  const double bump = 0.5 * (1 - (c2 * kCosSwayDelay + s2 * kSinSwayDelay));
  (SideOf(static_cast<int>(std::floor(u))) == Side::kLeft ? m.shape_left
                                                          : m.shape_right) = bump;
  m.rot = Rotation(c1, tilt_osc_rad * c2 + asym_cos * c1 + asym_sin * s1,
                   m.shape_left - m.shape_right);
  return m;
}

double GaitPlan::TiltAt(double t) const {
  const double phase = 2 * std::numbers::pi * (t - t0_s) / stride_time_s;
  return tilt_rad + tilt_osc_rad * std::cos(2 * phase) + asym_cos * std::cos(phase) +
         asym_sin * std::sin(phase);
}

PelvisPose GaitPlan::Pose(const PelvisMotion& m) const {
  PelvisPose p;
  p.centre = {m.x, sway_left_m * m.shape_left - sway_right_m * m.shape_right,
              PelvisZ(m.t)};
  p.rot = m.rot;
  const Vec3 half_width = Scale(m.rot.y, hip_half_width);
  p.hip[0] = Add(p.centre, half_width);
  p.hip[1] = Sub(p.centre, half_width);
  return p;
}

double GaitPlan::PelvisZ(double t) const {
  // (The height is continuous, so rounding at a heel strike does not matter.)
  const int k = std::clamp(static_cast<int>(std::floor((t - t0_s) * inv_half_stride)),
                           k_min, k_max - 1);
  const size_t i = static_cast<size_t>(k - k_min);
  if (t < t_high[i]) {
    const double s = std::clamp((t - HsTime(k)) * z_rise_inv[i], 0.0, 1.0);
    return z_low[i] + (z_high[i] - z_low[i]) * SmoothStep(s);
  }
  const double s = std::clamp((t - t_high[i]) * z_fall_inv[i], 0.0, 1.0);
  return z_high[i] + (z_low[i + 1] - z_high[i]) * SmoothStep(s);
}

Rot GaitPlan::Rotation(double cos_phase, double tilt_delta, double sway_shape) const {
  // Transverse rotation a (left hip forward at left heel strike), then
  // obliquity b (left side up while the left foot bears the weight: the
  // swing side drops), then tilt g = tilt_rad + d: RotZ(a) RotX(b) RotY(g)
  // multiplied out. a and b are a few degrees (kRotationDeg, kObliquityDeg),
  // d at most 0.3 rad (kTiltOscDeg plus the asymmetry SetPelvisTilt allows).
  double sa, ca, sb, cb, sd, cd;
  SinCosSmall(-rotation_rad * cos_phase, &sa, &ca);
  SinCosSmall(obliquity_rad * sway_shape, &sb, &cb);
  SinCosSmall(tilt_delta, &sd, &cd);
  const double sg = sin_tilt * cd + cos_tilt * sd, cg = cos_tilt * cd - sin_tilt * sd;
  Rot r;
  r.x = {ca * cg - sa * sb * sg, sa * cg + ca * sb * sg, -cb * sg};
  r.y = {-sa * cb, ca * cb, sb};
  r.z = {ca * sg + sa * sb * cg, sa * sg - ca * sb * cg, cb * cg};
  return r;
}

Result<GaitPlan> MakeGaitPlan(const WalkParams& params, const BodyDims& dims,
                              uint64_t seed, double step_asym_m) {
  GaitPlan plan;
  const int n = params.stride_count;
  plan.stride_count = n;
  plan.stride_time_s = 120.0 / params.cadence_steps_per_min;
  plan.sample_rate_hz = params.sample_rate_hz;
  plan.t0_s = kCaptureMargin * plan.stride_time_s;
  plan.k_min = -4;
  plan.k_max = 2 * n + 8;
  plan.first_capture_k = 0;
  plan.last_capture_k = 2 * n + 5;
  const double t_end =
      plan.HsTime(plan.last_capture_k) + kCaptureMargin * plan.stride_time_s;
  plan.frame_count = static_cast<int64_t>(std::floor(t_end * params.sample_rate_hz)) + 1;
  plan.step_width_m = params.step_width_m;
  plan.step_asym_m = step_asym_m;
  plan.hip_half_width = dims.hip_half_width;

  // Left strides are drawn independently; each right heel lands midway
  // between the left ones plus a jitter with SD sigma/2, which makes the right
  // strides independent N(mean, sigma^2) too (docs/walker.md derives it).
  const double mean = params.stride_length_mean_m;
  const double sigma = params.stride_length_cv_pct / 100.0 * mean;
  WalkRng rng(seed, kStrideStream);
  plan.heel_x.assign(static_cast<size_t>(plan.k_max - plan.k_min + 1), 0.0);
  auto x = [&](int k) -> double& {
    return plan.heel_x[static_cast<size_t>(k - plan.k_min)];
  };
  x(plan.k_min) = 0;
  for (int m = plan.k_min / 2; 2 * m + 2 <= plan.k_max; ++m) {
    const double stride =
        StrideMultiplier(m, n) * mean + sigma * rng.TruncatedNormal(kTruncateSd);
    const double jitter = 0.5 * sigma * rng.TruncatedNormal(kTruncateSd);
    x(2 * m + 2) = x(2 * m) + stride;
    x(2 * m + 1) = 0.5 * (x(2 * m) + x(2 * m + 2)) + jitter - step_asym_m;
  }
  for (int k = plan.k_min + 1; k <= plan.k_max; ++k) {
    if (x(k) - x(k - 1) < 0.15 * mean) {
      return Status::InvalidInput("walk params: stride_length_cv_pct = " +
                                  std::to_string(params.stride_length_cv_pct) +
                                  ": seed " + std::to_string(seed) + " draws a step of " +
                                  std::to_string(x(k) - x(k - 1)) +
                                  " m; expected a lower CV or another seed");
    }
  }
  plan.pelvis_x_knot.assign(plan.heel_x.size(), 0.0);
  for (int k = plan.k_min + 1; k <= plan.k_max; ++k) {
    // At heel strike the pelvis is midway between the two contacts: the
    // leading heel and the trailing forefoot, which is on its toe rocker.
    plan.pelvis_x_knot[static_cast<size_t>(k - plan.k_min)] =
        0.5 * (x(k) + x(k - 1) + kForefootPerFoot * dims.foot);
  }
  plan.pelvis_x_knot[0] = 2 * plan.pelvis_x_knot[1] - plan.pelvis_x_knot[2];
  const double speed = mean / plan.stride_time_s;
  plan.speed_osc_m =
      kSpeedOscFraction * speed * plan.stride_time_s / (4 * std::numbers::pi);
  // An automatic tilt (NaN) starts at the nominal one; ChoosePelvicTilt
  // moves it.
  SetPelvisTilt(
      plan, std::isnan(params.pelvic_tilt_deg) ? kNominalTiltDeg : params.pelvic_tilt_deg,
      0.0);
  plan.tilt_osc_rad = kTiltOscDeg * kDegToRad;
  plan.obliquity_rad = kObliquityDeg * kDegToRad;
  plan.rotation_rad = kRotationDeg * kDegToRad;
  plan.inv_half_stride = 2 / plan.stride_time_s;
  plan.x_poly.assign(plan.heel_x.size(), {0, 0, 0, 0});
  for (int k = plan.k_min + 1; k < plan.k_max; ++k) {
    plan.x_poly[static_cast<size_t>(k - plan.k_min)] = PelvisXPoly(plan, k);
  }
  plan.z_low.assign(plan.heel_x.size(), 0.0);
  plan.z_high.assign(plan.heel_x.size(), 0.0);
  plan.t_high.assign(plan.heel_x.size(), 0.0);
  // The pelvis is highest when it passes over the stance ankle (flat foot),
  // between 10 and 40 % of the stride (docs/walker.md, "Pelvis").
  for (int k = plan.k_min; k <= plan.k_max; ++k) {
    const size_t i = static_cast<size_t>(k - plan.k_min);
    const double t_hs = plan.HsTime(k);
    plan.t_high[i] = k == plan.k_max ? t_hs + 0.25 * plan.stride_time_s
                                     : TimeAtPelvisX(plan, x(k) + dims.ankle_forward,
                                                     t_hs + 0.1 * plan.stride_time_s,
                                                     t_hs + 0.4 * plan.stride_time_s);
  }
  plan.z_rise_inv.assign(plan.heel_x.size(), 0.0);
  plan.z_fall_inv.assign(plan.heel_x.size(), 0.0);
  for (int k = plan.k_min; k < plan.k_max; ++k) {
    const size_t i = static_cast<size_t>(k - plan.k_min);
    plan.z_rise_inv[i] = 1 / (plan.t_high[i] - plan.HsTime(k));
    plan.z_fall_inv[i] = 1 / (plan.HsTime(k + 1) - plan.t_high[i]);
  }
  return plan;
}

void SetPelvisTilt(GaitPlan& plan, double mean_deg, double asym_deg) {
  plan.tilt_rad = mean_deg * kDegToRad;
  plan.tilt_asym_rad = asym_deg * kDegToRad;
  plan.sin_tilt = std::sin(plan.tilt_rad);
  plan.cos_tilt = std::cos(plan.tilt_rad);
  // cos(phase - p) = cos p cos phase + sin p sin phase, p the phase of the
  // left leg's peak extension.
  const double p = 2 * std::numbers::pi * kPeakExtensionFraction;
  plan.asym_cos = plan.tilt_asym_rad * std::cos(p);
  plan.asym_sin = plan.tilt_asym_rad * std::sin(p);
}

Status SetPelvisSway(GaitPlan& plan, double left, double right) {
  // With raised-cosine bumps (mean 1/2 over their half stride), amplitudes a
  // (left) and b (right) give excursions from the stride mean of
  // (3a + b) / 4 and (a + 3b) / 4; invert that.
  const double a = (3 * left - right) / 2;
  const double b = (3 * right - left) / 2;
  if (a < 0 || b < 0) {
    // Near the 1/3..3 bound of ValidateWalkParams: the legs and arms damp the
    // two sides' COM excursions differently, so the pelvis needs a slightly
    // larger ratio than the COM (docs/walker.md).
    return Status::InvalidInput(
        "walk params: com_sway_left_m / com_sway_right_m: the pelvis sway that realises "
        "it "
        "(the legs and arms damp the COM) has a ratio of " +
        std::to_string(left / right) +
        ": expected 1/3..3 (each excursion is measured from the stride-mean COM, which "
        "the "
        "larger sway pulls toward its side); ask for a COM ratio nearer 1");
  }
  plan.sway_left_m = a;
  plan.sway_right_m = b;
  return Status::Ok();
}

}  // namespace thaplan::sim
