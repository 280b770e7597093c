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

using sim::Body;
using sim::GaitPlan;

constexpr uint64_t kNoiseStream = 2;
constexpr uint64_t kDropoutStream = 3;
// The pelvis sway is scaled until the de Leva COM excursions match the
// requested ones within this relative error (or the iterations run out).
constexpr double kSwayTolerance = 3e-3;
constexpr int kSwayIterations = 8;
// Steady strides the calibration pass generates (see CalibrationStrides).
constexpr int kCalibrationStrides = 2;
// Dropouts come in runs no longer than this (CLINICAL.md: gaps up to 0.1 s
// are filled by interpolation).
constexpr double kMaxGapS = 0.1;

// The body's frames live in buffers kept per thread and reused by the next
// walk on that thread: allocating and faulting in fresh memory for them costs
// as much as a good part of the kinematics. The walk returned owns its own
// memory; a walk longer than kScratchKeepFrames gives the buffers back.
struct Scratch {
  Body body;
  std::vector<sim::HeightSample> height_samples;
};
constexpr size_t kScratchKeepFrames = 20000;  // ~12 MB

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Releases the thread's scratch at the end of a long walk.
class ScratchTrimmer {
 public:
  ScratchTrimmer() = default;
  ScratchTrimmer(const ScratchTrimmer&) = delete;
  ScratchTrimmer& operator=(const ScratchTrimmer&) = delete;
  ~ScratchTrimmer() {
    Scratch& scratch = ThreadScratch();
    if (scratch.body.motion.capacity() > kScratchKeepFrames) scratch = Scratch{};
  }
};

struct Generated {
  GaitPlan plan;
  sim::BodyDims dims;
  const Body* body = nullptr;  // the thread's scratch body (see Generate)
  WalkTruth truth;
};

using Fidelity = sim::LegModel::Fidelity;

// What a pass generates: the stances k_first..k_last and the frames
// [frame_begin, frame_end), and how faithfully.
struct PassRange {
  int k_first = 0, k_last = 0;
  size_t frame_begin = 0, frame_end = 0;
  Fidelity fidelity = Fidelity::kExact;
  // The strides (by starting heel strike) whose COM excursions the sway
  // calibration measures.
  int measure_first = 0, measure_last = 0;
};

PassRange WholeWalk(const GaitPlan& plan) {
  const sim::SteadyStrides steady = sim::SteadyStrideRange(plan);
  return {plan.first_capture_k - 2,
          plan.last_capture_k,
          0,
          static_cast<size_t>(plan.frame_count),
          Fidelity::kExact,
          steady.first,
          steady.last};
}

// The calibration pass: kCalibrationStrides steady strides from the middle of
// the walk (or all of them when there are fewer). Their frames need the
// stances from the heel strike before the first to the last one inside; one
// more at each end, because a frame on a heel strike's time may round to
// either side of it (GaitPlan::StepIndex).
PassRange CalibrationStrides(const GaitPlan& plan) {
  const sim::SteadyStrides steady = sim::SteadyStrideRange(plan);
  const int count = std::min(kCalibrationStrides, steady.last - steady.first + 1);
  const int first = steady.first + (steady.last - steady.first + 1 - count) / 2;
  const int end_strike = first + count + 1;  // the last stride's closing heel strike
  return {first - 2,
          end_strike,
          static_cast<size_t>(sim::FirstFrameAtOrAfter(plan, plan.HsTime(first))),
          static_cast<size_t>(sim::FirstFrameAtOrAfter(plan, plan.HsTime(end_strike))),
          Fidelity::kEstimate,
          first,
          first + count - 1};
}

