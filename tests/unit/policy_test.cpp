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

TEST(RetryPolicy, RetryAfterWinsUpToACap) {
  RetryPolicy p;
  EXPECT_EQ(p.Delay(0, 0.5, 2000), 2000);
  EXPECT_EQ(p.Delay(0, 0.5, 3600000), 60000);
  EXPECT_EQ(p.Delay(0, 0.5, -5), 0);
}

TEST(RetryPolicy, OnlyIdempotentRequestsOnTransientFailures) {
  RetryPolicy p;
  HttpRequest get;
  get.idempotent = true;
  HttpRequest post;
  HttpResponse s503;
  s503.status = 503;
  HttpResponse s400;
  s400.status = 400;
  HttpResponse down;
  down.failure = TransportFailure::kNetwork;
  HttpResponse timeout;
  timeout.failure = TransportFailure::kTimeout;
  EXPECT_TRUE(p.ShouldRetry(get, s503, 0));
  EXPECT_TRUE(p.ShouldRetry(get, down, 1));
  EXPECT_TRUE(p.ShouldRetry(get, timeout, 0));
  EXPECT_FALSE(p.ShouldRetry(get, s503, 2));  // max_retries = 2
  EXPECT_FALSE(p.ShouldRetry(get, s400, 0));
  EXPECT_FALSE(p.ShouldRetry(post, s503, 0));
  EXPECT_FALSE(p.ShouldRetry(post, down, 0));
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
