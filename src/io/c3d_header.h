// The C3D header block (the file's first 512 bytes) and the parameter-section
// header that names the processor type. Word numbers below are the C3D
// guide's 1-based 16-bit words ("The C3D Header" in c3d.org's user guide).
#ifndef THAPLAN_IO_C3D_HEADER_H_
#define THAPLAN_IO_C3D_HEADER_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "io/c3d_format.h"
#include "thaplan/status.h"

namespace thaplan::io::c3d {

struct HeaderEvent {
  float time_s = 0;  // seconds after the first frame of the file
  std::string label;
  bool displayed = false;
};

struct Header {
  size_t parameter_offset = 0;  // byte 1: parameter block (1-based) -> bytes
  size_t parameter_blocks = 0;  // parameter section byte 3
  C3dProcessor processor = C3dProcessor::kIntel;  // parameter section byte 4
  uint16_t point_count = 0;                       // word 2
  uint16_t analog_words = 0;        // word 3: analog samples per frame, all channels
  uint16_t first_frame = 0;         // word 4
  uint16_t last_frame = 0;          // word 5
  float scale = 0;                  // words 7-8
  uint16_t data_start_block = 0;    // word 9
  uint16_t analog_per_channel = 0;  // word 10: samples per channel per frame
  float rate = 0;                   // words 11-12
  std::vector<HeaderEvent> events;  // words 150-234, when word 150 is 12345
};

// Byte offsets of header fields, shared with the writer.
inline constexpr size_t kEventKeyAt = 298;     // word 150
inline constexpr size_t kEventCountAt = 300;   // word 151
inline constexpr size_t kEventTimesAt = 304;   // words 153-188
inline constexpr size_t kEventFlagsAt = 376;   // words 189-197
inline constexpr size_t kEventLabelsAt = 396;  // words 199-234
inline constexpr int kMaxHeaderEvents = 18;

// Locates the parameter section, reads the processor type from it, then
// decodes the header in that byte order.
Result<Header> ParseHeader(std::span<const uint8_t> bytes, const std::string& file);

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_HEADER_H_
