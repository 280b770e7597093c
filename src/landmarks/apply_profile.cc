// ApplyProfile: Trial (file names and axes) -> LandmarkSeries (canonical
// landmarks, +Z up), with hip joint centres by regression when the file has
// none. See profiles.h for the contract.
#include <cmath>
#include <limits>

#include "gait/gaps.h"
#include "io/trial_check.h"
#include "landmarks/hip_centre.h"
#include "landmarks/profile_names.h"
#include "landmarks/static_calibration.h"
#include "landmarks/vertical.h"
#include "thaplan/profiles.h"

namespace thaplan {
namespace {

using L = Landmark;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string NameOf(const Trial& trial) {
  return trial.source_path.empty() ? std::string("trial") : trial.source_path;
}

bool AnyPosition(const Trial& trial) {
  for (const Vec3& p : trial.positions_m) {
    if (!IsMissing(p)) return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& names, const char* sep) {
  std::string out;
  for (const std::string& s : names) out += (out.empty() ? "" : sep) + s;
  return out;
}

// What the profile accepts for a landmark, for messages: "L.Heel", or
// "the midpoint of L.Knee.Lat and L.Knee.Med (with a static trial, also from
// cluster ...)".
std::string SourceList(const LandmarkProfile& profile, Landmark l) {
  std::string out = Join(profile.SourcesOf(l), ", ");
  if (!profile.MidpointOf(l).empty()) {
    out += (out.empty() ? "" : ", or ") + std::string("the midpoint of ") +
           Join(profile.MidpointOf(l), " and ");
  }
  if (profile.ClusterOf(l).size() >= 3) {
    out += (out.empty() ? "" : "; ") +
           std::string(
               "a static trial (ApplyOptions.static_trial) can supply it via "
               "cluster ") +
           Join(profile.ClusterOf(l), ", ");
  }
  return out.empty() ? "no name (the profile has no such landmark)" : out;
}

struct Vertical {
  Axis axis;
  int sign;
  std::string text;  // "+Y (from the file)"
};

Result<Vertical> ChooseVertical(const Trial& trial, const ApplyOptions& options) {
  if (options.vertical_axis) {
    int sign = options.vertical_sign < 0 ? -1 : 1;
    return Vertical{*options.vertical_axis, sign,
                    landmarks::AxisText(*options.vertical_axis, sign) + " (declared)"};
  }
  if (trial.vertical_axis) {
    int sign = trial.vertical_sign < 0 ? -1 : 1;
    return Vertical{*trial.vertical_axis, sign,
                    landmarks::AxisText(*trial.vertical_axis, sign) + " (from the file)"};
  }
  return Status::InvalidInput(
      NameOf(trial) +
      ": the vertical axis is unknown (the file does not declare it): "
      "expected ApplyOptions.vertical_axis, or vertical= in a keypoint "
      "CSV");
}

// Position of landmark l in frame f in file coordinates: its source column,
// the mean of its midpoint columns, or its static-calibrated track.
Vec3 FilePosition(const Trial& trial, const ProfileMatch& match,
                  const landmarks::Calibrated& calibrated, size_t l, size_t f) {
  const size_t n = trial.landmarks.size();
  if (match.columns[l]) return trial.positions_m[f * n + *match.columns[l]];
  if (match.midpoint_columns[l].empty()) return calibrated.positions[l][f];
  Vec3 sum{0, 0, 0};
  for (size_t c : match.midpoint_columns[l]) {
    const Vec3& p = trial.positions_m[f * n + c];
    for (size_t i = 0; i < 3; ++i) sum[i] += p[i];  // NaN stays NaN
  }
  const auto count = static_cast<double>(match.midpoint_columns[l].size());
  return {sum[0] / count, sum[1] / count, sum[2] / count};
}

void CopyLandmarks(const Trial& trial, const ProfileMatch& match,
                   const landmarks::Calibrated& calibrated, const Vertical& vertical,
                   LandmarkSeries* s) {
  const landmarks::Rotation rot = landmarks::UpToZ(vertical.axis, vertical.sign);
  const size_t frames = static_cast<size_t>(trial.frame_count);
  const size_t n = trial.landmarks.size();
  for (size_t l = 0; l < kLandmarkCount; ++l) {
    if (!match.columns[l] && match.midpoint_columns[l].empty() &&
        calibrated.positions[l].empty()) {
      continue;
    }
    std::vector<Vec3>& out = s->positions[l];
    out.resize(frames);
    for (size_t f = 0; f < frames; ++f) {
      const Vec3 p = FilePosition(trial, match, calibrated, l, f);
      out[f] = IsMissing(p) ? Vec3{kNaN, kNaN, kNaN} : landmarks::Rotate(rot, p);
    }
    // Confidence only for a landmark that is one keypoint of the file.
    if (!trial.confidence.empty() && match.columns[l]) {
      s->confidence[l].resize(frames);
      for (size_t f = 0; f < frames; ++f)
        s->confidence[l][f] = trial.confidence[f * n + *match.columns[l]];
    }
  }
}

bool PelvisTracked(const LandmarkSeries& s) {
  return s.Has(L::kLeftAsis) && s.Has(L::kRightAsis) &&
         ((s.Has(L::kLeftPsis) && s.Has(L::kRightPsis)) || s.Has(L::kSacrum));
}

// Mid-PSIS in `frame`: the PSIS midpoint when both are seen, else the sacrum.
Vec3 MidPsis(const LandmarkSeries& s, size_t frame) {
  if (s.Has(L::kLeftPsis) && s.Has(L::kRightPsis)) {
    const Vec3& a = s.Of(L::kLeftPsis)[frame];
    const Vec3& b = s.Of(L::kRightPsis)[frame];
    if (!IsMissing(a) && !IsMissing(b)) {
      return {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
    }
  }
  if (s.Has(L::kSacrum)) return s.Of(L::kSacrum)[frame];
  return {kNaN, kNaN, kNaN};
}

// CLINICAL.md section 2: gaps of up to 0.1 s are filled by cubic
// interpolation (the gait default, GaitOptions::max_gap_fill_s).
constexpr double kPelvisGapFillS = 0.1;

Status ComputeHipCentres(const std::string& name, const ApplyOptions& options,
                         LandmarkSeries* s) {
  landmarks::DavisParams davis;
  if (options.hip_centre_method == HipCentreMethod::kDavis1991) {
    // 0.3-1.5 m spans children to tall adults; outside it is a units slip.
    if (!options.leg_length_m ||
        !(*options.leg_length_m >= 0.3 && *options.leg_length_m <= 1.5)) {
      return Status::InvalidInput(
          name +
          ": hip centres by davis1991 need the leg length (ASIS to medial "
          "malleolus): expected ApplyOptions.leg_length_m from 0.3 to 1.5 m");
    }
    davis.leg_length_m = *options.leg_length_m;
    davis.asis_trochanter_m = options.asis_trochanter_distance_m.value_or(0);
    davis.marker_radius_m = options.marker_radius_m;
  }
  const size_t frames = static_cast<size_t>(s->frame_count);
  // Each pelvis marker's short gaps are filled first (on copies), as the
  // gait pre-processing fills every landmark's (CLINICAL.md: gaps up to
  // 0.1 s, cubic). Otherwise a hip centre is missing wherever any of four or
  // five markers is, and those gaps, each short, chain into runs longer than
  // 0.1 s that the analysis must split the trial at (docs/gait.md s.10).
  LandmarkSeries filled;
  const auto max_gap =
      static_cast<int64_t>(std::floor(kPelvisGapFillS * s->sample_rate_hz + 1e-9));
  for (Landmark l :
       {L::kLeftAsis, L::kRightAsis, L::kLeftPsis, L::kRightPsis, L::kSacrum}) {
    if (!s->Has(l)) continue;
    filled.Of(l) = s->Of(l);
    gait::FillShortGaps(filled.Of(l), max_gap);
  }
  std::vector<Vec3>& left = s->Of(L::kLeftHip);
  std::vector<Vec3>& right = s->Of(L::kRightHip);
  left.assign(frames, Vec3{kNaN, kNaN, kNaN});
  right.assign(frames, Vec3{kNaN, kNaN, kNaN});
  s->confidence[static_cast<size_t>(L::kLeftHip)].clear();
  s->confidence[static_cast<size_t>(L::kRightHip)].clear();
  for (size_t f = 0; f < frames; ++f) {
    landmarks::PelvisMarkers m{filled.Of(L::kLeftAsis)[f], filled.Of(L::kRightAsis)[f],
                               MidPsis(filled, f)};
    landmarks::HipCentres h = options.hip_centre_method == HipCentreMethod::kDavis1991
                                  ? landmarks::Davis1991(m, davis)
                                  : landmarks::Harrington2007(m);
    left[f] = h.left;
    right[f] = h.right;
  }
  s->hip_centre_method = std::string(HipCentreMethodName(options.hip_centre_method));
  return Status::Ok();
}

Status CheckRequired(const Trial& trial, const LandmarkProfile& profile,
                     const ApplyOptions& options, const LandmarkSeries& s) {
  for (Landmark l : options.required) {
    if (s.Has(l)) continue;
    std::string msg = NameOf(trial) + ": landmark " + std::string(LandmarkName(l)) +
                      " is needed but not found: profile '" + profile.name +
                      "' looks for " + SourceList(profile, l);
    for (const std::string& source : profile.SourcesOf(l)) {
      if (landmarks::FindSource(trial, profile, source)) {
        msg += "; " + source + " is in the file but missing in every frame";
        break;
      }
    }
    if (l == L::kLeftHip || l == L::kRightHip) {
      msg += "; nor can it be computed: that needs both ASIS and both PSIS or a sacrum";
    }
    return Status::InvalidInput(msg);
  }
  return Status::Ok();
}

Result<landmarks::Calibrated> Calibrate(const Trial& trial, const ProfileMatch& match,
                                        const LandmarkProfile& profile,
                                        const ApplyOptions& options) {
  if (!options.static_trial) return landmarks::Calibrated{};
  const Trial& st = *options.static_trial;
  THAPLAN_RETURN_IF_ERROR(io::CheckTrialShape(st, NameOf(st)));
  return landmarks::CalibrateFromStatic(trial, match, st, profile,
                                        options.max_cluster_residual_m);
}

}  // namespace

std::string_view HipCentreMethodName(HipCentreMethod method) {
  return method == HipCentreMethod::kDavis1991 ? "davis1991" : "harrington2007";
}

Result<LandmarkSeries> ApplyProfile(const Trial& trial, const LandmarkProfile& profile,
                                    const ApplyOptions& options,
                                    std::vector<std::string>* notes) {
  THAPLAN_RETURN_IF_ERROR(io::CheckTrialShape(trial, NameOf(trial)));
  if (!AnyPosition(trial)) {
    return Status::InvalidInput(
        NameOf(trial) +
        ": every marker is missing (NaN) in every frame: expected "
        "some positions to analyse");
  }
  const ProfileMatch match = MatchProfile(trial, profile);
  if (match.matched == 0) {
    return Status::InvalidInput(
        NameOf(trial) + ": profile '" + profile.name +
        "' finds none of its landmarks among the file's " +
        std::to_string(trial.landmarks.size()) + " labels: expected names such as " +
        SourceList(profile, L::kLeftHeel) + " or " + SourceList(profile, L::kLeftKnee));
  }
  THAPLAN_ASSIGN_OR_RETURN(Vertical vertical, ChooseVertical(trial, options));
  THAPLAN_ASSIGN_OR_RETURN(landmarks::Calibrated calibrated,
                           Calibrate(trial, match, profile, options));
  if (notes)
    notes->insert(notes->end(), calibrated.notes.begin(), calibrated.notes.end());
  LandmarkSeries s;
  s.sample_rate_hz = trial.sample_rate_hz;
  s.start_time_s = trial.start_time_s;
  s.frame_count = trial.frame_count;
  s.source_path = trial.source_path;
  CopyLandmarks(trial, match, calibrated, vertical, &s);
  if (options.check_vertical) {
    THAPLAN_RETURN_IF_ERROR(landmarks::CheckUpIsUp(s, NameOf(trial), vertical.text));
  }
  s.pelvis_tracked = PelvisTracked(s);
  const bool file_hips = s.Has(L::kLeftHip) && s.Has(L::kRightHip);
  if (file_hips) {
    s.hip_centre_method = "file";
  } else if (s.pelvis_tracked && options.compute_hip_centres) {
    THAPLAN_RETURN_IF_ERROR(ComputeHipCentres(NameOf(trial), options, &s));
  } else if (s.Has(L::kLeftHip) || s.Has(L::kRightHip)) {
    s.hip_centre_method = "file";
  }
  THAPLAN_RETURN_IF_ERROR(CheckRequired(trial, profile, options, s));
  return s;
}

}  // namespace thaplan
