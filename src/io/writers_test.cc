// Round trips: read a real file (or build a trial), write it, read it back,
// compare with the original values.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <limits>
#include <string>

#include "thaplan/keypoints.h"
#include "thaplan/trc.h"

namespace thaplan {
namespace {

const std::string kData = THAPLAN_SHARED_DATA;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string TempPath(const std::string& leaf) {
  return ::testing::TempDir() + "thaplan_" + std::to_string(::getpid()) + "_" + leaf;
}

// Positions equal bit for bit when `exact`: values that came from a file in
// the same unit always do (the writer picks the decimal whose division by
// 1000 gives the same double). Arbitrary metre values written in mm may have
// no such decimal; they come back within an ulp or two (DOUBLE_EQ: 4 ulps).
void ExpectSamePositions(const Trial& a, const Trial& b, bool exact) {
  ASSERT_EQ(a.landmarks, b.landmarks);
  ASSERT_EQ(a.frame_count, b.frame_count);
  ASSERT_EQ(a.positions_m.size(), b.positions_m.size());
  for (size_t i = 0; i < a.positions_m.size(); ++i) {
    for (size_t c = 0; c < 3; ++c) {
      double x = a.positions_m[i][c];
      double y = b.positions_m[i][c];
      if (std::isnan(x)) {
        EXPECT_TRUE(std::isnan(y)) << "cell " << i;
      } else if (exact) {
        EXPECT_EQ(x, y) << "cell " << i;
      } else {
        EXPECT_DOUBLE_EQ(x, y) << "cell " << i;
      }
    }
  }
}

TEST(TrcWriterTest, RoundTripsOpenSimWalkInMmAndM) {
  Result<Trial> original = ReadTrc(kData + "/opensim_subject01/subject01_walk1.trc");
  ASSERT_TRUE(original.ok()) << original.status().ToString();
  // Row 1 of the file: R.ASIS 617.247620 1055.275020 170.781980 (mm); written
  // back in mm it reads the same, less the trailing zeros.
  Result<std::string> mm = FormatTrc(*original, TrcUnits::kMillimetres);
  ASSERT_TRUE(mm.ok());
  EXPECT_NE(mm->find("\n1\t0\t617.24762\t1055.27502\t170.78198\t"), std::string::npos);
  for (TrcUnits units : {TrcUnits::kMillimetres, TrcUnits::kMetres}) {
    const std::string path = TempPath("walk.trc");
    ASSERT_TRUE(WriteTrc(*original, path, units).ok());
    Result<Trial> back = ReadTrc(path);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->sample_rate_hz, original->sample_rate_hz);
    EXPECT_EQ(back->start_time_s, original->start_time_s);
    EXPECT_EQ(back->metadata.at("units"), LengthUnitSymbol(units));
    ExpectSamePositions(*original, *back, true);
    ::unlink(path.c_str());
  }
}

Trial SmallTrial() {
  Trial t;
  t.sample_rate_hz = 120;
  t.start_time_s = 0.25;
  t.frame_count = 3;
  t.landmarks = {"A22:LASI", "left heel", "x"};
  t.vertical_axis = Axis::kZ;
  for (int f = 0; f < 3; ++f) {
    t.positions_m.push_back({0.1 * f, 1.0 / 3.0, -2.5e-3});
    t.positions_m.push_back(f == 1 ? Vec3{kNaN, kNaN, kNaN} : Vec3{0.3, 0.2, 1e-9});
    t.positions_m.push_back({-1234.5678, 0, 7});
  }
  return t;
}

TEST(TrcWriterTest, MissingMarkersAndTimesSurvive) {
  const Trial t = SmallTrial();
  Result<std::string> text = FormatTrc(t, TrcUnits::kMillimetres);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<Trial> back = ParseTrc(*text, "mem.trc");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->sample_rate_hz, 120);
  EXPECT_EQ(back->start_time_s, 0.25);
  EXPECT_TRUE(IsMissing(back->At(1, 1)));
  ExpectSamePositions(t, *back, false);
}

TEST(TrcWriterTest, MillimetreTextIsShortAndCentimetresRoundTrip) {
  Trial t = SmallTrial();
  t.frame_count = 1;
  t.landmarks = {"A"};
  t.positions_m = {{1234.56 / 1000, 1.0, -0.0005}};
  Result<std::string> text = FormatTrc(t, TrcUnits::kMillimetres);
  ASSERT_TRUE(text.ok());
  // As a mm file would have it; x * 1000 printed plainly is 1234.5600000000002.
  EXPECT_NE(text->find("\t1234.56\t1000\t-0.5\n"), std::string::npos) << *text;
  Result<Trial> cm = ParseTrc(*FormatTrc(t, TrcUnits::kCentimetres), "cm.trc");
  ASSERT_TRUE(cm.ok());
  ExpectSamePositions(t, *cm, false);
}

