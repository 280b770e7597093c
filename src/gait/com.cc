#include "gait/com.h"

#include <algorithm>
#include <cmath>

namespace thaplan::gait {
namespace {

// de Leva 1996, Table 4. {mass fraction, COM fraction, length m}.
constexpr DeLevaTable kFemale{
    {0.0668, 0.4841, 0.2437}, {0.4257, 0.4964, 0.6148}, {0.4257, 0.3782, 0.4979},
    {0.0255, 0.5754, 0.2751}, {0.0138, 0.4559, 0.2643}, {0.0056, 0.7474, 0.0780},
    {0.1478, 0.3612, 0.3685}, {0.0481, 0.4352, 0.4386}, {0.0129, 0.4014, 0.2283}};
constexpr DeLevaTable kMale{
    {0.0694, 0.5002, 0.2429}, {0.4346, 0.5138, 0.6033}, {0.4346, 0.4310, 0.5155},
    {0.0271, 0.5772, 0.2817}, {0.0162, 0.4574, 0.2689}, {0.0061, 0.7900, 0.0862},
    {0.1416, 0.4095, 0.4222}, {0.0433, 0.4395, 0.4403}, {0.0137, 0.4415, 0.2581}};

SegmentParam Average(const SegmentParam& a, const SegmentParam& b) {
  return {(a.mass + b.mass) / 2, (a.com + b.com) / 2, (a.length_m + b.length_m) / 2};
}

struct Accumulator {
  Vec3 sum{0, 0, 0};
  double mass = 0;
  void Add(const Vec3& p, double m) {
    sum = gait::Add(sum, Scale(p, m));
    mass += m;
  }
};

struct Limb {
  Landmark shoulder, elbow, wrist, hip, knee, ankle, heel, toe;
};
constexpr Limb kLimbs[2] = {
    {Landmark::kLeftShoulder, Landmark::kLeftElbow, Landmark::kLeftWrist,
     Landmark::kLeftHip, Landmark::kLeftKnee, Landmark::kLeftAnkle, Landmark::kLeftHeel,
     Landmark::kLeftToe},
    {Landmark::kRightShoulder, Landmark::kRightElbow, Landmark::kRightWrist,
     Landmark::kRightHip, Landmark::kRightKnee, Landmark::kRightAnkle,
     Landmark::kRightHeel, Landmark::kRightToe}};

// Distance of the whole hanging arm's COM below the shoulder, from the
// table's lengths and COM fractions (arm straight down).
double HangingArmCom(const DeLevaTable& t) {
  const double upper = t.upper_arm.mass * t.upper_arm.com * t.upper_arm.length_m;
  const double fore =
      t.forearm.mass * (t.upper_arm.length_m + t.forearm.com * t.forearm.length_m);
  const double hand = t.hand.mass * (t.upper_arm.length_m + t.forearm.length_m +
                                     t.hand.com * t.hand.length_m);
  return (upper + fore + hand) / (t.upper_arm.mass + t.forearm.mass + t.hand.mass);
}

}  // namespace

DeLevaTable DeLevaFor(Sex sex) {
  if (sex == Sex::kFemale) return kFemale;
  if (sex == Sex::kMale) return kMale;
  return {Average(kFemale.head, kMale.head),
          Average(kFemale.trunk_c7, kMale.trunk_c7),
          Average(kFemale.trunk_shoulder, kMale.trunk_shoulder),
          Average(kFemale.upper_arm, kMale.upper_arm),
          Average(kFemale.forearm, kMale.forearm),
          Average(kFemale.hand, kMale.hand),
          Average(kFemale.thigh, kMale.thigh),
          Average(kFemale.shank, kMale.shank),
          Average(kFemale.foot, kMale.foot)};
}

double TotalMassFraction(const DeLevaTable& t) {
  return t.head.mass + t.trunk_c7.mass +
         2 * (t.upper_arm.mass + t.forearm.mass + t.hand.mass + t.thigh.mass +
              t.shank.mass + t.foot.mass);
}

ComTrack WholeBodyCom(const Segment& seg, Sex sex) {
  ComTrack out;
  const DeLevaTable t = DeLevaFor(sex);
  for (const Limb& limb : kLimbs) {
    for (Landmark l : {limb.hip, limb.knee}) {
      if (!seg.Has(l)) out.missing = "COM model needs " + std::string(LandmarkName(l));
    }
    if (!seg.Has(limb.ankle) && !seg.Has(limb.heel)) {
      out.missing = "COM model needs " + std::string(LandmarkName(limb.ankle)) + " or " +
                    std::string(LandmarkName(limb.heel));
    }
  }
  const bool shoulders =
      seg.Has(Landmark::kLeftShoulder) && seg.Has(Landmark::kRightShoulder);
  const bool neck = seg.Has(Landmark::kNeck);
  if (!shoulders && !neck) out.missing = "COM model needs both shoulders or the neck";
  if (!out.missing.empty()) return out;

  const bool head = seg.Has(Landmark::kHead);
  if (!head) out.approximations.push_back("head COM extrapolated along the trunk line");
  if (!neck) out.approximations.push_back("trunk from mid-shoulder (no neck/C7)");
  bool arms_full = true;
  for (const Limb& limb : kLimbs) {
    arms_full =
        arms_full && seg.Has(limb.shoulder) && seg.Has(limb.elbow) && seg.Has(limb.wrist);
  }
  if (!arms_full) {
    out.approximations.push_back("arms taken as hanging straight beside the trunk");
  }
  for (Side side : {Side::kLeft, Side::kRight}) {
    const Limb& limb = kLimbs[static_cast<size_t>(side)];
    if (!seg.Has(limb.toe) || !seg.Has(limb.heel)) {
      out.approximations.push_back(
          std::string(SideName(side)) +
          " foot COM from ankle/heel only (no heel-to-toe line)");
    }
  }
  const SegmentParam& trunk = neck ? t.trunk_c7 : t.trunk_shoulder;
  const double head_k = t.head.length_m * (1 - t.head.com) / trunk.length_m;
  const double arm_k = HangingArmCom(t) / t.trunk_shoulder.length_m;
  const auto n = static_cast<size_t>(seg.size());
  out.com.resize(n);
  for (size_t f = 0; f < n; ++f) {
    auto at = [&](Landmark l) { return seg.pos[Idx(l)][f]; };
    const Vec3 mid_hip = Mid(at(Landmark::kLeftHip), at(Landmark::kRightHip));
    const Vec3 top = neck
                         ? at(Landmark::kNeck)
                         : Mid(at(Landmark::kLeftShoulder), at(Landmark::kRightShoulder));
    Accumulator acc;
    acc.Add(Lerp(top, mid_hip, trunk.com), trunk.mass);
    acc.Add(head ? at(Landmark::kHead) : Add(top, Scale(Sub(top, mid_hip), head_k)),
            t.head.mass);
    for (const Limb& limb : kLimbs) {
      const Vec3 hip = at(limb.hip);
      const Vec3 knee = at(limb.knee);
      const Vec3 ankle = seg.Has(limb.ankle) ? at(limb.ankle) : at(limb.heel);
      acc.Add(Lerp(hip, knee, t.thigh.com), t.thigh.mass);
      acc.Add(Lerp(knee, ankle, t.shank.com), t.shank.mass);
      const Vec3 heel = seg.Has(limb.heel) ? at(limb.heel) : ankle;
      acc.Add(seg.Has(limb.toe) ? Lerp(heel, at(limb.toe), t.foot.com) : heel,
              t.foot.mass);
      if (arms_full) {
        const Vec3 sh = at(limb.shoulder), el = at(limb.elbow), wr = at(limb.wrist);
        acc.Add(Lerp(sh, el, t.upper_arm.com), t.upper_arm.mass);
        acc.Add(Lerp(el, wr, t.forearm.com), t.forearm.mass);
        const double hand_k = t.hand.length_m * t.hand.com / t.forearm.length_m;
        acc.Add(Add(wr, Scale(Sub(wr, el), hand_k)), t.hand.mass);
      } else {
        const Vec3 sh = shoulders ? at(limb.shoulder) : top;
        acc.Add(Lerp(sh, hip, arm_k), t.upper_arm.mass + t.forearm.mass + t.hand.mass);
      }
    }
    out.com[f] = Scale(acc.sum, 1.0 / acc.mass);
  }
  return out;
}

Sway StrideSway(const std::vector<Vec3>& com, const StrideWork& w) {
  Sway out;
  const Vec2 left = LeftOf(w.direction);
  const double toward = w.metrics.side == Side::kLeft ? 1.0 : -1.0;
  const auto a = static_cast<size_t>(w.hs);
  const auto b = static_cast<size_t>(w.hs_next);
  if (b <= a || b >= com.size()) return out;
  std::vector<double> r(b - a + 1);
  for (size_t f = a; f <= b; ++f) {
    if (IsMissing(com[f])) return out;
    r[f - a] = Along(com[f], left);
  }
  const double r0 = r.front(), r1 = r.back();
  const double span = static_cast<double>(b - a);
  double mean = 0;
  for (size_t k = 0; k < r.size(); ++k) {
    r[k] -= r0 + (r1 - r0) * static_cast<double>(k) / span;
    if (k + 1 < r.size()) mean += r[k];
  }
  mean /= span;  // over HS_i .. HS_i' - 1: one full cycle
  double lateral = -INFINITY, high = -INFINITY, low = INFINITY;
  for (auto f = static_cast<size_t>(w.to_c); f <= static_cast<size_t>(w.hs_c); ++f) {
    lateral = std::max(lateral, toward * (r[f - a] - mean));
    high = std::max(high, com[f][2]);
  }
  for (size_t f = a; f <= static_cast<size_t>(w.to_c); ++f)
    low = std::min(low, com[f][2]);
  out.lateral_m = lateral;
  out.rise_m = high - low;
  return out;
}

}  // namespace thaplan::gait
