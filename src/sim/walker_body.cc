#include "sim/walker_body.h"

namespace thaplan::sim {
namespace {

// de Leva P. Adjustments to Zatsiorsky-Seluyanov's segment inertia
// parameters. J Biomech 1996;29(9):1223-30, Table 4 (mass %, longitudinal COM
// % from the proximal endpoint, mean length in mm / 1000). Head and trunk use
// the table's alternative endpoints VERT-CERV and CERV-MIDH, because C7 is a
// landmark the walker emits. Rows follow the Segment enum.
constexpr std::array<SegmentParams, kSegmentCount> kFemale = {{
    {0.0668, 0.4841, 0.2437},  // head VERT-CERV
    {0.4257, 0.4964, 0.6148},  // trunk CERV-MIDH
    {0.0255, 0.5754, 0.2751},  // upper arm SJC-EJC
    {0.0138, 0.4559, 0.2643},  // forearm EJC-WJC
    {0.0056, 0.7474, 0.0780},  // hand WJC-MET3
    {0.1478, 0.3612, 0.3685},  // thigh HJC-KJC
    {0.0481, 0.4416, 0.4323},  // shank KJC-LMAL
    {0.0129, 0.4014, 0.2283},  // foot HEEL-TTIP
}};
constexpr std::array<SegmentParams, kSegmentCount> kMale = {{
    {0.0694, 0.5002, 0.2429},
    {0.4346, 0.5138, 0.6033},
    {0.0271, 0.5772, 0.2817},
    {0.0162, 0.4574, 0.2689},
    {0.0061, 0.7900, 0.0862},
    {0.1416, 0.4095, 0.4222},
    {0.0433, 0.4459, 0.4340},
    {0.0137, 0.4415, 0.2581},
}};
// de Leva (1996) Table 1: mean stature of the samples.
constexpr double kFemaleStature = 1.735;
constexpr double kMaleStature = 1.741;

// Ankle (lateral malleolus) height 0.039 x stature: Winter, Biomechanics and
// Motor Control of Human Movement, 4th ed. 2009, Fig. 4.1.
constexpr double kAnkleHeightPerHeight = 0.039;
// Horizontal heel -> malleolus distance as a fraction of foot length: our
// estimate from the same figure (ankle about a quarter of the foot forward).
constexpr double kAnkleForwardPerFoot = 0.23;
// Pelvis breadths. Inter-ASIS width ~0.14 x stature and ASIS-PSIS depth
// ~0.09 x stature are typical adult values (our estimate; Harrington 2007's
// adults had 0.20-0.26 m widths); inter-PSIS ~ 0.4 x inter-ASIS.
constexpr double kPelvisWidthPerHeight = 0.14;
constexpr double kPelvisDepthPerHeight = 0.09;
constexpr double kPsisPerPelvisWidth = 0.40;
// Shoulder joint centres relative to C7 (our estimate of an adult's
// biacromial geometry): half-width, drop below C7, forward of C7.
constexpr double kShoulderHalfWidthPerHeight = 0.100;
constexpr double kShoulderDropPerHeight = 0.030;
constexpr double kShoulderForwardPerHeight = 0.030;

}  // namespace

const SegmentParams& DeLeva(Sex sex, Segment segment) {
  const auto& table = sex == Sex::kFemale ? kFemale : kMale;
  return table[static_cast<size_t>(segment)];
}

double DeLevaStature(Sex sex) {
  return sex == Sex::kFemale ? kFemaleStature : kMaleStature;
}

double DeLevaMassSum(Sex sex) {
  double sum = 0;
  for (size_t i = 0; i < kSegmentCount; ++i) {
    const auto seg = static_cast<Segment>(i);
    const bool paired = seg != Segment::kHead && seg != Segment::kTrunk;
    sum += DeLeva(sex, seg).mass_fraction * (paired ? 2.0 : 1.0);
  }
  return sum;
}

BodyDims MakeBodyDims(const WalkParams& params) {
  BodyDims d;
  d.sex = params.sex;
  d.height = params.body_height_m;
  const double h = params.body_height_m;
  const double k = h / DeLevaStature(params.sex);
  auto len = [&](Segment s) { return DeLeva(params.sex, s).length_m * k; };
  d.thigh = len(Segment::kThigh);
  d.shank = len(Segment::kShank);
  d.ankle_height = kAnkleHeightPerHeight * h;
  if (params.leg_length_m > 0) {
    // Keep the leg's proportions, scale it to the requested length.
    const double f = params.leg_length_m / d.LegLength();
    d.thigh *= f;
    d.shank *= f;
    d.ankle_height *= f;
  }
  d.foot = len(Segment::kFoot);
  d.ankle_forward = kAnkleForwardPerFoot * d.foot;
  d.trunk = len(Segment::kTrunk);
  d.head = len(Segment::kHead);
  d.upper_arm = len(Segment::kUpperArm);
  d.forearm = len(Segment::kForearm);
  d.hand = len(Segment::kHand);
  d.pelvis_width = kPelvisWidthPerHeight * h;
  d.pelvis_depth = kPelvisDepthPerHeight * h;
  d.psis_width = kPsisPerPelvisWidth * d.pelvis_width;
  // Harrington et al., J Biomech 2007;40(3):595-602: hip joint centre from the
  // mid-ASIS point, in mm, pelvis frame (x anterior, y superior, z lateral):
  // x = -0.24 PD - 9.9, y = -0.30 PW - 10.9, z = +-(0.33 PW + 7.3). Placing
  // ASIS/PSIS by the inverse makes the regression exact for this body.
  const double pw_mm = d.pelvis_width * 1000, pd_mm = d.pelvis_depth * 1000;
  d.hip_half_width = (0.33 * pw_mm + 7.3) / 1000;
  d.mid_asis_from_mid_hip = {(0.24 * pd_mm + 9.9) / 1000, 0,
                             (0.30 * pw_mm + 10.9) / 1000};
  d.shoulder_half_width = kShoulderHalfWidthPerHeight * h;
  d.shoulder_drop = kShoulderDropPerHeight * h;
  d.shoulder_forward = kShoulderForwardPerHeight * h;
  return d;
}

}  // namespace thaplan::sim
