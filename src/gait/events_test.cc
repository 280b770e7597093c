#include "gait/events.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "gait/filter.h"
#include "gait/peaks.h"

namespace thaplan::gait {
namespace {

TEST(PeaksTest, ProminenceFiltersSmallBumps) {
  const std::vector<double> x = {0, 1, 0.8, 0.9, 0, 2, 0};
  const auto all = FindPeaks(x, 0.0);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].index, 1);
  EXPECT_NEAR(all[0].prominence, 1.0, 1e-12);  // bases 0 and 0 (right: up to the 2)
  EXPECT_NEAR(all[1].prominence, 0.1, 1e-12);  // 0.9 - max(0.8, 0)
  const auto big = FindPeaks(x, 0.5);
  ASSERT_EQ(big.size(), 2u);
  EXPECT_EQ(big[1].index, 5);
}

TEST(PeaksTest, PeakNextToTheStartKeepsItsProminence) {
  // The recording starts just before the maximum: the left side is cut off.
  const std::vector<double> x = {0.95, 1.0, 0.5, 0.0, 0.5, 0.9};
  const auto p = FindPeaks(x, 0.5);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].index, 1);
  EXPECT_NEAR(p[0].prominence, 1.0, 1e-12);
}

TEST(PeaksTest, MaximumOnTheFirstOrLastSampleIsNotAPeak) {
  EXPECT_TRUE(FindPeaks(std::vector<double>{2, 1, 0, 1, 1.5}, 0.1).empty());
}

TEST(PeaksTest, FlatTopReportsItsMiddleAndTroughsArePositive) {
  const auto p = FindPeaks(std::vector<double>{0, 1, 1, 1, 0}, 0.5);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].index, 2);
  const auto t = FindTroughs(std::vector<double>{1, 0, 1, -1, 1}, 0.5);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].index, 3);
  EXPECT_NEAR(t[1].prominence, 2.0, 1e-12);
}

TEST(PeaksTest, ParabolicOffsetRecoversASampledParabola) {
  // y = -(i - 4.3)^2 sampled at integers: vertex at 4.3.
  std::vector<double> x;
  for (int i = 0; i < 9; ++i) x.push_back(-(i - 4.3) * (i - 4.3));
  const auto p = FindPeaks(x, 1.0);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NEAR(static_cast<double>(p[0].index) + p[0].offset, 4.3, 1e-12);
}

// A segment whose pelvis moves along heading `deg` at 1.2 m/s and whose heel
// and toe oscillate about it: heel - pelvis = A sin(2 pi t / T) along the
// walking direction (maxima at t = T/4 + k T), toe - pelvis = A sin(2 pi t/T
// - 1) + 0.1 (minima at t = (3 pi/2 + 1) T/(2 pi) + k T).
Segment SinusoidSegment(double deg, double noise_m, bool filter) {
  const double fs = 100, T = 1.1, A = 0.35;
  const int n = 500;
  Segment seg;
  seg.sample_rate_hz = fs;
  seg.end = n;
  const Vec2 d{std::cos(deg * std::numbers::pi / 180),
               std::sin(deg * std::numbers::pi / 180)};
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, noise_m);
  auto& heel = seg.pos[Idx(Landmark::kLeftHeel)];
  auto& toe = seg.pos[Idx(Landmark::kLeftToe)];
  for (int i = 0; i < n; ++i) {
    const double t = i / fs;
    const Vec3 p{1 + 1.2 * t * d.x, 2 + 1.2 * t * d.y, 0.9};
    seg.pelvis.push_back(p);
    const double h = A * std::sin(2 * std::numbers::pi * t / T);
    const double o = A * std::sin(2 * std::numbers::pi * t / T - 1) + 0.1;
    heel.push_back({p[0] + h * d.x + noise(rng), p[1] + h * d.y + noise(rng), 0.05});
    toe.push_back({p[0] + o * d.x + noise(rng), p[1] + o * d.y + noise(rng), 0.02});
  }
  if (filter) {
    const Biquad b = DesignButterworthLowPass(6, fs).value();
    std::vector<double> x(n), scratch;
    for (auto* track : {&heel, &toe}) {
      for (size_t a = 0; a < 3; ++a) {
        for (size_t i = 0; i < x.size(); ++i) x[i] = (*track)[i][a];
        FiltFilt(b, x, DefaultPad(6, fs, x.size()), scratch);
        for (size_t i = 0; i < x.size(); ++i) (*track)[i][a] = x[i];
      }
    }
  }
  seg.direction.assign(n, d);
  seg.pelvis_speed.assign(n, 1.2);
  return seg;
}

