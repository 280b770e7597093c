// Storing a gait session: analyse the files as the patient's session, then
// write the pooled report, the summary and the files' hashes in one transaction.
#include <nlohmann/json.hpp>

#include "registry/pseudonym.h"
#include "thaplan/capture.h"

namespace thaplan {
namespace {

Result<std::string> ResolvePseudonym(const GaitImportOptions& o) {
  if (!o.pseudonym.empty()) {
    if (!o.patient_key.empty()) {
      return Status::InvalidInput("--pseudonym and --patient: expected one of them, not both");
    }
    return o.pseudonym;
  }
  if (o.patient_key.empty() || o.site.empty()) {
    return Status::InvalidInput("--patient and --site: expected both (or --pseudonym)");
  }
  const std::string dir = o.key_dir.empty() ? "." : o.key_dir;
  THAPLAN_ASSIGN_OR_RETURN(auto key, registry::LoadSiteKey(dir + "/" + o.site + ".key"));
  registry::Pseudonymizer pseudonymizer(key);
  return pseudonymizer.Pseudonym(o.patient_key);
}

}  // namespace

Result<GaitImportResult> ImportGaitSession(Registry& registry, const GaitImportOptions& o) {
  if (!IsTimepoint(o.timepoint)) {
    return Status::InvalidInput("--timepoint = " + o.timepoint +
                                ": expected preop, 3m, 6m or 12m");
  }
  GaitImportResult result;
  THAPLAN_ASSIGN_OR_RETURN(result.pseudonym, ResolvePseudonym(o));
  THAPLAN_ASSIGN_OR_RETURN(std::optional<PatientBasics> patient,
                           registry.FindPatient(result.pseudonym));
  if (!patient) {
    return Status::NotFound("patient [withheld] (pseudonym " + result.pseudonym +
                            "): not in the registry: expected a patient imported before "
                            "their gait sessions");
  }
  GaitOptions gait = o.gait;
  gait.operated_side = patient->operated_side == "L" ? Side::kLeft : Side::kRight;
  gait.sex = patient->sex == "M" ? Sex::kMale : Sex::kFemale;
  THAPLAN_ASSIGN_OR_RETURN(result.captures, LoadCaptures(o.files, o.capture));
  THAPLAN_ASSIGN_OR_RETURN(result.report, AnalyzeCaptures(result.captures, gait));

  GaitSessionRecord record;
  record.patient_key = result.pseudonym;
  record.timepoint = o.timepoint;
  record.days_from_surgery = o.days_from_surgery;
  record.device = o.device.empty() ? "unspecified" : o.device;
  record.operated_side = patient->operated_side;
  record.hip_angle_frame = std::string(HipAngleFrameName(result.report.peak_hip_extension.frame));
  record.summary = GaitSummaryRow(result.report, gait.operated_side);
  record.results_json = ToJson(result.report).dump();
  for (const Capture& c : result.captures) {
    record.trials.push_back({c.format, c.sha256, c.path, ""});
  }
  THAPLAN_RETURN_IF_ERROR(registry.Begin());
  Result<PutOutcome> put = registry.PutGaitSession(record, o.update);
  Status status = put.status();
  if (status.ok() && *put == PutOutcome::kConflict) {
    status = Status::Conflict("patient [withheld] at " + o.timepoint +
                              ": a gait session made of other files is stored: expected the "
                              "same files, or --update to replace it");
  } else if (status.ok() && *put == PutOutcome::kMissingPatient) {
    status = Status::NotFound("patient [withheld]: not in the registry");
  }
  if (status.ok() && (*put == PutOutcome::kInserted || *put == PutOutcome::kUpdated)) {
    nlohmann::json files = nlohmann::json::array();
    for (const Capture& c : result.captures) files.push_back(c.sha256);
    status = registry.Audit("gait import", result.pseudonym,
                            nlohmann::json{{"timepoint", o.timepoint}, {"files", files}}.dump());
  }
  if (!status.ok()) {
    (void)registry.Rollback();
    return status;
  }
  THAPLAN_RETURN_IF_ERROR(registry.Commit());
  result.outcome = *put;
  return result;
}

}  // namespace thaplan
