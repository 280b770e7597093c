// ParseC3d: header -> parameter section -> point layout -> data, events,
// analysis values and metadata, in that order; the first problem found is
// returned.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "io/c3d_data.h"
#include "io/c3d_events.h"
#include "io/c3d_header.h"
#include "io/c3d_layout.h"
#include "io/c3d_params.h"
#include "thaplan/c3d.h"

namespace thaplan {
namespace {

using io::c3d::FormatNumber;
using io::c3d::Header;
using io::c3d::ParameterSection;
using io::c3d::PointSetup;

// Vicon's lists of model outputs stored as points, and the parameter giving
// each kind's unit, used when POINT:TYPE_GROUPS is absent.
constexpr std::pair<const char*, const char*> kDefaultTypeGroups[] = {
    {"ANGLES", "ANGLE"}, {"FORCES", "FORCE"},   {"MOMENTS", "MOMENT"},
    {"POWERS", "POWER"}, {"SCALARS", "SCALAR"}, {"REACTIONS", "REACTION"},
};

struct DerivedKind {
  std::string kind;
  std::string unit;
};

// Labels of points that are not positions, with their kind and unit.
Result<std::map<std::string, DerivedKind>> FindDerivedLabels(
    const ParameterSection& params) {
  std::vector<std::pair<std::string, std::string>> groups;
  THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> type_groups,
                           params.Strings("POINT", "TYPE_GROUPS"));
  for (size_t i = 0; i + 1 < type_groups.size(); i += 2) {
    groups.emplace_back(type_groups[i], type_groups[i + 1]);
  }
  if (groups.empty()) {
    for (const auto& [kind, unit] : kDefaultTypeGroups) groups.emplace_back(kind, unit);
  }
  std::map<std::string, DerivedKind> out;
  for (const auto& [kind, unit_prefix] : groups) {
    if (kind.empty()) continue;
    THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> labels,
                             params.Strings("POINT", kind));
    THAPLAN_ASSIGN_OR_RETURN(std::optional<std::string> unit,
                             params.String("POINT", unit_prefix + "_UNITS"));
    for (const std::string& label : labels) {
      if (!label.empty()) out.emplace(label, DerivedKind{kind, unit.value_or("")});
    }
  }
  return out;
}

Status ReadPoints(std::span<const uint8_t> bytes, const ParameterSection& params,
                  const PointSetup& setup, C3dContents* out) {
  THAPLAN_ASSIGN_OR_RETURN(auto derived_labels, FindDerivedLabels(params));
  const size_t points = setup.layout.point_count;
  const bool is_float = setup.layout.storage == C3dStorage::kFloat;
  // Float coordinates are already scaled (c3d.org, "3D Data - Floating-point
  // Format"); integers are multiplied by POINT:SCALE.
  const double step = is_float ? 1.0 : setup.scale;
  std::vector<double> multipliers(points);
  std::vector<const DerivedKind*> kinds(points, nullptr);
  for (size_t p = 0; p < points; ++p) {
    auto it = derived_labels.find(setup.labels[p]);
    if (it != derived_labels.end()) kinds[p] = &it->second;
    multipliers[p] = kinds[p] ? step : step * setup.metres_per_unit;
  }
  Trial& trial = out->trial;
  std::vector<Vec3> all;
  int64_t nonfinite = io::c3d::DecodePoints(bytes, setup.layout, multipliers, &all);
  if (nonfinite > 0) trial.metadata["c3d.nonfinite_samples"] = std::to_string(nonfinite);
  std::vector<size_t> markers;
  for (size_t p = 0; p < points; ++p) {
    if (kinds[p] == nullptr) {
      markers.push_back(p);
      trial.landmarks.push_back(setup.labels[p]);
    } else {
      out->derived.push_back({setup.labels[p], kinds[p]->kind, kinds[p]->unit, {}});
    }
  }
  if (markers.size() == points) {
    trial.positions_m = std::move(all);
    return Status::Ok();
  }
  const size_t frames = static_cast<size_t>(setup.layout.frames);
  trial.positions_m.reserve(frames * markers.size());
  for (C3dDerivedPoint& d : out->derived) d.values.reserve(frames);
  for (size_t frame_idx = 0; frame_idx < frames; ++frame_idx) {
    size_t derived_idx = 0;
    for (size_t p = 0; p < points; ++p) {
      const Vec3& v = all[frame_idx * points + p];
      if (kinds[p] == nullptr) {
        trial.positions_m.push_back(v);
      } else {
        out->derived[derived_idx++].values.push_back(v);
      }
    }
  }
  return Status::Ok();
}

