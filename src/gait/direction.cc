#include "gait/direction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace thaplan::gait {
namespace {

std::vector<Landmark> FootTracks(const Segment& seg,
                                 const std::array<FootChoice, 2>& feet) {
  std::vector<Landmark> out;
  for (const FootChoice& c : feet) {
    for (Landmark l : {c.strike, c.off}) {
      if (l != Landmark::kCount && seg.Has(l) &&
          std::find(out.begin(), out.end(), l) == out.end()) {
        out.push_back(l);
      }
    }
  }
  return out;
}

// Principal horizontal axis of foot - pelvis, signed by swing moving forward.
Vec2 FeetDirection(const Segment& seg, const std::array<FootChoice, 2>& feet) {
  double sxx = 0, syy = 0, sxy = 0;
  const std::vector<Landmark> tracks = FootTracks(seg, feet);
  const auto n = static_cast<size_t>(seg.size());
  for (Landmark l : tracks) {
    double mx = 0, my = 0;
    for (size_t f = 0; f < n; ++f) {
      const Vec3 r = Sub(seg.pos[Idx(l)][f], seg.pelvis[f]);
      mx += r[0];
      my += r[1];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    for (size_t f = 0; f < n; ++f) {
      const Vec3 r = Sub(seg.pos[Idx(l)][f], seg.pelvis[f]);
      sxx += (r[0] - mx) * (r[0] - mx);
      syy += (r[1] - my) * (r[1] - my);
      sxy += (r[0] - mx) * (r[1] - my);
    }
  }
  // Major eigenvector of [[sxx, sxy], [sxy, syy]].
  const double angle = 0.5 * std::atan2(2 * sxy, sxx - syy);
  Vec2 axis{std::cos(angle), std::sin(angle)};
  // Sign: correlation of foot height with its velocity along the axis.
  double corr = 0;
  for (Landmark l : tracks) {
    double mz = 0;
    for (size_t f = 0; f < n; ++f) mz += seg.pos[Idx(l)][f][2];
    mz /= static_cast<double>(n);
    for (size_t f = 1; f + 1 < n; ++f) {
      const Vec3 v = Sub(Sub(seg.pos[Idx(l)][f + 1], seg.pelvis[f + 1]),
                         Sub(seg.pos[Idx(l)][f - 1], seg.pelvis[f - 1]));
      corr += (seg.pos[Idx(l)][f][2] - mz) * Along(v, axis);
    }
  }
  if (corr < 0) axis = {-axis.x, -axis.y};
  return axis;
}

}  // namespace

double HorizontalRange(const std::vector<Vec3>& track) {
  double lo_x = std::numeric_limits<double>::infinity(), hi_x = -lo_x;
  double lo_y = lo_x, hi_y = -lo_x;
  for (const Vec3& p : track) {
    if (IsMissing(p)) continue;
    lo_x = std::min(lo_x, p[0]);
    hi_x = std::max(hi_x, p[0]);
    lo_y = std::min(lo_y, p[1]);
    hi_y = std::max(hi_y, p[1]);
  }
  if (hi_x < lo_x) return 0;
  return std::hypot(hi_x - lo_x, hi_y - lo_y);
}

void ComputeDirection(Segment& seg, const std::array<FootChoice, 2>& feet) {
  const auto n = seg.size();
  const auto w = std::max<int64_t>(
      1, static_cast<int64_t>(std::lround(kDirectionHalfWindowS * seg.sample_rate_hz)));
  seg.direction.assign(static_cast<size_t>(n), Vec2{});
  seg.pelvis_speed.assign(static_cast<size_t>(n), 0.0);
  std::vector<char> known(static_cast<size_t>(n), 0);
  bool any = false;
  for (int64_t f = 0; f < n; ++f) {
    const int64_t a = std::max<int64_t>(0, f - w);
    const int64_t b = std::min<int64_t>(n - 1, f + w);
    const Vec3 d =
        Sub(seg.pelvis[static_cast<size_t>(b)], seg.pelvis[static_cast<size_t>(a)]);
    const double dist = std::hypot(d[0], d[1]);
    const double speed =
        b > a ? dist * seg.sample_rate_hz / static_cast<double>(b - a) : 0;
    seg.pelvis_speed[static_cast<size_t>(f)] = speed;
    if (speed >= kMinProgressionSpeed) {
      seg.direction[static_cast<size_t>(f)] = {d[0] / dist, d[1] / dist};
      known[static_cast<size_t>(f)] = 1;
      any = true;
    }
  }
  seg.treadmill = !any;
  if (!any) {
    const Vec2 d = FeetDirection(seg, feet);
    std::fill(seg.direction.begin(), seg.direction.end(), d);
    return;
  }
  // Fill slow frames from the nearest progressing frame: forward pass then
  // backward pass, keeping the nearer one.
  std::vector<int64_t> nearest(static_cast<size_t>(n), -1);
  int64_t last = -1;
  for (int64_t f = 0; f < n; ++f) {
    if (known[static_cast<size_t>(f)]) last = f;
    nearest[static_cast<size_t>(f)] = last;
  }
  last = -1;
  for (int64_t f = n - 1; f >= 0; --f) {
    if (known[static_cast<size_t>(f)]) last = f;
    const int64_t prev = nearest[static_cast<size_t>(f)];
    if (last >= 0 && (prev < 0 || last - f < f - prev))
      nearest[static_cast<size_t>(f)] = last;
  }
  for (int64_t f = 0; f < n; ++f) {
    if (!known[static_cast<size_t>(f)]) {
      seg.direction[static_cast<size_t>(f)] =
          seg.direction[static_cast<size_t>(nearest[static_cast<size_t>(f)])];
    }
  }
}

}  // namespace thaplan::gait
