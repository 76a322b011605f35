// SPDX-License-Identifier: MIT
// libFuzzer: every response parser and the error mapper over arbitrary bodies, statuses and
// headers. The only acceptable outcomes are a value or an Error; ASan/UBSan catch everything else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/auth.h"
#include "core/errors.h"
#include "core/responses.h"
#include "core/responses_api.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  if (size < 2) return 0;
  HttpResponse r;
  r.status = 100 + (data[0] % 5) * 100 + data[1] % 30;  // 1xx..5xx, some well-known ones
  std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
  r.headers.emplace_back("x-request-id", body.substr(0, 16));
  r.headers.emplace_back("retry-after", body.substr(0, 29));
  r.body = Buffer::FromString(body);
  (void)ParseTokenResponse(r);
  (void)ParseUploadResponse(r);
  (void)ParseOperationId(r);
  (void)ParseOperationResult(r);
  (void)ParseDownload(r);
  (void)ErrorToJson(ErrorFromResponse(r, data[0] & 1));
  (void)ParseRetryAfterMs(r.header("retry-after"), 1800000000000);
  (void)JwtExpirySeconds(body);
  (void)TokenExpiresAtMs(body, 3600, 1800000000000);
  r.status = 200;
  (void)ParseOperationResult(r);
  (void)ParseUploadResponse(r);
  // The rest of the API's parsers (responses_api.h), on 2xx bodies where they read JSON.
  (void)ParseAcknowledged(r);
  (void)ParseStoredResults(r);
  (void)ParseFilesList(r);
  (void)ParseFileVersions(r);
  (void)ParseObjectExist(r);
  (void)ParseStorageExist(r);
  (void)ParseDiscUsage(r);
  (void)ParseSupportedFormats(r);
  (void)ParseDocumentMetadata(r);
  (void)ParseConsumptionResult(r);
  (void)ParseLicenseInfo(r);
  return 0;
}
