// Parsing of the C3D parameter section (c3d.org, "Group Format" and
// "Parameter Format"). Every read is checked against the section's end, so a
// corrupt length or offset yields a Status, never an out-of-bounds read.
#include "io/c3d_params.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace thaplan::io::c3d {
namespace {

std::string Upper(std::span<const uint8_t> chars) {
  std::string s(chars.begin(), chars.end());
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Key(std::string_view group, std::string_view name) {
  std::string k(group);
  k += ':';
  k += name;
  return k;
}

std::string TypeName(ParamType t) {
  switch (t) {
    case ParamType::kChar:
      return "characters";
    case ParamType::kByte:
      return "bytes";
    case ParamType::kInt16:
      return "16-bit integers";
    case ParamType::kFloat:
      return "floats";
  }
  return "?";
}

std::string TrimRight(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

// The state of one pass over the records.
class RecordParser {
 public:
  RecordParser(std::span<const uint8_t> bytes, size_t end, C3dProcessor p,
               const std::string& file)
      : bytes_(bytes), end_(end), processor_(p), file_(file) {}

  // Parses the record at `pos`. Sets *next to the next record's offset, or
  // to 0 when the chain ends.
  Status ParseRecord(size_t pos, size_t* next, std::map<int, std::string>* groups,
                     std::vector<std::pair<int, Parameter>>* params) {
    *next = 0;
    if (pos + 2 > end_) return Overrun(pos, "record header", pos + 2);
    int name_len = std::abs(static_cast<int>(static_cast<int8_t>(bytes_[pos])));
    int id = static_cast<int8_t>(bytes_[pos + 1]);
    if (name_len == 0) return Status::Ok();  // end of the parameter chain
    size_t name_at = pos + 2;
    size_t offset_at = name_at + static_cast<size_t>(name_len);
    if (offset_at + 2 > end_) return Overrun(pos, "name", offset_at + 2);
    std::string name = Upper(bytes_.subspan(name_at, static_cast<size_t>(name_len)));
    if (id == 0) {
      return Status::Corruption(file_ + ": parameter record at byte " +
                                std::to_string(pos) + " (" + name +
                                "): group id = 0: expected -1..-127 for a group or "
                                "1..127 for a parameter");
    }
    int16_t offset = LoadI16(bytes_.data() + offset_at, processor_);
    if (offset < 0) {
      return Status::Corruption(
          file_ + ": parameter record at byte " + std::to_string(pos) + " (" + name +
          "): offset to the next record = " + std::to_string(offset) +
          ": expected 0 or positive");
    }
    if (offset != 0) {
      *next = offset_at + static_cast<size_t>(offset);
      if (*next > end_) {
        return Status::Corruption(
            file_ + ": parameter record at byte " + std::to_string(pos) + " (" + name +
            "): offset to the next record = " + std::to_string(offset) +
            " points to byte " + std::to_string(*next) +
            ", past the end of the parameter section at byte " + std::to_string(end_));
      }
    }
    if (id < 0) {
      groups->emplace(-id, std::move(name));
      return Status::Ok();
    }
    return ParseParameter(pos, offset_at + 2, id, std::move(name), params);
  }

 private:
  Status ParseParameter(size_t pos, size_t at, int id, std::string name,
                        std::vector<std::pair<int, Parameter>>* params) {
    Parameter p;
    p.name = std::move(name);
    p.offset = pos;
    if (at + 2 > end_)
      return Overrun(pos, "type and dimension count of " + p.name, at + 2);
    int type = static_cast<int8_t>(bytes_[at]);
    if (type != -1 && type != 1 && type != 2 && type != 4) {
      return Status::Corruption(file_ + ": parameter record at byte " +
                                std::to_string(pos) + " (" + p.name +
                                "): element type = " + std::to_string(type) +
                                ": expected -1 (char), 1 (byte), 2 (int16) or 4 (float)");
    }
    p.type = static_cast<ParamType>(type);
    int dim_count = static_cast<int8_t>(bytes_[at + 1]);
    if (dim_count < 0 || dim_count > 7) {
      return Status::Corruption(
          file_ + ": parameter record at byte " + std::to_string(pos) + " (" + p.name +
          "): number of dimensions = " + std::to_string(dim_count) + ": expected 0..7");
    }
    size_t dims_at = at + 2;
    size_t data_at = dims_at + static_cast<size_t>(dim_count);
    if (data_at > end_) return Overrun(pos, "dimensions of " + p.name, data_at);
    uint64_t elements = 1;
    for (int d = 0; d < dim_count; ++d) {
      // Dimensions are unsigned bytes (c3d.org, "Bytes": 0..255 in practice).
      p.dims.push_back(bytes_[dims_at + static_cast<size_t>(d)]);
      elements *= static_cast<uint64_t>(p.dims.back());
    }
    uint64_t size = elements * p.ElementSize();
    if (data_at + size > end_) {
      return Overrun(pos, "data of " + p.name + " (" + std::to_string(size) + " bytes)",
                     data_at + size);
    }
    p.data = bytes_.subspan(data_at, static_cast<size_t>(size));
    params->emplace_back(id, std::move(p));
    return Status::Ok();
  }

  Status Overrun(size_t pos, const std::string& what, uint64_t needed_end) const {
    return Status::Corruption(
        file_ + ": parameter record at byte " + std::to_string(pos) + ": " + what +
        " would end at byte " + std::to_string(needed_end) +
        ", past the end of the parameter section at byte " + std::to_string(end_));
  }

  std::span<const uint8_t> bytes_;
  size_t end_;
  C3dProcessor processor_;
  const std::string& file_;
};

}  // namespace

std::string FormatNumber(double v) {
  char buf[64];
  // Most values come from 32-bit floats: print those as the shortest decimal
  // that reads back as the same float (0.57, not 0.569999992847).
  float f = static_cast<float>(v);
  std::to_chars_result r = static_cast<double>(f) == v
                               ? std::to_chars(buf, buf + sizeof buf, f)
                               : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

double FloatAsDecimal(float f) {
  char buf[64];
  std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, f);
  double d = f;
  std::from_chars(buf, r.ptr, d);
  return d;
}

Result<ParameterSection> ParameterSection::Parse(std::span<const uint8_t> bytes,
                                                 size_t begin, size_t end,
                                                 C3dProcessor processor,
                                                 const std::string& file) {
  ParameterSection section;
  section.file_ = file;
  section.processor_ = processor;
  RecordParser parser(bytes, end, processor, file);
  std::map<int, std::string> groups;
  std::vector<std::pair<int, Parameter>> params;
  size_t pos = begin;
  while (pos != 0 && pos < end) {
    size_t next = 0;
    THAPLAN_RETURN_IF_ERROR(parser.ParseRecord(pos, &next, &groups, &params));
    if (next != 0 && next <= pos) break;  // cannot happen: offsets are positive
    pos = next;
  }
  for (auto& [id, param] : params) {
    auto group = groups.find(id);
    if (group == groups.end()) continue;  // orphan parameter: nothing can name it
    param.group = group->second;
    std::string key = Key(param.group, param.name);
    if (section.index_.count(key)) continue;  // the first of duplicates wins
    section.index_.emplace(std::move(key), section.params_.size());
    section.params_.push_back(std::move(param));
  }
  for (const auto& [id, group] : groups) section.groups_.insert(group);
  return section;
}

const Parameter* ParameterSection::Find(std::string_view group,
                                        std::string_view name) const {
  auto it = index_.find(Key(group, name));
  return it == index_.end() ? nullptr : &params_[it->second];
}

Status ParameterSection::Problem(const Parameter& p, const std::string& what) const {
  return Status::Corruption(file_ + ": parameter " + p.FullName() + " (record at byte " +
                            std::to_string(p.offset) + "): " + what);
}

Status ParameterSection::WrongType(const Parameter& p, std::string_view expected) const {
  return Problem(p, "holds " + TypeName(p.type) + ": expected " + std::string(expected));
}

double ParameterSection::ElementAsNumber(const Parameter& p, size_t i) const {
  const uint8_t* at = p.data.data() + i * p.ElementSize();
  switch (p.type) {
    case ParamType::kByte:
      return *at;
    case ParamType::kInt16:
      return LoadI16(at, processor_);
    case ParamType::kFloat:
      return LoadFloat(at, processor_);
    case ParamType::kChar:
      break;
  }
  return 0;
}

Result<std::optional<double>> ParameterSection::Number(std::string_view group,
                                                       std::string_view name) const {
  const Parameter* p = Find(group, name);
  if (p == nullptr) return std::optional<double>();
  if (p->type == ParamType::kChar) return WrongType(*p, "a number");
  if (p->ElementCount() == 0) return Problem(*p, "holds no value: expected a number");
  return std::optional<double>(ElementAsNumber(*p, 0));
}

Result<std::optional<uint32_t>> ParameterSection::Count(std::string_view group,
                                                        std::string_view name) const {
  const Parameter* p = Find(group, name);
  if (p == nullptr) return std::optional<uint32_t>();
  if (p->type == ParamType::kChar) return WrongType(*p, "a count");
  if (p->ElementCount() == 0) return Problem(*p, "holds no value: expected a count");
  if (p->type == ParamType::kInt16) {
    return std::optional<uint32_t>(LoadU16(p->data.data(), processor_));
  }
  double v = ElementAsNumber(*p, 0);
  if (!(v >= 0 && v <= 4294967295.0) || v != std::floor(v)) {
    return Problem(*p, "= " + FormatNumber(v) + ": expected a whole number >= 0");
  }
  return std::optional<uint32_t>(static_cast<uint32_t>(v));
}

Result<std::vector<double>> ParameterSection::Numbers(std::string_view group,
                                                      std::string_view name) const {
  std::vector<double> out;
  const Parameter* p = Find(group, name);
  if (p == nullptr) return out;
  if (p->type == ParamType::kChar) return WrongType(*p, "numbers");
  out.reserve(p->ElementCount());
  for (size_t i = 0; i < p->ElementCount(); ++i) out.push_back(ElementAsNumber(*p, i));
  return out;
}

Result<std::vector<uint16_t>> ParameterSection::Words(std::string_view group,
                                                      std::string_view name) const {
  std::vector<uint16_t> out;
  const Parameter* p = Find(group, name);
  if (p == nullptr) return out;
  if (p->type != ParamType::kInt16) return WrongType(*p, "16-bit integers");
  for (size_t i = 0; i < p->ElementCount(); ++i) {
    out.push_back(LoadU16(p->data.data() + 2 * i, processor_));
  }
  return out;
}

Result<std::vector<std::string>> ParameterSection::Strings(std::string_view group,
                                                           std::string_view name) const {
  std::vector<std::string> out;
  const Parameter* p = Find(group, name);
  if (p == nullptr) return out;
  if (p->type != ParamType::kChar) return WrongType(*p, "characters");
  size_t length = p->dims.empty() ? p->data.size() : static_cast<size_t>(p->dims[0]);
  if (length == 0) return out;
  for (size_t at = 0; at + length <= p->data.size(); at += length) {
    out.push_back(
        TrimRight(std::string(p->data.begin() + static_cast<ptrdiff_t>(at),
                              p->data.begin() + static_cast<ptrdiff_t>(at + length))));
  }
  return out;
}

Result<std::optional<std::string>> ParameterSection::String(std::string_view group,
                                                            std::string_view name) const {
  THAPLAN_ASSIGN_OR_RETURN(std::vector<std::string> all, Strings(group, name));
  if (all.empty()) return std::optional<std::string>();
  return std::optional<std::string>(all.front());
}

}  // namespace thaplan::io::c3d
