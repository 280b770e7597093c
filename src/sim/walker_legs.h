// Leg and foot kinematics of the synthetic walker: planted feet with heel and
// toe rockers, swing trajectories that land at the next placement, knees by
// two-link inverse kinematics, and a prescribed hip extension in late stance.
// Internal to src/sim/.
#ifndef THAPLAN_SIM_WALKER_LEGS_H_
#define THAPLAN_SIM_WALKER_LEGS_H_

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sim/walker_plan.h"

namespace thaplan::sim {

struct LegPoints {
  Vec3 hip, knee, ankle, heel, toe;
};

// "%.2f", for messages.
std::string Fixed2(double v);

// Two-link inverse kinematics: the knee in the plane of hip, ankle and the
// walking direction, on the anterior side, given a = ankle - hip and its
// length d. False when the leg cannot reach.
bool SolveKnee(const Vec3& hip, const Vec3& a, double d, double thigh, double shank,
               Vec3* knee);

// Hip extension (deg, extension positive) of the thigh hip -> knee, measured
// in the sagittal plane of the pelvis frame `pelvis` (x anterior, z up).
double HipExtensionDeg(const Rot& pelvis, const Vec3& hip, const Vec3& knee);

// What the pelvis-height planner checks at one time: the pelvis motion and
// the stance ankle. Neither depends on the sway, so the samples are made once
// per walk (PelvisHeightSamples) and reused by every calibration pass.
struct HeightSample {
  PelvisMotion motion;
  Vec3 ankle{};
};
void PelvisHeightSamples(const GaitPlan& plan, const BodyDims& dims,
                         std::vector<HeightSample>& out);
// Sets plan.z_low / z_high from the leg geometry (see docs/walker.md).
void SetPelvisHeights(GaitPlan& plan, const BodyDims& dims,
                      const std::vector<HeightSample>& samples);

// The toe-rocker pitches one leg was solved for at its latest frames (equally
// spaced), so that the next frame's solve starts next to its answer. The
// result depends on it only within the solve's tolerance (1e-10 deg).
struct PitchHistory {
  int k = std::numeric_limits<int>::min();  // the stance they belong to
  int count = 0;
  double psi[4] = {0, 0, 0, 0};  // most recent first (rad)
  // d pitch / d residual at the latest solves, most recent first (0 unknown).
  double slope[2] = {0, 0};
  // The latest pitches minus the previous calibration pass's at those frames
  // (NaN if unknown): the passes differ little, and smoothly.
  double pass_offset[2] = {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::quiet_NaN()};
};

// The peak hip extensions (pelvis-referenced, deg) a stance can be given at
// the plan's current pelvis: at most hi (the leg's reach at the peak time,
// the heel just rising, the knee flexed at least the stance minimum), at
// least lo (a monotone rise from some flat-foot heel rise reaches it, and
// the fall to toe off stays within the heel's rise). Empty when lo > hi.
// The peak must also exceed `early`, the most the hip extends with the heel
// down early in the stance (up to kEarlyStanceFraction), which is measured
// while the other leg is near its own peak, so at the other peak's tilt.
struct ExtensionWindow {
  double lo = 0, hi = 0, early = 0;
  double rise_lo = 0, fall_lo = 0;  // lo = max(rise_lo, fall_lo)
};
// The part of a stance, from heel strike, over which `early` is taken.
inline constexpr double kEarlyStanceFraction = 0.12;

// The toe's forward roll before toe off (docs/walker.md, "Events consistent
// with Zeni"): d = 0 up to t0, then d(t0 + s tau) = c3 s^3 + c4 s^4 up to
// t1 = t0 + tau, with d, d', d'' = 0 at t0 and d'(t1) = v, d''(t1) = a. Of
// the quintics with these five end values it has the least jerk (integral
// of d'''^2): with d(t1) free, the Euler-Lagrange conditions make d''''' = 0
// at t1, so the s^5 term vanishes. It advances v tau / 2 - a tau^2 / 12, and
// d' >= 0 throughout while a tau <= 3 v (c3 >= 0).
struct ToeRoll {
  double t0 = 0, t1 = 0, c3 = 0, c4 = 0;  // the default does not roll
  double accel = 0;                       // a
  static ToeRoll Make(double t1, double tau, double v, double a) {
    return {t1 - tau, t1, v * tau - a * tau * tau / 3, (a * tau * tau - 2 * v * tau) / 4,
            a};
  }
  // For t <= t1.
  double Value(double t) const {
    if (t <= t0 || t1 <= t0) return 0.0;
    const double s = (t - t0) / (t1 - t0);
    return s * s * s * (c3 + s * c4);
  }
};

class LegModel {
 public:
  // kExact: the model of docs/walker.md, pitches solved to 1e-10 deg.
  // kEstimate: for the pass that only estimates how much the legs damp the
  // COM sway: heel rise at the latest time with a monotone rise curve,
  // without checking that the leg can follow it, pitches solved to ~6e-5
  // deg. Its COM excursions are within a few 1e-4 of the exact ones.
  enum class Fidelity { kExact, kEstimate };
  // The stances from heel strike k_first to k_last and the swings after
  // them (the whole walk: first_capture_k - 2 .. last_capture_k).
  static Result<LegModel> Make(const GaitPlan& plan, const BodyDims& dims,
                               const WalkParams& params, int k_first, int k_last,
                               Fidelity fidelity);
  // The leg at time t with its hip where `pelvis` (the pelvis at t) puts it.
  // `pitch` holds the previous pass's toe-rocker pitch at t (NaN if none) and
  // receives this one's (NaN off the toe rocker); like `history`, it is only
  // where the solve starts.
  Result<LegPoints> At(const PelvisPose& pelvis, double t, Side side,
                       PitchHistory& history, double& pitch) const;
  // Time the heel leaves the ground in the stance that starts at heel strike k.
  double HeelRiseTime(int k) const;
  // A model without stances, for Window().
  static LegModel Planner(const GaitPlan& plan, const BodyDims& dims);
  // The window of the stance that starts at heel strike k, for the plan's
  // current pelvis (tilt, sway and heights).
  ExtensionWindow Window(int k) const;

