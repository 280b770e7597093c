#include "landmarks/hip_centre.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace thaplan::landmarks {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Vec3 Sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 Scale(const Vec3& a, double s) { return {a[0] * s, a[1] * s, a[2] * s}; }
double Dot(const Vec3& a, const Vec3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
double Norm(const Vec3& a) { return std::sqrt(Dot(a, a)); }
Vec3 Cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
          a[0] * b[1] - a[1] * b[0]};
}

// origin + a x + b y + c z.
Vec3 InFrame(const PelvisFrame& f, double a, double b, double c) {
  Vec3 p = f.origin;
  for (size_t i = 0; i < 3; ++i) p[i] += a * f.x[i] + b * f.y[i] + c * f.z[i];
  return p;
}

const HipCentres kNoCentres{{kNaN, kNaN, kNaN}, {kNaN, kNaN, kNaN}};

}  // namespace

bool MakePelvisFrame(const PelvisMarkers& m, PelvisFrame* f) {
  if (IsMissing(m.left_asis) || IsMissing(m.right_asis) || IsMissing(m.mid_psis))
    return false;
  for (size_t i = 0; i < 3; ++i) f->origin[i] = 0.5 * (m.left_asis[i] + m.right_asis[i]);
  const Vec3 across = Sub(m.right_asis, m.left_asis);
  f->width = Norm(across);
  const Vec3 forward = Sub(f->origin, m.mid_psis);
  f->depth = Norm(forward);
  // 1 mm: below that the markers sit on top of each other, no frame exists.
  if (f->width < 1e-3 || f->depth < 1e-3) return false;
  f->z = Scale(across, 1.0 / f->width);
  const Vec3 x = Sub(forward, Scale(f->z, Dot(forward, f->z)));
  const double x_norm = Norm(x);
  if (x_norm < 1e-3) return false;  // mid-PSIS on the ASIS line
  f->x = Scale(x, 1.0 / x_norm);
  f->y = Cross(f->z, f->x);  // x anterior, y superior, z right: right-handed
  return true;
}

HipCentres Harrington2007(const PelvisMarkers& m) {
  PelvisFrame f;
  if (!MakePelvisFrame(m, &f)) return kNoCentres;
  // Harrington et al. 2007, J Biomech 40(3):595-602, single-predictor
  // equations (their recommendation without leg length), in mm, ISB pelvis
  // frame with origin at mid-ASIS; PW = inter-ASIS distance, PD = pelvic
  // depth (mid-ASIS to mid-PSIS):
  //   x = -0.24 PD - 9.9     (posterior)
  //   y = -0.30 PW - 10.9    (inferior)
  //   z = +/-(0.33 PW + 7.3) (lateral, + right)
  const double pw_mm = f.width * 1000;
  const double pd_mm = f.depth * 1000;
  const double x = (-0.24 * pd_mm - 9.9) / 1000;
  const double y = (-0.30 * pw_mm - 10.9) / 1000;
  const double z = (0.33 * pw_mm + 7.3) / 1000;
  return {InFrame(f, x, y, -z), InFrame(f, x, y, z)};
}

HipCentres Davis1991(const PelvisMarkers& m, const DavisParams& params) {
  PelvisFrame f;
  if (!MakePelvisFrame(m, &f) || !(params.leg_length_m > 0)) return kNoCentres;
  // Davis, Ounpuu, Tyburski & Gage 1991, Hum Mov Sci 10:575-587, in the form
  // of Vicon's Plug-in Gait reference (frame: X anterior, Y left, Z up, mm):
  //   C = 0.115 LegLength - 15.3
  //   X = C cos(theta) sin(beta) - (AsisTroc + r) cos(beta)
  //   Y = -(C sin(theta) - InterAsis / 2)        (left hip; right is -Y)
  //   Z = -C cos(theta) cos(beta) - (AsisTroc + r) sin(beta)
  // theta = 28.4 deg, beta = 18 deg (Davis 1991; Plug-in Gait rounds them to
  // 0.5 and 0.314 rad); AsisTroc = 0.1288 LegLength - 48.56 when not
  // measured (Plug-in Gait).
  const double leg_mm = params.leg_length_m * 1000;
  const double c = 0.115 * leg_mm - 15.3;
  const double asis_troc = params.asis_trochanter_m > 0 ? params.asis_trochanter_m * 1000
                                                        : 0.1288 * leg_mm - 48.56;
  const double r = params.marker_radius_m * 1000;
  const double theta = 28.4 * std::numbers::pi / 180;
  const double beta = 18.0 * std::numbers::pi / 180;
  const double ant =
      (c * std::cos(theta) * std::sin(beta) - (asis_troc + r) * std::cos(beta)) / 1000;
  const double lat = (f.width * 1000 / 2 - c * std::sin(theta)) / 1000;
  const double up =
      (-c * std::cos(theta) * std::cos(beta) - (asis_troc + r) * std::sin(beta)) / 1000;
  // ISB frame: x = X, y = Z, z (right) = -Y.
  return {InFrame(f, ant, up, -lat), InFrame(f, ant, up, lat)};
}

}  // namespace thaplan::landmarks
