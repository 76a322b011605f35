// SPDX-License-Identifier: MIT
// libFuzzer: the list answers — FilesList, FileVersions, SupportedFormat[] and StoredConvertedResult[].
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/responses_api.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  HttpResponse r = fuzz::JsonResponse(data, size);
  fuzz::RequireRoundTrip<FilesList>(ParseFilesList, r);
  fuzz::RequireRoundTrip<FileVersions>(ParseFileVersions, r);
  fuzz::RequireRoundTrip<std::vector<SupportedFormat>>(ParseSupportedFormats, r);
  fuzz::RequireRoundTrip<std::vector<StoredConvertedResult>>(ParseStoredResults, r);
  return 0;
}