 private:
  struct Stance {
    int k = 0;
    Side side = Side::kLeft;
    double t_hs = 0, t_ff = 0, t_hr = 0, t_pk = 0, t_to = 0;
    Vec3 heel{}, toe{};  // placements on the floor
    ToeRoll roll;        // of the toe before toe off (none until MakeStance sets it)
    Hermite rise, fall;  // prescribed hip extension (deg) before / after the peak
    double psi_to = 0, dpsi_to = 0;  // foot pitch (rad) and its rate at toe off
  };
  struct Swing {
    double t_to = 0, t_hs = 0, t_mid = 0, y = 0, bump = 0, inv_duration = 0;
    Hermite ax, az, psi1, psi2;
  };
  struct FootPose {
    Vec3 heel;
    double psi;  // pitch, positive toes up
    double cos_psi, sin_psi;
  };
  struct HipState {
    Vec3 centre;
    Rot pelvis;
  };

  // Heel rise is searched at kHeelRiseCount times, latest first, from 40 to
  // 12 % of the stride (walker_stance.cc).
  static constexpr int kHeelRiseCount = 57;
  // The fall from the peak is checked against the heel's rise at this many
  // equal steps up to toe off.
  static constexpr int kFallChecks = 4;
  // The first sample time, from heel strike to the latest heel rise, at
  // which the hip with the heel down extends at least `peak_ext_deg`
  // (+inf if none).
  double FirstHeelDownAbove(const Stance& st, double peak_ext_deg) const;

  LegModel(const GaitPlan& plan, const BodyDims& dims);
  // The stance's times and placements (no extension curves yet).
  Stance StanceFrame(int k) const;
  // With the toe where it was placed: the roll before toe off moves it
  // forward, toward the hip, which lowers the least extension at the fall's
  // checks (never raises it, measured on every walk of the tests), so the
  // window of the rolling toe holds this one.
  ExtensionWindow Window(const Stance& st) const;
  // The prescribed extension from the peak at t_pk down by drop_deg at toe
  // off.
  static Hermite FallFromPeak(const Stance& st, double peak_ext_deg, double drop_deg);
  // The j-th (1..kFallChecks) of the equally spaced times up to toe off at
  // which the fall is checked.
  static double FallCheckTime(const Stance& st, int j);
  // Extension at t with the heel raised the most (+inf if the leg cannot
  // reach), with the hip at t given or not.
  double LeastExtension(const Stance& st, double t) const;
  double LeastExtension(const Stance& st, double t, const HipState& hip) const;
  // The hips at the fall's check times, at toe off and just before, for the
  // passes of the toe roll.
  struct ToeOffHips {
    HipState check[kFallChecks];
    HipState at, before;
  };
  ToeOffHips HipsAtToeOff(const Stance& st) const;
  // How far the extension can fall from `peak_ext_deg` by toe off.
  double FallDrop(const Stance& st, double peak_ext_deg, const ToeOffHips& hips) const;
  Status MakeStance(int k, double peak_ext_deg);
  // The toe's roll before toe off, with the fall and the toe-off pitch that
  // go with it (PlanToeOff); the stances before st.k are made.
  Status PlanToeRoll(Stance& st, double peak_ext_deg, const std::string& field) const;
  // The fall from the peak, and the pitch and its rate at toe off, for the
  // stance's current toe roll. `field` names the parameter in refusals;
  // `slope` is where the pitch solves start (SolvePitch).
  Status PlanToeOff(Stance& st, double peak_ext_deg, const std::string& field,
                    const ToeOffHips& hips, double& slope) const;
  // The swing after `st` without its mid-swing arc, and the forward
  // acceleration of its toe at toe off.
  Swing SwingCurves(const Stance& st) const;
  double SwingToeAcceleration(const Stance& st, const Swing& sw) const;
  Status MakeSwing(int k);
  const Stance& StanceOf(int k) const {
    return stances_[static_cast<size_t>(k - k_first_)];
  }
  const Swing& SwingOf(int k) const { return swings_[static_cast<size_t>(k - k_first_)]; }

