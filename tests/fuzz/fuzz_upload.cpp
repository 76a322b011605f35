// SPDX-License-Identifier: MIT
// libFuzzer: FilesUploadResult (PUT /conversion/storage/file), whose errors may carry string or numeric codes.
#include <cstddef>
#include <cstdint>

#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  fuzz::RequireRoundTrip<FilesUploadResult>(ParseUploadResponse, fuzz::JsonResponse(data, size));
  return 0;
}