void ExpectTimes(const std::vector<Event>& events, double first, double period,
                 double end_s, double tol_frames) {
  std::vector<double> expected;
  for (double t = first; t < end_s - 0.01; t += period) expected.push_back(t);
  ASSERT_EQ(events.size(), expected.size());
  for (size_t k = 0; k < events.size(); ++k) {
    EXPECT_NEAR(events[k].Frame() / 100.0, expected[k], tol_frames / 100.0) << k;
  }
}

class ZeniTest : public ::testing::TestWithParam<double> {};

TEST_P(ZeniTest, FindsKnownExtremaInEitherDirection) {
  const Segment seg = SinusoidSegment(GetParam(), 0, false);
  const double T = 1.1;
  ExpectTimes(ZeniStrikes(seg, Side::kLeft, Landmark::kLeftHeel, 0.2), T / 4, T, 5.0,
              0.05);
  ExpectTimes(ZeniOffs(seg, Side::kLeft, Landmark::kLeftToe, 0.2),
              (1.5 * std::numbers::pi + 1) * T / (2 * std::numbers::pi), T, 5.0, 0.05);
}

TEST_P(ZeniTest, WithNoiseAndFilterWithinOneFrame) {
  const Segment seg = SinusoidSegment(GetParam(), 0.003, true);
  const double T = 1.1;
  ExpectTimes(ZeniStrikes(seg, Side::kLeft, Landmark::kLeftHeel, 0.2), T / 4, T, 5.0,
              1.0);
  ExpectTimes(ZeniOffs(seg, Side::kLeft, Landmark::kLeftToe, 0.2),
              (1.5 * std::numbers::pi + 1) * T / (2 * std::numbers::pi), T, 5.0, 1.0);
}

INSTANTIATE_TEST_SUITE_P(Headings, ZeniTest, ::testing::Values(0.0, 180.0, 90.0, -135.0));

TEST(ZeniEdgeTest, StrikeThreeFramesFromTheStartIsFound) {
  Segment seg = SinusoidSegment(0, 0, false);
  // Drop the first 25 frames: the first maximum (t = 0.275 s) is now frame 2.5.
  Segment cut = seg;
  auto& heel = cut.pos[Idx(Landmark::kLeftHeel)];
  heel.erase(heel.begin(), heel.begin() + 25);
  cut.pelvis.erase(cut.pelvis.begin(), cut.pelvis.begin() + 25);
  cut.direction.erase(cut.direction.begin(), cut.direction.begin() + 25);
  cut.end = static_cast<int64_t>(heel.size());
  const auto strikes = ZeniStrikes(cut, Side::kLeft, Landmark::kLeftHeel, 0.2);
  ASSERT_FALSE(strikes.empty());
  EXPECT_NEAR(strikes[0].Frame(), 2.5, 0.05);
}

TEST(ProminenceTest, SmallWigglesBelowThresholdAreIgnored) {
  const Segment seg = SinusoidSegment(0, 0, false);
  // Peak-to-trough is 0.7 m: a prominence above it finds nothing.
  EXPECT_TRUE(ZeniStrikes(seg, Side::kLeft, Landmark::kLeftHeel, 0.75).empty());
}

