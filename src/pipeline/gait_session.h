// Internal to src/pipeline: one gait session analysed and stored inside the
// caller's transaction, shared by the single-session and manifest imports.
#ifndef THAPLAN_PIPELINE_GAIT_SESSION_H_
#define THAPLAN_PIPELINE_GAIT_SESSION_H_

#include <optional>
#include <string>
#include <vector>

#include "thaplan/capture.h"

namespace thaplan::pipeline {

struct SessionRequest {
  std::string pseudonym;
  std::vector<std::string> files;
  CaptureOptions capture;
  GaitOptions gait;
  std::string timepoint;
  std::optional<int64_t> days_from_surgery;
  std::string device;
  bool update = false;
};

// The pseudonym of a site's patient key (from the site key file, which must
// exist), or `pseudonym` as given. Exactly one way must be used.
Result<std::string> ResolvePseudonym(const std::string& patient_key, const std::string& site,
                                     const std::string& pseudonym, const std::string& key_dir);

// Analyses the session's files for the stored patient and puts the session,
// with an audit entry when something changed. Conflicts are errors.
Result<PutOutcome> AnalyzeAndStore(Registry& registry, const SessionRequest& request,
                                   GaitImportResult* result);

}  // namespace thaplan::pipeline

#endif  // THAPLAN_PIPELINE_GAIT_SESSION_H_
