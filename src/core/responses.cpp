// SPDX-License-Identifier: MIT
#include "core/responses.h"

namespace gdconv {

template Result<TokenResponse> ParseJsonModel(const HttpResponse&, const char*);
template Result<FilesUploadResult> ParseJsonModel(const HttpResponse&, const char*);
template Result<OperationResult> ParseJsonModel(const HttpResponse&, const char*);
template Result<std::string> ParseJsonModel(const HttpResponse&, const char*);

Result<TokenResponse> ParseTokenResponse(const HttpResponse& response) {
  if (!response.ok() && response.failure == TransportFailure::kNone) {
    return ErrorFromResponse(response, /*token_endpoint=*/true);
  }
  return ParseJsonModel<TokenResponse>(response, "token response");
}

Result<FilesUploadResult> ParseUploadResponse(const HttpResponse& response) {
  return ParseJsonModel<FilesUploadResult>(response, "upload result");
}

Result<std::string> ParseOperationId(const HttpResponse& response) {
  Result<std::string> id = ParseJsonModel<std::string>(response, "operation id");
  if (id && id.value().empty()) {
    Error e = MakeError(ErrorCode::kBadResponse, "operation id: empty");
    e.status = response.status;
    return e;
  }
  return id;
}

Result<OperationResult> ParseOperationResult(const HttpResponse& response) {
  return ParseJsonModel<OperationResult>(response, "operation result");
}

Result<Buffer> ParseDownload(const HttpResponse& response) {
  if (!response.ok()) return ErrorFromResponse(response);
  return response.body;
}

}  // namespace gdconv