// A heel decelerating along +x at 100 Hz: x(t) = 2 t - 5 t^2 for t in
// [0, 0.2] s (speed 2 - 10 t m/s), then planted; the pelvis walks at 1.2 m/s.
// Central differences of a quadratic are exact, so the speed is linear in
// the frame and the 0.5 x 1.2 = 0.6 m/s crossing is exactly t = 0.14 s.
Segment DeceleratingHeel() {
  const double fs = 100;
  const int n = 60;
  Segment seg;
  seg.sample_rate_hz = fs;
  seg.end = n;
  auto& heel = seg.pos[Idx(Landmark::kLeftHeel)];
  for (int i = 0; i < n; ++i) {
    const double t = std::min(i / fs, 0.2);
    heel.push_back({2 * t - 5 * t * t, 0.3, 0.05});
  }
  seg.direction.assign(n, Vec2{1, 0});
  seg.pelvis_speed.assign(n, 1.2);
  return seg;
}

Event StrikeAt(int64_t frame) {
  return {Side::kLeft, GaitEventKind::kHeelStrike, frame, 0.0, "zeni2008"};
}

TEST(HeelSpeedTimingTest, StrikeIsTheHalfWalkingSpeedCrossing) {
  const Segment seg = DeceleratingHeel();
  for (int64_t zeni : {8, 14, 20}) {  // before, at and after the crossing
    std::vector<Event> strikes{StrikeAt(zeni)};
    TimeStrikesByHeelSpeed(seg, Landmark::kLeftHeel, strikes);
    EXPECT_NEAR(strikes[0].Frame(), 14.0, 1e-9) << zeni;
    EXPECT_EQ(strikes[0].method, "zeni2008 timed by heel speed (bonci2022)");
  }
}

TEST(HeelSpeedTimingTest, UsesTheEventFilteredHeelWhenPresent) {
  Segment seg = DeceleratingHeel();
  // The event track is the same heel 5 frames later: crossing at frame 19.
  auto& ev = seg.event_pos[Idx(Landmark::kLeftHeel)];
  const auto& heel = seg.pos[Idx(Landmark::kLeftHeel)];
  ev.assign(5, heel.front());
  ev.insert(ev.end(), heel.begin(), heel.end() - 5);
  std::vector<Event> strikes{StrikeAt(14)};
  TimeStrikesByHeelSpeed(seg, Landmark::kLeftHeel, strikes);
  EXPECT_NEAR(strikes[0].Frame(), 19.0, 1e-9);
}

TEST(HeelSpeedTimingTest, NoCrossingWithinReachKeepsZeni) {
  const Segment seg = DeceleratingHeel();
  // From frame 40 the heel is planted: the crossing (frame 14) is 26 frames
  // away, beyond kMaxStrikeDelayS = 0.1 s = 10 frames.
  std::vector<Event> strikes{StrikeAt(40)};
  TimeStrikesByHeelSpeed(seg, Landmark::kLeftHeel, strikes);
  EXPECT_EQ(strikes[0].Frame(), 40.0);
  EXPECT_EQ(strikes[0].method, "zeni2008");
}

TEST(FilledGapTest, EventsNearFilledSamplesAreMarked) {
  Segment seg = DeceleratingHeel();
  auto& filled = seg.filled[Idx(Landmark::kLeftHeel)];
  filled.assign(60, 0);
  filled[25] = 1;  // 0.05 s at 100 Hz = 5 frames: frames 20..30 see it
  std::vector<Event> events{StrikeAt(20), StrikeAt(31), StrikeAt(14)};
  events[2].offset = 0.49;  // 14.49: window 9.49..19.49, nothing filled
  FlagFilledGapEvents(seg, Landmark::kLeftHeel, events);
  EXPECT_TRUE(events[0].across_gap);
  EXPECT_FALSE(events[1].across_gap);
  EXPECT_FALSE(events[2].across_gap);
  EXPECT_EQ(events[0].method, "zeni2008");
}

}  // namespace
}  // namespace thaplan::gait
