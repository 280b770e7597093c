#include "gait/events.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "gait/peaks.h"

namespace thaplan::gait {
namespace {

bool IsHeel(Landmark l) { return l == Landmark::kLeftHeel || l == Landmark::kRightHeel; }
bool IsToe(Landmark l) { return l == Landmark::kLeftToe || l == Landmark::kRightToe; }

std::vector<double> RelativeAlong(const Segment& seg, Landmark l) {
  std::vector<double> x(static_cast<size_t>(seg.size()));
  for (size_t f = 0; f < x.size(); ++f) {
    x[f] = Along(Sub(seg.pos[Idx(l)][f], seg.pelvis[f]), seg.direction[f]);
  }
  return x;
}

std::vector<Event> ToEvents(const std::vector<Peak>& peaks, Side side, GaitEventKind kind,
                            const std::string& method) {
  std::vector<Event> out;
  for (const Peak& p : peaks) out.push_back({side, kind, p.index, p.offset, method});
  return out;
}

std::string ZeniMethod(Landmark l, bool proxy) {
  std::string m = "zeni2008";
  if (proxy) m += " (" + std::string(LandmarkName(l)) + " as proxy)";
  return m;
}

// Sagittal resultant speed of a landmark: along the walking direction and
// vertical, by central differences.
std::vector<double> SagittalSpeed(const Segment& seg, Landmark l) {
  const auto n = static_cast<size_t>(seg.size());
  std::vector<double> s(n, 0.0);
  const auto& track = seg.pos[Idx(l)];
  for (size_t f = 0; f < n; ++f) {
    const size_t a = f == 0 ? 0 : f - 1;
    const size_t b = f + 1 < n ? f + 1 : n - 1;
    const Vec3 v =
        Scale(Sub(track[b], track[a]), seg.sample_rate_hz / static_cast<double>(b - a));
    s[f] = std::hypot(Along(v, seg.direction[f]), v[2]);
  }
  return s;
}

// 3-D speed by first central differences, (x[f+1] - x[f-1]) fs / 2 (Winter,
// Biomechanics and Motor Control of Human Movement, 4th ed., chapter 3;
// one-sided at the ends), as SagittalSpeed.
std::vector<double> Speed3d(const std::vector<Vec3>& track, double fs) {
  const size_t n = track.size();
  std::vector<double> s(n, 0.0);
  for (size_t f = 0; n > 1 && f < n; ++f) {
    const size_t a = f == 0 ? 0 : f - 1;
    const size_t b = f + 1 < n ? f + 1 : n - 1;
    s[f] = Norm(Scale(Sub(track[b], track[a]), fs / static_cast<double>(b - a)));
  }
  return s;
}

// Crossing position between frames f-1 and f of (s - thr), as a frame.
double Crossing(const std::vector<double>& s, const std::vector<double>& thr, size_t f) {
  const double before = s[f - 1] - thr[f - 1];
  const double after = s[f] - thr[f];
  if (before == after) return static_cast<double>(f);
  return static_cast<double>(f - 1) + before / (before - after);
}

}  // namespace

std::vector<Event> ZeniStrikes(const Segment& seg, Side side, Landmark heel,
                               double prominence_m) {
  const std::vector<double> x = RelativeAlong(seg, heel);
  return ToEvents(FindPeaks(x, prominence_m), side, GaitEventKind::kHeelStrike,
                  ZeniMethod(heel, !IsHeel(heel)));
}

std::vector<Event> ZeniOffs(const Segment& seg, Side side, Landmark toe,
                            double prominence_m) {
  const std::vector<double> x = RelativeAlong(seg, toe);
  return ToEvents(FindTroughs(x, prominence_m), side, GaitEventKind::kToeOff,
                  ZeniMethod(toe, !IsToe(toe)));
}

void TimeStrikesByHeelSpeed(const Segment& seg, Landmark heel,
                            std::vector<Event>& strikes) {
  const auto& track =
      seg.event_pos[Idx(heel)].empty() ? seg.pos[Idx(heel)] : seg.event_pos[Idx(heel)];
  const std::vector<double> s = Speed3d(track, seg.sample_rate_hz);
  const auto n = static_cast<int64_t>(s.size());
  const auto reach =
      static_cast<int64_t>(std::floor(kMaxStrikeDelayS * seg.sample_rate_hz + 1e-9));
  for (Event& e : strikes) {
    const double thr =
        kBonciHeelStrikeFraction * seg.pelvis_speed[static_cast<size_t>(e.frame)];
    std::optional<double> best;
    for (int64_t f = std::max<int64_t>(1, e.frame - reach);
         f <= std::min<int64_t>(n - 1, e.frame + reach); ++f) {
      const double before = s[static_cast<size_t>(f - 1)] - thr;
      const double after = s[static_cast<size_t>(f)] - thr;
      if (!(before > 0 && after <= 0)) continue;
      const double at = static_cast<double>(f - 1) + before / (before - after);
      if (!best || std::abs(at - e.Frame()) < std::abs(*best - e.Frame())) best = at;
    }
    if (!best) continue;
    e.frame = std::lround(*best);
    e.offset = *best - static_cast<double>(e.frame);
    e.method += " timed by heel speed (bonci2022)";
  }
}

void FlagFilledGapEvents(const Segment& seg, Landmark l, std::vector<Event>& events) {
  const double w = kFilledGapWindowS * seg.sample_rate_hz;
  for (Event& e : events) {
    const auto first = static_cast<int64_t>(std::floor(e.Frame() - w));
    const auto last = static_cast<int64_t>(std::ceil(e.Frame() + w));
    if (seg.AnyFilled(l, first, last)) e.across_gap = true;
  }
}

std::vector<Event> VelocityEvents(const Segment& seg, Side side, Landmark foot,
                                  GaitEventKind kind) {
  const std::vector<double> s = SagittalSpeed(seg, foot);
  const auto n = s.size();
  std::vector<double> thr(n);
  for (size_t f = 0; f < n; ++f) thr[f] = kBrueningStrikeFraction * seg.pelvis_speed[f];
  const std::string method =
      "bruening2014 velocity (" + std::string(LandmarkName(foot)) + ")";
  const auto min_len = static_cast<size_t>(std::ceil(kMinSwingS * seg.sample_rate_hz));
  std::vector<Event> out;
  size_t f = 0;
  while (f < n) {
    if (!(s[f] > thr[f])) {
      ++f;
      continue;
    }
    size_t end = f;
    double peak_ratio = 0;
    while (end < n && s[end] > thr[end]) {
      if (seg.pelvis_speed[end] > 0)
        peak_ratio = std::max(peak_ratio, s[end] / seg.pelvis_speed[end]);
      ++end;
    }
    const bool swing = end - f >= min_len && peak_ratio >= kMinSwingPeakFraction;
    if (swing) {
      // A crossing at the segment edge is not an observed event.
      const bool has_edge = kind == GaitEventKind::kHeelStrike ? end < n : f > 0;
      if (has_edge) {
        const double at = Crossing(s, thr, kind == GaitEventKind::kHeelStrike ? end : f);
        const auto frame = static_cast<int64_t>(std::lround(at));
        out.push_back({side, kind, frame, at - static_cast<double>(frame), method});
      }
    }
    f = end;
  }
  return out;
}

std::vector<Event> DetectSideEvents(const Segment& seg, Side side, const FootChoice& foot,
                                    double prominence_m) {
  std::vector<Event> out;
  if (IsHeel(foot.strike) || seg.treadmill) {
    out = ZeniStrikes(seg, side, foot.strike, prominence_m);
    if (IsHeel(foot.strike) && !seg.treadmill)
      TimeStrikesByHeelSpeed(seg, foot.strike, out);
  } else {
    out = VelocityEvents(seg, side, foot.strike, GaitEventKind::kHeelStrike);
  }
  FlagFilledGapEvents(seg, foot.strike, out);
  std::vector<Event> offs;
  if (IsToe(foot.off) || seg.treadmill) {
    offs = ZeniOffs(seg, side, foot.off, prominence_m);
  } else {
    offs = VelocityEvents(seg, side, foot.off, GaitEventKind::kToeOff);
  }
  FlagFilledGapEvents(seg, foot.off, offs);
  out.insert(out.end(), offs.begin(), offs.end());
  std::sort(out.begin(), out.end(),
            [](const Event& a, const Event& b) { return a.Frame() < b.Frame(); });
  return out;
}

}  // namespace thaplan::gait
