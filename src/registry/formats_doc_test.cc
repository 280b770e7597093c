// docs/formats.md must contain the column reference exactly as the importer
// defines it, so the documentation cannot drift from the code.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "thaplan/schema.h"

namespace thaplan {
namespace {

TEST(FormatsDocTest, DocsFormatsMdHoldsTheGeneratedColumnReference) {
  std::ifstream in(std::string(THAPLAN_SOURCE_DIR) + "/docs/formats.md");
  ASSERT_TRUE(in) << "docs/formats.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(FormatsMarkdown()), std::string::npos)
      << "docs/formats.md is out of date: paste the output of `thaplan formats` into it";
}

TEST(SchemaTest, EveryColumnIsWellFormed) {
  for (RecordKind kind : kAllRecordKinds) {
    for (const ColumnSpec& c : StoredColumns(kind)) {
      EXPECT_FALSE(c.description.empty()) << c.name;
      if (c.type == ColumnType::kInteger || c.type == ColumnType::kReal) {
        EXPECT_LT(c.min, c.max) << c.name;
      }
      EXPECT_LE(StoredColumns(kind).size(), 64u) << "the importer tracks columns in a bitset<64>";
      if (c.type == ColumnType::kEnum) {
        EXPECT_FALSE(c.allowed.empty()) << c.name;
      }
      // Units live in names (DESIGN.md): a unit column's name ends with its unit.
      if (c.unit == "deg") {
        EXPECT_TRUE(std::string_view(c.name).ends_with("_deg")) << c.name;
      }
      if (c.unit == "mm") {
        EXPECT_TRUE(std::string_view(c.name).ends_with("_mm")) << c.name;
      }
    }
  }
}

}  // namespace
}  // namespace thaplan
