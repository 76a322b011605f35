// SPDX-License-Identifier: MIT
// Parsers for the rest of the API (requests_api.h). Same rules as responses.h: a non-2xx is the
// mapped API error, a 2xx body that is not what the API promises is bad_response.
#pragma once

#include <vector>

#include "core/models_api.h"
#include "core/responses.h"

namespace gdconv {

// Routes whose body the SDKs ignore (copy, move, create, delete): any 2xx is a success.
Result<bool> ParseAcknowledged(const HttpResponse& response);
Result<std::vector<StoredConvertedResult>> ParseStoredResults(const HttpResponse& response);
Result<FilesList> ParseFilesList(const HttpResponse& response);
Result<FileVersions> ParseFileVersions(const HttpResponse& response);
Result<ObjectExist> ParseObjectExist(const HttpResponse& response);
Result<StorageExist> ParseStorageExist(const HttpResponse& response);
Result<DiscUsage> ParseDiscUsage(const HttpResponse& response);
Result<std::vector<SupportedFormat>> ParseSupportedFormats(const HttpResponse& response);
Result<DocumentMetadata> ParseDocumentMetadata(const HttpResponse& response);
Result<ConsumptionResult> ParseConsumptionResult(const HttpResponse& response);
Result<LicenseInfo> ParseLicenseInfo(const HttpResponse& response);

}  // namespace gdconv
