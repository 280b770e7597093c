// SimulateWalk: plan, legs, body, truth; then the chosen landmark set with
// measurement noise and dropouts, in the world frame.
#include "thaplan/walker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/walker_rng.h"
#include "sim/walker_truth.h"

namespace thaplan {
namespace {

using sim::BodyFrame;
using sim::GaitPlan;

constexpr uint64_t kNoiseStream = 2;
constexpr uint64_t kDropoutStream = 3;
// The pelvis sway is scaled until the de Leva COM excursions match the
// requested ones within this relative error (or the iterations run out).
constexpr double kSwayTolerance = 1e-3;
constexpr int kSwayIterations = 8;
// Dropouts come in runs no longer than this (CLINICAL.md: gaps up to 0.1 s
// are filled by interpolation).
constexpr double kMaxGapS = 0.1;

struct Generated {
  GaitPlan plan;
  sim::BodyDims dims;
  std::vector<BodyFrame> frames;
  WalkTruth truth;
};

Result<std::vector<BodyFrame>> MakeFrames(const GaitPlan& plan, const sim::BodyDims& dims,
                                          const sim::LegModel& legs) {
  std::vector<BodyFrame> frames;
  frames.reserve(static_cast<size_t>(plan.frame_count));
  for (int64_t i = 0; i < plan.frame_count; ++i) {
    THAPLAN_ASSIGN_OR_RETURN(BodyFrame f,
                             sim::MakeBodyFrame(plan, dims, legs, plan.FrameTime(i)));
    frames.push_back(f);
  }
  return frames;
}

// Generates the noise-free body, scaling the pelvis sway until the whole-body
// COM excursions equal the requested ones (the legs and arms damp the
// pelvis's sway, by an amount that depends on the geometry).
Result<Generated> Generate(const WalkParams& params, uint64_t seed) {
  Generated g;
  g.dims = sim::MakeBodyDims(params);
  THAPLAN_ASSIGN_OR_RETURN(g.plan, sim::MakeGaitPlan(params, g.dims, seed));
  double pelvis_left = params.com_sway_left_m, pelvis_right = params.com_sway_right_m;
  for (int iter = 0; iter < kSwayIterations; ++iter) {
    THAPLAN_RETURN_IF_ERROR(sim::SetPelvisSway(g.plan, pelvis_left, pelvis_right));
    sim::SetPelvisHeights(g.plan, g.dims);
    THAPLAN_ASSIGN_OR_RETURN(const sim::LegModel legs,
                             sim::LegModel::Make(g.plan, g.dims, params));
    THAPLAN_ASSIGN_OR_RETURN(g.frames, MakeFrames(g.plan, g.dims, legs));
    g.truth = sim::ComputeTruth(params, seed, g.plan, g.dims, legs, g.frames);
    const double err_left = g.truth.com_excursion_left_m / params.com_sway_left_m - 1;
    const double err_right = g.truth.com_excursion_right_m / params.com_sway_right_m - 1;
    if (std::abs(err_left) < kSwayTolerance && std::abs(err_right) < kSwayTolerance)
      break;
    pelvis_left /= 1 + err_left;
    pelvis_right /= 1 + err_right;
  }
  return g;
}

std::vector<Landmark> EmittedLandmarks(const WalkParams& p) {
  using L = Landmark;
  std::vector<L> out = {
      L::kLeftHip,      L::kRightHip,      L::kLeftKnee,  L::kRightKnee, L::kLeftAnkle,
      L::kRightAnkle,   L::kLeftHeel,      L::kRightHeel, L::kLeftToe,   L::kRightToe,
      L::kLeftShoulder, L::kRightShoulder, L::kNeck,      L::kHead,      L::kLeftElbow,
      L::kRightElbow,   L::kLeftWrist,     L::kRightWrist};
  if (p.landmark_set == WalkLandmarkSet::kKeypoints) {
    out.push_back(L::kMidHip);
  } else {
    for (L l : {L::kLeftAsis, L::kRightAsis, L::kLeftPsis, L::kRightPsis, L::kSacrum}) {
      out.push_back(l);
    }
    if (!p.markers_include_hip_centres) {
      out.erase(std::remove_if(out.begin(), out.end(),
                               [](L l) { return l == L::kLeftHip || l == L::kRightHip; }),
                out.end());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs of missing samples, each at most kMaxGapS long and never touching
// another run, until the landmark has lost `fraction` of its samples.
void AddDropouts(std::vector<Vec3>& track, double fraction, double rate_hz,
                 sim::WalkerRng& rng) {
  const int64_t n = static_cast<int64_t>(track.size());
  const int64_t target = std::llround(fraction * static_cast<double>(n));
  const int64_t max_run =
      std::max<int64_t>(1, static_cast<int64_t>(kMaxGapS * rate_hz + 1e-9));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  int64_t missing = 0;
  for (int64_t attempt = 0; missing < target && attempt < 50 * n; ++attempt) {
    const int64_t len = std::min<int64_t>(
        1 + static_cast<int64_t>(rng.UniformInt(static_cast<uint64_t>(max_run))),
        target - missing);
    const int64_t start =
        static_cast<int64_t>(rng.UniformInt(static_cast<uint64_t>(n - len + 1)));
    bool free = true;
    for (int64_t i = std::max<int64_t>(0, start - 1);
         i <= std::min(n - 1, start + len) && free; ++i) {
      free = !IsMissing(track[static_cast<size_t>(i)]);
    }
    if (!free) continue;
    for (int64_t i = start; i < start + len; ++i)
      track[static_cast<size_t>(i)] = {nan, nan, nan};
    missing += len;
  }
}

LandmarkSeries Emit(const WalkParams& p, uint64_t seed, const Generated& g) {
  LandmarkSeries s;
  s.sample_rate_hz = p.sample_rate_hz;
  s.start_time_s = 0;
  s.frame_count = g.plan.frame_count;
  s.pelvis_tracked = p.landmark_set == WalkLandmarkSet::kMarkers;
  const bool has_hips =
      p.landmark_set == WalkLandmarkSet::kKeypoints || p.markers_include_hip_centres;
  s.hip_centre_method = has_hips ? "file" : "";
  s.source_path = "synthetic:walker";
  const double heading = p.walking_direction_deg * sim::kDegToRad;
  const double c = std::cos(heading), sn = std::sin(heading);
  const double x_shift = -g.plan.PelvisX(g.plan.FrameTime(g.plan.frame_count - 1) / 2);
  sim::WalkerRng noise(seed, kNoiseStream);
  sim::WalkerRng dropouts(seed, kDropoutStream);
  for (Landmark l : EmittedLandmarks(p)) {
    std::vector<Vec3>& track = s.Of(l);
    track.reserve(g.frames.size());
    for (const BodyFrame& f : g.frames) {
      Vec3 v = f[l];
      if (l == Landmark::kNeck && p.landmark_set == WalkLandmarkSet::kKeypoints) {
        v = sim::Mid(f[Landmark::kLeftShoulder], f[Landmark::kRightShoulder]);
      }
      v[0] += x_shift;
      Vec3 w{c * v[0] - sn * v[1], sn * v[0] + c * v[1], v[2]};
      if (p.noise_sd_m > 0) {
        for (double& coord : w) coord += p.noise_sd_m * noise.Normal();
      }
      track.push_back(w);
    }
    if (p.dropout_fraction > 0)
      AddDropouts(track, p.dropout_fraction, p.sample_rate_hz, dropouts);
  }
  return s;
}

}  // namespace

Result<SyntheticWalk> SimulateWalk(const WalkParams& params, uint64_t seed) {
  THAPLAN_RETURN_IF_ERROR(ValidateWalkParams(params));
  THAPLAN_ASSIGN_OR_RETURN(Generated g, Generate(params, seed));
  SyntheticWalk walk;
  walk.series = Emit(params, seed, g);
  walk.truth = std::move(g.truth);
  return walk;
}

Result<SyntheticWalk> SimulateWalkAndWriteTruth(const WalkParams& params, uint64_t seed,
                                                const std::string& truth_path) {
  THAPLAN_ASSIGN_OR_RETURN(SyntheticWalk walk, SimulateWalk(params, seed));
  THAPLAN_RETURN_IF_ERROR(WriteTruthJson(walk.truth, truth_path));
  return walk;
}

}  // namespace thaplan
