// C3D motion-capture files (c3d.org, "The C3D File Format User Guide"):
// reading into a Trial, and a small writer for tests, benchmarks and fixtures.
//
// What is read, and how, is described in docs/c3d.md. In short: the marker
// trajectories of POINT (metres, invalid samples NaN, labels exactly as in the
// file), the rate, frame count and first frame, the vertical axis from
// POINT:Y_SCREEN, the EVENT group (or the header events), the ANALYSIS group
// and a few header facts as metadata. Analog data is skipped. Points that the
// file lists as model outputs (POINT:ANGLES, FORCES, MOMENTS, POWERS, ...) are
// not positions and are kept apart (C3dContents::derived).
//
// Every error is a Status whose message starts with the file name and names
// the byte offset or parameter, the bad value and what was expected. No input
// makes the reader crash or read out of bounds (fuzzed: src/io/c3d_fuzz.cc).
// All functions are thread-compatible and keep no global state.
#ifndef THAPLAN_C3D_H_
#define THAPLAN_C3D_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "thaplan/status.h"
#include "thaplan/trial.h"

namespace thaplan {

// The number format named by byte 4 of the parameter section (83 + n).
enum class C3dProcessor {
  kIntel,  // 84: little-endian integers, IEEE floats
  kDec,    // 85: little-endian integers, DEC (VAX) F-floats
  kMips,   // 86: big-endian integers and IEEE floats
};

// How the 3D data are stored: 16-bit integers times POINT:SCALE, or floats.
enum class C3dStorage { kInteger, kFloat };

// A point the capture software computed that is not a position (a joint
// angle, force, moment, power...), in the unit the file gives for its kind.
struct C3dDerivedPoint {
  std::string label;         // exactly as in the file, e.g. "A22:LHipAngles"
  std::string kind;          // the POINT parameter listing it: "ANGLES", "FORCES", ...
  std::string unit;          // e.g. "deg" from POINT:ANGLE_UNITS; "" if the file has none
  std::vector<Vec3> values;  // one per frame; NaN where the file marks it invalid
};

struct C3dContents {
  Trial trial;
  std::vector<C3dDerivedPoint> derived;
};

// Reads the whole file, then ParseC3d. `trial.source_path` is `path`.
Result<Trial> ReadC3d(const std::string& path);
Result<C3dContents> ReadC3dContents(const std::string& path);

// Parses the bytes of a C3D file; `name` (usually the path) starts every error
// message and becomes trial.source_path.
Result<Trial> ParseC3d(std::span<const uint8_t> bytes, const std::string& name);
Result<C3dContents> ParseC3dContents(std::span<const uint8_t> bytes,
                                     const std::string& name);

struct C3dWriteOptions {
  C3dProcessor processor = C3dProcessor::kIntel;
  C3dStorage storage = C3dStorage::kInteger;
  // Millimetres per integer step (the magnitude of POINT:SCALE). 0: the
  // largest coordinate / 32000, as the C3D guide recommends.
  double point_scale_mm = 0;
  // Analog channels interleaved into each frame, to exercise readers and
  // benchmarks; the reader skips them. Samples per channel per frame.
  int analog_channels = 0;
  int analog_samples_per_frame = 1;
  // Sample values, [frame][sample][channel]; empty: all zero. Stored as
  // integers (rounded) in integer files, as floats in float files.
  std::vector<float> analog;
};

// Writes `trial` (points in millimetres, the EVENT and ANALYSIS groups, the
// vertical axis as POINT:Y_SCREEN, TRIAL:ACTUAL_START/END_FIELD for more
// than 65535 frames) atomically to `path`. Errors: a coordinate that does not
// fit the integer scale, a value DEC floats cannot hold, a bad option, I/O.
Status WriteC3d(const Trial& trial, const C3dWriteOptions& options,
                const std::string& path);
// The same bytes, in memory.
Result<std::vector<uint8_t>> EncodeC3d(const Trial& trial,
                                       const C3dWriteOptions& options);

std::string_view C3dProcessorName(C3dProcessor p);  // "Intel", "DEC", "MIPS"

}  // namespace thaplan

#endif  // THAPLAN_C3D_H_
