// SPDX-License-Identifier: MIT
// The timing rules, in one place so tests can pin them: status polling backoff, retry backoff with
// full jitter (honouring Retry-After), and when a cached token is refreshed.
#pragma once

#include <cstdint>
#include <functional>
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

// Retries after a failed attempt: exponential backoff with full jitter (AWS Architecture Blog,
// "Exponential Backoff And Jitter"), so that clients that failed together do not come back
// together; a server's Retry-After (seconds or an HTTP date) replaces the backoff. Two bounds, both
// per client and per call (bindings/RAW_API.md, "retry"): at most `max_attempts` sends of one
// request, and no retry that would start more than `deadline_ms` after the first attempt began.
//
// Which failures are retried (IsReplayable):
// - idempotent requests (the token POST, GETs, DELETEs, the upload PUT of the same bytes, copies):
//   any transport failure (connect, network, timeout) and 408, 429, 500, 502, 503, 504;
// - the POST rule, for requests that are not idempotent (starting a conversion, a synchronous
//   conversion, a move): replayed only when the server provably did not act on them:
//     * kConnect: the connection was never made (refused, DNS), so nothing was sent;
//     * 429 and 503: the server refused the request explicitly and did not start work;
//   and never after a timeout, a dropped connection, 500, 502 or 504, where the request may have
//   reached the server and the conversion may be running: sending it again could convert twice.
//   Such a failure is final, marked may_have_applied (error: mayHaveStarted, retryable: false).
// - never a TLS failure (kTls: a certificate refused), for any request: nothing was sent, and the
//   same certificate would be refused again (error: tls_error, retryable: false).
// A 401 is not a retry: Call replays any request once with a fresh token (the server refused it
// before doing anything).
struct RetryPolicy {
  int max_attempts = 3;              // sends of one request, the first included (1 = no retry)
  std::int64_t base_ms = 250;        // the cap of the first retry's backoff; doubles per retry
  std::int64_t max_ms = 8000;        // the backoff cap
  std::int64_t deadline_ms = 60000;  // 0 = none; bounds Retry-After waits too

  // Backoff before retry number `retry` (0 for the first retry): a uniform draw from
  // [0, min(max_ms, base_ms * 2^retry)), or the server's Retry-After when it gave one.
  // `unit_random` in [0, 1).
  std::int64_t Delay(int retry, double unit_random,
                     std::optional<std::int64_t> retry_after_ms) const;

  // The wait before sending the request again, or nullopt to give up: not replayable, out of
  // attempts (`attempts` sends so far), or the retry would start past the deadline (`elapsed_ms`
  // since the first send).
  // `unit_random` in [0, 1) is drawn only when a backoff is computed.
  std::optional<std::int64_t> NextDelay(bool idempotent, const HttpResponse& response, int attempts,
                                        std::int64_t elapsed_ms,
                                        const std::function<double()>& unit_random,
                                        std::int64_t now_ms) const;
};

// Whether a status is worth retrying for an idempotent request: transient by definition.
bool IsRetryableStatus(int status);
// Whether a failed attempt may be sent again at all (the rules above, without the bounds).
bool IsReplayable(bool idempotent, const HttpResponse& response);
// Whether a final failure of a request that is not idempotent leaves unknown if the server acted.
bool MayHaveApplied(bool idempotent, const HttpResponse& response);

// 53 random bits of `bits` as a double in [0, 1): the jitter's draw.
double UnitInterval(std::uint64_t bits);

// Retry-After: delta-seconds or an IMF-fixdate (RFC 9110 §10.2.3); nullopt when unparseable.
std::optional<std::int64_t> ParseRetryAfterMs(std::string_view value, std::int64_t now_ms);

// Tokens are refreshed before they expire, so a request never leaves with a token that dies in
// flight: at `expires - margin`, margin = min(60 s, a quarter of the lifetime).
struct TokenRefreshPolicy {
  std::int64_t max_margin_ms = 60000;
  std::int64_t RefreshAtMs(std::int64_t obtained_ms, std::int64_t expires_ms) const;
};

}  // namespace gdconv