// The legs and the lateral COM of the range's frames for the plan's current
// sway.
Result<sim::LegModel> MoveLegs(const WalkParams& params, const GaitPlan& plan,
                               const sim::BodyDims& dims, const PassRange& range,
                               Body& body) {
  THAPLAN_ASSIGN_OR_RETURN(sim::LegModel legs,
                           sim::LegModel::Make(plan, dims, params, range.k_first,
                                               range.k_last, range.fidelity));
  sim::PitchHistory history[2];
  for (size_t i = range.frame_begin; i < range.frame_end; ++i) {
    const sim::PelvisMotion& m = body.motion[i];
    const sim::PelvisPose pose = plan.Pose(m);
    THAPLAN_ASSIGN_OR_RETURN(
        body.legs[2 * i], legs.At(pose, m.t, Side::kLeft, history[0], body.pitch[2 * i]));
    THAPLAN_ASSIGN_OR_RETURN(
        body.legs[2 * i + 1],
        legs.At(pose, m.t, Side::kRight, history[1], body.pitch[2 * i + 1]));
    body.com_y[i] = sim::WholeBodyComY(pose.centre, body.upper[i], body.legs[2 * i],
                                       body.legs[2 * i + 1], dims.sex);
  }
  return legs;
}

// The truth promises the requested peak extension for every steady stride;
// the stance planning makes it so (walker_stance.cc), and this says so if a
// combination it does not foresee gets through.
Status CheckPeaks(const WalkParams& params, const WalkTruth& truth) {
  constexpr double kPeakToleranceDeg = 1e-6;
  for (const StrideTruth& s : truth.strides) {
    const double want = s.side == Side::kLeft ? params.peak_hip_extension_left_deg
                                              : params.peak_hip_extension_right_deg;
    if (s.steady &&
        !(std::abs(s.peak_hip_extension_pelvis_deg - want) < kPeakToleranceDeg)) {
      return Status::InvalidInput(
          "walk params: peak_hip_extension_" + std::string(SideName(s.side)) + "_deg = " +
          sim::Fixed2(want) + ": the stride from t = " + sim::Fixed2(s.heel_strike_s) +
          " s peaks at " + sim::Fixed2(s.peak_hip_extension_pelvis_deg) +
          " deg elsewhere in the stride; expected a peak nearer what the stride allows");
    }
  }
  return Status::Ok();
}

