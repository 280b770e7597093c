// Test-only: a hand-built constant-step walk with exactly known events,
// stride lengths, step widths and (optionally) COM sway. Header-only so it
// stays out of the library. Not a realistic walker (sim::Walker is); every
// landmark follows simple rules so that the truth is known in closed form.
//
// Rules: left heel strikes at lead_s + k T, right at lead_s + (k + 1/2) T;
// each foot is flat on the ground for stance x T after its strike, then
// swings to the next foothold in a straight line at constant speed (so the
// heel-minus-pelvis signal has its maximum exactly at the strike and the
// toe-minus-pelvis its minimum exactly at the toe off). Footholds lie
// half the step width either side of the path; the pelvis moves along the
// path at L / T.
#ifndef THAPLAN_GAIT_TEST_WALK_H_
#define THAPLAN_GAIT_TEST_WALK_H_

#include <cmath>
#include <functional>
#include <numbers>

#include "gait/segment.h"
#include "thaplan/landmarks.h"

namespace thaplan::gait::testing {

struct WalkSpec {
  double sample_rate_hz = 100;
  double stride_time_s = 1.0;
  double stride_length_m = 1.2;
  double stance_fraction = 0.6;
  double step_width_m = 0.16;
  double heading_deg = 0;
  int strides = 8;
  double lead_s = 0.25;               // time of the first left strike
  double tail_s = 0.3;                // recording after the last left strike
  double heel_ahead_fraction = 0.25;  // heel ahead of the pelvis at strike, x L
  double foot_length_m = 0.22;
  double pelvis_height_m = 0.9;
  // A U-turn: straight for `turn_after_m`, then a left semicircle of this
  // radius, then straight back. 0 = straight walk.
  double turn_radius_m = 0;
  double turn_after_m = 0;
  bool treadmill = false;  // subtract the progression: pelvis stays in place
  // Optional shifts applied to every landmark, as functions of the phase in
  // the left stride (0 at left strike, 1 at the next one): lateral (to the
  // left of the path) and vertical.
  std::function<double(double)> lateral_shift;
  std::function<double(double)> vertical_shift;
};

struct PathPoint {
  Vec2 pos, tangent;
};

inline PathPoint PathAt(const WalkSpec& w, double s) {
  const double h = w.heading_deg * std::numbers::pi / 180;
  const Vec2 t0{std::cos(h), std::sin(h)};
  const Vec2 n0 = LeftOf(t0);
  if (w.turn_radius_m <= 0 || s <= w.turn_after_m) {
    return {{t0.x * s, t0.y * s}, t0};
  }
  const Vec2 a{t0.x * w.turn_after_m, t0.y * w.turn_after_m};
  const Vec2 c{a.x + n0.x * w.turn_radius_m, a.y + n0.y * w.turn_radius_m};
  const double arc = std::numbers::pi * w.turn_radius_m;
  const double into = s - w.turn_after_m;
  if (into <= arc) {
    const double phi = into / w.turn_radius_m;
    // Start at angle -90 deg from the normal (point a), turn left.
    const Vec2 r{-n0.x * std::cos(phi) + t0.x * std::sin(phi),
                 -n0.y * std::cos(phi) + t0.y * std::sin(phi)};
    const Vec2 tan{t0.x * std::cos(phi) + n0.x * std::sin(phi),
                   t0.y * std::cos(phi) + n0.y * std::sin(phi)};
    return {{c.x + r.x * w.turn_radius_m, c.y + r.y * w.turn_radius_m}, tan};
  }
  const Vec2 b{a.x + 2 * n0.x * w.turn_radius_m, a.y + 2 * n0.y * w.turn_radius_m};
  const double back = into - arc;
  return {{b.x - t0.x * back, b.y - t0.y * back}, {-t0.x, -t0.y}};
}

inline Vec3 At3(const Vec2& p, double z) { return {p.x, p.y, z}; }

// Heel position of a side at time t (and the tangent of its foothold line).
inline PathPoint HeelAt(const WalkSpec& w, Side side, double t, double* lift) {
  const double T = w.stride_time_s;
  const double v = w.stride_length_m / T;
  const double first = w.lead_s + (side == Side::kRight ? T / 2 : 0);
  const double k = std::floor((t - first) / T);
  const double hs = first + k * T;
  const double sign = side == Side::kLeft ? 1 : -1;
  auto foothold = [&](double strike_t) {
    const PathPoint p =
        PathAt(w, v * strike_t + w.heel_ahead_fraction * w.stride_length_m);
    const Vec2 n = LeftOf(p.tangent);
    return PathPoint{{p.pos.x + sign * n.x * w.step_width_m / 2,
                      p.pos.y + sign * n.y * w.step_width_m / 2},
                     p.tangent};
  };
  const PathPoint a = foothold(hs);
  const double in_stride = t - hs;
  *lift = 0;
  if (in_stride < w.stance_fraction * T) return a;
  const PathPoint b = foothold(hs + T);
  const double u = (in_stride - w.stance_fraction * T) / ((1 - w.stance_fraction) * T);
  *lift = 0.1 * std::sin(std::numbers::pi * u);
  Vec2 tan{a.tangent.x + u * (b.tangent.x - a.tangent.x),
           a.tangent.y + u * (b.tangent.y - a.tangent.y)};
  const double len = std::hypot(tan.x, tan.y);
  return {{a.pos.x + u * (b.pos.x - a.pos.x), a.pos.y + u * (b.pos.y - a.pos.y)},
          {tan.x / len, tan.y / len}};
}

inline LandmarkSeries MakeWalk(const WalkSpec& w) {
  LandmarkSeries s;
  s.sample_rate_hz = w.sample_rate_hz;
  const double duration = w.lead_s + w.strides * w.stride_time_s + w.tail_s;
  s.frame_count = static_cast<int64_t>(std::floor(duration * w.sample_rate_hz)) + 1;
  s.pelvis_tracked = true;
  s.hip_centre_method = "file";
  s.source_path = "synthetic-walk";
  for (auto& track : s.positions) track.resize(static_cast<size_t>(s.frame_count));
  const double v = w.stride_length_m / w.stride_time_s;
  const Vec3 up{0, 0, 1};
  for (int64_t f = 0; f < s.frame_count; ++f) {
    const double t = static_cast<double>(f) / w.sample_rate_hz;
    const PathPoint p = PathAt(w, v * t);
    const Vec3 tg = At3(p.tangent, 0);
    const Vec3 n = At3(LeftOf(p.tangent), 0);
    const Vec3 pelvis = At3(p.pos, w.pelvis_height_m);
    auto set = [&](Landmark l, const Vec3& x) {
      s.positions[Idx(l)][static_cast<size_t>(f)] = x;
    };
    auto off = [&](double fwd, double left, double upv) {
      return Add(Add(Add(pelvis, Scale(tg, fwd)), Scale(n, left)), Scale(up, upv));
    };
    set(Landmark::kLeftHip, off(0, 0.09, 0));
    set(Landmark::kRightHip, off(0, -0.09, 0));
    set(Landmark::kMidHip, pelvis);
    set(Landmark::kLeftAsis, off(0.05, 0.12, 0.08));
    set(Landmark::kRightAsis, off(0.05, -0.12, 0.08));
    set(Landmark::kLeftPsis, off(-0.10, 0.05, 0.10));
    set(Landmark::kRightPsis, off(-0.10, -0.05, 0.10));
    set(Landmark::kSacrum, off(-0.10, 0, 0.10));
    set(Landmark::kLeftShoulder, off(0, 0.18, 0.5));
    set(Landmark::kRightShoulder, off(0, -0.18, 0.5));
    set(Landmark::kNeck, off(0, 0, 0.55));
    set(Landmark::kHead, off(0, 0, 0.7));
    set(Landmark::kLeftElbow, off(0, 0.2, 0.22));
    set(Landmark::kRightElbow, off(0, -0.2, 0.22));
    set(Landmark::kLeftWrist, off(0, 0.2, -0.04));
    set(Landmark::kRightWrist, off(0, -0.2, -0.04));
    for (Side side : {Side::kLeft, Side::kRight}) {
      const bool left = side == Side::kLeft;
      double lift = 0;
      const PathPoint h = HeelAt(w, side, t, &lift);
      const Vec3 heel = At3(h.pos, lift);
      const Vec3 ftg = At3(h.tangent, 0);
      const Vec3 ankle = Add(Add(heel, Scale(ftg, 0.05)), Scale(up, 0.08));
      const Vec3 hip = s.positions[Idx(left ? Landmark::kLeftHip : Landmark::kRightHip)]
                                  [static_cast<size_t>(f)];
      set(left ? Landmark::kLeftHeel : Landmark::kRightHeel, heel);
      set(left ? Landmark::kLeftToe : Landmark::kRightToe,
          Add(heel, Scale(ftg, w.foot_length_m)));
      set(left ? Landmark::kLeftAnkle : Landmark::kRightAnkle, ankle);
      set(left ? Landmark::kLeftKnee : Landmark::kRightKnee,
          Add(Lerp(hip, ankle, 0.5), Scale(tg, 0.04)));
    }
    double phase = std::fmod((t - w.lead_s) / w.stride_time_s, 1.0);
    if (phase < 0) phase += 1;
    Vec3 shift{0, 0, 0};
    if (w.lateral_shift) shift = Add(shift, Scale(n, w.lateral_shift(phase)));
    if (w.vertical_shift) shift = Add(shift, Scale(up, w.vertical_shift(phase)));
    if (w.treadmill) shift = Sub(shift, Scale(tg, v * t));
    for (auto& track : s.positions) {
      track[static_cast<size_t>(f)] = Add(track[static_cast<size_t>(f)], shift);
    }
  }
  return s;
}

// Exact event times of the walk.
inline double StrikeTime(const WalkSpec& w, Side side, int k) {
  return w.lead_s + (k + (side == Side::kRight ? 0.5 : 0.0)) * w.stride_time_s;
}

}  // namespace thaplan::gait::testing

#endif  // THAPLAN_GAIT_TEST_WALK_H_
