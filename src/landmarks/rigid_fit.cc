#include "landmarks/rigid_fit.h"

#include <Eigen/Dense>
#include <cmath>

namespace thaplan::landmarks {
namespace {

Eigen::Vector3d ToEigen(const Vec3& p) { return {p[0], p[1], p[2]}; }

Eigen::Vector3d Centroid(std::span<const Vec3> points) {
  Eigen::Vector3d c = Eigen::Vector3d::Zero();
  for (const Vec3& p : points) c += ToEigen(p);
  return c / static_cast<double>(points.size());
}

}  // namespace

RigidFit FitRigid(std::span<const Vec3> from, std::span<const Vec3> to) {
  const Eigen::Vector3d a_mean = Centroid(from);
  const Eigen::Vector3d b_mean = Centroid(to);
  // C = sum (b_i - b) (a_i - a)^T; with C = U S V^T the rotation is
  // R = U diag(1, 1, det(U V^T)) V^T.
  Eigen::Matrix3d c = Eigen::Matrix3d::Zero();
  for (size_t i = 0; i < from.size(); ++i) {
    c += (ToEigen(to[i]) - b_mean) * (ToEigen(from[i]) - a_mean).transpose();
  }
  const Eigen::JacobiSVD<Eigen::Matrix3d> svd(c,
                                              Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Matrix3d d = Eigen::Matrix3d::Identity();
  d(2, 2) = (svd.matrixU() * svd.matrixV().transpose()).determinant() < 0 ? -1 : 1;
  const Eigen::Matrix3d r = svd.matrixU() * d * svd.matrixV().transpose();
  const Eigen::Vector3d t = b_mean - r * a_mean;
  RigidFit fit;
  for (int row = 0; row < 3; ++row) {
    fit.rotation[static_cast<size_t>(row)] = {r(row, 0), r(row, 1), r(row, 2)};
  }
  fit.translation = {t[0], t[1], t[2]};
  double sum = 0;
  for (size_t i = 0; i < from.size(); ++i) {
    sum += (r * ToEigen(from[i]) + t - ToEigen(to[i])).squaredNorm();
  }
  fit.rms_residual_m = std::sqrt(sum / static_cast<double>(from.size()));
  return fit;
}

Vec3 Apply(const RigidFit& fit, const Vec3& p) {
  Vec3 out;
  for (size_t i = 0; i < 3; ++i) {
    const Vec3& row = fit.rotation[i];
    out[i] = row[0] * p[0] + row[1] * p[1] + row[2] * p[2] + fit.translation[i];
  }
  return out;
}

double DistanceFromLineRms(std::span<const Vec3> points) {
  if (points.size() < 2) return 0;
  const Eigen::Vector3d mean = Centroid(points);
  Eigen::MatrixXd centred(static_cast<Eigen::Index>(points.size()), 3);
  for (size_t i = 0; i < points.size(); ++i) {
    centred.row(static_cast<Eigen::Index>(i)) = (ToEigen(points[i]) - mean).transpose();
  }
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred);
  const Eigen::VectorXd s = svd.singularValues();
  const double off_line =
      s.size() > 1 ? s[1] * s[1] + (s.size() > 2 ? s[2] * s[2] : 0) : 0;
  return std::sqrt(off_line / static_cast<double>(points.size()));
}

}  // namespace thaplan::landmarks
