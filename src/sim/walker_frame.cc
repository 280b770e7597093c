#include "sim/walker_frame.h"

#include <cmath>

namespace thaplan::sim {
namespace {

// Upper body while walking (our choices, typical magnitudes): the mid-hip ->
// mid-shoulder line leaning 2 deg forward, the trunk counter-rotating against the pelvis
// at half its amplitude; arms swinging in the sagittal plane +-16 deg at a stride of 1.3
// m, opposite to the leg of the same side (Murray et al., J Bone Joint Surg Am 1967:
// shoulder 5-30 deg range), elbows flexed 20 +- 10 deg.
constexpr double kTrunkLeanDeg = 2.0;
constexpr double kTrunkCounterRotation = 0.5;
constexpr double kArmSwingDegPerMetre = 16.0 / 1.3;
constexpr double kArmSwingMaxDeg = 20.0;
constexpr double kArmAbductionDeg = 6.0;
constexpr double kElbowMeanDeg = 20.0;
constexpr double kElbowSwingDeg = 10.0;

struct Arm {
  Vec3 elbow, wrist, hand;
};

Arm MakeArm(const BodyDims& d, const Rot& trunk, const Vec3& shoulder, double flex_deg,
            double elbow_deg, double lateral_sign) {
  const double ab = kArmAbductionDeg * kDegToRad * lateral_sign;
  auto dir = [&](double flex) {
    const double f = flex * kDegToRad;
    return trunk.Apply(Normalized(
        {std::sin(f) * std::cos(ab), std::sin(ab), -std::cos(f) * std::cos(ab)}));
  };
  Arm a;
  a.elbow = Add(shoulder, Scale(dir(flex_deg), d.upper_arm));
  const Vec3 fore = dir(flex_deg + elbow_deg);
  a.wrist = Add(a.elbow, Scale(fore, d.forearm));
  a.hand = Add(a.wrist, Scale(fore, d.hand));
  return a;
}

void SetUpperBody(const GaitPlan& plan, const BodyDims& d, double t, BodyFrame& f) {
  const double phase = 2 * std::numbers::pi * (t - plan.t0_s) / plan.stride_time_s;
  const double pelvis_rotation = -plan.rotation_rad * std::cos(phase);
  // Lean the C7 axis so that the mid-shoulder point (forward of C7) leans
  // kTrunkLeanDeg ahead of the mid-hip.
  const double lean = kTrunkLeanDeg * kDegToRad -
                      std::atan2(d.shoulder_forward, d.trunk - d.shoulder_drop);
  const Rot trunk = Compose(RotZ(-kTrunkCounterRotation * pelvis_rotation), RotY(lean));
  const Vec3 mid_hip = f[Landmark::kMidHip];
  const Vec3 c7 = Add(mid_hip, trunk.Apply({0, 0, d.trunk}));
  f[Landmark::kNeck] = c7;
  f.vertex = Add(c7, trunk.Apply(Scale(Normalized({0.08, 0, 1}), d.head)));
  f[Landmark::kHead] = Lerp(c7, f.vertex, 0.6);
  const Vec3 sl{d.shoulder_forward, d.shoulder_half_width, -d.shoulder_drop};
  const Vec3 sr{d.shoulder_forward, -d.shoulder_half_width, -d.shoulder_drop};
  f[Landmark::kLeftShoulder] = Add(c7, trunk.Apply(sl));
  f[Landmark::kRightShoulder] = Add(c7, trunk.Apply(sr));
  const double stride = plan.HeelX(plan.k_max) - plan.HeelX(plan.k_min);
  const double mean_stride = stride / ((plan.k_max - plan.k_min) / 2.0);
  const double amp = std::min(kArmSwingMaxDeg, kArmSwingDegPerMetre * mean_stride);
  // The left arm is back at left heel strike (phase 0).
  const double left_flex = -amp * std::cos(phase);
  const double right_flex = -left_flex;
  const Arm left = MakeArm(d, trunk, f[Landmark::kLeftShoulder], left_flex,
                           kElbowMeanDeg + kElbowSwingDeg * left_flex / amp, 1.0);
  const Arm right = MakeArm(d, trunk, f[Landmark::kRightShoulder], right_flex,
                            kElbowMeanDeg + kElbowSwingDeg * right_flex / amp, -1.0);
  f[Landmark::kLeftElbow] = left.elbow;
  f[Landmark::kLeftWrist] = left.wrist;
  f.hand_left = left.hand;
  f[Landmark::kRightElbow] = right.elbow;
  f[Landmark::kRightWrist] = right.wrist;
  f.hand_right = right.hand;
}

void SetPelvis(const GaitPlan& plan, const BodyDims& d, double t, BodyFrame& f) {
  const Rot r = plan.PelvisRot(t);
  const Vec3 centre = plan.PelvisCentre(t);
  f[Landmark::kMidHip] = centre;
  const Vec3 mid_asis = d.mid_asis_from_mid_hip;
  const Vec3 mid_psis = Sub(mid_asis, {d.pelvis_depth, 0, 0});
  auto put = [&](Landmark l, const Vec3& local) { f[l] = Add(centre, r.Apply(local)); };
  put(Landmark::kLeftAsis, Add(mid_asis, {0, d.pelvis_width / 2, 0}));
  put(Landmark::kRightAsis, Add(mid_asis, {0, -d.pelvis_width / 2, 0}));
  put(Landmark::kLeftPsis, Add(mid_psis, {0, d.psis_width / 2, 0}));
  put(Landmark::kRightPsis, Add(mid_psis, {0, -d.psis_width / 2, 0}));
  put(Landmark::kSacrum, mid_psis);
}

}  // namespace

Result<BodyFrame> MakeBodyFrame(const GaitPlan& plan, const BodyDims& dims,
                                const LegModel& legs, double t) {
  BodyFrame f;
  SetPelvis(plan, dims, t, f);
  THAPLAN_ASSIGN_OR_RETURN(const LegPoints left, legs.At(t, Side::kLeft));
  THAPLAN_ASSIGN_OR_RETURN(const LegPoints right, legs.At(t, Side::kRight));
  f[Landmark::kLeftHip] = left.hip;
  f[Landmark::kLeftKnee] = left.knee;
  f[Landmark::kLeftAnkle] = left.ankle;
  f[Landmark::kLeftHeel] = left.heel;
  f[Landmark::kLeftToe] = left.toe;
  f[Landmark::kRightHip] = right.hip;
  f[Landmark::kRightKnee] = right.knee;
  f[Landmark::kRightAnkle] = right.ankle;
  f[Landmark::kRightHeel] = right.heel;
  f[Landmark::kRightToe] = right.toe;
  SetUpperBody(plan, dims, t, f);
  f.com = WholeBodyCom(f, dims.sex);
  return f;
}

Vec3 WholeBodyCom(const BodyFrame& f, Sex sex) {
  Vec3 sum{0, 0, 0};
  double mass = 0;
  auto add = [&](Segment s, const Vec3& proximal, const Vec3& distal) {
    const SegmentParams& p = DeLeva(sex, s);
    const Vec3 c = Lerp(proximal, distal, p.com_from_proximal);
    sum = Add(sum, Scale(c, p.mass_fraction));
    mass += p.mass_fraction;
  };
  using L = Landmark;
  add(Segment::kHead, f.vertex, f[L::kNeck]);
  add(Segment::kTrunk, f[L::kNeck], f[L::kMidHip]);
  add(Segment::kUpperArm, f[L::kLeftShoulder], f[L::kLeftElbow]);
  add(Segment::kUpperArm, f[L::kRightShoulder], f[L::kRightElbow]);
  add(Segment::kForearm, f[L::kLeftElbow], f[L::kLeftWrist]);
  add(Segment::kForearm, f[L::kRightElbow], f[L::kRightWrist]);
  add(Segment::kHand, f[L::kLeftWrist], f.hand_left);
  add(Segment::kHand, f[L::kRightWrist], f.hand_right);
  add(Segment::kThigh, f[L::kLeftHip], f[L::kLeftKnee]);
  add(Segment::kThigh, f[L::kRightHip], f[L::kRightKnee]);
  add(Segment::kShank, f[L::kLeftKnee], f[L::kLeftAnkle]);
  add(Segment::kShank, f[L::kRightKnee], f[L::kRightAnkle]);
  add(Segment::kFoot, f[L::kLeftHeel], f[L::kLeftToe]);
  add(Segment::kFoot, f[L::kRightHeel], f[L::kRightToe]);
  // The published fractions sum to 0.9999 (female) because of rounding;
  // dividing by the sum keeps the COM a true weighted mean.
  return Scale(sum, 1.0 / mass);
}

double PelvisFrameHipExtensionDeg(const BodyFrame& f, Side side) {
  using L = Landmark;
  const Vec3 mid_asis = Mid(f[L::kLeftAsis], f[L::kRightAsis]);
  const Vec3 mid_psis = Mid(f[L::kLeftPsis], f[L::kRightPsis]);
  Rot pelvis;
  pelvis.y = Normalized(Sub(f[L::kLeftAsis], f[L::kRightAsis]));
  const Vec3 ant = Sub(mid_asis, mid_psis);
  pelvis.x = Normalized(Sub(ant, Scale(pelvis.y, Dot(ant, pelvis.y))));
  pelvis.z = Cross(pelvis.x, pelvis.y);
  const bool left = side == Side::kLeft;
  return HipExtensionDeg(pelvis, f[left ? L::kLeftHip : L::kRightHip],
                         f[left ? L::kLeftKnee : L::kRightKnee]);
}

double TrunkFrameHipExtensionDeg(const BodyFrame& f, Side side) {
  using L = Landmark;
  const bool left = side == Side::kLeft;
  const Vec3 mid_hip = Mid(f[L::kLeftHip], f[L::kRightHip]);
  const Vec3 mid_shoulder = Mid(f[L::kLeftShoulder], f[L::kRightShoulder]);
  const Vec3 down = Sub(mid_hip, mid_shoulder);
  const Vec3 thigh =
      Sub(f[left ? L::kLeftKnee : L::kRightKnee], f[left ? L::kLeftHip : L::kRightHip]);
  // Angles from straight down in the x-z (walking sagittal) plane, flexion
  // (forward) positive.
  const double trunk = std::atan2(down[0], -down[2]);
  const double hip = std::atan2(thigh[0], -thigh[2]);
  return -(hip - trunk) * kRadToDeg;
}

}  // namespace thaplan::sim
