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

// Mass fraction x lateral COM position of one de Leva segment.
double Moment(Sex sex, Segment s, const Vec3& proximal, const Vec3& distal) {
  const SegmentParams& p = DeLeva(sex, s);
  return p.mass_fraction * Lerp(proximal, distal, p.com_from_proximal)[1];
}

}  // namespace

UpperBodyModel::UpperBodyModel(const GaitPlan& plan, const BodyDims& d)
    : plan_(&plan), dims_(d) {
  // Lean the C7 axis so that the mid-shoulder point (forward of C7) leans
  // kTrunkLeanDeg ahead of the mid-hip.
  lean_ = RotY(kTrunkLeanDeg * kDegToRad -
               std::atan2(d.shoulder_forward, d.trunk - d.shoulder_drop));
  head_ = Scale(Normalized({0.08, 0, 1}), d.head);
  const double stride = plan.HeelX(plan.k_max) - plan.HeelX(plan.k_min);
  const double mean_stride = stride / ((plan.k_max - plan.k_min) / 2.0);
  amp_deg_ = std::min(kArmSwingMaxDeg, kArmSwingDegPerMetre * mean_stride);
  cos_ab_ = std::cos(kArmAbductionDeg * kDegToRad);
  sin_ab_ = std::sin(kArmAbductionDeg * kDegToRad);
}

UpperBody UpperBodyModel::At(const PelvisMotion& m) const {
  const BodyDims& d = dims_;
  const double cos_phase = m.cos_phase;
  const double pelvis_rotation = -plan_->rotation_rad * cos_phase;
  double sz, cz;
  SinCosSmall(-kTrunkCounterRotation * pelvis_rotation, &sz, &cz);
  const Rot trunk = Compose(Rot{{cz, sz, 0}, {-sz, cz, 0}, {0, 0, 1}}, lean_);
  UpperBody u;
  u.c7 = trunk.Apply({0, 0, d.trunk});
  u.vertex = Add(u.c7, trunk.Apply(head_));
  u.head = Lerp(u.c7, u.vertex, 0.6);
  const Vec3 sl{d.shoulder_forward, d.shoulder_half_width, -d.shoulder_drop};
  const Vec3 sr{d.shoulder_forward, -d.shoulder_half_width, -d.shoulder_drop};
  u.shoulder[0] = Add(u.c7, trunk.Apply(sl));
  u.shoulder[1] = Add(u.c7, trunk.Apply(sr));
  // The left arm is back at left heel strike (phase 0); each arm swings in
  // the sagittal plane, abducted kArmAbductionDeg, the elbow flexing more as
  // the arm swings forward.
  const double left_flex = -amp_deg_ * cos_phase;
  // The upper arms swing by opposite angles: one sine and cosine serve both.
  const double sin_flex = std::sin(left_flex * kDegToRad);
  const double cos_flex = std::cos(left_flex * kDegToRad);
  for (int s = 0; s < 2; ++s) {
    const double flex = s == 0 ? left_flex : -left_flex;
    const double lateral = s == 0 ? sin_ab_ : -sin_ab_;
    // Unit vectors: sin^2 + cos^2 of the abduction and of the flexion.
    auto dir = [&](double sin_f, double cos_f) {
      return trunk.Apply({sin_f * cos_ab_, lateral, -cos_f * cos_ab_});
    };
    u.elbow[s] = Add(u.shoulder[s],
                     Scale(dir(s == 0 ? sin_flex : -sin_flex, cos_flex), d.upper_arm));
    const double fore_rad =
        (flex + kElbowMeanDeg + kElbowSwingDeg * flex / amp_deg_) * kDegToRad;
    const Vec3 fore = dir(std::sin(fore_rad), std::cos(fore_rad));
    u.wrist[s] = Add(u.elbow[s], Scale(fore, d.forearm));
    u.hand[s] = Add(u.wrist[s], Scale(fore, d.hand));
  }
  const Sex sex = d.sex;
  u.com_moment_y = Moment(sex, Segment::kHead, u.vertex, u.c7) +
                   Moment(sex, Segment::kTrunk, u.c7, Vec3{0, 0, 0});
  for (int s = 0; s < 2; ++s) {
    u.com_moment_y += Moment(sex, Segment::kUpperArm, u.shoulder[s], u.elbow[s]) +
                      Moment(sex, Segment::kForearm, u.elbow[s], u.wrist[s]) +
                      Moment(sex, Segment::kHand, u.wrist[s], u.hand[s]);
  }
  return u;
}

