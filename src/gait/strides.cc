#include "gait/strides.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gait/direction.h"

namespace thaplan::gait {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

struct Between {
  std::vector<const Event*> to_c, hs_c, to_i;
};

Between EventsBetween(const std::vector<Event>& events, const Event& a, const Event& b) {
  Between out;
  for (const Event& e : events) {
    if (!(e.Frame() > a.Frame() && e.Frame() < b.Frame())) continue;
    if (e.side == a.side) {
      if (e.kind == GaitEventKind::kToeOff) out.to_i.push_back(&e);
    } else if (e.kind == GaitEventKind::kToeOff) {
      out.to_c.push_back(&e);
    } else {
      out.hs_c.push_back(&e);
    }
  }
  return out;
}

std::string OrderProblem(const Between& b, Side side) {
  const std::string ipsi(SideName(side));
  const std::string contra(SideName(Other(side)));
  if (b.to_c.size() == 1 && b.hs_c.size() == 1 && b.to_i.size() == 1) {
    if (b.to_c[0]->Frame() < b.hs_c[0]->Frame() &&
        b.hs_c[0]->Frame() < b.to_i[0]->Frame()) {
      return "";
    }
    return "events out of order: expected " + contra + " toe off < " + contra +
           " heel strike < " + ipsi + " toe off between the two " + ipsi +
           " heel strikes";
  }
  return "expected one " + contra + " toe off, one " + contra + " heel strike and one " +
         ipsi + " toe off between the two " + ipsi + " heel strikes; found " +
         std::to_string(b.to_c.size()) + ", " + std::to_string(b.hs_c.size()) + " and " +
         std::to_string(b.to_i.size());
}

Vec2 StrideDirection(const Segment& seg, int64_t a, int64_t b, double duration_s) {
  const Vec3 d =
      Sub(seg.pelvis[static_cast<size_t>(b)], seg.pelvis[static_cast<size_t>(a)]);
  const double dist = std::hypot(d[0], d[1]);
  if (!seg.treadmill && dist >= kMinProgressionSpeed * duration_s) {
    return {d[0] / dist, d[1] / dist};
  }
  Vec2 sum;
  for (int64_t f = a; f <= b; ++f) {
    sum.x += seg.direction[static_cast<size_t>(f)].x;
    sum.y += seg.direction[static_cast<size_t>(f)].y;
  }
  const double len = std::hypot(sum.x, sum.y);
  return len > 0 ? Vec2{sum.x / len, sum.y / len} : seg.direction[static_cast<size_t>(a)];
}

// Position of a landmark at a sub-frame instant (linear between frames),
// clamped to the segment.
Vec3 PositionAt(const Segment& seg, Landmark l, double frame) {
  const double last = static_cast<double>(seg.size() - 1);
  const double c = std::clamp(frame, 0.0, last);
  const auto i = static_cast<int64_t>(std::min(std::floor(c), std::max(0.0, last - 1)));
  const double f = c - static_cast<double>(i);
  if (i + 1 > seg.size() - 1) return seg.At(l, i);
  return Lerp(seg.At(l, i), seg.At(l, i + 1), f);
}

// Where the foot landed at the strike at sub-frame `strike`: its position
// `loading` frames later, at the end of the loading response (the first
// double support, HS_i -> TO_c), when the heel is on the ground and still.
// At the strike frame itself the heel is still moving at about walking speed
// until contact, and the 6 Hz filter blends those frames in, so a strike
// timed a frame early or late moved the point by centimetres (docs/gait.md,
// section 10). Falls back to the strike frame at the end of the segment.
Vec3 Footprint(const Segment& seg, Landmark l, double strike, double loading) {
  const double at = strike + loading;
  if (at > static_cast<double>(seg.size() - 1)) {
    return seg.At(l, static_cast<int64_t>(std::lround(strike)));
  }
  return PositionAt(seg, l, at);
}

void FillMetrics(const Segment& seg, const std::array<FootChoice, 2>& feet,
                 const GaitOptions& o, StrideWork& w, const double fr[5]) {
  StrideMetrics& m = w.metrics;
  const FootChoice& fi = feet[static_cast<size_t>(m.side)];
  const FootChoice& fc = feet[static_cast<size_t>(Other(m.side))];
  const double span = fr[4] - fr[0];
  m.stride_time_s = span / seg.sample_rate_hz;
  const Vec2 d = w.direction;
  const double loading = fr[1] - fr[0];
  const double displacement = Along(Sub(Footprint(seg, fi.position, fr[4], loading),
                                        Footprint(seg, fi.position, fr[0], loading)),
                                    d);
  if (!seg.treadmill) {
    m.stride_length_m = displacement;
  } else if (o.belt_speed_m_s > 0) {
    m.stride_length_m = o.belt_speed_m_s * m.stride_time_s + displacement;
  }
  m.speed_m_s = m.stride_length_m / m.stride_time_s;
  m.cadence_steps_per_min = 120.0 / m.stride_time_s;
  m.step_length_m =
      Along(Sub(seg.At(fi.position, w.hs_next), seg.At(fc.position, w.hs_next)), d);
  const auto mid_stance = static_cast<int64_t>(std::lround(0.5 * (fr[0] + fr[3])));
  m.step_width_m = std::abs(
      Along(Sub(seg.At(fi.width, mid_stance), seg.At(fc.width, mid_stance)), LeftOf(d)));
  m.stance_pct = 100 * (fr[3] - fr[0]) / span;
  m.swing_pct = 100 - m.stance_pct;
  m.single_support_pct = 100 * (fr[2] - fr[1]) / span;
  m.double_support_pct = 100 * ((fr[1] - fr[0]) + (fr[3] - fr[2])) / span;
  m.direction_deg = std::atan2(d.y, d.x) * 180.0 / 3.14159265358979323846;
}

}  // namespace

