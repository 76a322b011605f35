// SPDX-License-Identifier: MIT
#include "core/policy.h"

#include <gtest/gtest.h>

namespace gdconv {
namespace {

TEST(PollPolicy, StartsSoonGrowsByHalfAndCaps) {
  PollPolicy p;
  std::vector<std::int64_t> delays;
  for (int i = 0; i < 10; ++i) delays.push_back(p.Delay(i));
  EXPECT_EQ(delays,
            (std::vector<std::int64_t>{200, 300, 450, 675, 1012, 1518, 2278, 3000, 3000, 3000}));
  EXPECT_EQ(p.Delay(1000000), 3000);
}

TEST(RetryPolicy, FullJitterWithinTheExponentialCap) {
  RetryPolicy p;
  EXPECT_EQ(p.Delay(0, 0.0, std::nullopt), 0);
  EXPECT_EQ(p.Delay(0, 0.999999, std::nullopt), 249);
  EXPECT_EQ(p.Delay(1, 0.5, std::nullopt), 250);
  EXPECT_EQ(p.Delay(2, 0.5, std::nullopt), 500);
  EXPECT_EQ(p.Delay(30, 0.5, std::nullopt), 4000);  // capped at max_ms, no overflow
  EXPECT_EQ(p.Delay(0, 7.0, std::nullopt), 250);    // out-of-range randomness is clamped
}

TEST(RetryPolicy, RetryAfterReplacesTheBackoff) {
  RetryPolicy p;
  EXPECT_EQ(p.Delay(0, 0.5, 2000), 2000);
  EXPECT_EQ(p.Delay(5, 0.5, 3600000), 3600000);  // bounded by the deadline, not here
  EXPECT_EQ(p.Delay(0, 0.5, -5), 0);
}

HttpResponse Status(int status, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

HttpResponse Failure(TransportFailure failure) {
  HttpResponse r;
  r.failure = failure;
  return r;
}

TEST(RetryPolicy, IdempotentRequestsRetryEveryTransientFailure) {
  for (int status : {408, 429, 500, 502, 503, 504}) {
    EXPECT_TRUE(IsReplayable(true, Status(status))) << status;
    EXPECT_FALSE(MayHaveApplied(true, Status(status))) << status;
  }
  for (int status : {200, 400, 401, 403, 404, 409, 413, 501, 505, 507}) {
    EXPECT_FALSE(IsReplayable(true, Status(status))) << status;
  }
  for (auto f :
       {TransportFailure::kConnect, TransportFailure::kNetwork, TransportFailure::kTimeout}) {
    EXPECT_TRUE(IsReplayable(true, Failure(f)));
    EXPECT_FALSE(MayHaveApplied(true, Failure(f)));
  }
}

// The POST rule (policy.h): replayed only when the server provably did not act on it.
TEST(RetryPolicy, PostIsReplayedOnlyWhenTheServerCannotHaveActed) {
  EXPECT_TRUE(IsReplayable(false, Failure(TransportFailure::kConnect)));  // never sent
  EXPECT_TRUE(IsReplayable(false, Status(429)));                          // refused explicitly
  EXPECT_TRUE(IsReplayable(false, Status(503)));
  EXPECT_FALSE(MayHaveApplied(false, Failure(TransportFailure::kConnect)));
  EXPECT_FALSE(MayHaveApplied(false, Status(429)));
  EXPECT_FALSE(MayHaveApplied(false, Status(503)));
  // May have reached the server: final, and flagged.
  for (auto f : {TransportFailure::kNetwork, TransportFailure::kTimeout}) {
    EXPECT_FALSE(IsReplayable(false, Failure(f)));
    EXPECT_TRUE(MayHaveApplied(false, Failure(f)));
  }
  for (int status : {408, 500, 502, 504}) {
    EXPECT_FALSE(IsReplayable(false, Status(status))) << status;
    EXPECT_TRUE(MayHaveApplied(false, Status(status))) << status;
  }
  // Refused before any work: neither replayed nor in doubt.
  for (int status : {400, 404, 409, 413}) {
    EXPECT_FALSE(IsReplayable(false, Status(status))) << status;
    EXPECT_FALSE(MayHaveApplied(false, Status(status))) << status;
  }
}

// A refused certificate is refused again: nothing was sent, and nothing is retried.
TEST(RetryPolicy, TlsFailuresAreFinalAndNeverInDoubt) {
  for (bool idempotent : {true, false}) {
    EXPECT_FALSE(IsReplayable(idempotent, Failure(TransportFailure::kTls)));
    EXPECT_FALSE(MayHaveApplied(idempotent, Failure(TransportFailure::kTls)));
    EXPECT_FALSE(RetryPolicy{}.NextDelay(
        idempotent, Failure(TransportFailure::kTls), 1, 0, [] { return 0.5; }, 0));
  }
}

TEST(RetryPolicy, NextDelayIsBoundedByAttempts) {
  RetryPolicy p;  // 3 attempts
  auto half = [] { return 0.5; };
  EXPECT_EQ(p.NextDelay(true, Status(503), 1, 0, half, 0), 125);
  EXPECT_EQ(p.NextDelay(true, Status(503), 2, 0, half, 0), 250);
  EXPECT_FALSE(p.NextDelay(true, Status(503), 3, 0, half, 0));
  p.max_attempts = 1;
  EXPECT_FALSE(p.NextDelay(true, Status(503), 1, 0, half, 0));
  EXPECT_FALSE(RetryPolicy{}.NextDelay(true, Status(400), 1, 0, half, 0));
  EXPECT_FALSE(RetryPolicy{}.NextDelay(false, Status(502), 1, 0, half, 0));
  EXPECT_EQ(RetryPolicy{}.NextDelay(false, Status(429), 1, 0, half, 0), 125);
}

TEST(RetryPolicy, NextDelayIsBoundedByTheDeadline) {
  RetryPolicy p;
  p.deadline_ms = 10000;
  auto one = [] { return 0.999; };
  p.base_ms = p.max_ms = 4000;
  EXPECT_EQ(p.NextDelay(true, Status(500), 1, 6000, one, 0), 3996);  // ends just in time
  EXPECT_FALSE(p.NextDelay(true, Status(500), 1, 6005, one, 0));     // would end past it
  // A Retry-After the deadline cannot wait for is answered now, not retried early.
  EXPECT_EQ(p.NextDelay(true, Status(429, {{"retry-after", "10"}}), 1, 0, one, 0), 10000);
  EXPECT_FALSE(p.NextDelay(true, Status(429, {{"retry-after", "11"}}), 1, 0, one, 0));
  p.deadline_ms = 0;  // none
  EXPECT_EQ(p.NextDelay(true, Status(429, {{"retry-after", "3600"}}), 1, 99999999, one, 0),
            3600000);
}

TEST(RetryPolicy, RetryAfterAsAnHttpDate) {
  const std::int64_t now = 784111777000;  // Sun, 06 Nov 1994 08:49:37 GMT
  auto never = []() -> double {
    ADD_FAILURE() << "no jitter is drawn when the server says when";
    return 0;
  };
  HttpResponse r = Status(503, {{"Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT"}});
  EXPECT_EQ(RetryPolicy{}.NextDelay(true, r, 1, 0, never, now), 10000);
}

TEST(RetryAfter, SecondsAndHttpDates) {
  const std::int64_t now = 784111777000;  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(ParseRetryAfterMs("3", now), 3000);
  EXPECT_EQ(ParseRetryAfterMs(" 120 ", now), 120000);
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:47 GMT", now), 10000);
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:27 GMT", now), 0);  // in the past
  EXPECT_FALSE(ParseRetryAfterMs("", now));
  EXPECT_FALSE(ParseRetryAfterMs("-1", now));
  EXPECT_FALSE(ParseRetryAfterMs("1.5", now));
  EXPECT_FALSE(ParseRetryAfterMs("99999999999999999999", now));
  EXPECT_FALSE(ParseRetryAfterMs("Sun, 06 Foo 1994 08:49:47 GMT", now));
  EXPECT_FALSE(ParseRetryAfterMs("tomorrow", now));
}

TEST(TokenRefreshPolicy, RefreshesBeforeExpiry) {
  TokenRefreshPolicy p;
  EXPECT_EQ(p.RefreshAtMs(0, 3600000), 3600000 - 60000);  // 1 h token: a minute early
  EXPECT_EQ(p.RefreshAtMs(0, 100000), 75000);             // short token: a quarter early
  EXPECT_EQ(p.RefreshAtMs(1000, 500), 500);               // already expired: no margin
}

}  // namespace
}  // namespace gdconv
