// SPDX-License-Identifier: MIT
// Pure request builders: typed arguments in, HttpRequest out (reference/groupdocs-api.md §3-4).
// Path parameters are percent-encoded per segment, unlike the official Node SDK, so names with
// `#`, `?`, `%`, spaces or non-ASCII characters round-trip.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/http.h"
#include "core/models.h"

namespace gdconv {

inline constexpr const char* kDefaultBaseUrl = "https://api.groupdocs.cloud";

struct ApiConfig {
  std::string base_url = kDefaultBaseUrl;  // without trailing '/'
  int timeout_ms = 0;                      // per request
};

// RFC 3986: everything but unreserved characters (A-Z a-z 0-9 - . _ ~) becomes %XX (UTF-8 bytes).
std::string PercentEncode(std::string_view text);
// Splits on '/' and '\\' (the API treats both as separators), drops empty segments, encodes each.
std::string EncodeStoragePath(std::string_view path);
// The last segment of a storage path ("a/b.docx" → "b.docx"), "" if none.
std::string BaseName(std::string_view path);
std::string TrimBaseUrl(std::string_view url);

// Builds "<base>/v2.0/conversion/<route>[?k=v&...]" with query values encoded and unset ones
// omitted.
class ApiUrl {
 public:
  ApiUrl(const ApiConfig& config, std::string_view route);
  ApiUrl& Path(std::string_view storage_path);  // appends "/" + encoded path
  ApiUrl& Query(std::string_view key, const std::optional<std::string>& value);
  std::string str() const { return url_; }

 private:
  std::string url_;
  bool has_query_ = false;
};

struct UploadFileArgs {
  std::string path;
  std::optional<std::string> storageName;
  std::optional<std::string> fileName;  // the multipart filename; default BaseName(path)
};

struct DownloadFileArgs {
  std::string path;
  std::optional<std::string> storageName;
  std::optional<std::string> versionId;
};

HttpRequest TokenRequest(const ApiConfig& config, std::string_view client_id,
                         std::string_view client_secret);
// `body` is the complete multipart body, `content_type` its header value (multipart.h).
HttpRequest UploadFileRequest(const ApiConfig& config, const UploadFileArgs& args,
                              std::string content_type, Buffer body);
HttpRequest StartConvertAndSaveRequest(const ApiConfig& config, const ConvertSettings& settings);
HttpRequest GetOperationStatusRequest(const ApiConfig& config, std::string_view id);
HttpRequest DownloadFileRequest(const ApiConfig& config, const DownloadFileArgs& args);

void Authorize(HttpRequest& request, std::string_view token);

}  // namespace gdconv
