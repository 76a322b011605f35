// SPDX-License-Identifier: MIT
// The reliability bounds a client sets for all its calls and a call may override for itself
// (bindings/RAW_API.md, "Reliability options"): the overall and per-request timeouts and the retry
// policy. Kept apart from the method arguments: every method takes them, under the same keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/errors.h"
#include "core/json.h"
#include "core/policy.h"

namespace gdconv {

struct CallOptions {
  // The whole call (every request, retry, backoff and poll); 0 = no limit. Ends in `timeout`.
  std::int64_t timeout_ms = 0;
  // Each HTTP request of the call; unset = the client's timeoutMs.
  std::optional<int> request_timeout_ms;
  RetryPolicy retry;
};

// Reads `maxRetries` (0..10: extra attempts) and `retry` ({maxAttempts 1..11, baseDelayMs,
// maxDelayMs, deadlineMs}) of `obj` over `policy`. Returns "" or what is wrong.
std::string ReadRetryOptions(const Json& obj, RetryPolicy& policy);

// Reads and removes the per-call keys (timeoutMs, requestTimeoutMs, maxRetries, retry) from the
// call's arguments, over the client's retry policy, so the method's own reader never sees them.
Result<CallOptions> TakeCallOptions(Json& args, const RetryPolicy& client_retry);

}  // namespace gdconv
