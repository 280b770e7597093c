// A fresh temporary folder per test, removed afterwards.
#ifndef THAPLAN_TESTING_TEMP_DIR_H_
#define THAPLAN_TESTING_TEMP_DIR_H_

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace thaplan::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "thaplan-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_; }
  std::string Join(std::string_view name) const { return path_ + "/" + std::string(name); }
  std::string Write(std::string_view name, std::string_view content) const {
    std::string p = Join(name);
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::string path_;
};

}  // namespace thaplan::testing

#endif  // THAPLAN_TESTING_TEMP_DIR_H_
