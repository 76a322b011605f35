// SPDX-License-Identifier: MIT
// Errors are values: the core builds with -fno-exceptions, and every failure reaches JS as one
// typed Error (bindings/RAW_API.md, "Errors").
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace gdconv {

enum class ErrorCode {
  kAuthFailed,
  kNotFound,
  kHttpError,
  kNetwork,
  kTimeout,
  kAborted,
  kOperationFailed,
  kBadResponse,
  kInvalidArgument,
  kTlsError,
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kHttpError;
  int status = 0;          // HTTP status, 0 when there was none
  std::string api_code;    // the API's own code ("invalid_client", "Failed", ...) or ""
  std::string request_id;  // from the body or x-request-id, or ""
  bool retryable = false;
  // A request that is not idempotent (starting a conversion) failed after it may have reached the
  // server: the conversion may be running. Never retryable (policy.h, the POST rule).
  bool may_have_started = false;
  std::string message;
};

Error MakeError(ErrorCode code, std::string message);

// {"code","status","apiCode","requestId","retryable","mayHaveStarted","message"}; always valid
// UTF-8 JSON.
std::string ErrorToJson(const Error& error);

// Replaces every occurrence of each secret with "[redacted]": the last line of defence that keeps
// the client secret and tokens out of messages, whatever a server echoes back.
std::string Redact(std::string text, std::initializer_list<std::string_view> secrets);

// Success, or the Error that prevented it: what a step that produces no value returns.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error)  // NOLINT(google-explicit-constructor): `return MakeError(...)`
      : error_(std::move(error)) {}

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  Error& error() { return *error_; }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// A value or an Error. std::variant access through get_if only: std::get would need exceptions.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor): ergonomic returns
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return *std::get_if<T>(&v_); }
  const T& value() const { return *std::get_if<T>(&v_); }
  Error& error() { return *std::get_if<Error>(&v_); }
  const Error& error() const { return *std::get_if<Error>(&v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace gdconv
