// The C3D parameter section: groups and parameters, parsed into views of the
// file's bytes. Record layout from c3d.org, "The C3D File Format User Guide",
// "Group Format" and "Parameter Format".
#ifndef THAPLAN_IO_C3D_PARAMS_H_
#define THAPLAN_IO_C3D_PARAMS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/c3d_format.h"
#include "thaplan/status.h"

namespace thaplan::io::c3d {

enum class ParamType : int8_t { kChar = -1, kByte = 1, kInt16 = 2, kFloat = 4 };

struct Parameter {
  std::string group;  // upper-case
  std::string name;   // upper-case
  ParamType type = ParamType::kChar;
  std::vector<int> dims;
  std::span<const uint8_t> data;  // a view into the file's bytes
  size_t offset = 0;              // byte offset of the record in the file

  std::string FullName() const { return group + ":" + name; }
  size_t ElementCount() const { return data.size() / ElementSize(); }
  size_t ElementSize() const {
    return type == ParamType::kChar ? 1 : static_cast<size_t>(type);
  }
};

class ParameterSection {
 public:
  // Parses the records in bytes[begin, end) (end is the end of the last
  // parameter block). `file` names the file in error messages.
  static Result<ParameterSection> Parse(std::span<const uint8_t> bytes, size_t begin,
                                        size_t end, C3dProcessor processor,
                                        const std::string& file);

  const Parameter* Find(std::string_view group, std::string_view name) const;
  bool HasGroup(std::string_view group) const {
    return groups_.count(std::string(group));
  }

  // Typed reads. Each fails with a message naming the parameter when it has
  // the wrong type; a missing parameter gives nullopt or an empty vector.
  // Integers are read as unsigned 16-bit (c3d.org: counts are unsigned since
  // FORTRAN-95); floats that are counts must be whole.
  Result<std::optional<double>> Number(std::string_view group,
                                       std::string_view name) const;
  Result<std::optional<uint32_t>> Count(std::string_view group,
                                        std::string_view name) const;
  Result<std::vector<double>> Numbers(std::string_view group,
                                      std::string_view name) const;
  Result<std::vector<uint16_t>> Words(std::string_view group,
                                      std::string_view name) const;
  // Character arrays: the first dimension is the string length; trailing
  // spaces and NULs are trimmed.
  Result<std::vector<std::string>> Strings(std::string_view group,
                                           std::string_view name) const;
  Result<std::optional<std::string>> String(std::string_view group,
                                            std::string_view name) const;

  C3dProcessor processor() const { return processor_; }
  const std::string& file() const { return file_; }

 private:
  Status Problem(const Parameter& p, const std::string& what) const;
  Status WrongType(const Parameter& p, std::string_view expected) const;
  double ElementAsNumber(const Parameter& p, size_t i) const;

  std::string file_;
  C3dProcessor processor_ = C3dProcessor::kIntel;
  std::vector<Parameter> params_;
  std::map<std::string, size_t, std::less<>> index_;  // "GROUP:NAME" -> params_
  std::set<std::string> groups_;
};

// Shortest text that reads back as the same value (as a float when the value
// is one), for messages and metadata.
std::string FormatNumber(double v);
// The decimal a float was written from: 0.57f -> 0.57 (not 0.569999992847).
// Event times and stored results are decimals typed by people or rounded by
// software, and the float is only its nearest binary approximation.
double FloatAsDecimal(float f);

}  // namespace thaplan::io::c3d

#endif  // THAPLAN_IO_C3D_PARAMS_H_