double WholeBodyComY(const Vec3& mid_hip, const UpperBody& upper, const LegPoints& left,
                     const LegPoints& right, Sex sex) {
  // The upper-body segments sit at mid_hip + their offsets.
  double upper_mass = DeLeva(sex, Segment::kHead).mass_fraction +
                      DeLeva(sex, Segment::kTrunk).mass_fraction;
  for (Segment s : {Segment::kUpperArm, Segment::kForearm, Segment::kHand})
    upper_mass += 2 * DeLeva(sex, s).mass_fraction;
  double sum = upper_mass * mid_hip[1] + upper.com_moment_y;
  for (const LegPoints* leg : {&left, &right}) {
    sum += Moment(sex, Segment::kThigh, leg->hip, leg->knee) +
           Moment(sex, Segment::kShank, leg->knee, leg->ankle) +
           Moment(sex, Segment::kFoot, leg->heel, leg->toe);
  }
  // The published fractions sum to 0.9999 (female) because of rounding;
  // dividing by the sum keeps the COM a true weighted mean.
  return sum / DeLevaMassSum(sex);
}

void PlaceLandmarks(const BodyDims& d, const PelvisPose& pelvis, const UpperBody& upper,
                    const LegPoints& left, const LegPoints& right, FrameLandmarks& f) {
  using L = Landmark;
  const Vec3& centre = pelvis.centre;
  f[L::kMidHip] = centre;
  const Vec3 mid_asis = d.mid_asis_from_mid_hip;
  const Vec3 mid_psis = Sub(mid_asis, {d.pelvis_depth, 0, 0});
  auto put = [&](L l, const Vec3& local) { f[l] = Add(centre, pelvis.rot.Apply(local)); };
  put(L::kLeftAsis, Add(mid_asis, {0, d.pelvis_width / 2, 0}));
  put(L::kRightAsis, Add(mid_asis, {0, -d.pelvis_width / 2, 0}));
  put(L::kLeftPsis, Add(mid_psis, {0, d.psis_width / 2, 0}));
  put(L::kRightPsis, Add(mid_psis, {0, -d.psis_width / 2, 0}));
  put(L::kSacrum, mid_psis);
  f[L::kLeftHip] = left.hip;
  f[L::kLeftKnee] = left.knee;
  f[L::kLeftAnkle] = left.ankle;
  f[L::kLeftHeel] = left.heel;
  f[L::kLeftToe] = left.toe;
  f[L::kRightHip] = right.hip;
  f[L::kRightKnee] = right.knee;
  f[L::kRightAnkle] = right.ankle;
  f[L::kRightHeel] = right.heel;
  f[L::kRightToe] = right.toe;
  f[L::kNeck] = Add(centre, upper.c7);
  f[L::kHead] = Add(centre, upper.head);
  f[L::kLeftShoulder] = Add(centre, upper.shoulder[0]);
  f[L::kRightShoulder] = Add(centre, upper.shoulder[1]);
  f[L::kLeftElbow] = Add(centre, upper.elbow[0]);
  f[L::kRightElbow] = Add(centre, upper.elbow[1]);
  f[L::kLeftWrist] = Add(centre, upper.wrist[0]);
  f[L::kRightWrist] = Add(centre, upper.wrist[1]);
}

double TrunkFrameHipExtensionDeg(const Vec3& mid_hip, const Vec3& mid_shoulder,
                                 const Vec3& hip, const Vec3& knee) {
  const Vec3 down = Sub(mid_hip, mid_shoulder);
  const Vec3 thigh = Sub(knee, hip);
  // Angles from straight down in the x-z (walking sagittal) plane, flexion
  // (forward) positive.
  const double trunk = std::atan2(down[0], -down[2]);
  const double flexion = std::atan2(thigh[0], -thigh[2]);
  return -(flexion - trunk) * kRadToDeg;
}

}  // namespace thaplan::sim
