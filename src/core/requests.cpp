// SPDX-License-Identifier: MIT
#include "core/requests.h"

namespace gdconv {
namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Plain JSON-in, JSON-out API requests. No x-groupdocs-client headers: browsers preflight every
// non-safelisted header, and whether production CORS allows those is unverified (reference §9).
HttpRequest JsonApiRequest(std::string method, std::string url) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers.emplace_back("Accept", "application/json");
  return r;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string EncodeStoragePath(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (!segment.empty()) {
      if (!out.empty()) out += '/';
      out += PercentEncode(segment);
    }
    start = end + 1;
  }
  return out;
}

std::string BaseName(std::string_view path) {
  while (!path.empty() && (path.back() == '/' || path.back() == '\\')) path.remove_suffix(1);
  std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string TrimBaseUrl(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

// An empty route is the ConvertApi's own "/v2.0/conversion".
ApiUrl::ApiUrl(const ApiConfig& config, std::string_view route)
    : url_(config.base_url + "/v2.0/conversion" + (route.empty() ? "" : "/" + std::string(route))) {
}

ApiUrl& ApiUrl::Path(std::string_view storage_path) {
  url_ += '/';
  url_ += EncodeStoragePath(storage_path);
  return *this;
}

ApiUrl& ApiUrl::Query(std::string_view key, const std::optional<std::string>& value) {
  if (!value) return *this;
  url_ += has_query_ ? '&' : '?';
  has_query_ = true;
  url_ += PercentEncode(key);
  url_ += '=';
  url_ += PercentEncode(*value);
  return *this;
}

HttpRequest TokenRequest(const ApiConfig& config, std::string_view client_id,
                         std::string_view client_secret) {
  HttpRequest r;
  r.method = "POST";
  r.url = config.base_url + "/connect/token";  // no /v2.0 (reference §2)
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.headers.emplace_back("Accept", "application/json");
  r.body =
      Buffer::FromString("grant_type=client_credentials&client_id=" + PercentEncode(client_id) +
                         "&client_secret=" + PercentEncode(client_secret));
  r.timeout_ms = config.timeout_ms;
  r.idempotent = true;  // issuing a token twice has no effect beyond the token
  return r;
}

HttpRequest UploadFileRequest(const ApiConfig& config, const UploadFileArgs& args,
                              std::string content_type, Buffer body) {
  HttpRequest r = JsonApiRequest(
      "PUT",
      ApiUrl(config, "storage/file").Path(args.path).Query("storageName", args.storageName).str());
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  r.timeout_ms = config.timeout_ms;
  r.idempotent = true;  // PUT to a path: the same upload twice leaves the same file
  return r;
}

HttpRequest StartConvertAndSaveRequest(const ApiConfig& config, const ConvertSettings& settings) {
  HttpRequest r = JsonApiRequest("POST", ApiUrl(config, "async").str());
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = Buffer::FromString(DumpJson(JsonCodec<ConvertSettings>::Write(settings)));
  r.timeout_ms = config.timeout_ms;
  r.idempotent = false;  // a retry could start a second conversion
  return r;
}

HttpRequest GetOperationStatusRequest(const ApiConfig& config, std::string_view id) {
  HttpRequest r = JsonApiRequest("GET", ApiUrl(config, "async").Query("id", std::string(id)).str());
  r.timeout_ms = config.timeout_ms;
  r.idempotent = true;
  return r;
}

HttpRequest DownloadFileRequest(const ApiConfig& config, const DownloadFileArgs& args) {
  HttpRequest r;
  r.method = "GET";
  r.url = ApiUrl(config, "storage/file")
              .Path(args.path)
              .Query("storageName", args.storageName)
              .Query("versionId", args.versionId)
              .str();
  // Errors on binary routes are JSON (reference §5.2), so accept both.
  r.headers.emplace_back("Accept", "application/octet-stream, application/json");
  r.timeout_ms = config.timeout_ms;
  r.idempotent = true;
  return r;
}

void Authorize(HttpRequest& request, std::string_view token) {
  for (auto& [key, value] : request.headers) {
    if (key == "Authorization") {
      value = "Bearer " + std::string(token);
      return;
    }
  }
  request.headers.emplace_back("Authorization", "Bearer " + std::string(token));
}

}  // namespace gdconv
