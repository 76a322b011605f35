// SPDX-License-Identifier: MIT
#include "core/errors.h"

#include <algorithm>

#include "core/json.h"

namespace gdconv {
namespace {

// Non-JSON error bodies (an HTML page from a proxy) go into messages truncated.
constexpr std::size_t kMaxBodyInMessage = 200;

std::string StringAt(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// An error code may be a string ("invalid_client") or, in the storage model, a number.
std::string CodeAt(const Json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return DumpJson(*it);
  return "";
}

std::string RequestIdFrom(const Json& body) {
  std::string id = StringAt(body, "requestId");
  if (!id.empty()) return id;
  if (body.is_object()) {
    auto err = body.find("error");
    if (err != body.end() && err->is_object()) {
      auto inner = err->find("innerError");
      if (inner != err->end()) id = StringAt(*inner, "requestId");
      if (id.empty()) id = StringAt(*err, "requestId");
      if (!id.empty()) return id;
    }
    auto inner = body.find("innerError");
    if (inner != body.end()) id = StringAt(*inner, "requestId");
  }
  return id;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string Truncated(std::string_view text) {
  if (text.size() <= kMaxBodyInMessage) return std::string(text);
  return std::string(text.substr(0, kMaxBodyInMessage)) + "...";
}

}  // namespace

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

bool IsRetryableStatus(int status) {
  // Transient by definition; other 5xx (501 Not Implemented, 505 ...) will not change on a retry.
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

namespace {

Error ErrorFromResponseUnmarked(const HttpResponse& response, bool token_endpoint) {
  Error e;
  e.request_id = std::string(response.header("x-request-id"));
  if (response.failure == TransportFailure::kTimeout) {
    e.code = ErrorCode::kTimeout;
    e.retryable = true;
    e.message = "request timed out";
    return e;
  }
  if (response.failure == TransportFailure::kConnect) {
    e.code = ErrorCode::kNetwork;
    e.retryable = true;
    e.message = response.failure_text.empty()
                    ? "network error: could not connect to the server"
                    : "network error: could not connect (" + response.failure_text + ")";
    return e;
  }
  if (response.failure == TransportFailure::kNetwork) {
    e.code = ErrorCode::kNetwork;
    e.retryable = true;
    e.message = response.failure_text.empty() ? "network error: no response from the server"
                                              : "network error: " + response.failure_text;
    return e;
  }

  e.status = response.status;
  e.retryable = IsRetryableStatus(response.status);
  std::string message;
  auto body = ParseJson(response.body.text());
  if (body && body->is_object()) {
    std::string from_body = RequestIdFrom(*body);
    if (!from_body.empty()) e.request_id = from_body;
    auto err = body->find("error");
    if (err != body->end() &&
        err->is_object()) {  // ApiErrorResponse {requestId, error:{code,message}}
      e.api_code = CodeAt(*err, "code");
      message = StringAt(*err, "message");
      if (message.empty()) message = StringAt(*err, "description");
    } else if (err != body->end() && err->is_string()) {  // OAuth {"error":"invalid_client"}
      e.api_code = err->get<std::string>();
      message = StringAt(*body, "error_description");
      if (message.empty()) message = e.api_code;
    } else {  // storage Error {code, message, description, innerError}
      e.api_code = CodeAt(*body, "code");
      message = StringAt(*body, "message");
      if (message.empty()) message = StringAt(*body, "description");
    }
  }
  if (message.empty() && !response.body.empty()) message = Truncated(response.body.text());
  if (message.empty()) message = "HTTP " + std::to_string(response.status);

  if (response.status == 401 || response.status == 403 ||
      (token_endpoint && response.status == 400)) {
    e.code = ErrorCode::kAuthFailed;
  } else if (response.status == 404 ||
             // The API reports a missing storage object with this message; its status is
             // unverified (reference/groupdocs-api.md §5.2, §9), so the text decides.
             StartsWith(message, "AmazonS3 Storage exception: The specified key does not exist")) {
    e.code = ErrorCode::kNotFound;
    e.retryable = false;
  } else {
    e.code = ErrorCode::kHttpError;
  }
  e.message = std::move(message);
  return e;
}

// The request may have been acted on (policy.h, the POST rule): say so, and that it was not resent.
Error MarkMayHaveStarted(Error e) {
  e.may_have_started = true;
  e.retryable = false;
  e.message +=
      " (the request may have reached the server and the conversion may have started; it "
      "was not sent again, so that nothing runs twice)";
  return e;
}

}  // namespace

Error ErrorFromResponse(const HttpResponse& response, bool token_endpoint) {
  Error e = ErrorFromResponseUnmarked(response, token_endpoint);
  return response.may_have_applied ? MarkMayHaveStarted(std::move(e)) : e;
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
