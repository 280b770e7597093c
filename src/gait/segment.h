// Internal working types of the gait pipeline: a Segment is a stretch of a
// trial without long gaps, gap-filled and filtered, analysed on its own.
#ifndef THAPLAN_GAIT_SEGMENT_H_
#define THAPLAN_GAIT_SEGMENT_H_

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "thaplan/gait.h"
#include "thaplan/landmarks.h"

namespace thaplan::gait {

struct Vec2 {
  double x = 0;
  double y = 0;
};

inline Vec3 Sub(const Vec3& a, const Vec3& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline Vec3 Add(const Vec3& a, const Vec3& b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
inline Vec3 Scale(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
inline Vec3 Mid(const Vec3& a, const Vec3& b) { return Scale(Add(a, b), 0.5); }
inline Vec3 Lerp(const Vec3& a, const Vec3& b, double t) {
  return Add(a, Scale(Sub(b, a), t));
}
inline double Dot(const Vec3& a, const Vec3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
inline Vec3 Cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
          a[0] * b[1] - a[1] * b[0]};
}
inline double Norm(const Vec3& a) { return std::sqrt(Dot(a, a)); }
// Horizontal projection of a 3-D vector on a horizontal direction.
inline double Along(const Vec3& v, const Vec2& d) { return v[0] * d.x + v[1] * d.y; }
// Left of the walking direction: Z x d.
inline Vec2 LeftOf(const Vec2& d) { return {-d.y, d.x}; }
inline double AngleBetweenDeg(const Vec2& a, const Vec2& b) {
  const double c = a.x * b.x + a.y * b.y;
  const double s = a.x * b.y - a.y * b.x;
  return std::abs(std::atan2(s, c)) * 180.0 / 3.14159265358979323846;
}
inline constexpr size_t Idx(Landmark l) { return static_cast<size_t>(l); }

// Which landmark stands in for the pelvis centre over a whole trial (one
// choice per trial, so the centre never jumps between definitions).
enum class PelvisSource { kHipCentres, kMidHip, kAsis, kSacrum };

// Landmarks the event detection uses for one side.
struct FootChoice {
  Landmark strike = Landmark::kCount;    // heel, else ankle, else toe
  Landmark off = Landmark::kCount;       // toe, else ankle, else heel
  Landmark position = Landmark::kCount;  // for stride/step length: heel, else ankle
  Landmark width = Landmark::kCount;     // for step width: ankle, else heel
};

struct Segment {
  int index = 0;
  int64_t begin = 0;  // first frame in the trial
  int64_t end = 0;    // one past the last
  double sample_rate_hz = 0;
  double start_time_s = 0;                            // time of frame `begin`
  std::array<std::vector<Vec3>, kLandmarkCount> pos;  // empty when absent
  // Heels low-passed at kEventCutoffHz (events.h) for strike timing; empty
  // when absent or when that cut-off is at or above Nyquist (pos is used).
  std::array<std::vector<Vec3>, kLandmarkCount> event_pos;
  // 1 where the sample was missing and gap-filled; empty when absent.
  std::array<std::vector<char>, kLandmarkCount> filled;
  std::vector<Vec3> pelvis;
  std::vector<Vec2> direction;       // unit, horizontal, per frame
  std::vector<double> pelvis_speed;  // horizontal, m/s, windowed
  bool treadmill = false;

  int64_t size() const { return end - begin; }
  bool Has(Landmark l) const { return !pos[Idx(l)].empty(); }
  const Vec3& At(Landmark l, int64_t frame) const {
    return pos[Idx(l)][static_cast<size_t>(frame)];
  }
  double TimeOf(double frame) const { return start_time_s + frame / sample_rate_hz; }
  // Whether any sample of `l` in frames [first, last] (clamped) was gap-filled.
  bool AnyFilled(Landmark l, int64_t first, int64_t last) const {
    const auto& f = filled[Idx(l)];
    const auto n = static_cast<int64_t>(f.size());
    for (int64_t i = first < 0 ? 0 : first; i <= last && i < n; ++i) {
      if (f[static_cast<size_t>(i)]) return true;
    }
    return false;
  }
};

// Internal event: frame is segment-local.
struct Event {
  Side side = Side::kLeft;
  GaitEventKind kind = GaitEventKind::kHeelStrike;
  int64_t frame = 0;
  double offset = 0;  // sub-frame refinement
  std::string method;
  bool across_gap = false;  // timed on gap-filled samples (FlagFilledGapEvents)
  double Frame() const { return static_cast<double>(frame) + offset; }
};

// A stride under construction: metrics plus the segment-local frames of its
// events (HS_i, TO_c, HS_c, TO_i, next HS_i).
struct StrideWork {
  StrideMetrics metrics;
  int64_t hs = 0, to_c = 0, hs_c = 0, to_i = 0, hs_next = 0;
  Vec2 direction;
};

}  // namespace thaplan::gait

#endif  // THAPLAN_GAIT_SEGMENT_H_
