// SPDX-License-Identifier: MIT
// The timing rules, in one place so tests can pin them: status polling backoff, retry backoff with
// full jitter (honouring Retry-After), and when a cached token is refreshed.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/http.h"

namespace gdconv {

// waitForOperation: the first poll soon (a conversion of a small file often finishes within a
// second), then ×1.5 per poll up to a cap, so a long job costs few requests.
struct PollPolicy {
  std::int64_t initial_ms = 200;
  double factor = 1.5;
  std::int64_t max_ms = 3000;
  // Delay before poll number `poll` (0-based).
  std::int64_t Delay(int poll) const;
};

// Retries of idempotent requests (GET, PUT, the token POST) after a network error, a per-request
// timeout or 408/429/5xx. Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter")
// spreads out clients that failed together; a server's Retry-After wins when present, up to a cap.
struct RetryPolicy {
  int max_retries = 2;
  std::int64_t base_ms = 250;
  std::int64_t max_ms = 8000;
  std::int64_t max_retry_after_ms = 60000;
  // `unit_random` in [0, 1). `retry` is 0 for the first retry.
  std::int64_t Delay(int retry, double unit_random,
                     std::optional<std::int64_t> retry_after_ms) const;
  bool ShouldRetry(const HttpRequest& request, const HttpResponse& response,
                   int retries_done) const;
};

// Retry-After: delta-seconds or an IMF-fixdate (RFC 9110 §10.2.3); nullopt when unparseable.
std::optional<std::int64_t> ParseRetryAfterMs(std::string_view value, std::int64_t now_ms);

// Tokens are refreshed before they expire, so a request never leaves with a token that dies in
// flight: at `expires - margin`, margin = min(60 s, a quarter of the lifetime).
struct TokenRefreshPolicy {
  std::int64_t max_margin_ms = 60000;
  std::int64_t RefreshAtMs(std::int64_t obtained_ms, std::int64_t expires_ms) const;
};

}  // namespace gdconv