StrideBuild BuildStrides(const Segment& seg, const std::vector<Event>& events,
                         const std::array<FootChoice, 2>& feet, const GaitOptions& o,
                         int trial) {
  StrideBuild out;
  for (Side side : {Side::kLeft, Side::kRight}) {
    std::vector<const Event*> strikes;
    for (const Event& e : events) {
      if (e.side == side && e.kind == GaitEventKind::kHeelStrike) strikes.push_back(&e);
    }
    for (size_t k = 0; k + 1 < strikes.size(); ++k) {
      const Event& a = *strikes[k];
      const Event& b = *strikes[k + 1];
      DroppedStride drop{trial, side, seg.TimeOf(a.Frame()), seg.TimeOf(b.Frame()), ""};
      const Between between = EventsBetween(events, a, b);
      const double duration = (b.Frame() - a.Frame()) / seg.sample_rate_hz;
      std::string problem = OrderProblem(between, side);
      const double turn = AngleBetweenDeg(seg.direction[static_cast<size_t>(a.frame)],
                                          seg.direction[static_cast<size_t>(b.frame)]);
      if (problem.empty() && duration > o.max_stride_time_s) {
        problem = "stride time " + Fixed(duration, 2) + " s exceeds " +
                  Fixed(o.max_stride_time_s, 2) + " s (pause or missed strike)";
      }
      if (problem.empty() && turn > o.max_turn_deg) {
        problem = "turning: walking direction changed by " + Fixed(turn, 0) +
                  " deg within the stride (limit " + Fixed(o.max_turn_deg, 0) + ")";
      }
      if (!problem.empty()) {
        drop.reason = std::string(SideName(side)) + " stride " +
                      Fixed(drop.start_time_s, 3) + "-" + Fixed(drop.end_time_s, 3) +
                      " s: " + problem;
        out.dropped.push_back(std::move(drop));
        continue;
      }
      StrideWork w;
      w.hs = a.frame;
      w.to_c = between.to_c[0]->frame;
      w.hs_c = between.hs_c[0]->frame;
      w.to_i = between.to_i[0]->frame;
      w.hs_next = b.frame;
      w.direction = StrideDirection(seg, a.frame, b.frame, duration);
      StrideMetrics& m = w.metrics;
      m.trial = trial;
      m.segment = seg.index;
      m.side = side;
      m.start_frame = seg.begin + a.frame;
      m.end_frame = seg.begin + b.frame;
      m.start_time_s = drop.start_time_s;
      m.end_time_s = drop.end_time_s;
      const double fr[5] = {a.Frame(), between.to_c[0]->Frame(), between.hs_c[0]->Frame(),
                            between.to_i[0]->Frame(), b.Frame()};
      FillMetrics(seg, feet, o, w, fr);
      for (const Event* e : {&a, between.to_c[0], between.hs_c[0], between.to_i[0], &b})
        m.events_across_gap += e->across_gap ? 1 : 0;
      m.low_reliability = m.events_across_gap > 0;
      out.strides.push_back(std::move(w));
    }
  }
  return out;
}

void MarkBouts(std::vector<StrideWork>& strides, double max_turn_deg, int& next_bout) {
  for (Side side : {Side::kLeft, Side::kRight}) {
    std::vector<StrideWork*> mine;
    for (StrideWork& w : strides) {
      if (w.metrics.side == side) mine.push_back(&w);
    }
    std::sort(mine.begin(), mine.end(),
              [](const StrideWork* a, const StrideWork* b) { return a->hs < b->hs; });
    for (size_t k = 0; k < mine.size(); ++k) {
      const bool starts =
          k == 0 || mine[k]->hs != mine[k - 1]->hs_next ||
          AngleBetweenDeg(mine[k]->direction, mine[k - 1]->direction) > max_turn_deg;
      if (starts) {
        ++next_bout;
        mine[k]->metrics.bout_boundary = true;
        if (k > 0) mine[k - 1]->metrics.bout_boundary = true;
      }
      mine[k]->metrics.bout = next_bout - 1;
    }
    if (!mine.empty()) mine.back()->metrics.bout_boundary = true;
  }
}

}  // namespace thaplan::gait
