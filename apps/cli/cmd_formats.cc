// formats: the import column reference, from the same tables the importer uses.
#include <nlohmann/json.hpp>

#include "commands.h"

namespace thaplan::cli {

std::function<Status()> SetupFormats(CLI::App* sub, const GlobalOptions& global) {
  sub->description("Print every import column with its unit, allowed values and meaning "
                   "(Markdown, or JSON with --json). docs/formats.md holds the same text.");
  return [&global]() -> Status {
    if (!global.json) {
      PrintOut(FormatsMarkdown());
      return Status::Ok();
    }
    nlohmann::json out;
    for (RecordKind kind : kAllRecordKinds) {
      nlohmann::json cols = nlohmann::json::array();
      const auto add = [&](const ColumnSpec& c, bool input_only) {
        nlohmann::json col{{"name", c.name},
                           {"unit", c.unit},
                           {"required", c.required && !input_only},
                           {"input_only", input_only},
                           {"description", c.description}};
        if (c.type == ColumnType::kInteger || c.type == ColumnType::kReal) {
          col["min"] = c.min;
          col["max"] = c.max;
        }
        if (!c.allowed.empty()) {
          col["allowed"] = std::vector<std::string>(c.allowed.begin(), c.allowed.end());
        }
        cols.push_back(std::move(col));
      };
      for (const ColumnSpec& c : StoredColumns(kind)) add(c, false);
      for (const ColumnSpec& c : InputOnlyColumns(kind)) add(c, true);
      out[std::string(RecordKindName(kind))] = std::move(cols);
    }
    PrintOut(out.dump(2));
    return Status::Ok();
  };
}

}  // namespace thaplan::cli