TEST(TrcWriterTest, AnyNaNCoordinateWritesTheMarkerAsMissing) {
  Trial t = SmallTrial();
  t.At(0, 0)[1] = kNaN;  // trial.h: a landmark is missing when any coordinate is NaN
  Result<Trial> back = ParseTrc(*FormatTrc(t, TrcUnits::kMetres), "mem.trc");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(std::isnan(back->At(0, 0)[0]) && std::isnan(back->At(0, 0)[2]));
}

TEST(TrcWriterTest, RefusesMalformedTrials) {
  Trial t = SmallTrial();
  t.landmarks[2] = "A22:LASI";
  EXPECT_EQ(
      FormatTrc(t, TrcUnits::kMetres).status().message(),
      "TRC: cannot write: landmark name 'A22:LASI' appears twice: expected unique names");
  t = SmallTrial();
  t.landmarks[1] = "bad\tname";
  EXPECT_EQ(
      FormatTrc(t, TrcUnits::kMetres).status().message(),
      "TRC: cannot write: landmark 1 name 'bad?name': expected a non-empty name without "
      "surrounding blanks, line breaks or separators");
  t = SmallTrial();
  t.positions_m.pop_back();
  EXPECT_EQ(WriteTrc(t, TempPath("x.trc"), TrcUnits::kMetres).message(),
            TempPath("x.trc") +
                ": cannot write: positions_m has 8 entries: expected frame_count x "
                "landmarks = 9");
  t = SmallTrial();
  t.positions_m[4][2] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(FormatTrc(t, TrcUnits::kMetres).status().message(),
            "TRC: cannot write: frame 1 landmark left heel has an infinite coordinate: "
            "expected a finite number or NaN for missing");
  t = SmallTrial();
  t.positions_m[0][0] = 1e306;  // fine in metres, infinite in mm
  EXPECT_TRUE(FormatTrc(t, TrcUnits::kMetres).ok());
  EXPECT_EQ(
      FormatTrc(t, TrcUnits::kMillimetres).status().message(),
      "TRC: cannot write: frame 0 landmark A22:LASI coordinate 1e+306 m overflows in mm: "
      "expected a position a file can hold");
}

TEST(KeypointCsvWriterTest, RoundTripsWithConfidencesInMmAndM) {
  Trial t = SmallTrial();
  t.vertical_axis = Axis::kY;
  t.vertical_sign = -1;
  t.confidence = {0.9f, 0.5f, 1.0f, 0.0f, std::nanf(""), 0.25f, 0.7f, 0.3f, 0.123f};
  for (LengthUnit units : {LengthUnit::kMillimetres, LengthUnit::kMetres}) {
    const std::string path = TempPath("kp.csv");
    ASSERT_TRUE(WriteKeypointCsv(t, path, units).ok());
    Result<Trial> back = ReadKeypointCsv(path);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->sample_rate_hz, 120);
    EXPECT_EQ(back->start_time_s, 0.25);
    ASSERT_TRUE(back->vertical_axis.has_value());
    EXPECT_EQ(*back->vertical_axis, Axis::kY);
    EXPECT_EQ(back->vertical_sign, -1);
    ExpectSamePositions(t, *back, units == LengthUnit::kMetres);
    ASSERT_EQ(back->confidence.size(), t.confidence.size());
    for (size_t i = 0; i < t.confidence.size(); ++i) {
      if (std::isnan(t.confidence[i])) {
        EXPECT_TRUE(std::isnan(back->confidence[i]));
      } else {
        EXPECT_EQ(back->confidence[i], t.confidence[i]);
      }
    }
    ::unlink(path.c_str());
  }
}

TEST(KeypointCsvWriterTest, RoundTripsOpenCapKeypoints) {
  Result<Trial> original = ReadTrc(kData + "/opencap_subject3/walking1.trc");
  ASSERT_TRUE(original.ok()) << original.status().ToString();
  Result<std::string> text = FormatKeypointCsv(*original, LengthUnit::kMillimetres);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<Trial> back = ParseKeypointCsv(*text, "walking1.csv");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_DOUBLE_EQ(back->sample_rate_hz, 100.0);
  EXPECT_EQ(back->vertical_axis, original->vertical_axis);
  ExpectSamePositions(*original, *back, true);
}

TEST(KeypointCsvWriterTest, RefusesWhatCannotReadBack) {
  Trial t = SmallTrial();
  t.frame_count = 1;
  t.positions_m.resize(3);
  EXPECT_EQ(
      FormatKeypointCsv(t, LengthUnit::kMetres).status().message(),
      "keypoint CSV: cannot write: frame_count = 1: expected at least 2 frames (the "
      "reader derives the rate from the time column)");
  t = SmallTrial();
  t.landmarks[0] = "a,b";
  EXPECT_FALSE(FormatKeypointCsv(t, LengthUnit::kMetres).ok());
}

}  // namespace
}  // namespace thaplan
