// SPDX-License-Identifier: MIT
// libFuzzer: every response parser and the error mapper over arbitrary bodies, statuses and
// headers. The only acceptable outcomes are a value or an Error; ASan/UBSan catch everything else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/auth.h"
#include "core/errors.h"
#include "core/methods.h"
#include "core/responses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  if (size < 2) return 0;
  HttpResponse r;
  r.status = 100 + (data[0] % 5) * 100 + data[1] % 30;  // 1xx..5xx, some well-known ones
  std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
  r.headers.emplace_back("x-request-id", body.substr(0, 16));
  r.headers.emplace_back("retry-after", body.substr(0, 29));
  r.body = Buffer::FromString(body);
  (void)ReadTokenResponse(r);
  (void)ReadOperationId(r);
  (void)ReadBytes(r);
  (void)ErrorToJson(ErrorFromResponse(r, data[0] & 1));
  (void)ParseRetryAfterMs(r.header("retry-after"), 1800000000000);
  (void)JwtExpirySeconds(body);
  (void)TokenExpiresAtMs(body, 3600, 1800000000000);
  for (int status : {r.status, 200}) {
    r.status = status;
    for (const Method& method : kMethods) {
      if (method.answer.kind != AnswerKind::kBytes) (void)ReadAnswer(r, method.answer);
    }
  }
  return 0;
}
