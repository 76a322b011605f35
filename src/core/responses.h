// SPDX-License-Identifier: MIT
// Pure response parsers: HttpResponse in, a typed value or an Error out. A non-2xx becomes the
// mapped API error (errors.h); a 2xx whose body is not what the API promises becomes bad_response.
#pragma once

#include <string>

#include "core/errors.h"
#include "core/http.h"
#include "core/models.h"

namespace gdconv {

Result<TokenResponse> ParseTokenResponse(const HttpResponse& response);
Result<FilesUploadResult> ParseUploadResponse(const HttpResponse& response);
// The async start answers with the id as a JSON string: "\"ecbf...\"".
Result<std::string> ParseOperationId(const HttpResponse& response);
Result<OperationResult> ParseOperationResult(const HttpResponse& response);
Result<Buffer> ParseDownload(const HttpResponse& response);

// The body of a 2xx as JSON of model T; `what` names it in messages.
template <typename T>
Result<T> ParseJsonModel(const HttpResponse& response, const char* what) {
  if (!response.ok()) return ErrorFromResponse(response);
  auto body = ParseJson(response.body.text());
  if (!body) {
    Error e =
        MakeError(ErrorCode::kBadResponse, std::string(what) + ": the body is not valid JSON");
    e.status = response.status;
    e.request_id = std::string(response.header("x-request-id"));
    return e;
  }
  T value{};
  std::string why = JsonCodec<T>::Read(*body, value);
  if (!why.empty()) {
    Error e = MakeError(ErrorCode::kBadResponse, std::string(what) + ": " + why);
    e.status = response.status;
    e.request_id = std::string(response.header("x-request-id"));
    return e;
  }
  return value;
}

}  // namespace gdconv
