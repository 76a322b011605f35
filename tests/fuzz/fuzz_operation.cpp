// SPDX-License-Identifier: MIT
// libFuzzer: OperationResult (GET /conversion/async) and the operation id a start answers with.
#include <cstddef>
#include <cstdint>

#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  HttpResponse r = fuzz::JsonResponse(data, size);
  fuzz::RequireRoundTrip<OperationResult>(ParseOperationResult, r);
  Result<std::string> id = ParseOperationId(r);
  if (id) fuzz::Require(!id.value().empty());
  return 0;
}
