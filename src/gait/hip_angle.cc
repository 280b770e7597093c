#include "gait/hip_angle.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace thaplan::gait {
namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

Vec3 Unit(const Vec3& v) {
  const double n = Norm(v);
  return n > 0 ? Scale(v, 1.0 / n) : Vec3{NAN, NAN, NAN};
}

Landmark HipOf(Side s) {
  return s == Side::kLeft ? Landmark::kLeftHip : Landmark::kRightHip;
}
Landmark KneeOf(Side s) {
  return s == Side::kLeft ? Landmark::kLeftKnee : Landmark::kRightKnee;
}

Vec3 MidPosterior(const Segment& seg, size_t f) {
  if (seg.Has(Landmark::kLeftPsis) && seg.Has(Landmark::kRightPsis)) {
    const Vec3 m =
        Mid(seg.pos[Idx(Landmark::kLeftPsis)][f], seg.pos[Idx(Landmark::kRightPsis)][f]);
    if (!IsMissing(m) || !seg.Has(Landmark::kSacrum)) return m;
  }
  return seg.pos[Idx(Landmark::kSacrum)][f];
}

Vec3 UpperTrunk(const Segment& seg, size_t f) {
  if (seg.Has(Landmark::kLeftShoulder) && seg.Has(Landmark::kRightShoulder)) {
    return Mid(seg.pos[Idx(Landmark::kLeftShoulder)][f],
               seg.pos[Idx(Landmark::kRightShoulder)][f]);
  }
  return seg.pos[Idx(Landmark::kNeck)][f];
}

double FlexionAt(const Segment& seg, HipAngleFrame frame, Side side, size_t f,
                 const Vec2& d) {
  const Vec3& hip = seg.pos[Idx(HipOf(side))][f];
  const Vec3& knee = seg.pos[Idx(KneeOf(side))][f];
  if (frame == HipAngleFrame::kPelvis) {
    return HipFlexionPelvisDeg(hip, knee, seg.pos[Idx(Landmark::kLeftAsis)][f],
                               seg.pos[Idx(Landmark::kRightAsis)][f],
                               MidPosterior(seg, f));
  }
  const Vec3 mid_hip =
      Mid(seg.pos[Idx(Landmark::kLeftHip)][f], seg.pos[Idx(Landmark::kRightHip)][f]);
  return HipFlexionTrunkDeg(hip, knee, mid_hip, UpperTrunk(seg, f), d);
}

}  // namespace

double HipFlexionPelvisDeg(const Vec3& hip, const Vec3& knee, const Vec3& left_asis,
                           const Vec3& right_asis, const Vec3& mid_posterior) {
  const Vec3 z = Unit(Sub(right_asis, left_asis));
  const Vec3 forward = Sub(Mid(left_asis, right_asis), mid_posterior);
  const Vec3 x = Unit(Sub(forward, Scale(z, Dot(forward, z))));
  const Vec3 y = Cross(z, x);
  const Vec3 thigh = Sub(knee, hip);
  return std::atan2(Dot(thigh, x), -Dot(thigh, y)) * kDeg;
}

double HipFlexionTrunkDeg(const Vec3& hip, const Vec3& knee, const Vec3& mid_hip,
                          const Vec3& upper_trunk, const Vec2& d) {
  const Vec3 thigh = Sub(knee, hip);
  const Vec3 trunk = Sub(upper_trunk, mid_hip);
  const double thigh_deg = std::atan2(Along(thigh, d), -thigh[2]) * kDeg;
  const double lean_deg = std::atan2(Along(trunk, d), trunk[2]) * kDeg;
  return thigh_deg + lean_deg;
}

HipPlan ChooseHipFrame(const Segment& seg, bool pelvis_tracked) {
  HipPlan plan;
  const bool pelvis_frame =
      pelvis_tracked && seg.Has(Landmark::kLeftAsis) && seg.Has(Landmark::kRightAsis) &&
      ((seg.Has(Landmark::kLeftPsis) && seg.Has(Landmark::kRightPsis)) ||
       seg.Has(Landmark::kSacrum));
  const bool trunk_frame =
      seg.Has(Landmark::kLeftHip) && seg.Has(Landmark::kRightHip) &&
      ((seg.Has(Landmark::kLeftShoulder) && seg.Has(Landmark::kRightShoulder)) ||
       seg.Has(Landmark::kNeck));
  if (pelvis_frame) {
    plan.frame = HipAngleFrame::kPelvis;
  } else if (trunk_frame) {
    plan.frame = HipAngleFrame::kTrunk;
  }
  for (Side side : {Side::kLeft, Side::kRight}) {
    std::string& why = plan.missing[static_cast<size_t>(side)];
    if (plan.frame == HipAngleFrame::kNone) {
      why = pelvis_tracked
                ? "pelvis frame needs left/right ASIS and PSIS or sacrum; trunk "
                  "frame needs both hip centres and shoulders or neck"
                : "trunk frame needs both hip centres and shoulders or neck";
    } else if (!seg.Has(HipOf(side)) || !seg.Has(KneeOf(side))) {
      why = "needs " + std::string(LandmarkName(HipOf(side))) + " and " +
            std::string(LandmarkName(KneeOf(side)));
    }
  }
  return plan;
}

void AddPeakHipExtension(const Segment& seg, const HipPlan& plan,
                         std::vector<StrideWork>& strides) {
  if (plan.frame == HipAngleFrame::kNone) return;
  for (StrideWork& w : strides) {
    const Side side = w.metrics.side;
    if (!plan.missing[static_cast<size_t>(side)].empty()) continue;
    double peak = -INFINITY;
    bool complete = true;
    for (int64_t f = w.hs; f <= w.hs_next && complete; ++f) {
      const double flex =
          FlexionAt(seg, plan.frame, side, static_cast<size_t>(f), w.direction);
      complete = std::isfinite(flex);
      peak = std::max(peak, -flex);
    }
    if (complete) w.metrics.peak_hip_extension_deg = peak;
  }
}

}  // namespace thaplan::gait
