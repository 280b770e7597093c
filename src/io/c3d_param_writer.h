// Builds a C3D parameter section (the inverse of c3d_params.cc), for the
// writer. Records are laid out group by group, each group followed by its
// parameters, in the order they were added.
#ifndef THAPLAN_IO_C3D_PARAM_WRITER_H_
#define THAPLAN_IO_C3D_PARAM_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "io/c3d_format.h"
#include "thaplan/status.h"

namespace thaplan::io::c3d {

class ParamBuilder {
 public:
  explicit ParamBuilder(C3dProcessor processor) : processor_(processor) {}

  // Adds a group; parameters added afterwards belong to it.
  void Group(std::string name);
  // Scalars are written with 0 dimensions, vectors with one.
  void Int(std::string name, uint16_t value);
  void Ints(std::string name, const std::vector<uint16_t>& values);
  void Float(std::string name, float value);
  void Floats(std::string name, const std::vector<float>& values, std::vector<int> dims);
  // One string: dims [length]. A list: dims [longest, count], padded with spaces.
  void String(std::string name, const std::string& value);
  void Strings(std::string name, const std::vector<std::string>& values);

  // The section's bytes (4-byte section header first), padded to whole
  // 512-byte blocks. Fails if a dimension, a name or the block count does not
  // fit its byte, or a float does not fit the processor's format.
  Result<std::vector<uint8_t>> Build() const;
  // The number of blocks Build() will produce (values do not change sizes).
  size_t BlockCount() const;
  // Replaces the value of an Int parameter already added.
  void SetInt(const std::string& group, const std::string& name, uint16_t value);

 private:
  struct Param {
    std::string name;
    int8_t type;  // -1, 2 or 4
    std::vector<int> dims;
    std::vector<uint16_t> ints;
    std::vector<float> floats;
    std::string chars;
  };
  struct GroupRecord {
    std::string name;
    std::vector<Param> params;
  };
  size_t ByteSize() const;

  C3dProcessor processor_;
  std::vector<GroupRecord> groups_;
};

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_PARAM_WRITER_H_
