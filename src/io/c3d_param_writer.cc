#include "io/c3d_param_writer.h"

#include <algorithm>

namespace thaplan::io::c3d {
namespace {

constexpr size_t kSectionHeader = 4;

size_t ParamSize(size_t name_len, size_t dims, size_t data) {
  // name length, id, name, offset, type, dim count, dims, data, desc length.
  return 2 + name_len + 2 + 2 + dims + data + 1;
}

}  // namespace

void ParamBuilder::Group(std::string name) { groups_.push_back({std::move(name), {}}); }

void ParamBuilder::Int(std::string name, uint16_t value) {
  groups_.back().params.push_back({std::move(name), 2, {}, {value}, {}, {}});
}

void ParamBuilder::Ints(std::string name, const std::vector<uint16_t>& values) {
  groups_.back().params.push_back(
      {std::move(name), 2, {static_cast<int>(values.size())}, values, {}, {}});
}

void ParamBuilder::Float(std::string name, float value) {
  groups_.back().params.push_back({std::move(name), 4, {}, {}, {value}, {}});
}

void ParamBuilder::Floats(std::string name, const std::vector<float>& values,
                          std::vector<int> dims) {
  groups_.back().params.push_back({std::move(name), 4, std::move(dims), {}, values, {}});
}

void ParamBuilder::String(std::string name, const std::string& value) {
  groups_.back().params.push_back(
      {std::move(name), -1, {static_cast<int>(value.size())}, {}, {}, value});
}

void ParamBuilder::Strings(std::string name, const std::vector<std::string>& values) {
  size_t longest = 1;
  for (const std::string& v : values) longest = std::max(longest, v.size());
  std::string chars;
  for (const std::string& v : values) {
    chars += v;
    chars.append(longest - v.size(), ' ');
  }
  groups_.back().params.push_back(
      {std::move(name),
       -1,
       {static_cast<int>(longest), static_cast<int>(values.size())},
       {},
       {},
       std::move(chars)});
}

void ParamBuilder::SetInt(const std::string& group, const std::string& name,
                          uint16_t value) {
  for (GroupRecord& g : groups_) {
    if (g.name != group) continue;
    for (Param& p : g.params) {
      if (p.name == name) p.ints = {value};
    }
  }
}

size_t ParamBuilder::ByteSize() const {
  size_t size = kSectionHeader;
  for (const GroupRecord& g : groups_) {
    size += 2 + g.name.size() + 2 + 1;
    for (const Param& p : g.params) {
      size_t data = p.type == -1
                        ? p.chars.size()
                        : (p.type == 2 ? 2 * p.ints.size() : 4 * p.floats.size());
      size += ParamSize(p.name.size(), p.dims.size(), data);
    }
  }
  return size;
}

size_t ParamBuilder::BlockCount() const {
  return (ByteSize() + kBlockSize - 1) / kBlockSize;
}

Result<std::vector<uint8_t>> ParamBuilder::Build() const {
  size_t blocks = BlockCount();
  if (blocks > 255) {
    return Status::InvalidInput("C3D parameter section needs " + std::to_string(blocks) +
                                " blocks: expected at most 255");
  }
  std::vector<uint8_t> out(blocks * kBlockSize, 0);
  out[0] = 1;
  out[1] = kParameterKey;
  out[2] = static_cast<uint8_t>(blocks);
  out[3] = ProcessorByte(processor_);
  size_t pos = kSectionHeader;
  size_t last_offset_at = 0;
  auto put_name = [&](const std::string& name, int id) -> size_t {
    out[pos] = static_cast<uint8_t>(name.size());
    out[pos + 1] = static_cast<uint8_t>(static_cast<int8_t>(id));
    std::copy(name.begin(), name.end(), out.begin() + static_cast<ptrdiff_t>(pos + 2));
    return pos + 2 + name.size();  // where the offset word goes
  };
  for (size_t g = 0; g < groups_.size(); ++g) {
    const int id = static_cast<int>(g) + 1;
    size_t offset_at = put_name(groups_[g].name, -id);
    pos = offset_at + 2 + 1;  // empty description
    StoreU16(static_cast<uint16_t>(pos - offset_at), processor_, &out[offset_at]);
    last_offset_at = offset_at;
    for (const Param& p : groups_[g].params) {
      if (p.name.size() > 127 || p.dims.size() > 7) {
        return Status::InvalidInput("C3D parameter " + p.name +
                                    ": name or rank too large");
      }
      offset_at = put_name(p.name, id);
      size_t at = offset_at + 2;
      out[at++] = static_cast<uint8_t>(p.type);
      out[at++] = static_cast<uint8_t>(p.dims.size());
      for (int d : p.dims) {
        if (d < 0 || d > 255) {
          return Status::InvalidInput("C3D parameter " + groups_[g].name + ":" + p.name +
                                      ": dimension " + std::to_string(d) +
                                      ": expected 0..255");
        }
        out[at++] = static_cast<uint8_t>(d);
      }
      for (char c : p.chars) out[at++] = static_cast<uint8_t>(c);
      for (uint16_t v : p.ints) {
        StoreU16(v, processor_, &out[at]);
        at += 2;
      }
      for (float v : p.floats) {
        if (!StoreFloat(v, processor_, &out[at])) {
          return Status::InvalidInput("C3D parameter " + groups_[g].name + ":" + p.name +
                                      ": value " + std::to_string(v) +
                                      " cannot be stored as a DEC float");
        }
        at += 4;
      }
      pos = at + 1;  // empty description
      if (pos - offset_at > 32767) {
        return Status::InvalidInput("C3D parameter " + groups_[g].name + ":" + p.name +
                                    ": " + std::to_string(pos - offset_at) +
                                    " bytes: expected at most 32767 per record");
      }
      StoreU16(static_cast<uint16_t>(pos - offset_at), processor_, &out[offset_at]);
      last_offset_at = offset_at;
    }
  }
  // A zero offset ends the chain (c3d.org, "Notes for programmers -
  // Parameters and Groups", note 6).
  if (last_offset_at != 0) StoreU16(0, processor_, &out[last_offset_at]);
  return out;
}

}  // namespace thaplan::io::c3d
