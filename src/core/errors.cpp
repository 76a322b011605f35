// SPDX-License-Identifier: MIT
#include "core/errors.h"

#include "core/json.h"

namespace gdconv {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kAuthFailed:
      return "auth_failed";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kHttpError:
      return "http_error";
    case ErrorCode::kNetwork:
      return "network";
    case ErrorCode::kTimeout:
      return "timeout";
    case ErrorCode::kAborted:
      return "aborted";
    case ErrorCode::kOperationFailed:
      return "operation_failed";
    case ErrorCode::kBadResponse:
      return "bad_response";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kTlsError:
      return "tls_error";
  }
  return "http_error";
}

Error MakeError(ErrorCode code, std::string message) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}

std::string ErrorToJson(const Error& error) {
  Json j = {{"code", ErrorCodeName(error.code)}, {"status", error.status},
            {"apiCode", error.api_code},         {"requestId", error.request_id},
            {"retryable", error.retryable},      {"mayHaveStarted", error.may_have_started},
            {"message", error.message}};
  return DumpJson(j);
}

std::string Redact(std::string text, std::initializer_list<std::string_view> secrets) {
  static constexpr std::string_view kMask = "[redacted]";
  for (std::string_view secret : secrets) {
    // Very short values would redact ordinary words; real secrets and tokens are long.
    if (secret.size() < 4) continue;
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kMask.size())) {
      text.replace(pos, secret.size(), kMask);
    }
  }
  return text;
}

}  // namespace gdconv
