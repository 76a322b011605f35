// SPDX-License-Identifier: MIT
#include "core/requests_api.h"

namespace gdconv {
namespace {

constexpr const char* kJson = "application/json";
// Errors on binary routes are JSON (reference §5.2), so accept both.
constexpr const char* kBytesOrJson = "application/octet-stream, application/json";

HttpRequest Make(const ApiConfig& config, const char* method, std::string url, const char* accept,
                 bool idempotent) {
  HttpRequest r;
  r.method = method;
  r.url = std::move(url);
  r.headers.emplace_back("Accept", accept);
  r.timeout_ms = config.timeout_ms;
  r.idempotent = idempotent;
  return r;
}

std::optional<std::string> Number(const std::optional<std::int64_t>& n) {
  if (!n) return std::nullopt;
  return std::to_string(*n);
}

std::optional<std::string> Bool(const std::optional<bool>& b) {
  if (!b) return std::nullopt;
  return std::string(*b ? "true" : "false");
}

ApiUrl DirectUrl(const ApiConfig& config, const char* route, const DirectConvertArgs& args) {
  ApiUrl url(config, route);
  url.Query("format", args.format)
      .Query("fromPage", Number(args.fromPage))
      .Query("pagesCount", Number(args.pagesCount));
  return url;
}

ApiUrl TransferUrl(const ApiConfig& config, const char* route, const CopyMoveArgs& args) {
  ApiUrl url(config, route);
  url.Path(args.srcPath)
      .Query("destPath", args.destPath)
      .Query("srcStorageName", args.srcStorageName)
      .Query("destStorageName", args.destStorageName)
      .Query("versionId", args.versionId);
  return url;
}

HttpRequest WithBody(HttpRequest r, std::string content_type, Buffer body) {
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

}  // namespace

HttpRequest ConvertDocumentRequest(const ApiConfig& config, const ConvertSettings& settings) {
  bool stored = settings.outputPath && !settings.outputPath->empty();
  // A conversion is work and, with outputPath, writes files: not retried automatically.
  HttpRequest r = Make(config, "POST", ApiUrl(config, "").str(), stored ? kJson : kBytesOrJson,
                       /*idempotent=*/false);
  return WithBody(std::move(r), kJson,
                  Buffer::FromString(DumpJson(JsonCodec<ConvertSettings>::Write(settings))));
}

HttpRequest ConvertDocumentDirectRequest(const ApiConfig& config, const DirectConvertArgs& args,
                                         std::string content_type, Buffer body) {
  // Stores nothing and returns the bytes: repeating it is harmless (PUT).
  HttpRequest r = Make(config, "PUT", DirectUrl(config, "", args).str(), kBytesOrJson,
                       /*idempotent=*/true);
  return WithBody(std::move(r), std::move(content_type), std::move(body));
}

HttpRequest StartConvertRequest(const ApiConfig& config, const DirectConvertArgs& args,
                                std::string content_type, Buffer body) {
  // A PUT, but a retry could start a second operation.
  HttpRequest r = Make(config, "PUT", DirectUrl(config, "async", args).str(), kJson,
                       /*idempotent=*/false);
  return WithBody(std::move(r), std::move(content_type), std::move(body));
}

HttpRequest GetOperationResultRequest(const ApiConfig& config, std::string_view id,
                                      const std::optional<std::string>& name) {
  return Make(config, "GET",
              ApiUrl(config, "async/result").Query("id", std::string(id)).Query("name", name).str(),
              kBytesOrJson, true);
}

HttpRequest TransferFileRequest(const ApiConfig& config, Transfer kind, const CopyMoveArgs& args) {
  bool copy = kind == Transfer::kCopy;
  // Copying twice leaves the same state; a repeated move finds its source gone.
  return Make(config, "PUT",
              TransferUrl(config, copy ? "storage/file/copy" : "storage/file/move", args).str(),
              kJson, copy);
}

HttpRequest DeleteFileRequest(const ApiConfig& config, const PathArgs& args) {
  return Make(config, "DELETE",
              ApiUrl(config, "storage/file")
                  .Path(args.path)
                  .Query("storageName", args.storageName)
                  .Query("versionId", args.versionId)
                  .str(),
              kJson, true);
}

HttpRequest GetFilesListRequest(const ApiConfig& config, const PathArgs& args) {
  // The root is "storage/folder/" (what the Node SDK sends for an empty path).
  return Make(
      config, "GET",
      ApiUrl(config, "storage/folder").Path(args.path).Query("storageName", args.storageName).str(),
      kJson, true);
}

HttpRequest CreateFolderRequest(const ApiConfig& config, const PathArgs& args) {
  return Make(
      config, "PUT",
      ApiUrl(config, "storage/folder").Path(args.path).Query("storageName", args.storageName).str(),
      kJson, true);
}

HttpRequest DeleteFolderRequest(const ApiConfig& config, const PathArgs& args) {
  return Make(config, "DELETE",
              ApiUrl(config, "storage/folder")
                  .Path(args.path)
                  .Query("storageName", args.storageName)
                  .Query("recursive", Bool(args.recursive))
                  .str(),
              kJson, true);
}

HttpRequest TransferFolderRequest(const ApiConfig& config, Transfer kind,
                                  const CopyMoveArgs& args) {
  bool copy = kind == Transfer::kCopy;
  return Make(config, "PUT",
              TransferUrl(config, copy ? "storage/folder/copy" : "storage/folder/move", args).str(),
              kJson, copy);
}

HttpRequest ObjectExistsRequest(const ApiConfig& config, const PathArgs& args) {
  return Make(config, "GET",
              ApiUrl(config, "storage/exist")
                  .Path(args.path)
                  .Query("storageName", args.storageName)
                  .Query("versionId", args.versionId)
                  .str(),
              kJson, true);
}

HttpRequest StorageExistsRequest(const ApiConfig& config, std::string_view storage_name) {
  // One segment: a '/' in the name is encoded, not a separator.
  std::string url = ApiUrl(config, "storage").str() + "/" + PercentEncode(storage_name) + "/exist";
  return Make(config, "GET", std::move(url), kJson, true);
}

HttpRequest GetDiscUsageRequest(const ApiConfig& config,
                                const std::optional<std::string>& storage_name) {
  return Make(config, "GET",
              ApiUrl(config, "storage/disc").Query("storageName", storage_name).str(), kJson, true);
}

HttpRequest GetFileVersionsRequest(const ApiConfig& config, const PathArgs& args) {
  return Make(config, "GET",
              ApiUrl(config, "storage/version")
                  .Path(args.path)
                  .Query("storageName", args.storageName)
                  .str(),
              kJson, true);
}

HttpRequest GetSupportedConversionTypesRequest(const ApiConfig& config, const InfoArgs& args) {
  return Make(config, "GET",
              ApiUrl(config, "formats")
                  .Query("filePath", args.filePath)
                  .Query("storageName", args.storageName)
                  .Query("format", args.format)
                  .str(),
              kJson, true);
}

HttpRequest GetDocumentMetadataRequest(const ApiConfig& config, const InfoArgs& args) {
  return Make(config, "GET",
              ApiUrl(config, "info")
                  .Query("filePath", args.filePath)
                  .Query("storageName", args.storageName)
                  .str(),
              kJson, true);
}

HttpRequest GetConsumptionCreditRequest(const ApiConfig& config) {
  return Make(config, "GET", ApiUrl(config, "consumption").str(), kJson, true);
}

HttpRequest GetLicenseInfoRequest(const ApiConfig& config) {
  return Make(config, "GET", ApiUrl(config, "license").str(), kJson, true);
}

}  // namespace gdconv
