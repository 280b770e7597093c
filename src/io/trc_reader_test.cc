#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "thaplan/trc.h"

namespace thaplan {
namespace {

const std::string kData = THAPLAN_SHARED_DATA;
const std::string kWalk = kData + "/opensim_subject01/subject01_walk1.trc";
const std::string kStatic = kData + "/opensim_subject01/subject01_static.trc";
const std::string kOpenCap = kData + "/opencap_subject3/walking1.trc";

// Expects marker `name` at 0-based `frame` to equal the file's text in mm / 1000.
void ExpectMarkerMm(const Trial& t, int64_t frame, const std::string& name, double x_mm,
                    double y_mm, double z_mm) {
  auto idx = t.Find(name);
  ASSERT_TRUE(idx.has_value()) << name;
  const Vec3& p = t.At(frame, *idx);
  EXPECT_DOUBLE_EQ(p[0], x_mm / 1000) << name << " frame " << frame;
  EXPECT_DOUBLE_EQ(p[1], y_mm / 1000) << name << " frame " << frame;
  EXPECT_DOUBLE_EQ(p[2], z_mm / 1000) << name << " frame " << frame;
}

TEST(TrcReaderTest, OpenSimWalkHeaderFacts) {
  Result<Trial> r = ReadTrc(kWalk);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Trial& t = *r;
  EXPECT_EQ(t.format, "trc");
  EXPECT_EQ(t.source_path, kWalk);
  EXPECT_DOUBLE_EQ(t.sample_rate_hz, 60.0);
  EXPECT_EQ(t.landmarks.size(), 41u);
  EXPECT_EQ(t.frame_count, 151);
  EXPECT_EQ(t.metadata.at("units"), "mm");
  EXPECT_EQ(t.metadata.count("frame_count_note"), 0u);
  EXPECT_EQ(t.landmarks.front(), "R.ASIS");
  EXPECT_EQ(t.landmarks.back(), "Top.Head");
  ASSERT_TRUE(t.vertical_axis.has_value());
  EXPECT_EQ(*t.vertical_axis, Axis::kY);
  EXPECT_EQ(t.vertical_sign, 1);
  EXPECT_DOUBLE_EQ(t.start_time_s, 0.0);
  EXPECT_TRUE(t.confidence.empty());
}

TEST(TrcReaderTest, OpenSimWalkValuesEqualFileTextInMetres) {
  Result<Trial> r = ReadTrc(kWalk);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Rows 1, 75 and 151 of the file, copied from its text.
  ExpectMarkerMm(*r, 0, "R.ASIS", 617.247620, 1055.275020, 170.781980);
  ExpectMarkerMm(*r, 74, "R.Heel", 141.096240, 104.245570, 93.011310);
  ExpectMarkerMm(*r, 150, "L.ASIS", 621.185490, 1036.777470, -89.615940);
}

TEST(TrcReaderTest, OpenSimStaticTrial) {
  Result<Trial> r = ReadTrc(kStatic);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->sample_rate_hz, 60.0);
  EXPECT_EQ(r->landmarks.size(), 49u);
  EXPECT_EQ(r->frame_count, 300);
  ExpectMarkerMm(*r, 0, "R.ASIS", 608.664310, 1072.713130, 157.442150);
  ExpectMarkerMm(*r, 299, "Top.Head", 573.066280, 1818.215820, 38.064450);
  EXPECT_TRUE(r->Find("R.Knee.Lat").has_value());  // the walk lacks knee markers
}

TEST(TrcReaderTest, OpenCapWalkWithDoubledHeaderTabs) {
  Result<Trial> r = ReadTrc(kOpenCap);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->sample_rate_hz, 100.0);
  EXPECT_EQ(r->landmarks.size(), 177u);
  EXPECT_EQ(r->frame_count, 132);
  EXPECT_EQ(r->metadata.at("units"), "mm");
  ExpectMarkerMm(*r, 0, "r_knee", -32.949, 439.019, -133.344);
  ExpectMarkerMm(*r, 49, "midHip", 440.942, 855.421, -246.231);
  ExpectMarkerMm(*r, 49, "RHJC_study", 402.374, 861.895, -157.745);
}

// A small TRC text: `rows` appended after a standard header for markers A, B.
std::string SmallTrc(const std::string& units, const std::string& rows,
                     const std::string& num_frames = "2") {
  return "PathFileType\t4\t(X/Y/Z)\tsmall.trc\n"
         "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\n"
         "100\t100\t" +
         num_frames + "\t2\t" + units +
         "\n"
         "Frame#\tTime\tA\t\t\tB\t\t\n"
         "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n\n" +
         rows;
}

TEST(TrcReaderTest, UnitsConvertToMetres) {
  const std::string rows = "1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\t2\t3\t4\t5\t6\n";
  for (auto [units, per_metre] : {std::pair{"mm", 1000.0}, {"cm", 100.0}, {"m", 1.0}}) {
    Result<Trial> r = ParseTrc(SmallTrc(units, rows), "small.trc");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_DOUBLE_EQ(r->At(1, 1)[2], 6.0 / per_metre) << units;
  }
}

TEST(TrcReaderTest, EmptyAndTrailingFieldsAreMissing) {
  const std::string rows = "1\t0\t\t\t\t4\t5\t6\n2\t0.01\t1\t2\t3\n";
  Result<Trial> r = ParseTrc(SmallTrc("m", rows), "small.trc");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(IsMissing(r->At(0, 0)));
  EXPECT_DOUBLE_EQ(r->At(0, 1)[0], 4.0);
  EXPECT_DOUBLE_EQ(r->At(1, 0)[1], 2.0);
  EXPECT_TRUE(std::isnan(r->At(1, 1)[0]) && std::isnan(r->At(1, 1)[2]));
}

