// Renders the import column tables as the Markdown reference in docs/formats.md.
// A test checks that the document contains exactly this text.
#include <cstdio>

#include "registry/fields.h"
#include "thaplan/schema.h"

namespace thaplan {
namespace {

std::string Allowed(const ColumnSpec& c) {
  switch (c.type) {
    case ColumnType::kKey: return "text, at most 64 characters";
    case ColumnType::kDate: return "YYYY-MM-DD";
    case ColumnType::kFlag: return "0 or 1";
    case ColumnType::kCode:
      return c.name == "site" ? "letters, digits, `-`, `_`; at most 32"
                              : "letters, digits, space, `. _ - / + ( )`; at most 40";
    default: {
      std::string text = registry::ExpectedText(c);
      constexpr std::string_view kPrefix = "expected ";
      return text.substr(kPrefix.size());
    }
  }
}

void Table(std::string* out, std::span<const ColumnSpec> cols, bool input_only) {
  for (const ColumnSpec& c : cols) {
    *out += "| `" + std::string(c.name) + "` | " + (c.unit.empty() ? "" : std::string(c.unit)) +
            " | " + Allowed(c) + " | " +
            (input_only ? "input only" : (c.required ? "required" : "optional")) + " | " +
            std::string(c.description) + " |\n";
  }
}

}  // namespace

std::string FormatsMarkdown() {
  std::string out;
  for (RecordKind kind : kAllRecordKinds) {
    out += "### " + std::string(RecordKindName(kind)) + "\n\n";
    out += "| column | unit | allowed | | meaning |\n|---|---|---|---|---|\n";
    Table(&out, StoredColumns(kind), false);
    Table(&out, InputOnlyColumns(kind), true);
    out += "\n";
  }
  return out;
}

}  // namespace thaplan
