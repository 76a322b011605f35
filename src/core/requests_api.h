// SPDX-License-Identifier: MIT
// Request builders for the rest of the API (reference/groupdocs-api.md §4): ConvertApi, AsyncApi's
// direct upload and result, FileApi copy/move/delete, FolderApi, StorageApi, InfoApi, LicenseApi.
// Argument structs carry the official SDKs' request field names.
#pragma once

#include <optional>
#include <string>

#include "core/requests.h"

namespace gdconv {

struct CopyMoveArgs {  // copyFile, moveFile, copyFolder, moveFolder
  std::string srcPath;
  std::string destPath;
  std::optional<std::string> srcStorageName;
  std::optional<std::string> destStorageName;
  std::optional<std::string> versionId;  // files only
};

struct PathArgs {  // deleteFile, getFilesList, createFolder, deleteFolder, objectExists,
                   // getFileVersions
  std::string path;
  std::optional<std::string> storageName;
  std::optional<std::string> versionId;  // deleteFile, objectExists
  std::optional<bool> recursive;         // deleteFolder
};

// convertDocumentDirect and startConvert: the query part; the body is a multipart upload.
struct DirectConvertArgs {
  std::string format;
  std::optional<std::int64_t> fromPage;
  std::optional<std::int64_t> pagesCount;
};

struct InfoArgs {  // getSupportedConversionTypes, getDocumentMetadata
  std::optional<std::string> filePath;
  std::optional<std::string> storageName;
  std::optional<std::string> format;  // getSupportedConversionTypes: source extension filter
};

enum class Transfer { kCopy, kMove };

// ConvertApi. With outputPath the API answers StoredConvertedResult[], without it the converted
// bytes.
HttpRequest ConvertDocumentRequest(const ApiConfig& config, const ConvertSettings& settings);
HttpRequest ConvertDocumentDirectRequest(const ApiConfig& config, const DirectConvertArgs& args,
                                         std::string content_type, Buffer body);
// AsyncApi
HttpRequest StartConvertRequest(const ApiConfig& config, const DirectConvertArgs& args,
                                std::string content_type, Buffer body);
// `name` (an extension of this client, which the local server honours) picks one of several
// results.
HttpRequest GetOperationResultRequest(const ApiConfig& config, std::string_view id,
                                      const std::optional<std::string>& name);
// FileApi
HttpRequest TransferFileRequest(const ApiConfig& config, Transfer kind, const CopyMoveArgs& args);
HttpRequest DeleteFileRequest(const ApiConfig& config, const PathArgs& args);
// FolderApi
HttpRequest GetFilesListRequest(const ApiConfig& config, const PathArgs& args);
HttpRequest CreateFolderRequest(const ApiConfig& config, const PathArgs& args);
HttpRequest DeleteFolderRequest(const ApiConfig& config, const PathArgs& args);
HttpRequest TransferFolderRequest(const ApiConfig& config, Transfer kind, const CopyMoveArgs& args);
// StorageApi
HttpRequest ObjectExistsRequest(const ApiConfig& config, const PathArgs& args);
HttpRequest StorageExistsRequest(const ApiConfig& config, std::string_view storage_name);
HttpRequest GetDiscUsageRequest(const ApiConfig& config,
                                const std::optional<std::string>& storage_name);
HttpRequest GetFileVersionsRequest(const ApiConfig& config, const PathArgs& args);
// InfoApi
HttpRequest GetSupportedConversionTypesRequest(const ApiConfig& config, const InfoArgs& args);
HttpRequest GetDocumentMetadataRequest(const ApiConfig& config, const InfoArgs& args);
// LicenseApi
HttpRequest GetConsumptionCreditRequest(const ApiConfig& config);
HttpRequest GetLicenseInfoRequest(const ApiConfig& config);

}  // namespace gdconv