  FootPose HeelPivot(const Vec3& heel, double psi) const {
    double s = 0, c = 0;
    SinCos(psi, &s, &c);
    return {heel, psi, c, s};
  }
  FootPose ToePivot(const Vec3& toe, double psi) const;
  // The stance's toe at t <= t_to: its placement, rolled forward before toe
  // off.
  static Vec3 ToeAt(const Stance& st, double t) {
    return {st.toe[0] + st.roll.Value(t), st.toe[1], st.toe[2]};
  }
  FootPose HeelRockerPose(const Stance& st, double t) const;
  FootPose SwingPose(const Swing& sw, double t) const;
  Vec3 Ankle(const FootPose& p) const;
  Vec3 Toe(const FootPose& p) const;
  HipState HipAt(double t, Side side) const;
  // The knee with the foot at `pose`; false when the stance leg cannot reach
  // it with its knee flexed at least kKneeMinStanceDeg.
  bool StanceKnee(const Vec3& hip, const FootPose& pose, Vec3* knee) const;
  // Hip extension with the foot at `pose`, NaN when the stance leg cannot
  // reach it.
  double ExtensionAt(const HipState& hip, const FootPose& pose) const;
  // Hip extension at t with the heel down (heel rocker or flat foot), as
  // At() makes it; NaN if the leg cannot reach.
  double HeelDownExtension(const Stance& st, double t) const;
  // The least heel rise (largest pitch <= 0) with which the stance leg
  // reaches its toe at `toe`, assuming it cannot reach the flat foot; NaN
  // when no pitch down to kPitchMinDeg reaches.
  // Also gives the knee there.
  double ReachBoundary(const Vec3& hip, const Vec3& toe, Vec3* knee) const;
  double TargetExtension(const Stance& st, double t) const;
  // Toe-rocker pitch giving the prescribed extension at t, searched from
  // `guess`; `slope` (d pitch / d residual, 0 = unknown) sizes the first
  // step and is updated (walker_pitch.cc). `knee_out`, if given, receives
  // the knee at that pitch when the solve has it (else x = NaN).
  Result<double> SolvePitch(const Stance& st, const HipState& hip, double t, double guess,
                            double& slope, Vec3* knee_out = nullptr) const;
  // Most hip extension the leg can have with its toe at `toe`.
  double MaxExtension(const HipState& hip, const Vec3& toe) const;
  // The first check time (1..7, trying `first` first) at which the leg cannot
  // follow `rise` with its knee flexed at least the stance minimum; 0 when it
  // can at all of them.
  int FailedRiseCheck(const Stance& st, const Hermite& rise, int first) const;
  bool RiseFailsCheck(const Stance& st, const Hermite& rise, int j) const;

  const GaitPlan* plan_;
  BodyDims dims_;
  int k_first_ = 0;
  double stance_reach_ = 0;
  Fidelity fidelity_ = Fidelity::kExact;
  double tolerance_ = 0;  // of the pitch solves, on sin(extension - target)
  std::vector<Stance> stances_;
  std::vector<Swing> swings_;
};

// For WalkParams::pelvic_tilt_deg = NaN: the plan (MakeGaitPlan) with the
// mean pelvic tilt, its asymmetry and the step asymmetry that let every
// steady stance realise its side's requested peak extension, and the height
// samples for it (walker_tilt.cc, docs/walker.md). The pelvis sway and
// heights are set for the requested sway. Refuses peaks it cannot realise
// within its bounds.
Result<GaitPlan> PlanAutomaticPelvis(const WalkParams& params, const BodyDims& dims,
                                     uint64_t seed, std::vector<HeightSample>& samples);

}  // namespace thaplan::sim

#endif  // THAPLAN_SIM_WALKER_LEGS_H_
