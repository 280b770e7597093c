#include "io/c3d_header.h"

#include <cstdio>

namespace thaplan::io::c3d {
namespace {

std::string Hex(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

Status ReadProcessor(std::span<const uint8_t> bytes, const std::string& file, Header* h) {
  size_t at = h->parameter_offset + 3;
  uint8_t type = bytes[at];
  if (type < kProcessorBase + 1 || type > kProcessorBase + 3) {
    return Status::Unsupported(
        file + ": byte " + std::to_string(at) + " (parameter section processor type) = " +
        std::to_string(type) + ": expected 84 (Intel), 85 (DEC) or 86 (MIPS)");
  }
  h->processor = static_cast<C3dProcessor>(type - kProcessorBase - 1);
  return Status::Ok();
}

Status ReadHeaderEvents(std::span<const uint8_t> bytes, const std::string& file,
                        Header* h) {
  C3dProcessor p = h->processor;
  if (LoadU16(&bytes[kEventKeyAt], p) != kHeaderEventKey) return Status::Ok();
  uint16_t count = LoadU16(&bytes[kEventCountAt], p);
  if (count > kMaxHeaderEvents) {
    return Status::Corruption(file + ": byte " + std::to_string(kEventCountAt) +
                              " (header word 151, event count) = " +
                              std::to_string(count) + ": expected 0..18");
  }
  for (size_t i = 0; i < count; ++i) {
    HeaderEvent e;
    e.time_s = LoadFloat(&bytes[kEventTimesAt + 4 * i], p);
    e.displayed = bytes[kEventFlagsAt + i] != 0;
    const uint8_t* label = &bytes[kEventLabelsAt + 4 * i];
    e.label.assign(label, label + 4);
    while (!e.label.empty() && (e.label.back() == ' ' || e.label.back() == '\0')) {
      e.label.pop_back();
    }
    h->events.push_back(std::move(e));
  }
  return Status::Ok();
}

}  // namespace

Result<Header> ParseHeader(std::span<const uint8_t> bytes, const std::string& file) {
  if (bytes.size() < kBlockSize) {
    return Status::Corruption(file + ": truncated: the file has " +
                              std::to_string(bytes.size()) +
                              " bytes: expected at least 512 (the header block)");
  }
  if (bytes[1] != kParameterKey) {
    return Status::InvalidInput(file + ": byte 1 = " + Hex(bytes[1]) +
                                ": expected 0x50, the C3D key (is this a C3D file?)");
  }
  Header h;
  if (bytes[0] < 2) {
    return Status::Corruption(
        file + ": byte 0 (parameter section block) = " + std::to_string(bytes[0]) +
        ": expected 2 or more (block 1 is the header)");
  }
  h.parameter_offset = (size_t{bytes[0]} - 1) * kBlockSize;
  if (h.parameter_offset + 4 > bytes.size()) {
    return Status::Corruption(file +
                              ": truncated: the parameter section should start at byte " +
                              std::to_string(h.parameter_offset) + " but the file has " +
                              std::to_string(bytes.size()) + " bytes");
  }
  THAPLAN_RETURN_IF_ERROR(ReadProcessor(bytes, file, &h));
  h.parameter_blocks = bytes[h.parameter_offset + 2];
  C3dProcessor p = h.processor;
  h.point_count = LoadU16(&bytes[2], p);
  h.analog_words = LoadU16(&bytes[4], p);
  h.first_frame = LoadU16(&bytes[6], p);
  h.last_frame = LoadU16(&bytes[8], p);
  h.scale = LoadFloat(&bytes[12], p);
  h.data_start_block = LoadU16(&bytes[16], p);
  h.analog_per_channel = LoadU16(&bytes[18], p);
  h.rate = LoadFloat(&bytes[20], p);
  THAPLAN_RETURN_IF_ERROR(ReadHeaderEvents(bytes, file, &h));
  return h;
}

}  // namespace thaplan::io::c3d
