#include "gait/strides.h"

#include <gtest/gtest.h>

#include <cmath>

#include "gait/test_walk.h"
#include "thaplan/gait.h"

namespace thaplan::gait {
namespace {

using testing::MakeWalk;
using testing::StrikeTime;
using testing::WalkSpec;

GaitOptions Unfiltered() {
  GaitOptions o;
  o.low_pass = false;
  return o;
}

class ConstantStepWalkTest : public ::testing::TestWithParam<double> {};

// Known truth of the hand-built walk: T = 1.0 s, L = 1.2 m, stance 60 %,
// strikes every T/2 alternating, so step length L/2, width 0.16 m,
// double support 2 x 10 %, single support 40 %.
TEST_P(ConstantStepWalkTest, MetricsMatchTheConstruction) {
  WalkSpec w;
  w.heading_deg = GetParam();
  const LandmarkSeries s = MakeWalk(w);
  const auto r = AnalyzeTrial(s, Unfiltered());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Left strikes at 0.25 + k s (k = 0..8) and right ones at 0.75 + k s
  // (k = 0..7) fall inside the 8.56 s record: 8 left and 7 right strides.
  int left = 0, right = 0;
  for (const StrideMetrics& m : r->strides) {
    (m.side == Side::kLeft ? left : right)++;
    EXPECT_NEAR(m.stride_time_s, 1.0, 1e-9);
    EXPECT_NEAR(m.stride_length_m, 1.2, 1e-9);
    EXPECT_NEAR(m.speed_m_s, 1.2, 1e-9);
    EXPECT_NEAR(m.cadence_steps_per_min, 120.0, 1e-6);
    EXPECT_NEAR(m.step_length_m, 0.6, 1e-9);
    EXPECT_NEAR(m.step_width_m, 0.16, 1e-9);
    // Toe offs: parabolic refinement on the kinked Zeni signal, 0.1 frame
    // early. Strikes: 0.61 frame late (below): each phase moves by at most
    // 0.71 frame = 0.71 % of a 100-frame stride, double support twice.
    EXPECT_NEAR(m.stance_pct, 60.0, 0.8);
    EXPECT_NEAR(m.swing_pct, 40.0, 0.8);
    EXPECT_NEAR(m.single_support_pct, 40.0, 0.8);
    EXPECT_NEAR(m.double_support_pct, 20.0, 1.5);
  }
  EXPECT_EQ(left, 8);
  EXPECT_EQ(right, 7);
  EXPECT_TRUE(r->dropped.empty());
  // Strike times. The heel stops within one sample: it moves until the
  // strike frame k and rests after it, so its central-difference speed is
  // s_k = |heel(k+1) - heel(k-1)| fs / 2 at k and 0 at k + 1, and the
  // heel-speed timing (events.h) finds 0.5 x 1.2 m/s at k + 1 - 0.6 / s_k.
  for (const GaitEvent& e : r->events) {
    if (e.kind != GaitEventKind::kHeelStrike) continue;
    const double k = std::round((e.time_s - StrikeTime(w, e.side, 0)) / w.stride_time_s);
    const double truth = StrikeTime(w, e.side, static_cast<int>(k));
    const auto f = static_cast<size_t>(std::lround(truth * w.sample_rate_hz));
    const auto& heel =
        s.Of(e.side == Side::kLeft ? Landmark::kLeftHeel : Landmark::kRightHeel);
    const double sk = Norm(Sub(heel[f + 1], heel[f - 1])) * w.sample_rate_hz / 2;
    EXPECT_NEAR(e.time_s, truth + (1 - 0.6 / sk) / w.sample_rate_hz, 1e-9);
    EXPECT_NEAR(e.time_s, truth, 0.007);
  }
}

TEST_P(ConstantStepWalkTest, FilteredEventsWithinTwoFrames) {
  WalkSpec w;
  w.heading_deg = GetParam();
  const auto r = AnalyzeTrial(MakeWalk(w), GaitOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int strikes = 0;
  for (const GaitEvent& e : r->events) {
    if (e.kind != GaitEventKind::kHeelStrike) continue;
    ++strikes;
    const double k = std::round((e.time_s - StrikeTime(w, e.side, 0)) / w.stride_time_s);
    EXPECT_NEAR(e.time_s, StrikeTime(w, e.side, static_cast<int>(k)), 0.02);
  }
  EXPECT_EQ(strikes, 17);
  for (const StrideMetrics& m : r->strides) EXPECT_NEAR(m.stride_length_m, 1.2, 0.01);
}

INSTANTIATE_TEST_SUITE_P(Headings, ConstantStepWalkTest,
                         ::testing::Values(0.0, 180.0, 37.0, -100.0));

TEST(StrideOrderTest, MissingContralateralToeOffDropsTheStrideWithReason) {
  Segment seg;
  seg.sample_rate_hz = 100;
  seg.end = 300;
  seg.pelvis.assign(300, Vec3{0, 0, 0.9});
  for (size_t f = 0; f < 300; ++f) seg.pelvis[f][0] = 0.012 * static_cast<double>(f);
  seg.direction.assign(300, Vec2{1, 0});
  for (Landmark l : {Landmark::kLeftHeel, Landmark::kRightHeel, Landmark::kLeftAnkle,
                     Landmark::kRightAnkle}) {
    seg.pos[Idx(l)].assign(300, Vec3{0, 0, 0});
  }
  std::array<FootChoice, 2> feet;
  feet[0] = {Landmark::kLeftHeel, Landmark::kLeftHeel, Landmark::kLeftHeel,
             Landmark::kLeftAnkle};
  feet[1] = {Landmark::kRightHeel, Landmark::kRightHeel, Landmark::kRightHeel,
             Landmark::kRightAnkle};
  auto ev = [](Side s, GaitEventKind k, int64_t f) { return Event{s, k, f, 0, "test"}; };
  const auto HS = GaitEventKind::kHeelStrike;
  const auto TO = GaitEventKind::kToeOff;
  // Left stride 10..110 complete; left stride 110..210 lacks the right toe off.
  std::vector<Event> events = {ev(Side::kLeft, HS, 10),  ev(Side::kRight, TO, 20),
                               ev(Side::kRight, HS, 60), ev(Side::kLeft, TO, 70),
                               ev(Side::kLeft, HS, 110), ev(Side::kRight, HS, 160),
                               ev(Side::kLeft, TO, 170), ev(Side::kLeft, HS, 210)};
  const StrideBuild b = BuildStrides(seg, events, feet, GaitOptions{}, 0);
  ASSERT_EQ(b.strides.size(), 1u);
  EXPECT_EQ(b.strides[0].hs, 10);
  EXPECT_NEAR(b.strides[0].metrics.stance_pct, 60.0, 1e-9);
  EXPECT_NEAR(b.strides[0].metrics.double_support_pct, 20.0, 1e-9);
  ASSERT_EQ(b.dropped.size(), 2u);  // left 110-210 and right 60-160
  EXPECT_EQ(
      b.dropped[0].reason,
      "left stride 1.100-2.100 s: expected one right toe off, one right heel strike "
      "and one left toe off between the two left heel strikes; found 0, 1 and 1");
}

TEST(StrideOrderTest, WrongOrderIsNamed) {
  Segment seg;
  seg.sample_rate_hz = 100;
  seg.end = 200;
  seg.pelvis.assign(200, Vec3{0, 0, 0.9});
  seg.direction.assign(200, Vec2{1, 0});
  seg.pos[Idx(Landmark::kLeftHeel)].assign(200, Vec3{0, 0, 0});
  seg.pos[Idx(Landmark::kRightHeel)].assign(200, Vec3{0, 0, 0});
  std::array<FootChoice, 2> feet;
  feet[0] = {Landmark::kLeftHeel, Landmark::kLeftHeel, Landmark::kLeftHeel,
             Landmark::kLeftHeel};
  feet[1] = {Landmark::kRightHeel, Landmark::kRightHeel, Landmark::kRightHeel,
             Landmark::kRightHeel};
  const auto HS = GaitEventKind::kHeelStrike;
  const auto TO = GaitEventKind::kToeOff;
  std::vector<Event> events = {{Side::kLeft, HS, 10, 0, ""},
                               {Side::kRight, HS, 30, 0, ""},
                               {Side::kRight, TO, 50, 0, ""},
                               {Side::kLeft, TO, 70, 0, ""},
                               {Side::kLeft, HS, 110, 0, ""}};
  const StrideBuild b = BuildStrides(seg, events, feet, GaitOptions{}, 0);
  EXPECT_TRUE(b.strides.empty());
  ASSERT_EQ(b.dropped.size(), 1u);
  EXPECT_NE(b.dropped[0].reason.find("events out of order"), std::string::npos);
}

TEST(BoutTest, FirstAndLastOfEachBoutAreMarked) {
  std::vector<StrideWork> strides(5);
  const int64_t starts[5] = {0, 100, 200, 400, 500};  // gap between 300 and 400
  for (size_t k = 0; k < 5; ++k) {
    strides[k].hs = starts[k];
    strides[k].hs_next = starts[k] + 100;
    strides[k].direction = {1, 0};
  }
  int next = 0;
  MarkBouts(strides, 30, next);
  EXPECT_TRUE(strides[0].metrics.bout_boundary);
  EXPECT_FALSE(strides[1].metrics.bout_boundary);
  EXPECT_TRUE(strides[2].metrics.bout_boundary);
  EXPECT_TRUE(strides[3].metrics.bout_boundary);
  EXPECT_TRUE(strides[4].metrics.bout_boundary);
  EXPECT_EQ(strides[2].metrics.bout, 0);
  EXPECT_EQ(strides[3].metrics.bout, 1);
}

}  // namespace
}  // namespace thaplan::gait