TEST(TrcReaderTest, FrameCountDisagreementIsNoted) {
  const std::string rows = "1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\t2\t3\t4\t5\t6\n";
  Result<Trial> r = ParseTrc(SmallTrc("m", rows, "5"), "small.trc");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->frame_count, 2);
  EXPECT_EQ(r->metadata.at("frame_count_note"),
            "header NumFrames = 5 but the file has 2 data rows; the rows were used");
}

TEST(TrcReaderTest, HugeClaimedFrameCountDoesNotReserveMemory) {
  Result<Trial> r =
      ParseTrc(SmallTrc("m", "1\t0\t1\t2\t3\t4\t5\t6\n", "67108864"), "s.trc");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->frame_count, 1);
  EXPECT_LT(r->positions_m.capacity(), 1000u);  // bounded by the text, not the header
}

TEST(TrcReaderTest, CrLfLineEnds) {
  std::string text = SmallTrc("m", "1\t0\t1\t2\t3\t4\t5\t6\n");
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  Result<Trial> r = ParseTrc(crlf, "small.trc");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->At(0, 1)[2], 6.0);
}

Status ParseError(const std::string& text) {
  return ParseTrc(text, "small.trc").status();
}

TEST(TrcReaderTest, ErrorWrongUnits) {
  Status s = ParseError(SmallTrc("furlongs", "1\t0\t1\t2\t3\t4\t5\t6\n"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.message(), "small.trc:3: Units = 'furlongs': expected mm, m or cm");
}

TEST(TrcReaderTest, ErrorMissingUnits) {
  Status s = ParseError(
      "PathFileType\t4\t(X/Y/Z)\tx.trc\nDataRate\tNumMarkers\n100\t1\n"
      "Frame#\tTime\tA\n\t\tX1\tY1\tZ1\n1\t0\t1\t2\t3\n");
  EXPECT_EQ(s.message(), "small.trc:2: no Units in the header: expected mm, m or cm");
}

TEST(TrcReaderTest, ErrorRaggedRowNamesLine) {
  Status s = ParseError(
      SmallTrc("mm", "1\t0\t1\t2\t3\t4\t5\t6\n2\t0.01\t1\t2\t3\t4\t5\t6\t7\n"));
  EXPECT_EQ(s.message(),
            "small.trc:8: row has 9 fields: expected at most 8 (Frame#, Time and 3 "
            "coordinates for each of 2 markers)");
}

TEST(TrcReaderTest, ErrorPartialMarker) {
  Status s = ParseError(SmallTrc("mm", "1\t0\t1\t\t3\t4\t5\t6\n"));
  EXPECT_EQ(
      s.message(),
      "small.trc:7: marker A has 2 of its 3 coordinates (column 4 (A Y) is missing): "
      "expected all three or none");
}

TEST(TrcReaderTest, ErrorBadNumber) {
  Status s = ParseError(SmallTrc("mm", "1\t0\t1\t2\t3\t4\t5x\t6\n"));
  EXPECT_EQ(
      s.message(),
      "small.trc:7: column 7 (B Y) = '5x': expected a finite number or an empty field");
}

TEST(TrcReaderTest, ErrorUnevenTime) {
  Status s =
      ParseError(SmallTrc("mm", "1\t0\t1\t2\t3\t4\t5\t6\n2\t0.03\t1\t2\t3\t4\t5\t6\n"));
  EXPECT_EQ(
      s.message(),
      "small.trc:8: Time = '0.03': expected 0.01 (frame 2 at DataRate 100 Hz); frames "
      "must be evenly spaced");
}

TEST(TrcReaderTest, ErrorNameCountDisagreesWithNumMarkers) {
  Status s = ParseError(
      "PathFileType\t4\nDataRate\tNumMarkers\tUnits\n100\t3\tmm\n"
      "Frame#\tTime\tA\t\t\tB\n\t\tX1\n1\t0\n");
  EXPECT_EQ(s.message(),
            "small.trc:4: 2 marker names but NumMarkers = 3: expected one per marker");
}

TEST(TrcReaderTest, ErrorNotATrcFile) {
  EXPECT_EQ(
      ParseError("time,a_x\n").message(),
      "small.trc:1: found 'time,a_x': expected a TRC header starting with PathFileType");
  EXPECT_EQ(
      ParseError("").message(),
      "small.trc: ends after line 0: expected a TRC header starting with PathFileType");
}

TEST(TrcReaderTest, ErrorBadRateAndNoRows) {
  EXPECT_EQ(
      ParseError("PathFileType\nDataRate\tNumMarkers\tUnits\n-5\t1\tmm\n").message(),
      "small.trc:3: DataRate = '-5': expected a positive sample rate in Hz");
  EXPECT_EQ(ParseError(SmallTrc("mm", "\n")).message(),
            "small.trc: no data rows after the header: expected at least one frame");
}

TEST(TrcReaderTest, ErrorMissingFileNamesPath) {
  Result<Trial> r = ReadTrc("/nonexistent/walk.trc");
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_EQ(r.status().message(),
            "/nonexistent/walk.trc: cannot open: No such file or directory");
}

}  // namespace
}  // namespace thaplan
