// SPDX-License-Identifier: MIT
#include "core/responses.h"

#include "core/policy.h"

namespace gdconv {
namespace {

// Non-JSON error bodies (an HTML page from a proxy) go into messages truncated.
constexpr std::size_t kMaxBodyInMessage = 200;

// Error bodies are read like models: keys ignoring case.
std::string StringAt(const Json& obj, const char* key) {
  const Json* value = FindKey(obj, key);
  return value && value->is_string() ? value->get<std::string>() : "";
}

// An error code may be a string ("invalid_client") or, in the storage model, a number.
std::string CodeAt(const Json& obj, const char* key) {
  const Json* value = FindKey(obj, key);
  if (value && value->is_string()) return value->get<std::string>();
  if (value && value->is_number_integer()) return DumpJson(*value);
  return "";
}

std::string RequestIdFrom(const Json& body) {
  std::string id = StringAt(body, "requestId");
  if (!id.empty()) return id;
  const Json* err = FindKey(body, "error");
  if (err && err->is_object()) {
    if (const Json* inner = FindKey(*err, "innerError")) id = StringAt(*inner, "requestId");
    if (id.empty()) id = StringAt(*err, "requestId");
    if (!id.empty()) return id;
  }
  if (const Json* inner = FindKey(body, "innerError")) id = StringAt(*inner, "requestId");
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
  if (response.failure == TransportFailure::kTls) {
    e.code = ErrorCode::kTlsError;
    e.retryable = false;  // the same certificate would be refused again
    e.message = response.failure_text.empty()
                    ? "TLS error: the secure connection to the server failed"
                    : "TLS error: " + response.failure_text;
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
    const Json* err = FindKey(*body, "error");
    if (err && err->is_object()) {  // ApiErrorResponse {requestId, error:{code,message}}
      e.api_code = CodeAt(*err, "code");
      message = StringAt(*err, "message");
      if (message.empty()) message = StringAt(*err, "description");
    } else if (err && err->is_string()) {  // OAuth {"error":"invalid_client"}
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

Error BadResponse(const HttpResponse& response, std::string message) {
  Error e = MakeError(ErrorCode::kBadResponse, std::move(message));
  e.status = response.status;
  e.request_id = std::string(response.header("x-request-id"));
  return e;
}

Result<Json> ReadAnswer(const HttpResponse& response, const Answer& answer) {
  if (!response.ok()) return ErrorFromResponse(response);
  if (answer.kind == AnswerKind::kNothing) return Json(nullptr);
  if (answer.kind == AnswerKind::kOperationId) {
    Result<std::string> id = ReadOperationId(response);
    if (!id) return std::move(id.error());
    return Json(std::move(id.value()));
  }
  auto body = ParseJson(response.body.text());
  if (!body)
    return BadResponse(response, std::string(answer.what) + ": the body is not valid JSON");
  Result<Json> value = answer.read(*body);
  if (!value) return BadResponse(response, std::string(answer.what) + ": " + value.error().message);
  return value;
}

Result<std::string> ReadOperationId(const HttpResponse& response) {
  // The start answers with the id as a JSON string: "\"ecbf...\"".
  Result<std::string> id = ReadModelAnswer<std::string>(response, "operation id");
  if (id && id.value().empty()) return BadResponse(response, "operation id: empty");
  return id;
}

Result<Buffer> ReadBytes(const HttpResponse& response) {
  if (!response.ok()) return ErrorFromResponse(response);
  // The API sends file bytes as application/octet-stream (reference/groupdocs-api.md §2, §9: Go's
  // SDK decodes nothing else); a 2xx JSON answer is the server or a proxy saying something else,
  // and handing it back as the file would be a silently corrupt download.
  std::string_view type = response.header("content-type");
  std::string_view media = type.substr(0, type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (EqualsIgnoreCase(media, "application/json")) {
    return BadResponse(response, "expected the file's bytes, but the server answered with JSON");
  }
  return response.body;
}

Result<TokenResponse> ReadTokenResponse(const HttpResponse& response) {
  if (!response.ok() && response.failure == TransportFailure::kNone) {
    return ErrorFromResponse(response, /*token_endpoint=*/true);
  }
  return ReadModelAnswer<TokenResponse>(response, "token response");
}
}  // namespace gdconv
