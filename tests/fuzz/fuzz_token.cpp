// SPDX-License-Identifier: MIT
// libFuzzer: the token endpoint's answer and what the client reads out of a token — the JWT
// payload's `exp` (base64url, then JSON) and the refresh time derived from it — over arbitrary
// bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/auth.h"
#include "core/policy.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  HttpResponse r = fuzz::JsonResponse(data, size);
  Result<TokenResponse> token = ReadTokenResponse(r);
  if (token) fuzz::Require(!token.value().access_token.empty());

  std::string text(reinterpret_cast<const char*>(data), size);
  constexpr std::int64_t kNow = 1800000000000;
  if (auto decoded = Base64UrlDecode(text)) fuzz::Require(decoded->size() <= text.size());
  if (auto exp = JwtExpirySeconds(text)) fuzz::Require(*exp > 0);
  for (double expires_in : {0.0, 3600.0, -1.0, 1e300}) {
    if (auto at = TokenExpiresAtMs(text, expires_in, kNow)) {
      // The refresh time never lies after the expiry.
      fuzz::Require(TokenRefreshPolicy{}.RefreshAtMs(kNow, *at) <= *at);
    }
  }
  return 0;
}
