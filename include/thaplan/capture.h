// From capture files to what gait analysis consumes: read each file (any
// format), hash it, pick its landmark profile and apply it. The seam between
// file I/O (src/io) and gait computation (src/gait), which never parses files.
#ifndef THAPLAN_CAPTURE_H_
#define THAPLAN_CAPTURE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "thaplan/gait.h"
#include "thaplan/landmarks.h"
#include "thaplan/profiles.h"
#include "thaplan/registry.h"
#include "thaplan/status.h"

namespace thaplan {

struct CaptureOptions {
  // A built-in profile name or a JSON profile file; "" detects per file.
  std::string profile;
  // A static (standing) trial of the same subject and marker set, any
  // format: read once and used to calibrate every file (landmarks a walk
  // lacks, rebuilt from the profile's clusters; docs/profiles.md). "" = none.
  // Overrides apply.static_trial.
  std::string static_trial;
  ApplyOptions apply;
};

struct Capture {
  std::string path;
  std::string format;  // "c3d", "trc", "keypoints"
  std::string sha256;
  std::string profile;  // the profile used
  int landmarks_matched = 0;
  LandmarkSeries series;
  // What mapping derived and how well (static calibration residuals),
  // prefixed with the file; AnalyzeCaptures puts them in the quality notes.
  std::vector<std::string> notes;
};

// Reads, hashes and maps every file; the first failure is returned, naming
// the file.
Result<std::vector<Capture>> LoadCaptures(const std::vector<std::string>& paths,
                                          const CaptureOptions& options);

// AnalyzeSession over the captures' series, with each capture's notes
// first in the report's quality notes.
Result<GaitReport> AnalyzeCaptures(const std::vector<Capture>& captures,
                                   const GaitOptions& options);

// The session summary stored in the registry, aligned with
// GaitSummaryColumns(); the operated side picks the hip-extension sides.
Row GaitSummaryRow(const GaitReport& report, std::optional<Side> operated_side);

struct GaitImportOptions {
  std::vector<std::string> files;
  CaptureOptions capture;
  GaitOptions gait;  // operated side and sex are taken from the patient
  // Who: the site's own key and site (pseudonymised with the site key file in
  // key_dir, which must exist), or the registry's pseudonym directly.
  std::string patient_key, site, key_dir, pseudonym;
  std::string timepoint;
  std::optional<int64_t> days_from_surgery;
  std::string device;
  bool update = false;
};

struct GaitImportResult {
  std::string pseudonym;
  PutOutcome outcome = PutOutcome::kInserted;
  std::vector<Capture> captures;
  GaitReport report;
};

// Analyses the files as one session of the patient and stores it in one
// transaction, with an audit entry; nothing is written on any error. A
// conflicting session (other files) is refused unless `update`.
Result<GaitImportResult> ImportGaitSession(Registry& registry, const GaitImportOptions& options);

// A manifest of gait sessions: CSV with columns patient_key (the site's own
// key) and site, or pseudonym; timepoint; path (relative to the manifest's
// folder, or absolute); optional days_from_surgery and device. Consecutive
// rows with the same patient and timepoint are one session's trials. Every
// session is analysed and stored inside one transaction: any problem (listed
// as MANIFEST:ROW: ...) and nothing is written.
struct GaitManifestOptions {
  CaptureOptions capture;
  GaitOptions gait;
  std::string key_dir;
  bool update = false;
  std::function<void(int64_t, int64_t)> on_progress;  // sessions done, rows total
};

struct GaitManifestReport {
  int64_t sessions = 0, trials = 0, stored = 0, unchanged = 0, replaced = 0;
};

Result<GaitManifestReport> ImportGaitManifest(Registry& registry, const std::string& manifest,
                                              const GaitManifestOptions& options);

}  // namespace thaplan

#endif  // THAPLAN_CAPTURE_H_
