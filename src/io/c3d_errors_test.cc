// Bad input gives a clear Status naming the file, never a crash: exact
// messages for the errors users will meet, and damaged copies of a real file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "io/c3d_test_util.h"
#include "thaplan/c3d.h"

namespace thaplan {
namespace {

using c3d_test::kPig;
using c3d_test::ReadBytes;
using c3d_test::SharedData;

std::vector<uint8_t> SyntheticBytes() {
  Trial t;
  t.sample_rate_hz = 100;
  t.frame_count = 10;
  t.landmarks = {"LASI", "RASI"};
  for (int i = 0; i < 20; ++i) t.positions_m.push_back({0.1 * i, 0.2, 0.9});
  Result<std::vector<uint8_t>> bytes = EncodeC3d(t, {});
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

// Offset of the data of the first parameter record called `name` (scalar or
// one-dimensional), found by its bytes: name, 2-byte offset, type, rank, dims.
size_t ParamData(const std::vector<uint8_t>& b, const std::string& name) {
  auto it = std::search(b.begin() + 512, b.end(), name.begin(), name.end());
  EXPECT_NE(it, b.end()) << name;
  size_t at = static_cast<size_t>(it - b.begin()) + name.size() + 2;
  return at + 2 + b[at + 1];  // skip type, rank and the dimension bytes
}

TEST(C3dErrorTest, UnknownProcessorType) {
  std::vector<uint8_t> b = ReadBytes(SharedData(kPig));
  b[512 + 3] = 90;
  Result<Trial> t = ParseC3d(b, "gait-pig.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "gait-pig.c3d: byte 515 (parameter section processor type) = 90: expected 84 "
            "(Intel), 85 (DEC) or 86 (MIPS)");
}

TEST(C3dErrorTest, TruncatedData) {
  std::vector<uint8_t> b = ReadBytes(SharedData(kPig));
  b.resize(200000);
  Result<Trial> t = ParseC3d(b, "gait-pig.c3d");
  ASSERT_FALSE(t.ok());
  // (200000 - 18944) / 1576 = 114.9 frames.
  EXPECT_EQ(t.status().message(),
            "gait-pig.c3d: truncated data: the header and parameters give 142 frames of "
            "1576 bytes from byte 18944, but the file (200000 bytes) holds only 114 "
            "complete frames");
}

TEST(C3dErrorTest, FramesBeyondTheEndOfTheFile) {
  std::vector<uint8_t> b = SyntheticBytes();
  b[ParamData(b, "FRAMES")] = 200;  // 10 -> 200 (little-endian low byte)
  Result<Trial> t = ParseC3d(b, "walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("give 200 frames of 16 bytes"), std::string::npos)
      << t.status().message();
  EXPECT_NE(t.status().message().find("holds only "), std::string::npos);
}

TEST(C3dErrorTest, BadUnits) {
  std::vector<uint8_t> b = SyntheticBytes();
  size_t at = ParamData(b, "UNITS");
  ASSERT_EQ(std::memcmp(&b[at], "mm", 2), 0);
  std::memcpy(&b[at], "in", 2);
  Result<Trial> t = ParseC3d(b, "walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "walk.c3d: parameter POINT:UNITS = 'in': expected mm, cm or m");
}

TEST(C3dErrorTest, OtherLengthUnitsConvertToMetres) {
  std::vector<uint8_t> b = SyntheticBytes();
  size_t at = ParamData(b, "UNITS");
  Result<Trial> mm = ParseC3d(b, "walk.c3d");
  std::memcpy(&b[at], "cm", 2);
  Result<Trial> cm = ParseC3d(b, "walk.c3d");
  std::memcpy(&b[at], "m ", 2);
  Result<Trial> m = ParseC3d(b, "walk.c3d");
  ASSERT_TRUE(mm.ok() && cm.ok() && m.ok());
  EXPECT_EQ(m->metadata.at("c3d.point_units"), "m");
  EXPECT_DOUBLE_EQ(cm->At(5, 0)[0], mm->At(5, 0)[0] * 10);
  EXPECT_DOUBLE_EQ(m->At(5, 0)[0], mm->At(5, 0)[0] * 1000);
}

TEST(C3dErrorTest, NegativeAndZeroRate) {
  std::vector<uint8_t> b = SyntheticBytes();
  size_t at = ParamData(b, "RATE");  // POINT:RATE comes before ANALOG:RATE
  const float minus_fifty = -50.0f;
  std::memcpy(&b[at], &minus_fifty, 4);  // Intel: little-endian IEEE
  Result<Trial> t = ParseC3d(b, "walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "walk.c3d: parameter POINT:RATE = -50: expected a positive rate");
  std::memset(&b[at], 0, 4);
  t = ParseC3d(b, "walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "walk.c3d: parameter POINT:RATE = 0: expected a positive rate");
}

TEST(C3dErrorTest, CorruptParameterRecords) {
  std::vector<uint8_t> good = SyntheticBytes();
  // First record: the POINT group at byte 516 (name length 5, id -1,
  // "POINT", then its offset word at 523).
  std::vector<uint8_t> b = good;
  b[523] = 0xff;
  b[524] = 0x7f;
  Result<Trial> t = ParseC3d(b, "walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(
      t.status().message(),
      "walk.c3d: parameter record at byte 516 (POINT): offset to the next record = "
      "32767 points to byte 33290, past the end of the parameter section at byte 1024");
  // POINT:USED follows at byte 526; its rank byte at 526 + 2 + 4 + 2 + 1.
  b = good;
  ASSERT_EQ(std::memcmp(&b[528], "USED", 4), 0);
  b[535] = 0xff;
  t = ParseC3d(b, "walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "walk.c3d: parameter record at byte 526 (USED): number of dimensions = -1: "
            "expected 0..7");
  // A label list whose size runs past the section.
  b = good;
  size_t labels =
      static_cast<size_t>(std::search(b.begin() + 512, b.end(), std::begin("LABELS"),
                                      std::end("LABELS") - 1) -
                          b.begin());
  b[labels + 6 + 2 + 2] = 255;  // first dimension (string length)
  b[labels + 6 + 2 + 3] = 255;  // second dimension (count)
  t = ParseC3d(b, "walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("data of LABELS (65025 bytes) would end at byte"),
            std::string::npos)
      << t.status().message();
}

TEST(C3dErrorTest, NotAC3dFileAndTooShort) {
  std::vector<uint8_t> text(600, 'a');
  Result<Trial> t = ParseC3d(text, "notes.txt");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "notes.txt: byte 1 = 0x61: expected 0x50, the C3D key (is this a C3D file?)");
  t = ParseC3d(std::span<const uint8_t>(text.data(), 100), "x.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "x.c3d: truncated: the file has 100 bytes: expected at least 512 (the header "
            "block)");
}

TEST(C3dErrorTest, MissingFile) {
  Result<Trial> t = ReadC3d("/nonexistent/walk.c3d");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kIOError);
  EXPECT_EQ(t.status().message().rfind("/nonexistent/walk.c3d: ", 0), 0u);
}

// Every proper prefix of gait-pig.c3d is refused with a message that names
// the file (the data section ends exactly at the end of the file).
TEST(C3dDamageTest, TruncatedAtManyCutPoints) {
  std::vector<uint8_t> b = ReadBytes(SharedData(kPig));
  ASSERT_EQ(b.size(), 242736u);
  for (size_t cut = 0; cut < b.size(); cut += (cut < 20000 ? 97 : 1009)) {
    Result<Trial> t = ParseC3d(std::span<const uint8_t>(b.data(), cut), "gait-pig.c3d");
    ASSERT_FALSE(t.ok()) << "cut at " << cut;
    ASSERT_EQ(t.status().message().rfind("gait-pig.c3d: ", 0), 0u)
        << t.status().message();
  }
}

// Flipped bytes anywhere either still read (then with the same shape of
// output) or give a message naming the file; never a crash (run under ASan
// in the asan preset).
TEST(C3dDamageTest, ByteFlipsAtManyOffsets) {
  std::vector<uint8_t> b = ReadBytes(SharedData(kPig));
  ASSERT_EQ(b.size(), 242736u);
  int refused = 0;
  int read = 0;
  // Densely over the header and parameter section (bytes 0..18943), where
  // the structure is; sparsely over the data.
  for (size_t at = 0; at < b.size(); at += (at < 18944 ? 19 : 1999)) {
    b[at] ^= 0xff;
    Result<Trial> t = ParseC3d(b, "gait-pig.c3d");
    b[at] ^= 0xff;
    if (t.ok()) {
      ++read;
      ASSERT_EQ(t->positions_m.size(),
                static_cast<size_t>(t->frame_count) * t->landmarks.size());
    } else {
      ++refused;
      ASSERT_EQ(t.status().message().rfind("gait-pig.c3d: ", 0), 0u) << t.status().message();
    }
  }
  // Both outcomes happen: flips in descriptions or data are harmless, flips
  // in structure are caught.
  EXPECT_GT(read, 0);
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace thaplan
