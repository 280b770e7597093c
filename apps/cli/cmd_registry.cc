// init, summary and audit: commands that read or create the registry itself.
#include <nlohmann/json.hpp>

#include "commands.h"

namespace thaplan::cli {

Result<std::unique_ptr<Registry>> OpenRegistry(const GlobalOptions& global,
                                               bool create_if_missing) {
  OpenOptions options;
  options.create_if_missing = create_if_missing;
  return Registry::Open(global.db, options);
}

void PrintOut(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
}

std::function<Status()> SetupInit(CLI::App* sub, const GlobalOptions& global) {
  sub->description("Create an empty registry at --db (schema version " +
                   std::to_string(kSchemaVersion) + "); an existing one is left as it is.");
  return [&global]() -> Status {
    THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, true));
    if (global.json) {
      PrintOut(nlohmann::json{{"location", reg->location()},
                              {"backend", reg->backend()},
                              {"schema_version", reg->schema_version()}}
                   .dump());
    } else {
      PrintOut("registry " + reg->location() + " (" + std::string(reg->backend()) +
               ", schema version " + std::to_string(reg->schema_version()) + ") is ready");
    }
    return Status::Ok();
  };
}

namespace {

std::string Pad(const std::string& s, size_t width, bool right) {
  if (s.size() >= width) return s;
  std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

std::string SummaryText(const RegistrySummary& summary) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"site", "patients", "surgeries", "preop", "3m", "6m", "12m", "gait"});
  std::vector<int64_t> totals(7, 0);
  const auto count = [](const std::map<std::string, int64_t>& m, const char* key) {
    auto it = m.find(key);
    return it == m.end() ? int64_t{0} : it->second;
  };
  for (const SiteSummary& s : summary.sites) {
    int64_t gait = 0;
    for (const auto& [tp, n] : s.gait_sessions) gait += n;
    const int64_t values[] = {s.patients,                 s.surgeries,
                              count(s.assessments, "preop"), count(s.assessments, "3m"),
                              count(s.assessments, "6m"),    count(s.assessments, "12m"),
                              gait};
    std::vector<std::string> row{s.site};
    for (size_t i = 0; i < 7; ++i) {
      row.push_back(std::to_string(values[i]));
      totals[i] += values[i];
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> total_row{"all"};
  for (int64_t t : totals) total_row.push_back(std::to_string(t));
  rows.push_back(std::move(total_row));

  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out = "registry " + summary.location + " (" + summary.backend +
                    ", schema version " + std::to_string(summary.schema_version) + ")\n";
  out += std::to_string(summary.sites.size()) + " sites, " + std::to_string(totals[0]) +
         " patients, " + std::to_string(summary.imports) + " imported files, " +
         std::to_string(summary.models) + " models\n";
  out += "assessments and gait sessions by timepoint:\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t i = 0; i < rows[r].size(); ++i) {
      line += (i == 0 ? "" : "  ") + Pad(rows[r][i], widths[i], i > 0);
    }
    out += line + "\n";
  }
  return out;
}

nlohmann::json SummaryJson(const RegistrySummary& summary) {
  nlohmann::json sites = nlohmann::json::array();
  for (const SiteSummary& s : summary.sites) {
    sites.push_back({{"site", s.site},
                     {"patients", s.patients},
                     {"surgeries", s.surgeries},
                     {"assessments", s.assessments},
                     {"gait_sessions", s.gait_sessions}});
  }
  return {{"location", summary.location},   {"backend", summary.backend},
          {"schema_version", summary.schema_version}, {"imports", summary.imports},
          {"models", summary.models},       {"sites", sites}};
}

}  // namespace

std::function<Status()> SetupSummary(CLI::App* sub, const GlobalOptions& global) {
  sub->description("Sites, patients, surgeries, and assessments and gait sessions per "
                   "timepoint. Reads only; the registry must exist.");
  return [&global]() -> Status {
    THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
    THAPLAN_ASSIGN_OR_RETURN(RegistrySummary summary, reg->Summary());
    PrintOut(global.json ? SummaryJson(summary).dump(2) : SummaryText(summary));
    return Status::Ok();
  };
}

std::function<Status()> SetupAudit(CLI::App* sub, const GlobalOptions& global) {
  auto limit = std::make_shared<int64_t>(50);
  sub->add_option("--limit", *limit, "Most recent entries to show")->capture_default_str();
  return [&global, limit]() -> Status {
    THAPLAN_ASSIGN_OR_RETURN(auto reg, OpenRegistry(global, false));
    THAPLAN_ASSIGN_OR_RETURN(auto entries, reg->ReadAudit(*limit));
    if (global.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const AuditRecord& e : entries) {
        out.push_back({{"entry_id", e.entry_id},
                       {"time_utc", e.time_utc},
                       {"actor", e.actor},
                       {"action", e.action},
                       {"subject", e.subject},
                       {"detail", nlohmann::json::parse(e.detail, nullptr, false)}});
      }
      PrintOut(out.dump(2));
      return Status::Ok();
    }
    std::string text;
    for (const AuditRecord& e : entries) {
      text += e.time_utc + "  " + e.actor + "  " + e.action +
              (e.subject.empty() ? "" : "  " + e.subject) + "  " + e.detail + "\n";
    }
    PrintOut(text.empty() ? "(no audit entries)" : text);
    return Status::Ok();
  };
}

}  // namespace thaplan::cli
