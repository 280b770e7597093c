#include "io/c3d_layout.h"

#include <cmath>

namespace thaplan::io::c3d {
namespace {

Status Bad(const ParameterSection& params, const std::string& field,
           const std::string& value, const std::string& expected) {
  return Status::Corruption(params.file() + ": " + field + " = " + value + ": expected " +
                            expected);
}

Status ReadPointCount(const Header& h, const ParameterSection& params, PointSetup* s) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<uint32_t> used, params.Count("POINT", "USED"));
  uint32_t count = used ? *used : h.point_count;
  if (used && *used != h.point_count) {
    return Bad(
        params, "parameter POINT:USED", std::to_string(*used),
        "the point count in header word 2 (" + std::to_string(h.point_count) + ")");
  }
  s->layout.point_count = count;
  return Status::Ok();
}

Status ReadRate(const Header& h, const ParameterSection& params, PointSetup* s) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<double> rate, params.Number("POINT", "RATE"));
  double value = rate ? *rate : h.rate;
  if (!(std::isfinite(value) && value > 0)) {
    return Bad(params, rate ? "parameter POINT:RATE" : "header words 11-12 (point rate)",
               FormatNumber(value), "a positive rate");
  }
  s->rate_hz = FloatAsDecimal(static_cast<float>(value));
  return Status::Ok();
}

// POINT:UNITS to metres. Only lengths are accepted: anything else would make
// every coordinate silently wrong.
Status ReadUnits(const ParameterSection& params, PointSetup* s) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<std::string> units,
                           params.String("POINT", "UNITS"));
  if (!units) {
    return Status::Corruption(params.file() +
                              ": parameter POINT:UNITS is missing: expected mm, cm or m");
  }
  s->units = *units;
  if (*units == "mm") {
    s->metres_per_unit = 0.001;
  } else if (*units == "cm") {
    s->metres_per_unit = 0.01;
  } else if (*units == "m") {
    s->metres_per_unit = 1.0;
  } else {
    return Bad(params, "parameter POINT:UNITS", "'" + *units + "'", "mm, cm or m");
  }
  return Status::Ok();
}

Status ReadScale(const Header& h, const ParameterSection& params, PointSetup* s) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<double> scale, params.Number("POINT", "SCALE"));
  double value = scale ? *scale : h.scale;
  if (!(std::isfinite(value) && value != 0)) {
    return Bad(params, scale ? "parameter POINT:SCALE" : "header words 7-8 (point scale)",
               FormatNumber(value),
               "a non-zero number (positive: integer data, negative: float data)");
  }
  s->scale = value;
  // c3d.org, "3D Data - Floating-point Format": the sign alone says float.
  s->layout.storage = value < 0 ? C3dStorage::kFloat : C3dStorage::kInteger;
  return Status::Ok();
}

Status ReadAnalog(const Header& h, const ParameterSection& params, PointSetup* s) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<uint32_t> used, params.Count("ANALOG", "USED"));
  if (!used) {
    // No ANALOG group: the header word is all there is.
    s->layout.analog_words = h.analog_words;
    s->analog_channels =
        h.analog_per_channel > 0 ? h.analog_words / h.analog_per_channel : 0;
    s->analog_rate_hz = s->rate_hz * h.analog_per_channel;
    return Status::Ok();
  }
  s->analog_channels = *used;
  if (*used == 0) {
    s->layout.analog_words = 0;
  } else {
    THAPLAN_ASSIGN_OR_RETURN(std::optional<double> rate, params.Number("ANALOG", "RATE"));
    double value = rate ? *rate : 0;
    double ratio = value / s->rate_hz;
    if (!(std::isfinite(value) && value > 0) ||
        std::fabs(ratio - std::round(ratio)) > 1e-6 || std::round(ratio) < 1 ||
        std::round(ratio) > 65535) {
      return Bad(
          params, "parameter ANALOG:RATE", rate ? FormatNumber(value) : "(missing)",
          "a positive whole multiple of POINT:RATE (" + FormatNumber(s->rate_hz) + ")");
    }
    s->analog_rate_hz = FloatAsDecimal(static_cast<float>(value));
    s->layout.analog_words = size_t{*used} * static_cast<size_t>(std::round(ratio));
  }
  // The header repeats this count; a disagreement means one of them is wrong
  // and every point after the first frame would be misread.
  if (s->layout.analog_words != h.analog_words) {
    return Bad(params, "header word 3 (analog samples per frame)",
               std::to_string(h.analog_words),
               "ANALOG:USED x ANALOG:RATE / POINT:RATE = " +
                   std::to_string(s->layout.analog_words));
  }
  return Status::Ok();
}

Result<int64_t> TrialField(const ParameterSection& params, std::string_view name) {
  const Parameter* p = params.Find("TRIAL", name);
  if (p == nullptr) return int64_t{-1};
  std::vector<double> words;
  if (p->type == ParamType::kInt16) {
    THAPLAN_ASSIGN_OR_RETURN(std::vector<uint16_t> raw, params.Words("TRIAL", name));
    words.assign(raw.begin(), raw.end());
  } else {
    THAPLAN_ASSIGN_OR_RETURN(words, params.Numbers("TRIAL", name));
  }
  const std::string field = "parameter TRIAL:" + std::string(name);
  if (words.size() < 2) {
    return Bad(params, field, words.empty() ? "(empty)" : FormatNumber(words[0]),
               "two 16-bit words (low, high)");
  }
  for (double w : words) {
    if (!(w >= 0 && w <= 65535) || w != std::floor(w)) {
      return Bad(params, field, FormatNumber(w), "two whole numbers in 0..65535");
    }
  }
  // Two unsigned words, least significant first, forming one 32-bit number
  // (the guide's "* 65535" is a misprint for the 32-bit split it describes).
  return static_cast<int64_t>(words[0]) + (static_cast<int64_t>(words[1]) << 16);
}

