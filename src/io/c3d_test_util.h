// Helpers shared by the C3D tests.
#ifndef THAPLAN_IO_C3D_TEST_UTIL_H_
#define THAPLAN_IO_C3D_TEST_UTIL_H_

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace thaplan::c3d_test {

inline std::string SharedData(const std::string& rel) {
  return std::string(THAPLAN_SHARED_DATA) + "/" + rel;
}

inline std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                              std::istreambuf_iterator<char>());
}

inline const std::string kPig = "c3d_vicon_pig/gait-pig.c3d";
inline const std::string kRaw = "c3d_vicon_pig/gait-raw.c3d";
inline const std::string kEb015 = "c3d_vicon_pig/Eb015pr.c3d";

}  // namespace thaplan::c3d_test

#endif  // THAPLAN_IO_C3D_TEST_UTIL_H_
