// SPDX-License-Identifier: MIT
#include "core/responses_api.h"

namespace gdconv {

Result<bool> ParseAcknowledged(const HttpResponse& response) {
  if (!response.ok()) return ErrorFromResponse(response);
  return true;
}

Result<std::vector<StoredConvertedResult>> ParseStoredResults(const HttpResponse& response) {
  return ParseJsonModel<std::vector<StoredConvertedResult>>(response, "converted results");
}

Result<FilesList> ParseFilesList(const HttpResponse& response) {
  return ParseJsonModel<FilesList>(response, "files list");
}

Result<FileVersions> ParseFileVersions(const HttpResponse& response) {
  return ParseJsonModel<FileVersions>(response, "file versions");
}

Result<ObjectExist> ParseObjectExist(const HttpResponse& response) {
  return ParseJsonModel<ObjectExist>(response, "object exist");
}

Result<StorageExist> ParseStorageExist(const HttpResponse& response) {
  return ParseJsonModel<StorageExist>(response, "storage exist");
}

Result<DiscUsage> ParseDiscUsage(const HttpResponse& response) {
  return ParseJsonModel<DiscUsage>(response, "disc usage");
}

Result<std::vector<SupportedFormat>> ParseSupportedFormats(const HttpResponse& response) {
  return ParseJsonModel<std::vector<SupportedFormat>>(response, "supported formats");
}

Result<DocumentMetadata> ParseDocumentMetadata(const HttpResponse& response) {
  return ParseJsonModel<DocumentMetadata>(response, "document metadata");
}

Result<ConsumptionResult> ParseConsumptionResult(const HttpResponse& response) {
  return ParseJsonModel<ConsumptionResult>(response, "consumption");
}

Result<LicenseInfo> ParseLicenseInfo(const HttpResponse& response) {
  return ParseJsonModel<LicenseInfo>(response, "license info");
}

}  // namespace gdconv
