// Storing gait sessions: analyse a session's files as the patient's session,
// then write the pooled report, its summary and the files' hashes.
#include <nlohmann/json.hpp>

#include "pipeline/gait_session.h"
#include "registry/pseudonym.h"

namespace thaplan {
namespace pipeline {

Result<std::string> ResolvePseudonym(const std::string& patient_key, const std::string& site,
                                     const std::string& pseudonym, const std::string& key_dir) {
  if (!pseudonym.empty()) {
    if (!patient_key.empty()) {
      return Status::InvalidInput("--pseudonym and --patient: expected one of them, not both");
    }
    return pseudonym;
  }
  if (patient_key.empty() || site.empty()) {
    return Status::InvalidInput("--patient and --site: expected both (or --pseudonym)");
  }
  const std::string dir = key_dir.empty() ? "." : key_dir;
  THAPLAN_ASSIGN_OR_RETURN(auto key, registry::LoadSiteKey(dir + "/" + site + ".key"));
  registry::Pseudonymizer pseudonymizer(key);
  return pseudonymizer.Pseudonym(patient_key);
}

Result<PutOutcome> AnalyzeAndStore(Registry& registry, const SessionRequest& request,
                                   GaitImportResult* result) {
  if (!IsTimepoint(request.timepoint)) {
    return Status::InvalidInput("timepoint = " + request.timepoint +
                                ": expected preop, 3m, 6m or 12m");
  }
  result->pseudonym = request.pseudonym;
  THAPLAN_ASSIGN_OR_RETURN(std::optional<PatientBasics> patient,
                           registry.FindPatient(request.pseudonym));
  if (!patient) {
    return Status::NotFound("patient [withheld] (pseudonym " + request.pseudonym +
                            "): not in the registry: expected a patient imported before "
                            "their gait sessions");
  }
  GaitOptions gait = request.gait;
  gait.operated_side = patient->operated_side == "L" ? Side::kLeft : Side::kRight;
  gait.sex = patient->sex == "M" ? Sex::kMale : Sex::kFemale;
  THAPLAN_ASSIGN_OR_RETURN(result->captures, LoadCaptures(request.files, request.capture));
  THAPLAN_ASSIGN_OR_RETURN(result->report, AnalyzeCaptures(result->captures, gait));

  GaitSessionRecord record;
  record.patient_key = request.pseudonym;
  record.timepoint = request.timepoint;
  record.days_from_surgery = request.days_from_surgery;
  record.device = request.device.empty() ? "unspecified" : request.device;
  record.operated_side = patient->operated_side;
  record.hip_angle_frame =
      std::string(HipAngleFrameName(result->report.peak_hip_extension.frame));
  record.summary = GaitSummaryRow(result->report, gait.operated_side);
  record.results_json = ToJson(result->report).dump();
  for (const Capture& c : result->captures) {
    record.trials.push_back({c.format, c.sha256, c.path, ""});
  }
  THAPLAN_ASSIGN_OR_RETURN(PutOutcome put, registry.PutGaitSession(record, request.update));
  if (put == PutOutcome::kConflict) {
    return Status::Conflict("patient [withheld] at " + request.timepoint +
                            ": a gait session made of other files is stored: expected the "
                            "same files, or --update to replace it");
  }
  if (put == PutOutcome::kMissingPatient) {
    return Status::NotFound("patient [withheld]: not in the registry");
  }
  if (put == PutOutcome::kInserted || put == PutOutcome::kUpdated) {
    nlohmann::json files = nlohmann::json::array();
    for (const Capture& c : result->captures) files.push_back(c.sha256);
    THAPLAN_RETURN_IF_ERROR(registry.Audit(
        "gait import", request.pseudonym,
        nlohmann::json{{"timepoint", request.timepoint}, {"files", files}}.dump()));
  }
  return put;
}

}  // namespace pipeline

Result<GaitImportResult> ImportGaitSession(Registry& registry, const GaitImportOptions& o) {
  pipeline::SessionRequest request;
  THAPLAN_ASSIGN_OR_RETURN(request.pseudonym,
                           pipeline::ResolvePseudonym(o.patient_key, o.site, o.pseudonym,
                                                      o.key_dir));
  request.files = o.files;
  request.capture = o.capture;
  request.gait = o.gait;
  request.timepoint = o.timepoint;
  request.days_from_surgery = o.days_from_surgery;
  request.device = o.device;
  request.update = o.update;
  GaitImportResult result;
  THAPLAN_RETURN_IF_ERROR(registry.Begin());
  Result<PutOutcome> put = pipeline::AnalyzeAndStore(registry, request, &result);
  if (!put.ok()) {
    (void)registry.Rollback();
    return put.status();
  }
  THAPLAN_RETURN_IF_ERROR(registry.Commit());
  result.outcome = *put;
  return result;
}

}  // namespace thaplan