// Generates the noise-free body, scaling the pelvis sway until the whole-body
// COM excursions equal the requested ones (the legs and arms damp the
// pelvis's sway, by an amount that depends on the geometry). Everything the
// sway does not change (pelvis forward motion and orientation, the upper
// body, the pelvis-height checks) is computed once. The first pass, at the
// requested sway, only measures the damping, so it generates the steady
// strides alone; the later passes generate the whole walk.
Result<Generated> Generate(const WalkParams& params, uint64_t seed) {
  Generated g;
  g.dims = sim::MakeBodyDims(params);
  Scratch& scratch = ThreadScratch();
  Body& body = scratch.body;
  std::vector<sim::HeightSample>& height_samples = scratch.height_samples;
  g.body = &body;
  // (The height samples hold the pelvis motion at the tilt of the plan they
  // were made for; the heights use only the hip positions, which the tilt
  // does not move.)
  if (std::isnan(params.pelvic_tilt_deg)) {
    THAPLAN_ASSIGN_OR_RETURN(
        g.plan, sim::PlanAutomaticPelvis(params, g.dims, seed, height_samples));
  } else {
    THAPLAN_ASSIGN_OR_RETURN(g.plan, sim::MakeGaitPlan(params, g.dims, seed));
    sim::PelvisHeightSamples(g.plan, g.dims, height_samples);
  }
  GaitPlan& plan = g.plan;
  const size_t frames = static_cast<size_t>(plan.frame_count);
  body.motion.resize(frames);
  body.upper.resize(frames);
  const sim::UpperBodyModel upper(plan, g.dims);
  for (size_t i = 0; i < frames; ++i) {
    const double t = plan.FrameTime(static_cast<int64_t>(i));
    body.motion[i] = plan.Motion(t);
    body.upper[i] = upper.At(body.motion[i]);
  }
  body.legs.resize(2 * frames);
  body.com_y.resize(frames);
  body.pitch.assign(2 * frames, std::numeric_limits<double>::quiet_NaN());
  const PassRange whole_walk = WholeWalk(plan);
  const PassRange calibration = CalibrationStrides(plan);
  auto pass = [&](double left, double right, bool whole) -> Result<sim::LegModel> {
    THAPLAN_RETURN_IF_ERROR(sim::SetPelvisSway(plan, left, right));
    sim::SetPelvisHeights(plan, g.dims, height_samples);
    return MoveLegs(params, plan, g.dims, whole ? whole_walk : calibration, body);
  };
  const double requested_left = params.com_sway_left_m;
  const double requested_right = params.com_sway_right_m;
  double pelvis_left = requested_left, pelvis_right = requested_right;
  // Pass 0 measures the damping on the steady strides at the requested sway;
  // passes 1..kSwayIterations generate the whole walk.
  for (int iter = 0; iter <= kSwayIterations; ++iter) {
    const bool whole = iter > 0;
    Result<sim::LegModel> legs = pass(pelvis_left, pelvis_right, whole);
    if (!legs.ok()) {
      // Report what the whole walk at the requested sway reports first, as a
      // generator without the partial pass would.
      Result<sim::LegModel> first = pass(requested_left, requested_right, true);
      return first.ok() ? legs.status() : first.status();
    }
    const PassRange& measured = whole ? whole_walk : calibration;
    const sim::ComExcursions com = sim::SteadyComExcursions(
        plan, body.com_y, measured.measure_first, measured.measure_last);
    const double err_left = com.left / requested_left - 1;
    const double err_right = com.right / requested_right - 1;
    const bool done =
        std::abs(err_left) < kSwayTolerance && std::abs(err_right) < kSwayTolerance;
    if (whole && (done || iter == kSwayIterations)) {
      g.truth = sim::ComputeTruth(params, seed, plan, g.dims, *legs, body);
      THAPLAN_RETURN_IF_ERROR(CheckPeaks(params, g.truth));
      return g;
    }
    if (!done) {
      pelvis_left /= 1 + err_left;
      pelvis_right /= 1 + err_right;
    }
  }
  return Status::Internal("walker: the sway calibration ended without a whole pass");
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
                 sim::WalkRng& rng) {
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
  const std::vector<Landmark> emitted = EmittedLandmarks(p);
  const size_t frames = static_cast<size_t>(g.plan.frame_count);
  for (Landmark l : emitted) s.Of(l).resize(frames);
  // Place every landmark frame by frame in the local frame, then move each
  // track to the world frame and add its noise and dropouts.
  const bool keypoints = p.landmark_set == WalkLandmarkSet::kKeypoints;
  sim::FrameLandmarks f;
  for (size_t i = 0; i < frames; ++i) {
    const Body& body = *g.body;
    sim::PlaceLandmarks(g.dims, g.plan.Pose(body.motion[i]), body.upper[i],
                        body.Leg(i, Side::kLeft), body.Leg(i, Side::kRight), f);
    if (keypoints) {
      f[Landmark::kNeck] =
          sim::Mid(f[Landmark::kLeftShoulder], f[Landmark::kRightShoulder]);
    }
    for (Landmark l : emitted) s.Of(l)[i] = f[l];
  }
  const double heading = p.walking_direction_deg * sim::kDegToRad;
  const double c = std::cos(heading), sn = std::sin(heading);
  const double x_shift = -g.plan.PelvisX(g.plan.FrameTime(g.plan.frame_count - 1) / 2);
  sim::NoiseSource noise(seed, kNoiseStream);
  sim::WalkRng dropouts(seed, kDropoutStream);
  for (Landmark l : emitted) {
    std::vector<Vec3>& track = s.Of(l);
    for (Vec3& v : track) {
      const double x = v[0] + x_shift;
      v = {c * x - sn * v[1], sn * x + c * v[1], v[2]};
    }
    if (p.noise_sd_m > 0) noise.AddTo(p.noise_sd_m, track);
    if (p.dropout_fraction > 0)
      AddDropouts(track, p.dropout_fraction, p.sample_rate_hz, dropouts);
  }
  return s;
}

}  // namespace

Result<SyntheticWalk> SimulateWalk(const WalkParams& params, uint64_t seed) {
  THAPLAN_RETURN_IF_ERROR(ValidateWalkParams(params));
  const ScratchTrimmer trim_scratch;
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
