// Geometry of the synthetic walker: planted feet, events as Zeni et al.
// (2008) would find them, rigid segments, the floor, and the pelvis markers
// against the Harrington (2007) hip-centre regression.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/walker_foot.h"
#include "sim/walker_math.h"
#include "thaplan/walker.h"

namespace thaplan {
namespace {

using sim::Dot;
using sim::Mid;
using sim::Norm;
using sim::Sub;

struct Fixture {
  WalkParams params;
  SyntheticWalk walk;
  Vec3 dir{};  // walking direction in the world frame
};

Fixture Make(double rate, double direction_deg, int stride_count = 6) {
  Fixture f;
  f.params.stride_count = stride_count;
  f.params.sample_rate_hz = rate;
  f.params.walking_direction_deg = direction_deg;
  auto walk = SimulateWalk(f.params, 21);
  EXPECT_TRUE(walk.ok()) << walk.status().ToString();
  f.walk = std::move(walk).value();
  const double a = direction_deg * sim::kDegToRad;
  f.dir = {std::cos(a), std::sin(a), 0};
  return f;
}

const Vec3& At(const Fixture& f, Landmark l, int64_t i) {
  return f.walk.series.Of(l)[static_cast<size_t>(i)];
}

int64_t FrameAtOrAfter(const LandmarkSeries& s, double t) {
  int64_t i = 0;
  while (i < s.frame_count && s.TimeOf(i) < t) ++i;
  return i;
}

// The foot pivots about its planted heel, then its planted toe; in the last
// sim::kToeRollS before toe off the toe rolls forward along the walk on the
// floor (docs/walker.md, "Events consistent with Zeni").
TEST(WalkerGeometryTest, HeelPlantedFromStrikeToHeelRiseToePlantedThenRollsToToeOff) {
  const Fixture f = Make(100, 30);
  const LandmarkSeries& s = f.walk.series;
  for (Side side : {Side::kLeft, Side::kRight}) {
    const Landmark heel =
        side == Side::kLeft ? Landmark::kLeftHeel : Landmark::kRightHeel;
    const Landmark toe = side == Side::kLeft ? Landmark::kLeftToe : Landmark::kRightToe;
    for (const StrideTruth& st : f.walk.truth.strides) {
      if (st.side != side) continue;
      const int64_t hs = FrameAtOrAfter(s, st.heel_strike_s);
      const int64_t hr = FrameAtOrAfter(s, st.heel_rise_s);
      const int64_t to = FrameAtOrAfter(s, st.toe_off_s);
      const Vec3 planted = At(f, heel, hs);
      EXPECT_NEAR(planted[2], 0.0, 1e-12);
      for (int64_t i = hs; i < hr; ++i)
        EXPECT_LT(Norm(Sub(At(f, heel, i), planted)), 1e-12);
      const Vec3 toe_planted = At(f, toe, hr);
      const int64_t roll = FrameAtOrAfter(s, st.toe_off_s - sim::kToeRollS);
      for (int64_t i = hr; i < roll; ++i)
        EXPECT_LT(Norm(Sub(At(f, toe, i), toe_planted)), 1e-12);
      double advance = 0;
      for (int64_t i = roll; i < to; ++i) {
        const Vec3 moved = Sub(At(f, toe, i), toe_planted);
        EXPECT_NEAR(moved[2], 0.0, 1e-12);
        EXPECT_NEAR(Norm(Sub(moved, sim::Scale(f.dir, Dot(moved, f.dir)))), 0.0, 1e-12);
        EXPECT_GE(Dot(moved, f.dir), advance - 1e-12);
        advance = Dot(moved, f.dir);
      }
      EXPECT_GT(advance, 0.005);
      EXPECT_LT(advance, 0.02);
      // The truth stride length is the heel's displacement along the walk.
      const int64_t next = FrameAtOrAfter(s, st.next_heel_strike_s);
      if (next < s.frame_count) {
        EXPECT_NEAR(Dot(Sub(At(f, heel, next), planted), f.dir), st.length_m, 1e-9);
      }
    }
  }
}

// Zeni et al., Gait Posture 2008: heel strike = maximum of heel minus pelvis
// along the walking direction, toe off = minimum of toe minus pelvis. On the
// noise-free walk the extremum nearest each true event is within one frame.
TEST(WalkerGeometryTest, ZeniExtremaSitOnTheTrueEvents) {
  for (double rate : {60.0, 120.0}) {
    const Fixture f = Make(rate, -60);
    const LandmarkSeries& s = f.walk.series;
    auto rel = [&](Landmark l, int64_t i) {
      const Vec3 pelvis =
          Mid(At(f, Landmark::kLeftHip, i), At(f, Landmark::kRightHip, i));
      return Dot(Sub(At(f, l, i), pelvis), f.dir);
    };
    auto check = [&](const std::vector<double>& times, Landmark l, double sign) {
      for (double t : times) {
        const int64_t c = FrameAtOrAfter(s, t);
        const int64_t half = static_cast<int64_t>(0.25 * rate);
        if (c - half < 0 || c + half >= s.frame_count) continue;
        int64_t best = c - half;
        for (int64_t i = c - half; i <= c + half; ++i) {
          if (sign * rel(l, i) > sign * rel(l, best)) best = i;
        }
        EXPECT_LE(std::abs(s.TimeOf(best) - t), 1.0 / rate + 1e-9)
            << LandmarkName(l) << " event at " << t << " s, " << rate << " Hz";
      }
    };
    check(f.walk.truth.heel_strikes_left_s, Landmark::kLeftHeel, 1);
    check(f.walk.truth.heel_strikes_right_s, Landmark::kRightHeel, 1);
    check(f.walk.truth.toe_offs_left_s, Landmark::kLeftToe, -1);
    check(f.walk.truth.toe_offs_right_s, Landmark::kRightToe, -1);
  }
}

// The velocity and acceleration at t (per second, per second squared) of
// the quartic through the samples x[first..first + 4]: Newton's divided
// differences, evaluated with their derivatives by Horner's scheme.
struct Motion {
  double velocity, acceleration;
};
Motion QuarticAt(const LandmarkSeries& s, const std::vector<double>& x, int64_t first,
                 double t) {
  constexpr int kPoints = 5;
  double c[kPoints];
  for (int j = 0; j < kPoints; ++j) c[j] = x[static_cast<size_t>(first + j)];
  for (int k = 1; k < kPoints; ++k) {
    for (int j = kPoints - 1; j >= k; --j) c[j] = (c[j] - c[j - 1]) / k;
  }
  const double u = (t - s.TimeOf(first)) * s.sample_rate_hz;  // in frames
  double p = c[kPoints - 1], dp = 0, ddp = 0;
  for (int j = kPoints - 2; j >= 0; --j) {
    ddp = ddp * (u - j) + 2 * dp;
    dp = dp * (u - j) + p;
    p = p * (u - j) + c[j];
  }
  const double rate = s.sample_rate_hz;
  return {dp * rate, ddp * rate * rate};
}

// The toe leaves the floor with a continuous forward velocity and
// acceleration, its velocity then the pelvis's (docs/walker.md, "Events
// consistent with Zeni"). At 1000 Hz without noise, a quartic through the
// last five samples before toe off and one through the first five after
// give the toe's motion at toe off from either side (the roll is a quartic,
// the swing nearly a cubic): measured, they differ by < 4e-7 m/s and
// < 7e-4 m/s^2, and the toe's velocity from the pelvis's by < 1e-10 m/s.
// The walker without the roll (toe at rest up to toe off) jumps by 0.9-1.0
// m/s and 29-36 m/s^2 on this walk.
TEST(WalkerGeometryTest, ToeLeavesTheFloorWithContinuousForwardVelocityAndAcceleration) {
  const Fixture f = Make(1000, 30, 3);
  const LandmarkSeries& s = f.walk.series;
  std::vector<double> pelvis(static_cast<size_t>(s.frame_count));
  for (int64_t i = 0; i < s.frame_count; ++i) {
    pelvis[static_cast<size_t>(i)] =
        Dot(Mid(At(f, Landmark::kLeftHip, i), At(f, Landmark::kRightHip, i)), f.dir);
  }
  int checked = 0;
  for (Side side : {Side::kLeft, Side::kRight}) {
    const Landmark toe = side == Side::kLeft ? Landmark::kLeftToe : Landmark::kRightToe;
    std::vector<double> x(static_cast<size_t>(s.frame_count));
    for (int64_t i = 0; i < s.frame_count; ++i)
      x[static_cast<size_t>(i)] = Dot(At(f, toe, i), f.dir);
    for (double t : side == Side::kLeft ? f.walk.truth.toe_offs_left_s
                                        : f.walk.truth.toe_offs_right_s) {
      const int64_t after = FrameAtOrAfter(s, t);  // the first swing sample
      if (after < 5 || after + 5 > s.frame_count) continue;
      SCOPED_TRACE(std::string(LandmarkName(toe)) + " off at " + std::to_string(t));
      const Motion stance = QuarticAt(s, x, after - 5, t);
      const Motion swing = QuarticAt(s, x, after, t);
      const Motion hip = QuarticAt(s, pelvis, after - 2, t);
      EXPECT_LT(std::abs(swing.velocity - stance.velocity), 1e-5);
      EXPECT_LT(std::abs(swing.acceleration - stance.acceleration), 0.01);
      EXPECT_LT(std::abs(stance.velocity - hip.velocity), 1e-6);
      EXPECT_GT(swing.acceleration, 0.0);
      ++checked;
    }
  }
  EXPECT_GE(checked, 6);
}

TEST(WalkerGeometryTest, SegmentsAreRigidAndFeetStayAboveTheFloor) {
  const Fixture f = Make(100, 0);
  const LandmarkSeries& s = f.walk.series;
  auto length = [&](Landmark a, Landmark b, int64_t i) {
    return Norm(Sub(At(f, a, i), At(f, b, i)));
  };
  const double thigh = length(Landmark::kLeftHip, Landmark::kLeftKnee, 0);
  const double shank = length(Landmark::kLeftKnee, Landmark::kLeftAnkle, 0);
  double min_foot = 1, max_knee_flexion = 0;
  for (int64_t i = 0; i < s.frame_count; ++i) {
    EXPECT_NEAR(length(Landmark::kLeftHip, Landmark::kLeftKnee, i), thigh, 1e-9);
    EXPECT_NEAR(length(Landmark::kRightHip, Landmark::kRightKnee, i), thigh, 1e-9);
    EXPECT_NEAR(length(Landmark::kLeftKnee, Landmark::kLeftAnkle, i), shank, 1e-9);
    EXPECT_NEAR(length(Landmark::kRightKnee, Landmark::kRightAnkle, i), shank, 1e-9);
    for (Landmark l : {Landmark::kLeftHeel, Landmark::kRightHeel, Landmark::kLeftToe,
                       Landmark::kRightToe}) {
      min_foot = std::min(min_foot, At(f, l, i)[2]);
    }
    const Vec3 t = Sub(At(f, Landmark::kLeftKnee, i), At(f, Landmark::kLeftHip, i));
    const Vec3 sh = Sub(At(f, Landmark::kLeftAnkle, i), At(f, Landmark::kLeftKnee, i));
    max_knee_flexion = std::max(max_knee_flexion,
                                std::acos(Dot(t, sh) / (thigh * shank)) * sim::kRadToDeg);
  }
  EXPECT_GE(min_foot, -1e-12);
  // Swing knee flexion of normal gait peaks near 60-70 deg (Winter 2009).
  EXPECT_GT(max_knee_flexion, 50);
  EXPECT_LT(max_knee_flexion, 80);
}

// Harrington et al., J Biomech 2007: HJC from mid-ASIS in mm, pelvis frame
// x anterior, y superior, z lateral: x = -0.24 PD - 9.9, y = -0.30 PW - 10.9,
// z = +-(0.33 PW + 7.3).
TEST(WalkerGeometryTest, HipCentresMatchHarringtonRegressionFromPelvisMarkers) {
  const Fixture f = Make(100, 75);
  for (int64_t i = 0; i < f.walk.series.frame_count; i += 17) {
    const Vec3 la = At(f, Landmark::kLeftAsis, i), ra = At(f, Landmark::kRightAsis, i);
    const Vec3 mid_asis = Mid(la, ra);
    const Vec3 mid_psis =
        Mid(At(f, Landmark::kLeftPsis, i), At(f, Landmark::kRightPsis, i));
    const Vec3 lat = sim::Normalized(Sub(la, ra));
    Vec3 ant = Sub(mid_asis, mid_psis);
    ant = sim::Normalized(Sub(ant, sim::Scale(lat, Dot(ant, lat))));
    const Vec3 up = sim::Cross(ant, lat);
    const double pw = Norm(Sub(la, ra)) * 1000, pd = Norm(Sub(mid_asis, mid_psis)) * 1000;
    for (Side side : {Side::kLeft, Side::kRight}) {
      const double sign = side == Side::kLeft ? 1 : -1;
      const Vec3 hjc = sim::Add(
          mid_asis, sim::Add(sim::Scale(ant, (-0.24 * pd - 9.9) / 1000),
                             sim::Add(sim::Scale(up, (-0.30 * pw - 10.9) / 1000),
                                      sim::Scale(lat, sign * (0.33 * pw + 7.3) / 1000))));
      const Vec3 emitted =
          At(f, side == Side::kLeft ? Landmark::kLeftHip : Landmark::kRightHip, i);
      EXPECT_LT(Norm(Sub(hjc, emitted)), 1e-9);
    }
  }
}

}  // namespace
}  // namespace thaplan
