#include "landmarks/static_calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "landmarks/profile_names.h"
#include "landmarks/rigid_fit.h"

namespace thaplan::landmarks {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Mm(double metres) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f mm", metres * 1000);
  return buf;
}

std::string NameOf(const Trial& t) {
  return t.source_path.empty() ? std::string("trial") : t.source_path;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The landmark in one static frame: its source, else the mean of its
// midpoint markers; NaN when any is missing.
Vec3 LandmarkAt(const Trial& t, const ProfileMatch& m, size_t l, int64_t f) {
  if (m.columns[l]) return t.At(f, *m.columns[l]);
  Vec3 sum{0, 0, 0};
  for (size_t c : m.midpoint_columns[l]) {
    const Vec3& p = t.At(f, c);
    if (IsMissing(p)) return {kNaN, kNaN, kNaN};
    for (size_t i = 0; i < 3; ++i) sum[i] += p[i];
  }
  const auto n = static_cast<double>(m.midpoint_columns[l].size());
  return {sum[0] / n, sum[1] / n, sum[2] / n};
}

std::string HowDefined(const Trial& t, const ProfileMatch& m, size_t l) {
  if (m.columns[l]) return t.landmarks[*m.columns[l]];
  std::vector<std::string> names;
  for (size_t c : m.midpoint_columns[l]) names.push_back(t.landmarks[c]);
  return "midpoint of " + Join(names);
}

// Columns of the cluster's markers in a trial; nullopt where a name is absent.
std::vector<std::optional<size_t>> ClusterColumns(const Trial& t,
                                                  const LandmarkProfile& profile,
                                                  const std::vector<std::string>& names) {
  std::vector<std::optional<size_t>> out;
  for (const std::string& n : names) out.push_back(FindSource(t, profile, n));
  return out;
}

struct StaticShape {
  std::vector<Vec3> cluster;  // mean marker positions, static file coordinates
  Vec3 landmark{};
  int frames = 0;
  double worst_residual_m = 0;
  int64_t worst_frame = 0;
};

std::string FrameText(const Trial& t, int64_t f) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "frame %lld (%.3f s)", static_cast<long long>(f),
                t.TimeOf(f));
  return buf;
}

Status TooLarge(const Trial& t, const std::string& what, const std::string& cluster,
                double residual, int64_t frame, double limit) {
  return Status::InvalidInput(
      NameOf(t) + ": static calibration of " + what + ": cluster " + cluster +
      " does not move rigidly: RMS residual of the rigid fit " + Mm(residual) + " at " +
      FrameText(t, frame) + ": expected at most " + Mm(limit) +
      " (a marker slipped, fell off or is mislabelled)");
}

// Mean shape of the cluster and landmark over the static frames that see
// all of them, and how rigidly the cluster holds that shape there.
Result<StaticShape> MeasureStatic(const Trial& st, const ProfileMatch& sm, size_t l,
                                  const std::vector<size_t>& columns,
                                  const std::string& what, const std::string& cluster,
                                  double limit) {
  StaticShape shape;
  shape.cluster.assign(columns.size(), Vec3{0, 0, 0});
  std::vector<int64_t> used;
  for (int64_t f = 0; f < st.frame_count; ++f) {
    const Vec3 lm = LandmarkAt(st, sm, l, f);
    bool all = !IsMissing(lm);
    for (size_t c : columns) all = all && !IsMissing(st.At(f, c));
    if (!all) continue;
    used.push_back(f);
    for (size_t i = 0; i < 3; ++i) shape.landmark[i] += lm[i];
    for (size_t k = 0; k < columns.size(); ++k) {
      for (size_t i = 0; i < 3; ++i) shape.cluster[k][i] += st.At(f, columns[k])[i];
    }
  }
  if (used.empty()) {
    return Status::InvalidInput(NameOf(st) + ": static calibration of " + what +
                                ": no frame sees the landmark and all of cluster " +
                                cluster + ": expected at least one");
  }
  const auto n = static_cast<double>(used.size());
  for (double& v : shape.landmark) v /= n;
  for (Vec3& p : shape.cluster) {
    for (double& v : p) v /= n;
  }
  shape.frames = static_cast<int>(used.size());
  if (DistanceFromLineRms(shape.cluster) < kMinClusterSpreadM) {
    return Status::InvalidInput(
        NameOf(st) + ": static calibration of " + what + ": cluster " + cluster +
        " lies on a line (RMS distance from it " +
        Mm(DistanceFromLineRms(shape.cluster)) + "): expected at least " +
        Mm(kMinClusterSpreadM) + ", markers spread in two directions");
  }
  std::vector<Vec3> seen(columns.size());
  for (int64_t f : used) {
    for (size_t k = 0; k < columns.size(); ++k) seen[k] = st.At(f, columns[k]);
    const double r = FitRigid(shape.cluster, seen).rms_residual_m;
    if (r > shape.worst_residual_m) {
      shape.worst_residual_m = r;
      shape.worst_frame = f;
    }
  }
  if (shape.worst_residual_m > limit) {
    return TooLarge(st, what, cluster, shape.worst_residual_m, shape.worst_frame, limit);
  }
  return shape;
}

