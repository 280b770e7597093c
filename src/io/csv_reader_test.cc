#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace thaplan::io {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& path, Status* status,
                                              std::vector<int64_t>* lines = nullptr) {
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  std::vector<std::vector<std::string>> out;
  std::vector<std::string_view> fields;
  while (reader->Next(&fields)) {
    out.emplace_back(fields.begin(), fields.end());
    if (lines != nullptr) lines->push_back(reader->line());
  }
  *status = reader->status();
  return out;
}

TEST(CsvReaderTest, QuotesCrLfBomAndBlankLines) {
  testing::TempDir dir;
  std::string path = dir.Write("a.csv",
                               "\xEF\xBB\xBF"
                               "a,b,c\r\n"
                               "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                               "\r\n"
                               ",,\n"
                               "\"multi\nline\",2,3\n"
                               "last,row,no-newline");
  Status status;
  std::vector<int64_t> lines;
  auto rows = ReadAll(path, &status, &lines);
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"multi\nline", "2", "3"}));
  EXPECT_EQ(rows[4], (std::vector<std::string>{"last", "row", "no-newline"}));
  // Line numbers count physical lines, so a quoted newline advances them.
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 4, 5, 7}));
}

TEST(CsvReaderTest, UnclosedQuoteIsAnErrorWithTheLine) {
  testing::TempDir dir;
  std::string path = dir.Write("b.csv", "a,b\n1,\"open\n2,3\n");
  Status status;
  ReadAll(path, &status);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), path + ":2: quoted field is never closed: expected a closing \"");
}

TEST(CsvReaderTest, StrayQuoteInsideAFieldIsAnError) {
  testing::TempDir dir;
  std::string path = dir.Write("c.csv", "a,b\n1,ab\"c\n");
  Status status;
  ReadAll(path, &status);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            path + ":2: stray quote inside a field: expected quotes around the whole field");
}

TEST(CsvReaderTest, RecordsLongerThanOneChunkAreWhole) {
  testing::TempDir dir;
  std::string big(3 << 20, 'x');  // 3 MB field spans several 1 MB reads
  std::string path = dir.Write("d.csv", "h\n" + big + "\nz\n");
  Status status;
  auto rows = ReadAll(path, &status);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0].size(), big.size());
  EXPECT_EQ(rows[2][0], "z");
}

TEST(CsvReaderTest, MissingFileNamesIt) {
  auto reader = CsvReader::Open("/nonexistent/x.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().message(),
            "/nonexistent/x.csv: cannot open: No such file or directory");
}

}  // namespace
}  // namespace thaplan::io
