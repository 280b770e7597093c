// Running Debian's python3 from tests (for checks against XGBoost's Python
// package), shared by the model tests.
#ifndef THAPLAN_TESTING_PYTHON_H_
#define THAPLAN_TESTING_PYTHON_H_

#include <cstdio>
#include <filesystem>
#include <string>

namespace thaplan::testing {

// Runs `command`, returning its standard output and setting its exit status.
inline std::string RunCommand(const std::string& command, int* exit_code) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, got);
  *exit_code = ::pclose(pipe);
  return out;
}

// True when /usr/bin/python3 can import xgboost.
inline bool PythonHasXgboost() {
  const char* python = "/usr/bin/python3";
  int code = -1;
  if (std::filesystem::exists(python)) {
    RunCommand(std::string(python) + " -c 'import xgboost' 2>/dev/null", &code);
  }
  return code == 0;
}

}  // namespace thaplan::testing

#endif  // THAPLAN_TESTING_PYTHON_H_
