// SPDX-License-Identifier: MIT
// libFuzzer: every JSON answer of the method table (methods.h) — the models, in every shape the
// codec tolerates, and the operation ids — read, written and read again (fuzz_util.h).
#include <cstddef>
#include <cstdint>

#include "core/methods.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  HttpResponse r = fuzz::JsonResponse(data, size);
  for (const Method& method : kMethods) {
    if (method.answer.kind == AnswerKind::kBytes) continue;
    fuzz::RequireRoundTrip(method.answer, r);
  }
  Result<std::string> id = ReadOperationId(r);
  if (id) fuzz::Require(!id.value().empty());
  return 0;
}
