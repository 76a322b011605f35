// SPDX-License-Identifier: MIT
// Answers: HttpResponse in, a typed value or an Error out. A transport failure or a non-2xx becomes
// the API's error (ErrorFromResponse, reading the error bodies of reference/groupdocs-api.md §5.2);
// a 2xx whose body is not what the API promises becomes bad_response.
#pragma once

#include <string>

#include "core/codec.h"
#include "core/errors.h"
#include "core/http.h"
#include "core/methods.h"
#include "core/models.h"

namespace gdconv {

// Maps a response that is not a success to an Error. `token_endpoint` makes 400 auth_failed.
Error ErrorFromResponse(const HttpResponse& response, bool token_endpoint = false);

// A 2xx body that is not what was promised: bad_response, with the status and request id.
Error BadResponse(const HttpResponse& response, std::string message);

// The answer of a method that answers JSON (kModel, kOperationId, kNothing) as the JSON the core
// resolves with: the model as its codec writes it, the id as a string, or null.
Result<Json> ReadAnswer(const HttpResponse& response, const Answer& answer);
// The answer of a kBytes method: the file's bytes.
Result<Buffer> ReadBytes(const HttpResponse& response);
// The answer of a start (kOperationId).
Result<std::string> ReadOperationId(const HttpResponse& response);

// The body of a 2xx as JSON of model T; `what` names it in messages.
template <typename T>
Result<T> ReadModelAnswer(const HttpResponse& response, std::string_view what) {
  if (!response.ok()) return ErrorFromResponse(response);
  auto body = ParseJson(response.body.text());
  if (!body) return BadResponse(response, std::string(what) + ": the body is not valid JSON");
  Result<T> value = Decode<T>(*body, ErrorCode::kBadResponse);
  if (!value) return BadResponse(response, std::string(what) + ": " + value.error().message);
  return value;
}

Result<TokenResponse> ReadTokenResponse(const HttpResponse& response);

}  // namespace gdconv