struct Track {
  std::vector<Vec3> positions;
  std::vector<double> residuals;  // frames with a fit
};

Result<Track> Reconstruct(const Trial& walk,
                          const std::vector<std::optional<size_t>>& cols,
                          const StaticShape& shape, const std::string& what,
                          const std::string& cluster, double limit) {
  Track track;
  track.positions.assign(static_cast<size_t>(walk.frame_count), Vec3{kNaN, kNaN, kNaN});
  std::vector<Vec3> from, to;
  for (int64_t f = 0; f < walk.frame_count; ++f) {
    from.clear();
    to.clear();
    for (size_t k = 0; k < cols.size(); ++k) {
      if (!cols[k] || IsMissing(walk.At(f, *cols[k]))) continue;
      from.push_back(shape.cluster[k]);
      to.push_back(walk.At(f, *cols[k]));
    }
    // Three markers, spread out: the least a rigid fit needs.
    if (from.size() < 3 || DistanceFromLineRms(from) < kMinClusterSpreadM) continue;
    const RigidFit fit = FitRigid(from, to);
    if (fit.rms_residual_m > limit) {
      return TooLarge(walk, what, cluster, fit.rms_residual_m, f, limit);
    }
    track.positions[static_cast<size_t>(f)] = Apply(fit, shape.landmark);
    track.residuals.push_back(fit.rms_residual_m);
  }
  return track;
}

std::string Summary(const std::string& what, const std::string& defined,
                    const std::string& cluster, const Trial& st, const StaticShape& shape,
                    std::vector<double> residuals, int64_t frames) {
  std::string text = what + ": static calibration (Cappozzo 1995) from " + NameOf(st) +
                     " (" + defined + ", " + std::to_string(shape.frames) +
                     " static frames, cluster RMS residual up to " +
                     Mm(shape.worst_residual_m) + ") carried by cluster " + cluster;
  if (residuals.empty()) return text + ": no walking frame sees 3 cluster markers";
  std::sort(residuals.begin(), residuals.end());
  return text + ": rigid-fit RMS residual median " + Mm(residuals[residuals.size() / 2]) +
         ", max " + Mm(residuals.back()) + " over " + std::to_string(residuals.size()) +
         " of " + std::to_string(frames) + " frames";
}

}  // namespace

Result<Calibrated> CalibrateFromStatic(const Trial& walk, const ProfileMatch& walk_match,
                                       const Trial& static_trial,
                                       const LandmarkProfile& profile,
                                       double max_residual_m) {
  Calibrated out;
  const ProfileMatch sm = MatchProfile(static_trial, profile);
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    const std::vector<std::string>& names = profile.cluster[l];
    if (names.size() < 3 || walk_match.columns[l] ||
        !walk_match.midpoint_columns[l].empty()) {
      continue;
    }
    const std::string what(LandmarkName(static_cast<Landmark>(l)));
    const std::string cluster = Join(names);
    if (!sm.columns[l] && sm.midpoint_columns[l].empty()) {
      out.notes.push_back(what + ": not in the static trial " + NameOf(static_trial) +
                          " either; not calibrated");
      continue;
    }
    std::vector<size_t> static_cols;
    for (const std::optional<size_t>& c : ClusterColumns(static_trial, profile, names)) {
      if (c) static_cols.push_back(*c);
    }
    const std::vector<std::optional<size_t>> walk_cols =
        ClusterColumns(walk, profile, names);
    if (static_cols.size() != names.size() ||
        std::count(walk_cols.begin(), walk_cols.end(), std::nullopt) > 0) {
      out.notes.push_back(what + ": cluster " + cluster +
                          " is not complete in both trials; not calibrated");
      continue;
    }
    THAPLAN_ASSIGN_OR_RETURN(
        StaticShape shape,
        MeasureStatic(static_trial, sm, l, static_cols, what, cluster, max_residual_m));
    THAPLAN_ASSIGN_OR_RETURN(
        Track track, Reconstruct(walk, walk_cols, shape, what, cluster, max_residual_m));
    out.notes.push_back(Summary(what, HowDefined(static_trial, sm, l), cluster,
                                static_trial, shape, track.residuals, walk.frame_count));
    out.positions[l] = std::move(track.positions);
  }
  return out;
}

}  // namespace thaplan::landmarks
