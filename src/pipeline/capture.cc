#include "thaplan/capture.h"

#include <sys/stat.h>

#include <cmath>
#include <memory>

#include "thaplan/hash.h"
#include "thaplan/io.h"

namespace thaplan {
namespace {

Result<LandmarkProfile> ResolveProfile(const std::string& profile) {
  struct stat st {};
  if (profile.find('/') != std::string::npos || profile.ends_with(".json") ||
      ::stat(profile.c_str(), &st) == 0) {
    return LoadProfileJson(profile);
  }
  return FindProfile(profile);
}

bool AnyPosition(const Trial& trial) {
  for (const Vec3& p : trial.positions_m) {
    if (!IsMissing(p)) return true;
  }
  return false;
}

Value Number(double v) { return std::isfinite(v) ? Value(v) : Value(); }
Value Number(const IndexValue& v) { return v.value ? Number(*v.value) : Value(); }

}  // namespace

Result<std::vector<Capture>> LoadCaptures(const std::vector<std::string>& paths,
                                          const CaptureOptions& options) {
  std::optional<LandmarkProfile> fixed;
  if (!options.profile.empty()) {
    THAPLAN_ASSIGN_OR_RETURN(LandmarkProfile p, ResolveProfile(options.profile));
    fixed = std::move(p);
  }
  ApplyOptions apply = options.apply;
  if (!options.static_trial.empty()) {
    THAPLAN_ASSIGN_OR_RETURN(Trial static_trial, ReadTrial(options.static_trial));
    apply.static_trial = std::make_shared<const Trial>(std::move(static_trial));
  }
  std::vector<Capture> captures;
  for (const std::string& path : paths) {
    Capture c;
    c.path = path;
    THAPLAN_ASSIGN_OR_RETURN(Trial trial, ReadTrial(path));
    c.format = trial.format;
    THAPLAN_ASSIGN_OR_RETURN(c.sha256, Sha256File(path));
    LandmarkProfile profile;
    if (fixed) {
      profile = *fixed;
      c.landmarks_matched = MatchProfile(trial, profile).matched;
    } else {
      Result<ProfileDetection> detected = DetectProfile(trial);
      if (!detected.ok() && !AnyPosition(trial)) {
        return Status::InvalidInput(path + ": every landmark is missing (NaN) in every "
                                           "frame: expected some positions to analyse");
      }
      THAPLAN_ASSIGN_OR_RETURN(ProfileDetection detection, std::move(detected));
      profile = std::move(detection.profile);
      c.landmarks_matched = detection.matched;
    }
    c.profile = profile.name;
    THAPLAN_ASSIGN_OR_RETURN(c.series, ApplyProfile(trial, profile, apply, &c.notes));
    for (std::string& note : c.notes) note = path + ": " + note;
    c.series.source_path = path;
    captures.push_back(std::move(c));
  }
  return captures;
}

Result<GaitReport> AnalyzeCaptures(const std::vector<Capture>& captures,
                                   const GaitOptions& options) {
  std::vector<LandmarkSeries> series;
  std::vector<std::string> notes;
  for (const Capture& c : captures) {
    series.push_back(c.series);
    notes.insert(notes.end(), c.notes.begin(), c.notes.end());
  }
  THAPLAN_ASSIGN_OR_RETURN(GaitReport report, AnalyzeSession(series, options));
  report.quality_notes.insert(report.quality_notes.begin(), notes.begin(), notes.end());
  return report;
}

Row GaitSummaryRow(const GaitReport& report, std::optional<Side> operated_side) {
  const Side op = operated_side.value_or(Side::kRight);
  const HipExtensionIndex& ext = report.peak_hip_extension;
  const IndexValue& ext_op = op == Side::kLeft ? ext.left : ext.right;
  const IndexValue& ext_other = op == Side::kLeft ? ext.right : ext.left;
  Row row;
  row.push_back(Number(report.pooled.speed_m_s.mean));
  row.push_back(Number(report.pooled.cadence_steps_per_min.mean));
  row.push_back(Number(report.pooled.stride_length_m.mean));
  row.push_back(Number(report.stride_length_cv.pooled));
  row.push_back(operated_side ? Number(ext_op) : Value());
  row.push_back(operated_side ? Number(ext_other) : Value());
  row.push_back(Number(report.com.sway_ratio));
  row.push_back(Number(report.com.asymmetry_pct));
  row.push_back(Value(static_cast<int64_t>(report.strides.size())));
  return row;
}

}  // namespace thaplan
