// Small geometry helpers for the synthetic walker: 3-vectors, rotations and
// cubic Hermite segments. Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_MATH_H_
#define THAPLAN_SIM_WALKER_MATH_H_

#include <cmath>
#include <numbers>

#include "thaplan/trial.h"

namespace thaplan::sim {

inline constexpr double kDegToRad = std::numbers::pi / 180.0;
inline constexpr double kRadToDeg = 180.0 / std::numbers::pi;

inline Vec3 Add(const Vec3& a, const Vec3& b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
inline Vec3 Sub(const Vec3& a, const Vec3& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline Vec3 Scale(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
inline double Dot(const Vec3& a, const Vec3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
inline Vec3 Cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
          a[0] * b[1] - a[1] * b[0]};
}
inline double Norm(const Vec3& a) { return std::sqrt(Dot(a, a)); }
inline Vec3 Normalized(const Vec3& a) { return Scale(a, 1.0 / Norm(a)); }
inline Vec3 Lerp(const Vec3& a, const Vec3& b, double f) {
  return Add(a, Scale(Sub(b, a), f));
}
inline Vec3 Mid(const Vec3& a, const Vec3& b) { return Lerp(a, b, 0.5); }

// A rotation as its three columns: the rotated frame's x, y and z axes.
struct Rot {
  Vec3 x{1, 0, 0};
  Vec3 y{0, 1, 0};
  Vec3 z{0, 0, 1};
  Vec3 Apply(const Vec3& v) const {
    return Add(Add(Scale(x, v[0]), Scale(y, v[1])), Scale(z, v[2]));
  }
  // Components of a world vector in this frame.
  Vec3 Inverse(const Vec3& v) const { return {Dot(x, v), Dot(y, v), Dot(z, v)}; }
};

inline Rot Compose(const Rot& a, const Rot& b) {
  return {a.Apply(b.x), a.Apply(b.y), a.Apply(b.z)};
}
inline Rot RotX(double rad) {
  const double c = std::cos(rad), s = std::sin(rad);
  return {{1, 0, 0}, {0, c, s}, {0, -s, c}};
}
inline Rot RotY(double rad) {
  const double c = std::cos(rad), s = std::sin(rad);
  return {{c, 0, -s}, {0, 1, 0}, {s, 0, c}};
}
inline Rot RotZ(double rad) {
  const double c = std::cos(rad), s = std::sin(rad);
  return {{c, s, 0}, {-s, c, 0}, {0, 0, 1}};
}

// The Taylor series of sin(x) / x and cos(x) in nested (Horner) form:
// 1 - x2 inv[0] (1 - x2 inv[1] (... (1 - x2 inv[n - 1]))), with inv[i] =
// 1 / ((2i + 2)(2i + 3)) for the sine, 1 / ((2i + 1)(2i + 2)) for the cosine.
inline constexpr double kSinSeries[] = {1.0 / 6,   1.0 / 20,  1.0 / 42,  1.0 / 72,
                                        1.0 / 110, 1.0 / 156, 1.0 / 210, 1.0 / 272};
inline constexpr double kCosSeries[] = {1.0 / 2,  1.0 / 12,  1.0 / 30,  1.0 / 56,
                                        1.0 / 90, 1.0 / 132, 1.0 / 182, 1.0 / 240};
inline double NestedSeries(double x2, const double* inv, int n) {
  double v = 1;
  for (int i = n - 1; i >= 0; --i) v = 1 - x2 * inv[i] * v;
  return v;
}

// sin and cos of a small angle, |x| <= 0.3 rad, from their Taylor series
// (the remainders, below 0.3^13 / 13! and 0.3^14 / 14!, are under 3e-17):
// the pelvis rotation angles, a few degrees each (the tilt's swing up to
// ~17 deg), are needed at every evaluation of the pelvis and need no
// argument reduction.
inline void SinCosSmall(double x, double* s, double* c) {
  const double x2 = x * x;
  *s = x * NestedSeries(x2, kSinSeries, 5);
  *c = NestedSeries(x2, kCosSeries, 6);
}

// sin and cos of x for |x| <= 1e5 rad, to about 1 ulp: the walker's stride
// phases, foot pitches and joint angles, evaluated millions of times per
// cohort, where libm's sincos was a tenth of the simulator's time. x is
// reduced to r = x - k pi/2, |r| <= pi/4, with pi/2 split in three parts
// (Cody & Waite; each part's product with k up to 2^17 is exact), then the
// Taylor series of sin and cos to r^17 and r^16 (remainders below
// (pi/4)^19 / 19! and (pi/4)^18 / 18!, both under 1e-17), then the quadrant
// k mod 4 swaps and negates them. walker_math_test.cc checks it against
// std::sin and std::cos.
inline void SinCos(double x, double* s, double* c) {
  constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
  constexpr double kPio2A = 0x1.921fb544p+0;        // the first 33 bits of pi/2
  constexpr double kPio2B = 0x1.0b4611a6p-34;       // the next 33
  constexpr double kPio2C = 0x1.3198a2e037073p-69;  // the rest, rounded
  const double k = std::nearbyint(x * kTwoOverPi);
  const double r = ((x - k * kPio2A) - k * kPio2B) - k * kPio2C;
  const double r2 = r * r;
  const double sr = r * NestedSeries(r2, kSinSeries, 8);
  const double cr = NestedSeries(r2, kCosSeries, 8);
  switch (static_cast<long long>(k) & 3) {
    case 0:
      *s = sr;
      *c = cr;
      break;
    case 1:
      *s = cr;
      *c = -sr;
      break;
    case 2:
      *s = -sr;
      *c = -cr;
      break;
    default:
      *s = -cr;
      *c = sr;
      break;
  }
}

// Cubic Hermite on [t0, t1] through (t0, p0) and (t1, p1) with slopes m0, m1
// (per second).
struct Hermite {
  double t0 = 0, t1 = 1, p0 = 0, p1 = 0, m0 = 0, m1 = 0;
  double Value(double t) const {
    const double h = t1 - t0, s = (t - t0) / h;
    const double s2 = s * s, s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * h * m0 +
           (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * h * m1;
  }
  // The value at t = t0 + s (t1 - t0).
  double AtFraction(double s) const {
    const double h = t1 - t0, s2 = s * s, s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * p0 + (s3 - 2 * s2 + s) * h * m0 +
           (-2 * s3 + 3 * s2) * p1 + (s3 - s2) * h * m1;
  }
  // The second derivative at t0 (per second squared).
  double StartAcceleration() const {
    const double h = t1 - t0;
    return (6 * (p1 - p0) - h * (4 * m0 + 2 * m1)) / (h * h);
  }
};

// 0 -> 0, 1 -> 1 with zero slope at both ends.
inline double SmoothStep(double s) { return s * s * (3 - 2 * s); }

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_MATH_H_
