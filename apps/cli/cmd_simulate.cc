// simulate: the cohort simulator and its oracle (docs/simulator.md).
#include "commands.h"
#include "thaplan/atomic_file.h"
#include "thaplan/cohort.h"

namespace thaplan::cli {
namespace {

struct SimulateArgs {
  CohortOptions cohort;
  std::string signal = "moderate";
  std::string out;
  std::string cohort_dir;
  std::string placements;
};

}  // namespace

std::function<Status()> SetupSimulate(CLI::App* sub, const GlobalOptions& global) {
  auto args = std::make_shared<SimulateArgs>();
  sub->require_subcommand(1);
  CLI::App* cohort = sub->add_subcommand(
      "cohort",
      "Write a simulated multi-site THA cohort with known truth: registry-ready CSVs "
      "(patients, surgeries, assessments, as a clinic exports them), truth/ and "
      "cohort.json");
  cohort->add_option("--patients", args->cohort.patients, "Number of patients")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  cohort->add_option("--sites", args->cohort.sites, "Number of sites")
      ->check(CLI::Range(1, 99))
      ->capture_default_str();
  cohort->add_option("--seed", args->cohort.seed, "Random seed")->capture_default_str();
  cohort->add_option("--signal", args->signal,
                     "Unexplained variation: low (oracle R2 0.10), moderate (0.40), high (0.75)")
      ->check(CLI::IsMember({"low", "moderate", "high"}))
      ->capture_default_str();
  cohort->add_option("--out", args->out, "Output folder")->required();

  CLI::App* oracle = sub->add_subcommand(
      "oracle",
      "Expected post-op gait (3 and 12 months) of simulated patients under any placement");
  oracle->add_option("--cohort", args->cohort_dir, "Cohort folder")->required();
  oracle->add_option("--placements", args->placements,
                     "CSV: patient_key and placement columns (left out = as achieved)")
      ->required();
  oracle->add_option("-o,--out", args->out, "Output CSV (default stdout)");

  return [&global, args, cohort, oracle]() -> Status {
    (void)global;
    if (cohort->parsed()) {
      args->cohort.signal = *SignalLevelFromName(args->signal);
      const CohortModel model(args->cohort);
      THAPLAN_RETURN_IF_ERROR(WriteCohortTables(model, args->out));
      std::fprintf(stderr, "wrote %d patients at %d sites to %s\n", args->cohort.patients,
                   args->cohort.sites, args->out.c_str());
      return Status::Ok();
    }
    if (oracle->parsed()) {
      THAPLAN_ASSIGN_OR_RETURN(CohortModel model, LoadCohortModel(args->cohort_dir));
      if (args->out.empty()) return WriteOracleTable(model, args->placements, stdout);
      THAPLAN_ASSIGN_OR_RETURN(AtomicFileWriter w, AtomicFileWriter::Create(args->out));
      THAPLAN_RETURN_IF_ERROR(WriteOracleTable(model, args->placements, w.file()));
      return w.Commit();
    }
    return Status::InvalidInput("simulate: expected a subcommand: cohort or oracle");
  };
}

}  // namespace thaplan::cli
