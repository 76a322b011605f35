// SPDX-License-Identifier: MIT
// libFuzzer: the single-object answers — DocumentMetadata, DiscUsage, ObjectExist, StorageExist,
// ConsumptionResult and LicenseInfo.
#include <cstddef>
#include <cstdint>

#include "core/responses_api.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  HttpResponse r = fuzz::JsonResponse(data, size);
  fuzz::RequireRoundTrip<DocumentMetadata>(ParseDocumentMetadata, r);
  fuzz::RequireRoundTrip<DiscUsage>(ParseDiscUsage, r);
  fuzz::RequireRoundTrip<ObjectExist>(ParseObjectExist, r);
  fuzz::RequireRoundTrip<StorageExist>(ParseStorageExist, r);
  fuzz::RequireRoundTrip<ConsumptionResult>(ParseConsumptionResult, r);
  fuzz::RequireRoundTrip<LicenseInfo>(ParseLicenseInfo, r);
  return 0;
}