void AddMetadata(const Header& header, const PointSetup& setup, const C3dContents& out,
                 Trial* trial) {
  auto& m = trial->metadata;
  m["c3d.processor"] = std::string(C3dProcessorName(header.processor));
  m["c3d.storage"] = setup.layout.storage == C3dStorage::kFloat ? "float" : "integer";
  m["c3d.point_scale"] = FormatNumber(setup.scale);
  m["c3d.point_units"] = setup.units;
  m["c3d.point_count"] = std::to_string(setup.layout.point_count);
  m["c3d.first_frame"] = std::to_string(setup.first_frame);
  m["c3d.analog_channels"] = std::to_string(setup.analog_channels);
  m["c3d.analog_rate_hz"] = FormatNumber(setup.analog_rate_hz);
  m["c3d.derived_points"] = std::to_string(out.derived.size());
}

}  // namespace

std::string_view C3dProcessorName(C3dProcessor p) {
  switch (p) {
    case C3dProcessor::kIntel:
      return "Intel";
    case C3dProcessor::kDec:
      return "DEC";
    case C3dProcessor::kMips:
      return "MIPS";
  }
  return "?";
}

Result<C3dContents> ParseC3dContents(std::span<const uint8_t> bytes,
                                     const std::string& name) {
  THAPLAN_ASSIGN_OR_RETURN(Header header, io::c3d::ParseHeader(bytes, name));
  if (header.parameter_blocks == 0) {
    return Status::Corruption(name + ": byte " +
                              std::to_string(header.parameter_offset + 2) +
                              " (parameter block count) = 0: expected 1 or more");
  }
  size_t param_end =
      header.parameter_offset + header.parameter_blocks * io::c3d::kBlockSize;
  if (param_end > bytes.size()) {
    return Status::Corruption(name + ": truncated: the parameter section (" +
                              std::to_string(header.parameter_blocks) +
                              " blocks) should end at byte " + std::to_string(param_end) +
                              " but the file has " + std::to_string(bytes.size()) +
                              " bytes");
  }
  THAPLAN_ASSIGN_OR_RETURN(ParameterSection params,
                           ParameterSection::Parse(bytes, header.parameter_offset + 4,
                                                   param_end, header.processor, name));
  THAPLAN_ASSIGN_OR_RETURN(PointSetup setup,
                           io::c3d::ReadPointSetup(header, params, bytes.size()));
  C3dContents out;
  Trial& trial = out.trial;
  trial.source_path = name;
  trial.format = "c3d";
  trial.sample_rate_hz = setup.rate_hz;
  trial.frame_count = setup.layout.frames;
  // Frame numbers start at 1 (c3d.org: "there is no frame zero"), and Vicon's
  // EVENT times use the same clock: frame n is at (n - 1) / rate.
  trial.start_time_s =
      static_cast<double>(setup.first_frame > 0 ? setup.first_frame - 1 : 0) /
      setup.rate_hz;
  THAPLAN_RETURN_IF_ERROR(ReadPoints(bytes, params, setup, &out));
  THAPLAN_RETURN_IF_ERROR(io::c3d::ReadVerticalAxis(params, &trial));
  THAPLAN_RETURN_IF_ERROR(io::c3d::ReadEvents(header, params, &trial));
  THAPLAN_RETURN_IF_ERROR(io::c3d::ReadAnalysis(params, &trial));
  AddMetadata(header, setup, out, &trial);
  return out;
}

Result<Trial> ParseC3d(std::span<const uint8_t> bytes, const std::string& name) {
  THAPLAN_ASSIGN_OR_RETURN(C3dContents contents, ParseC3dContents(bytes, name));
  return std::move(contents.trial);
}

namespace {

Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::IOError(path + ": cannot open for reading: " + std::strerror(errno));
  }
  std::vector<uint8_t> bytes;
  uint8_t buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    bytes.insert(bytes.end(), buf, buf + n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::IOError(path + ": read error");
  return bytes;
}

}  // namespace

Result<C3dContents> ReadC3dContents(const std::string& path) {
  THAPLAN_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadWholeFile(path));
  return ParseC3dContents(bytes, path);
}

Result<Trial> ReadC3d(const std::string& path) {
  THAPLAN_ASSIGN_OR_RETURN(C3dContents contents, ReadC3dContents(path));
  return std::move(contents.trial);
}

}  // namespace thaplan
