// Status and Result<T>: how every thaplan function that can fail reports it.
//
// Errors are values. A Status is either OK or carries a code and a message;
// Result<T> is either a T or a non-OK Status. Exceptions never cross a module
// boundary: adapters around third-party code catch and convert them.
//
// Message convention (docs/architecture.md): name the place (file, row or
// frame), the field, the bad value and what was expected, e.g.
//   cohort.csv:17: cup_inclination_deg = 400: expected a number in 0..90
#ifndef THAPLAN_STATUS_H_
#define THAPLAN_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace thaplan {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,  // the user's data or arguments are wrong (exit code 2)
  kNotFound,
  kAlreadyExists,
  kConflict,      // new data disagrees with stored data
  kCorruption,    // a file or registry is damaged
  kIOError,
  kUnsupported,   // e.g. a registry schema newer than this program
  kInternal,
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) {
    return Status(StatusCode::kInvalidInput, std::move(msg));
  }
  static Status NotFound(std::string msg) {
    return Status(StatusCode::kNotFound, std::move(msg));
  }
  static Status AlreadyExists(std::string msg) {
    return Status(StatusCode::kAlreadyExists, std::move(msg));
  }
  static Status Conflict(std::string msg) {
    return Status(StatusCode::kConflict, std::move(msg));
  }
  static Status Corruption(std::string msg) {
    return Status(StatusCode::kCorruption, std::move(msg));
  }
  static Status IOError(std::string msg) {
    return Status(StatusCode::kIOError, std::move(msg));
  }
  static Status Unsupported(std::string msg) {
    return Status(StatusCode::kUnsupported, std::move(msg));
  }
  static Status Internal(std::string msg) {
    return Status(StatusCode::kInternal, std::move(msg));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "context: message" — used to add the file name or step to a lower error.
  Status WithContext(std::string_view context) const;

  // The CLI exit code this status maps to: 0 ok, 2 bad input, 1 otherwise.
  int ExitCode() const;

  std::string ToString() const;

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

std::string_view StatusCodeName(StatusCode code);

// Either a value or an error. Accessing value() of an error is a programmer
// error (asserted); check ok() first.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result constructed from an OK status without a value");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace thaplan

// Returns early from the enclosing function if `expr` is not OK.
#define THAPLAN_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::thaplan::Status thaplan_status_ = (expr); \
    if (!thaplan_status_.ok()) return thaplan_status_; \
  } while (false)

#define THAPLAN_CONCAT_INNER(a, b) a##b
#define THAPLAN_CONCAT(a, b) THAPLAN_CONCAT_INNER(a, b)

// THAPLAN_ASSIGN_OR_RETURN(auto x, Compute()); — x is the value or we return.
#define THAPLAN_ASSIGN_OR_RETURN(decl, expr) \
  THAPLAN_ASSIGN_OR_RETURN_IMPL(THAPLAN_CONCAT(thaplan_result_, __LINE__), decl, expr)
#define THAPLAN_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  decl = std::move(tmp).value()

#endif  // THAPLAN_STATUS_H_