// c3d.org, "Reading the frame count": POINT:FRAMES, unless it is 65535 and
// TRIAL:ACTUAL_START_FIELD/END_FIELD (or POINT:LONG_FRAMES) hold the count.
Status ReadFrames(const Header& h, const ParameterSection& params, PointSetup* s) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<uint32_t> frames,
                           params.Count("POINT", "FRAMES"));
  THAPLAN_ASSIGN_OR_RETURN(int64_t start, TrialField(params, "ACTUAL_START_FIELD"));
  THAPLAN_ASSIGN_OR_RETURN(int64_t end, TrialField(params, "ACTUAL_END_FIELD"));
  s->first_frame = start >= 0 ? start : h.first_frame;
  int64_t count =
      frames ? int64_t{*frames}
             : (h.last_frame >= h.first_frame ? int64_t{h.last_frame} - h.first_frame + 1
                                              : 0);
  if (count == 65535 || !frames) {
    if (start >= 0 && end >= 0) {
      if (end < start) {
        return Bad(params, "parameter TRIAL:ACTUAL_END_FIELD", std::to_string(end),
                   "at least TRIAL:ACTUAL_START_FIELD (" + std::to_string(start) + ")");
      }
      count = end - start + 1;
    } else {
      THAPLAN_ASSIGN_OR_RETURN(std::optional<uint32_t> long_frames,
                               params.Count("POINT", "LONG_FRAMES"));
      if (long_frames) count = *long_frames;
    }
  }
  s->layout.frames = count;
  return Status::Ok();
}

Status ReadDataStart(const Header& h, const ParameterSection& params, size_t file_size,
                     PointSetup* s) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<uint32_t> start,
                           params.Count("POINT", "DATA_START"));
  uint32_t block = start ? *start : h.data_start_block;
  size_t first_free = h.parameter_offset / kBlockSize + 1 + h.parameter_blocks;
  if (block < first_free) {
    return Bad(params,
               start ? "parameter POINT:DATA_START" : "header word 9 (data start)",
               std::to_string(block),
               "a block after the parameter section (" + std::to_string(first_free) +
                   " or more)");
  }
  s->layout.data_offset = (size_t{block} - 1) * kBlockSize;
  // How many whole frames the file holds from there; more than that is a
  // truncated file, not a short trial.
  uint64_t frame_bytes = s->layout.FrameBytes();
  if (frame_bytes == 0) return Status::Ok();
  uint64_t available = file_size > s->layout.data_offset
                           ? (file_size - s->layout.data_offset) / frame_bytes
                           : 0;
  if (static_cast<uint64_t>(s->layout.frames) > available) {
    return Status::Corruption(
        params.file() + ": truncated data: the header and parameters give " +
        std::to_string(s->layout.frames) + " frames of " + std::to_string(frame_bytes) +
        " bytes from byte " + std::to_string(s->layout.data_offset) + ", but the file (" +
        std::to_string(file_size) + " bytes) holds only " + std::to_string(available) +
        " complete frames");
  }
  return Status::Ok();
}

Status ReadLabels(const ParameterSection& params, PointSetup* s) {
  size_t needed = s->layout.point_count;
  THAPLAN_ASSIGN_OR_RETURN(s->labels, params.Strings("POINT", "LABELS"));
  // LABELS2, LABELS3, ... continue the list past 255 entries (c3d.org).
  for (int n = 2; s->labels.size() < needed; ++n) {
    std::string name = "LABELS" + std::to_string(n);
    if (params.Find("POINT", name) == nullptr) break;
    THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> more,
                             params.Strings("POINT", name));
    s->labels.insert(s->labels.end(), more.begin(), more.end());
  }
  if (s->labels.size() < needed) {
    return Bad(params, "the number of POINT:LABELS (with LABELS2...)",
               std::to_string(s->labels.size()),
               "one per point: POINT:USED = " + std::to_string(needed));
  }
  s->labels.resize(needed);
  return Status::Ok();
}

}  // namespace

Result<PointSetup> ReadPointSetup(const Header& header, const ParameterSection& params,
                                  size_t file_size) {
  PointSetup s;
  s.layout.processor = header.processor;
  THAPLAN_RETURN_IF_ERROR(ReadPointCount(header, params, &s));
  THAPLAN_RETURN_IF_ERROR(ReadRate(header, params, &s));
  if (s.layout.point_count > 0) {
    THAPLAN_RETURN_IF_ERROR(ReadUnits(params, &s));
  }
  THAPLAN_RETURN_IF_ERROR(ReadScale(header, params, &s));
  THAPLAN_RETURN_IF_ERROR(ReadAnalog(header, params, &s));
  THAPLAN_RETURN_IF_ERROR(ReadFrames(header, params, &s));
  THAPLAN_RETURN_IF_ERROR(ReadDataStart(header, params, file_size, &s));
  THAPLAN_RETURN_IF_ERROR(ReadLabels(params, &s));
  return s;
}

}  // namespace thaplan::io::c3d
