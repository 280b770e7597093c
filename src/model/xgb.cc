#include "model/xgb.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

// Turns a -1 from an XGBoost C call into a Status naming the call and
// carrying XGBoost's message.
#define THAPLAN_XGB_CHECK(call)                               \
  do {                                                        \
    if ((call) != 0) return ::thaplan::xgb::LastError(#call); \
  } while (false)

namespace thaplan::xgb {
namespace {

// Warnings XGBoost logs on this thread while `capture` is set; XGBoost keeps
// its log callback per thread, so it is registered on each training thread.
thread_local std::string* g_log_capture = nullptr;

void LogToCaptureOrStderr(const char* message) {
  if (g_log_capture != nullptr) {
    *g_log_capture += message;
    *g_log_capture += '\n';
  } else {
    std::fprintf(stderr, "xgboost: %s\n", message);
  }
}

// XGBoost messages start with "[hh:mm:ss] file:line: " and may end with a
// stack trace; keep the first line without the timestamp, so messages do not
// change from run to run.
std::string CleanMessage(std::string_view raw) {
  std::string_view line = raw.substr(0, raw.find('\n'));
  if (line.starts_with("[")) {
    const size_t close = line.find("] ");
    if (close != std::string_view::npos) line.remove_prefix(close + 2);
  }
  return std::string(line);
}

// Sends XGBoost's log lines on this thread to `*log` while alive.
class CaptureLog {
 public:
  explicit CaptureLog(std::string* log) { g_log_capture = log; }
  ~CaptureLog() { g_log_capture = nullptr; }
  CaptureLog(const CaptureLog&) = delete;
  CaptureLog& operator=(const CaptureLog&) = delete;
};

Status LastError(std::string_view call) {
  const std::string name(call.substr(0, call.find('(')));
  return Status::Internal("xgboost " + name + ": " + CleanMessage(XGBGetLastError()));
}

}  // namespace

std::string Version() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." +
         std::to_string(patch);
}

Result<DMatrix> DMatrix::Create(const FeatureMatrix& x, std::span<const float> labels) {
  if (x.values.size() != x.rows * x.cols || x.rows == 0 || x.cols == 0) {
    return Status::InvalidInput("xgboost matrix: " + std::to_string(x.rows) + " x " +
                                std::to_string(x.cols) +
                                ": expected at least one row and "
                                "one column");
  }
  if (!labels.empty() && labels.size() != x.rows) {
    return Status::InvalidInput("xgboost labels: " + std::to_string(labels.size()) +
                                " values: expected one per row (" +
                                std::to_string(x.rows) + ")");
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (!std::isfinite(labels[i])) {
      return Status::InvalidInput("xgboost labels: row " + std::to_string(i + 1) +
                                  " is not a finite number: expected rows with a target "
                                  "only (RowsWithTarget)");
    }
  }
  DMatrix m;
  THAPLAN_XGB_CHECK(
      XGDMatrixCreateFromMat(x.values.data(), x.rows, x.cols, std::nanf(""), &m.handle_));
  m.rows_ = x.rows;
  m.cols_ = x.cols;
  if (!labels.empty()) {
    THAPLAN_XGB_CHECK(
        XGDMatrixSetFloatInfo(m.handle_, "label", labels.data(), labels.size()));
  }
  return m;
}

DMatrix::DMatrix(DMatrix&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      rows_(other.rows_),
      cols_(other.cols_) {}

DMatrix& DMatrix::operator=(DMatrix&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    rows_ = other.rows_;
    cols_ = other.cols_;
  }
  return *this;
}

DMatrix::~DMatrix() {
  if (handle_ != nullptr) XGDMatrixFree(handle_);
}

Result<Booster> Booster::Train(const DMatrix& train, const Params& params, int rounds) {
  if (rounds < 1) {
    return Status::InvalidInput("xgboost rounds = " + std::to_string(rounds) +
                                ": expected at least 1");
  }
  Booster b;
  DMatrixHandle cache[] = {train.handle()};
  THAPLAN_XGB_CHECK(XGBoosterCreate(cache, 1, &b.handle_));
  // Ask XGBoost to report parameters it does not use, and catch that report.
  THAPLAN_XGB_CHECK(XGBoosterSetParam(b.handle_, "validate_parameters", "1"));
  for (const auto& [name, value] : params) {
    THAPLAN_XGB_CHECK(XGBoosterSetParam(b.handle_, name.c_str(), value.c_str()));
  }
  std::string log;
  THAPLAN_XGB_CHECK(XGBRegisterLogCallback(&LogToCaptureOrStderr));
  {
    CaptureLog capture(&log);
    THAPLAN_XGB_CHECK(XGBoosterUpdateOneIter(b.handle_, 0, train.handle()));
  }
  // XGBoost 1.7 says "Parameters: { "x" } are not used." (learner.cc).
  if (log.find("not used") != std::string::npos) {
    const size_t open = log.find('{');
    const size_t close = log.find('}', open);
    const std::string names = open < close && close != std::string::npos
                                  ? log.substr(open + 1, close - open - 1)
                                  : "?";
    return Status::InvalidInput("xgboost parameters" + names + ": not used by XGBoost " +
                                Version() +
                                ": expected parameter names from its documentation");
  }
  if (!log.empty()) std::fprintf(stderr, "xgboost: %s", log.c_str());
  for (int iter = 1; iter < rounds; ++iter) {
    THAPLAN_XGB_CHECK(XGBoosterUpdateOneIter(b.handle_, iter, train.handle()));
  }
  b.num_features_ = train.cols();
  b.rounds_ = rounds;
  return b;
}

Result<Booster> Booster::LoadJson(std::string_view json) {
  Booster b;
  THAPLAN_XGB_CHECK(XGBoosterCreate(nullptr, 0, &b.handle_));
  THAPLAN_XGB_CHECK(XGBoosterLoadModelFromBuffer(b.handle_, json.data(), json.size()));
  bst_ulong features = 0;
  THAPLAN_XGB_CHECK(XGBoosterGetNumFeature(b.handle_, &features));
  b.num_features_ = features;
  return b;
}

Booster::Booster(Booster&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      num_features_(other.num_features_),
      rounds_(other.rounds_) {}

Booster& Booster::operator=(Booster&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    num_features_ = other.num_features_;
    rounds_ = other.rounds_;
  }
  return *this;
}

Booster::~Booster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

Result<std::string> Booster::SaveJson() const {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  THAPLAN_XGB_CHECK(
      XGBoosterSaveModelToBuffer(handle_, R"({"format": "json"})", &length, &bytes));
  return std::string(bytes, length);  // copied before the next XGBoost call
}

Result<std::vector<float>> Booster::Predict(const DMatrix& x) const {
  return PredictType(x, 0, 1);
}

Result<std::vector<float>> Booster::PredictRounds(const DMatrix& x, int rounds) const {
  if (rounds < 1 || (rounds_ > 0 && rounds > rounds_)) {
    return Status::InvalidInput("xgboost predict: rounds = " + std::to_string(rounds) +
                                ": expected 1 to " + std::to_string(rounds_) +
                                ", the rounds trained");
  }
  return PredictType(x, 0, 1, rounds);
}

Result<std::vector<float>> Booster::PredictContributions(const DMatrix& x) const {
  return PredictType(x, 2, x.cols() + 1);
}

Status Booster::SetParam(const std::string& name, const std::string& value) {
  THAPLAN_XGB_CHECK(XGBoosterSetParam(handle_, name.c_str(), value.c_str()));
  return Status::Ok();
}

Status Booster::SetAttr(const std::string& name, const std::string& value) {
  THAPLAN_XGB_CHECK(XGBoosterSetAttr(handle_, name.c_str(), value.c_str()));
  return Status::Ok();
}

Result<std::string> Booster::GetAttr(const std::string& name) const {
  const char* value = nullptr;
  int found = 0;
  THAPLAN_XGB_CHECK(XGBoosterGetAttr(handle_, name.c_str(), &value, &found));
  if (found == 0) {
    return Status::NotFound("xgboost model: attribute " + name +
                            ": not set: expected one saved with the model");
  }
  return std::string(value);  // copied before the next XGBoost call
}

Result<std::vector<float>> Booster::PredictDense(std::span<const float> values,
                                                 size_t rows) const {
  if (values.size() != rows * num_features_) {
    return Status::InvalidInput("xgboost predict: " + std::to_string(values.size()) +
                                " values: expected " + std::to_string(rows) + " rows x " +
                                std::to_string(num_features_) + " features");
  }
  if (rows == 0) return std::vector<float>();
  // numpy's __array_interface__ (version 3): little-endian float32, C order.
  char address[32];
  std::snprintf(
      address, sizeof address, "%llu",
      static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(values.data())));
  const std::string array = std::string(R"({"data": [)") + address +
                            R"(, true], "shape": [)" + std::to_string(rows) + ", " +
                            std::to_string(num_features_) +
                            R"(], "typestr": "<f4", "version": 3})";
  const std::string config =
      R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
      R"("strict_shape": false, "cache_id": 0, "missing": NaN})";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  THAPLAN_XGB_CHECK(XGBoosterPredictFromDense(handle_, array.c_str(), config.c_str(),
                                              nullptr, &shape, &dims, &result));
  bst_ulong count = 1;
  for (bst_ulong d = 0; d < dims; ++d) count *= shape[d];
  if (count != rows) {
    return Status::Internal("xgboost predict: " + std::to_string(count) +
                            " values: expected " + std::to_string(rows));
  }
  return std::vector<float>(result, result + count);
}

