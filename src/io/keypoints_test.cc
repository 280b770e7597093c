#include "thaplan/keypoints.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace thaplan {
namespace {

// The example of docs/keypoints.md.
const char kExample[] =
    "# units=m vertical=+y\n"
    "# exported by a test\n"
    "time,nose_x,nose_y,nose_z,nose_conf,left_heel_x,left_heel_y,left_heel_z\n"
    "0.00,0.012,1.615,0.031,0.97,-0.082,0.061,0.104\n"
    "0.01,0.015,1.616,0.030,,-0.081,0.060,0.104\n"
    "0.02,,,,0.10,-0.080,0.059,0.105\n";

TEST(KeypointCsvTest, ParsesTheDocumentedExample) {
  Result<Trial> r = ParseKeypointCsv(kExample, "kp.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Trial& t = *r;
  EXPECT_EQ(t.format, "keypoints");
  EXPECT_DOUBLE_EQ(t.sample_rate_hz, 100.0);
  EXPECT_DOUBLE_EQ(t.start_time_s, 0.0);
  EXPECT_EQ(t.frame_count, 3);
  ASSERT_EQ(t.landmarks, (std::vector<std::string>{"nose", "left_heel"}));
  ASSERT_TRUE(t.vertical_axis.has_value());
  EXPECT_EQ(*t.vertical_axis, Axis::kY);
  EXPECT_EQ(t.vertical_sign, 1);
  EXPECT_DOUBLE_EQ(t.At(0, 0)[1], 1.615);
  EXPECT_DOUBLE_EQ(t.At(2, 1)[2], 0.105);
  EXPECT_TRUE(IsMissing(t.At(2, 0)));
  ASSERT_EQ(t.confidence.size(), 6u);
  EXPECT_FLOAT_EQ(t.confidence[0], 0.97f);
  EXPECT_TRUE(std::isnan(t.confidence[2]));  // row 2 nose_conf is empty
  EXPECT_TRUE(std::isnan(t.confidence[1]));  // left_heel has no _conf column
  EXPECT_FLOAT_EQ(t.confidence[4], 0.10f);
}

TEST(KeypointCsvTest, MillimetresAndCameraYDown) {
  Result<Trial> r = ParseKeypointCsv(
      "# vertical=-y units=mm\ntime,a_x,a_y,a_z\n1.5,10,20,30\n1.6,11,21,31\n", "kp.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->At(1, 0)[2], 0.031);
  EXPECT_EQ(r->vertical_sign, -1);
  EXPECT_DOUBLE_EQ(r->start_time_s, 1.5);
  EXPECT_DOUBLE_EQ(r->sample_rate_hz, 10.0);
}

TEST(KeypointCsvTest, NoVerticalLeavesItUnset) {
  Result<Trial> r =
      ParseKeypointCsv("# units=cm\ntime,a_x,a_y,a_z\n0,1,2,3\n0.5,1,2,3\n", "k");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->vertical_axis.has_value());
  EXPECT_DOUBLE_EQ(r->At(0, 0)[2], 0.03);
}

TEST(KeypointCsvTest, RoundedTimesStillUniform) {
  // 60 Hz written with 3 decimals, as OpenSim does: steps of 0.016 and 0.017.
  std::string text = "# units=m\ntime,a_x,a_y,a_z\n";
  for (int i = 0; i < 61; ++i) {
    char row[64];
    std::snprintf(row, sizeof row, "%.3f,1,2,3\n", i / 60.0);
    text += row;
  }
  Result<Trial> r = ParseKeypointCsv(text, "k.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->sample_rate_hz, 60.0);
}

Status Error(const std::string& text) {
  return ParseKeypointCsv(text, "kp.csv").status();
}

TEST(KeypointCsvTest, ErrorMissingUnits) {
  EXPECT_EQ(
      Error("time,a_x,a_y,a_z\n0,1,2,3\n").message(),
      "kp.csv:1: found 'time,a_x,a_y,a_z': expected a first line declaring the units, "
      "e.g. '# units=m vertical=+y'");
  EXPECT_EQ(Error("# vertical=+z\ntime,a_x,a_y,a_z\n0,1,2,3\n").message(),
            "kp.csv:1: no units declared: expected a first line like '# units=m "
            "vertical=+y' (units m, cm or mm)");
}

TEST(KeypointCsvTest, ErrorWrongUnitsAndDeclarations) {
  EXPECT_EQ(Error("# units=inch\n").message(),
            "kp.csv:1: units = 'inch': expected m, cm or mm");
  EXPECT_EQ(Error("# units=m vertical=up\n").message(),
            "kp.csv:1: vertical = 'up': expected +x, -x, +y, -y, +z or -z");
  EXPECT_EQ(Error("# unit=m\n").message(),
            "kp.csv:1: unknown declaration 'unit=m': expected units=<m|cm|mm> and "
            "optionally vertical=<+y|...>");
}

TEST(KeypointCsvTest, ErrorNonUniformTimeNamesTheRow) {
  EXPECT_EQ(Error("# units=m\ntime,a_x,a_y,a_z\n0,1,2,3\n0.01,1,2,3\n0.02,1,2,3\n"
                  "0.04,1,2,3\n0.05,1,2,3\n")
                .message(),
            "kp.csv:6: time = 0.04 is 0.02 s after the previous row: expected a uniform "
            "step of 0.01 s");
  EXPECT_EQ(
      Error("# units=m\ntime,a_x,a_y,a_z\n0,1,2,3\n0,1,2,3\n").message(),
      "kp.csv:4: time = 0 is 0 s after the previous row: expected a uniform step of 0 s");
  EXPECT_EQ(Error("# units=m\ntime,a_x,a_y,a_z\n0,1,2,3\n").message(),
            "kp.csv: 1 data rows: expected at least 2 to derive the sample rate from the "
            "time column");
}

TEST(KeypointCsvTest, ErrorRaggedRow) {
  EXPECT_EQ(Error("# units=m\ntime,a_x,a_y,a_z\n0,1,2,3\n0.01,1,2\n").message(),
            "kp.csv:4: row has 3 fields: expected 4 (one per header column)");
  EXPECT_EQ(Error("# units=m\ntime,a_x,a_y,a_z\n0,1,2,3,\n").message(),
            "kp.csv:3: row has 5 fields: expected 4 (one per header column)");
}

TEST(KeypointCsvTest, ErrorColumnsAndValues) {
  EXPECT_EQ(Error("# units=m\ntime,a_x,a_y,a_w\n").message(),
            "kp.csv:2: column 4 'a_w': expected time or <name>_x, <name>_y, <name>_z, "
            "<name>_conf");
  EXPECT_EQ(
      Error("# units=m\ntime,a_x,a_y\n").message(),
      "kp.csv:2: landmark 'a' has no a_z column: expected _x, _y and _z columns for "
      "every landmark");
  EXPECT_EQ(Error("# units=m\na_x,a_y,a_z\n").message(),
            "kp.csv:2: no time column: expected a column named time (seconds)");
  EXPECT_EQ(Error("# units=m\ntime,a_x,a_y,a_z,a_x\n").message(),
            "kp.csv:2: column 5 'a_x' repeats column 2: expected unique column names");
  EXPECT_EQ(
      Error("# units=m\ntime,a_x,a_y,a_z,a_conf\n0,1,2,3,1.5\n").message(),
      "kp.csv:3: column 5 (a_conf) = '1.5': expected a confidence from 0 to 1 or an "
      "empty field");
  EXPECT_EQ(
      Error("# units=m\ntime,a_x,a_y,a_z\n0,1,,3\n").message(),
      "kp.csv:3: landmark a has 2 of its 3 coordinates (a_y is missing): expected all "
      "three or none");
  EXPECT_EQ(
      Error("# units=m\ntime,a_x,a_y,a_z\n0,1,two,3\n").message(),
      "kp.csv:3: column 3 (a_y) = 'two': expected a finite number or an empty field");
}

}  // namespace
}  // namespace thaplan

namespace thaplan {
namespace {

// One landmark at 100 Hz whose coordinates are `values` in order, three per
// frame; `values` is padded with 0.5 to whole frames.
Trial OneLandmarkTrial(std::vector<double>* values) {
  Trial t;
  t.sample_rate_hz = 100;
  t.landmarks = {"p"};
  t.frame_count = static_cast<int64_t>((values->size() + 2) / 3);
  values->resize(static_cast<size_t>(t.frame_count) * 3, 0.5);
  for (size_t i = 0; i < values->size(); i += 3) {
    t.positions_m.push_back({(*values)[i], (*values)[i + 1], (*values)[i + 2]});
  }
  return t;
}

// The writer's fast path for multiples of 0.1 mm must write exactly what
// std::to_chars (its general path) writes for every value: tenths of a
// millimetre over +-20 m, the 0.001 m boundary, large values, and values that
// are not tenths of a millimetre.
TEST(KeypointCsvWriterTest, TenthMillimetreValuesWriteAsShortestDecimal) {
  std::vector<double> values;
  for (long long k = -200000; k <= 200000; k += 1)
    values.push_back(static_cast<double>(k) / 1e4);
  for (long long k : {9LL, 10LL, 11LL, -9LL, -10LL, 99999999LL, -99999999LL, 100000000LL,
                      123456789LL, 31415926LL}) {
    values.push_back(static_cast<double>(k) / 1e4);
  }
  for (double v : {0.1 + 0.2, 1e-5, -0.0, 0.0, 1.0 / 3, 12345.678, 2.5e-4})
    values.push_back(v);
  const Trial t = OneLandmarkTrial(&values);
  Result<std::string> text = FormatKeypointCsv(t, LengthUnit::kMetres);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  // Skip the two header lines, then compare every coordinate field.
  size_t pos = text->find('\n', text->find('\n') + 1) + 1;
  size_t checked = 0, mismatches = 0;
  std::string first_mismatch;
  for (int64_t frame = 0; frame < t.frame_count; ++frame) {
    const size_t end = text->find('\n', pos);
    std::string line = text->substr(pos, end - pos);
    pos = end + 1;
    size_t field_start = line.find(',') + 1;  // after the time
    for (int c = 0; c < 3; ++c) {
      const size_t comma = line.find(',', field_start);
      const std::string field = line.substr(field_start, comma - field_start);
      field_start = comma + 1;
      const double v = values[static_cast<size_t>(frame) * 3 + static_cast<size_t>(c)];
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, v);
      const std::string want(buf, r.ptr);
      ++checked;
      if (field != want) {
        if (mismatches++ == 0) first_mismatch = field + " != " + want;
      }
    }
  }
  EXPECT_EQ(checked, values.size());
  EXPECT_EQ(mismatches, 0u) << first_mismatch;
}

// CoordinateText::kWholeUnits rounds each coordinate to a whole number of
// the file's unit, halves away from zero, never "-0"; missing stays empty.
// Values chosen exact in binary, so the halves are true halves.
TEST(KeypointCsvWriterTest, WholeUnitsRoundHalvesAwayFromZero) {
  std::vector<double> values = {1.5,  -1.5, 2.5,       0.4999999999999999, -0.25, -0.5,
                                2.75, 1e20, -123456.5, 1234567.25,         0.0,   -0.0};
  const Trial t = OneLandmarkTrial(&values);  // pads with 0.5: 12 values, 4 frames
  Result<std::string> text =
      FormatKeypointCsv(t, LengthUnit::kMetres, CoordinateText::kWholeUnits);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  const std::string rows = text->substr(text->find('\n', text->find('\n') + 1) + 1);
  EXPECT_EQ(rows,
            "0,2,-2,3\n"
            "0.01,0,0,-1\n"
            "0.02,3,100000000000000000000,-123457\n"
            "0.03,1234567,0,0\n");
  // Millimetres: 12.3456 mm -> 12, -0.6 mm -> -1; a missing landmark stays empty.
  Trial mm = t;
  mm.positions_m = {{0.0123456, -0.0006, 0.0004}, {NAN, 0, 0}, {0, 0, 0}, {0, 0, 0}};
  text = FormatKeypointCsv(mm, LengthUnit::kMillimetres, CoordinateText::kWholeUnits);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_NE(text->find("\n0,12,-1,0\n0.01,,,\n"), std::string::npos) << *text;
}

// Whole millimetres (the cohort simulator's trials) are written as the
// integer, and every value, whole or not, reads back to the same double.
TEST(KeypointCsvWriterTest, WholeMillimetresWriteAsIntegersAndReadBack) {
  std::vector<double> values;
  for (long long k = -200000; k <= 200000; ++k)
    values.push_back(static_cast<double>(k) / 1e3);
  for (long long k : {1000000000LL, -999999999999LL, 10LL, 100LL, 1000LL, 10000LL}) {
    values.push_back(static_cast<double>(k) / 1e3);
  }
  const size_t whole = values.size();
  for (double v : {0.1 + 0.2, 1e-7, -0.0, 1.0 / 3, 12.3456789, 2.5e-4})
    values.push_back(v);
  const Trial t = OneLandmarkTrial(&values);
  Result<std::string> text = FormatKeypointCsv(t, LengthUnit::kMillimetres);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<Trial> back = ParseKeypointCsv(*text, "mm.csv");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->frame_count, t.frame_count);
  size_t pos = text->find('\n', text->find('\n') + 1) + 1;
  size_t integer_mismatches = 0, value_mismatches = 0;
  for (int64_t frame = 0; frame < t.frame_count; ++frame) {
    const size_t end = text->find('\n', pos);
    const std::string line = text->substr(pos, end - pos);
    pos = end + 1;
    size_t start = line.find(',') + 1;
    for (size_t c = 0; c < 3; ++c) {
      const size_t i = static_cast<size_t>(frame) * 3 + c;
      const size_t comma = std::min(line.find(',', start), line.size());
      const std::string field = line.substr(start, comma - start);
      start = comma + 1;
      if (i < whole && field != std::to_string(std::llround(values[i] * 1e3))) {
        ++integer_mismatches;
      }
      const double read = back->At(frame, 0)[c];
      if (!(read == values[i] && std::signbit(read) == std::signbit(values[i]))) {
        ++value_mismatches;
      }
    }
  }
  EXPECT_EQ(integer_mismatches, 0u);
  EXPECT_EQ(value_mismatches, 0u);
}

}  // namespace
}  // namespace thaplan
