// SPDX-License-Identifier: MIT
#include "core/responses.h"

#include <cctype>

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
  // The API sends file bytes as application/octet-stream (reference/groupdocs-api.md §2, §9: Go's
  // SDK decodes nothing else); a 2xx JSON answer is the server or a proxy saying something else,
  // and handing it back as the file would be a silently corrupt download.
  std::string_view type = response.header("content-type");
  std::string_view media = type.substr(0, type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "application/json") {
    Error e = MakeError(ErrorCode::kBadResponse,
                        "expected the file's bytes, but the server answered with JSON");
    e.status = response.status;
    e.request_id = std::string(response.header("x-request-id"));
    return e;
  }
  return response.body;
}

}  // namespace gdconv