Result<std::vector<float>> Booster::PredictType(const DMatrix& x, int type,
                                                size_t per_row, int iteration_end) const {
  if (x.cols() != num_features_) {
    return Status::InvalidInput("xgboost predict: " + std::to_string(x.cols()) +
                                " features: expected " + std::to_string(num_features_) +
                                " as the model was trained with");
  }
  // type 0: prediction, 2: contributions (c_api.h, XGBoosterPredictFromDMatrix).
  // iteration_end 0 means all rounds.
  const std::string config = R"({"type": )" + std::to_string(type) +
                             R"(, "training": false, "iteration_begin": 0, )"
                             R"("iteration_end": )" +
                             std::to_string(iteration_end) +
                             R"(, "strict_shape": false})";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  THAPLAN_XGB_CHECK(XGBoosterPredictFromDMatrix(handle_, x.handle(), config.c_str(),
                                                &shape, &dims, &result));
  bst_ulong count = 1;
  for (bst_ulong d = 0; d < dims; ++d) count *= shape[d];
  if (count != x.rows() * per_row) {
    return Status::Internal("xgboost predict: " + std::to_string(count) +
                            " values: expected " + std::to_string(x.rows() * per_row));
  }
  return std::vector<float>(result, result + count);  // copied before the next call
}

}  // namespace thaplan::xgb
