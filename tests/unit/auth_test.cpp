// SPDX-License-Identifier: MIT
#include "core/auth.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace gdconv {
namespace {

using testing::FakeScheduler;
using testing::FakeTransport;
using testing::Jwt;
using testing::JwtExpiringAt;
using testing::Reply;
using testing::TokenBody;

constexpr std::int64_t kNowSeconds = FakeScheduler::kStart / 1000;

TEST(Base64Url, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(Base64UrlDecode("aGVsbG8"), "hello");
  EXPECT_EQ(Base64UrlDecode("aGVsbG8="), "hello");
  EXPECT_EQ(Base64UrlDecode("-_-_"), std::string("\xfb\xff\xbf", 3));
  EXPECT_EQ(Base64UrlDecode(""), "");
  EXPECT_FALSE(Base64UrlDecode("a+b/"));   // standard alphabet is not base64url
  EXPECT_FALSE(Base64UrlDecode("abcde"));  // impossible length
  EXPECT_FALSE(Base64UrlDecode("ab c"));
}

TEST(Jwt, ReadsExpFromThePayload) {
  EXPECT_EQ(JwtExpirySeconds(JwtExpiringAt(1800003600)), 1800003600);
  EXPECT_EQ(JwtExpirySeconds(Jwt(R"({"exp":1800003600.9})")), 1800003600);
  EXPECT_FALSE(JwtExpirySeconds("opaque-token"));
  EXPECT_FALSE(JwtExpirySeconds("a.b"));
  EXPECT_FALSE(JwtExpirySeconds(Jwt(R"({"sub":"x"})")));
  EXPECT_FALSE(JwtExpirySeconds(Jwt(R"({"exp":"soon"})")));
  EXPECT_FALSE(JwtExpirySeconds(Jwt(R"({"exp":-1})")));
  EXPECT_FALSE(JwtExpirySeconds(Jwt(R"({"exp":1e300})")));
  EXPECT_FALSE(JwtExpirySeconds(Jwt("not json")));
  EXPECT_FALSE(JwtExpirySeconds("x.!!!.y"));
}

TEST(TokenExpiry, PrefersExpThenExpiresIn) {
  const std::int64_t now = FakeScheduler::kStart;
  EXPECT_EQ(TokenExpiresAtMs(JwtExpiringAt(kNowSeconds + 600), 3600, now),
            (kNowSeconds + 600) * 1000);
  EXPECT_EQ(TokenExpiresAtMs("opaque", 3600, now), now + 3600000);
  EXPECT_EQ(TokenExpiresAtMs("opaque", 0.5, now), now + 500);
  EXPECT_FALSE(TokenExpiresAtMs("opaque", std::nullopt, now));
  EXPECT_FALSE(TokenExpiresAtMs("opaque", -5, now));
  // exp already past (clock skew): the relative lifetime is trusted instead.
  EXPECT_EQ(TokenExpiresAtMs(JwtExpiringAt(kNowSeconds - 10), 3600, now), now + 3600000);
  EXPECT_EQ(TokenExpiresAtMs(JwtExpiringAt(kNowSeconds - 10), std::nullopt, now),
            (kNowSeconds - 10) * 1000);
  // Absurd lifetimes are clamped rather than overflowing.
  EXPECT_EQ(TokenExpiresAtMs("opaque", 1e300, now), now + 10LL * 365 * 86400 * 1000);
}

class ClientCredentials : public ::testing::Test {
 protected:
  ClientCredentials() {
    ApiConfig config;
    config.base_url = "http://h";
    RetryPolicy retry;
    source_ = std::make_unique<ClientCredentialsTokenSource>(transport_, clock_, config, "id",
                                                             "secret", retry, [] { return 0.5; });
  }
  FakeScheduler clock_;
  FakeTransport transport_;
  std::unique_ptr<ClientCredentialsTokenSource> source_;
};

TEST_F(ClientCredentials, SingleFlightAndCache) {
  std::vector<std::string> got;
  auto collect = [&](Result<std::string> t) { got.push_back(t ? t.value() : "ERR"); };
  EXPECT_NE(source_->Get(collect), 0u);
  EXPECT_NE(source_->Get(collect), 0u);
  ASSERT_EQ(transport_.pending_count(), 1u);  // one fetch for both
  std::string token = JwtExpiringAt(kNowSeconds + 3600);
  transport_.Respond(Reply(200, TokenBody(token)));
  EXPECT_EQ(got, (std::vector<std::string>{token, token}));
  EXPECT_EQ(source_->Get(collect), 0u);  // cached: answered at once
  EXPECT_EQ(got.size(), 3u);
  EXPECT_EQ(transport_.sent().size(), 1u);
}

TEST_F(ClientCredentials, RefreshesAMinuteBeforeExp) {
  std::string first = JwtExpiringAt(kNowSeconds + 3600);
  std::string last;
  auto keep = [&](Result<std::string> t) { last = t.value(); };
  source_->Get(keep);
  transport_.Respond(Reply(200, TokenBody(first)));
  clock_.Advance(3600 * 1000 - 60 * 1000 - 1);
  source_->Get(keep);
  EXPECT_EQ(transport_.sent().size(), 1u);
  clock_.Advance(1);
  source_->Get(keep);
  ASSERT_EQ(transport_.sent().size(), 2u);
  std::string second = JwtExpiringAt(kNowSeconds + 7200);
  transport_.Respond(Reply(200, TokenBody(second)));
  EXPECT_EQ(last, second);
}

TEST_F(ClientCredentials, OpaqueTokenUsesExpiresIn) {
  source_->Get([](Result<std::string>) {});
  transport_.Respond(Reply(200, TokenBody("opaque-token-123", 100)));
  source_->Get([](Result<std::string>) {});
  clock_.Advance(74999);  // refresh at 100 s - 25 s
  source_->Get([](Result<std::string>) {});
  EXPECT_EQ(transport_.sent().size(), 1u);
  clock_.Advance(1);
  source_->Get([](Result<std::string>) {});
  EXPECT_EQ(transport_.sent().size(), 2u);
}

TEST_F(ClientCredentials, InvalidateForcesANewToken) {
  source_->Get([](Result<std::string>) {});
  transport_.Respond(Reply(200, TokenBody("tok-1-opaque")));
  source_->Invalidate("some-other-token");
  EXPECT_EQ(source_->Get([](Result<std::string>) {}), 0u);
  source_->Invalidate("tok-1-opaque");
  EXPECT_NE(source_->Get([](Result<std::string>) {}), 0u);
  EXPECT_EQ(transport_.sent().size(), 2u);
}

TEST_F(ClientCredentials, RejectedCredentialsAreAuthFailed) {
  Error error;
  source_->Get([&](Result<std::string> t) { error = t.error(); });
  transport_.Respond(Reply(401, R"({"error":"invalid_client"})"));
  EXPECT_EQ(error.code, ErrorCode::kAuthFailed);
  EXPECT_EQ(error.api_code, "invalid_client");
  EXPECT_EQ(error.message.find("secret"), std::string::npos);
}

TEST_F(ClientCredentials, RetriesTransientFailuresWithBackoff) {
  std::string token;
  source_->Get([&](Result<std::string> t) { token = t.value(); });
  transport_.Respond(testing::NetworkDown());
  EXPECT_EQ(transport_.pending_count(), 0u);
  clock_.Advance(125);  // full jitter with r = 0.5 over [0, 250]
  ASSERT_EQ(transport_.pending_count(), 1u);
  transport_.Respond(Reply(503, "", {{"retry-after", "2"}}));
  clock_.Advance(1999);
  EXPECT_EQ(transport_.pending_count(), 0u);
  clock_.Advance(1);
  transport_.Respond(Reply(200, TokenBody("opaque-after-retries")));
  EXPECT_EQ(token, "opaque-after-retries");
}

TEST_F(ClientCredentials, GarbageIsBadResponse) {
  Error error;
  source_->Get([&](Result<std::string> t) { error = t.error(); });
  transport_.Respond(Reply(200, "<html>captive portal</html>"));
  EXPECT_EQ(error.code, ErrorCode::kBadResponse);
}

TEST_F(ClientCredentials, CancellingTheLastWaiterAbortsTheFetch) {
  auto id = source_->Get([](Result<std::string>) { ADD_FAILURE() << "cancelled waiter called"; });
  source_->Cancel(id);
  EXPECT_EQ(transport_.cancelled().size(), 1u);
  // A new waiter starts a new fetch.
  source_->Get([](Result<std::string>) {});
  EXPECT_EQ(transport_.pending_count(), 1u);
}

TEST_F(ClientCredentials, DestructionCancelsTheFetch) {
  source_->Get([](Result<std::string>) {});
  source_.reset();
  EXPECT_EQ(transport_.cancelled().size(), 1u);
}

TEST(ProviderTokens, HookIsAskedOnceAndAnswersAreMatchedById) {
  FakeScheduler clock;
  std::vector<std::uint64_t> asked;
  ProviderTokenSource source(clock, [&](std::uint64_t id) { asked.push_back(id); });
  std::vector<std::string> got;
  source.Get([&](Result<std::string> t) { got.push_back(t.value()); });
  source.Get([&](Result<std::string> t) { got.push_back(t.value()); });
  ASSERT_EQ(asked.size(), 1u);
  source.Provide(asked[0] + 1, "wrong-id");  // ignored
  EXPECT_TRUE(got.empty());
  std::string token = JwtExpiringAt(kNowSeconds + 600);
  source.Provide(asked[0], token);
  EXPECT_EQ(got, (std::vector<std::string>{token, token}));
  source.Provide(asked[0], "late-duplicate");  // ignored
  EXPECT_EQ(source.current(), token);
}

TEST(ProviderTokens, SynchronousAnswersAndFailures) {
  FakeScheduler clock;
  ProviderTokenSource* self = nullptr;
  ProviderTokenSource source(clock, [&](std::uint64_t id) {
    self->Fail(id, MakeError(ErrorCode::kAuthFailed, "backend said no"));
  });
  self = &source;
  Error error;
  EXPECT_EQ(source.Get([&](Result<std::string> t) { error = t.error(); }), 0u);
  EXPECT_EQ(error.message, "backend said no");
}

TEST(ProviderTokens, EmptyTokenIsAuthFailedAndOpaqueTokensLiveUntilInvalidated) {
  FakeScheduler clock;
  std::uint64_t last = 0;
  ProviderTokenSource source(clock, [&](std::uint64_t id) { last = id; });
  Error error;
  source.Get([&](Result<std::string> t) { error = t.error(); });
  source.Provide(last, "");
  EXPECT_EQ(error.code, ErrorCode::kAuthFailed);
  source.Get([](Result<std::string>) {});
  source.Provide(last, "opaque-provider-token");
  clock.Advance(24LL * 3600 * 1000);
  std::uint64_t before = last;
  EXPECT_EQ(source.Get([](Result<std::string>) {}), 0u);
  EXPECT_EQ(last, before);
  source.Invalidate("opaque-provider-token");
  source.Get([](Result<std::string>) {});
  EXPECT_EQ(last, before + 1);
}

}  // namespace
}  // namespace gdconv
