// SPDX-License-Identifier: MIT
// libFuzzer: error bodies and the retry decision. Any status, transport failure, Retry-After and
// body maps to one Error whose JSON is valid, never retryable when the request may have started,
// with the secrets redacted; and the retry policy's wait is never negative and never past its
// deadline.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.h"
#include "core/policy.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  if (size < 3) return 0;
  HttpResponse r;
  r.failure = static_cast<TransportFailure>(data[0] % 4);
  r.status = r.failure == TransportFailure::kNone ? 100 + (data[1] * 7 + data[2]) % 500 : 0;
  r.may_have_applied = data[0] & 0x80;
  std::string body(reinterpret_cast<const char*>(data + 3), size - 3);
  r.headers.emplace_back("x-request-id", body.substr(0, 40));
  r.headers.emplace_back("Retry-After", body.substr(0, 31));
  r.body = Buffer::FromString(body);
  r.failure_text = body.substr(0, 64);

  Error e = ErrorFromResponse(r, data[0] & 0x40);
  auto json = ParseJson(ErrorToJson(e));
  fuzz::Require(json && json->is_object() && json->size() == 7);
  fuzz::Require(!e.message.empty());
  if (e.may_have_started) fuzz::Require(!e.retryable);

  const std::string secret = "s3cr3t-fuzz-secret";
  std::string redacted = Redact(body + secret + body, {secret, "local-dev-secret"});
  fuzz::Require(redacted.find(secret) == std::string::npos);

  RetryPolicy policy;
  policy.deadline_ms = data[1] * 100;
  auto random = [&] { return data[2] / 256.0; };
  for (bool idempotent : {true, false}) {
    for (int attempts = 1; attempts <= 4; ++attempts) {
      auto delay = policy.NextDelay(idempotent, r, attempts, data[2] * 10, random, 1800000000000);
      if (!delay) continue;
      fuzz::Require(*delay >= 0);
      fuzz::Require(policy.deadline_ms == 0 || data[2] * 10 + *delay <= policy.deadline_ms);
      fuzz::Require(IsReplayable(idempotent, r) && !MayHaveApplied(idempotent, r));
    }
  }
  return 0;
}
