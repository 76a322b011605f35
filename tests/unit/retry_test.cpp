// SPDX-License-Identifier: MIT
// Reliability of one call, end to end through the state machine: the POST rule (policy.h), the
// per-call bounds (config.h: retry, requestTimeoutMs, timeoutMs) and the token lifecycle
// under 401s. Each test counts what was sent, as the node tests count what the server saw.
#include <gtest/gtest.h>

#include <string>

#include "core/config.h"
#include "flow_fixture.h"

namespace gdconv::testing {  // beside the fixture and fakes (flow_fixture.h)
namespace {

constexpr const char* kStart = R"({"filePath":"a.docx","format":"pdf"})";
constexpr const char* kOperationId = "\"ecbfa56b-3545-4620-86a0-4c500c8ac38e\"";

HttpResponse Failure(TransportFailure failure) {
  HttpResponse r;
  r.failure = failure;
  r.failure_text = "ECONNRESET";
  return r;
}

class RetryTest : public FlowTest {
 protected:
  // How many requests went to `fragment` (a URL part).
  int SentTo(const std::string& method, const std::string& fragment) const {
    int n = 0;
    for (const auto& s : transport_.sent()) {
      if (s.request.method == method && s.request.url.find(fragment) != std::string::npos) ++n;
    }
    return n;
  }
  int Posts() const { return SentTo("POST", "/v2.0/conversion/async"); }
};

// ---- idempotent requests -------------------------------------------------------------------

TEST_F(RetryTest, IdempotentCallsRetryHonouringRetryAfter) {
  Outcome o;
  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  GrantToken();
  transport_.Respond(Reply(503, "", {{"retry-after", "3"}}));
  EXPECT_EQ(transport_.pending_count(), 0u);
  EXPECT_EQ(clock_.RunNext(), 3000);
  transport_.Respond(NetworkDown());
  clock_.RunNext();
  transport_.Respond(FixtureReply(200, "operation_started.json"));
  EXPECT_EQ(o.resolves, 1);
}

TEST_F(RetryTest, RetriesAreBounded) {
  Outcome o;
  Run("downloadFile", R"({"path":"a.pdf"})", std::nullopt, o);
  GrantToken();
  transport_.Respond(Reply(502, "bad gateway"));
  clock_.RunNext();
  transport_.Respond(Reply(502, "bad gateway"));
  clock_.RunNext();
  transport_.Respond(Reply(502, "bad gateway"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kHttpError);
  EXPECT_EQ(o.error.status, 502);
  EXPECT_TRUE(o.error.retryable);
  EXPECT_EQ(transport_.sent().size(), 4u);  // token + 3 attempts
}

// ---- the POST rule -----------------------------------------------------------------------------

TEST_F(RetryTest, PostIsRetriedAfterAConnectFailureItNeverSent) {
  Outcome o;
  Run("startConvertAndSave", kStart, std::nullopt, o);
  GrantToken();
  transport_.Respond(Failure(TransportFailure::kConnect));
  clock_.RunNext();
  transport_.Respond(FixtureReply(200, "operation_id.json"));
  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ(o.json, kOperationId);
  EXPECT_EQ(Posts(), 2);
}

TEST_F(RetryTest, PostIsRetriedAfter429And503HonouringRetryAfter) {
  Outcome o;
  Run("startConvertAndSave", kStart, std::nullopt, o);
  GrantToken();
  transport_.Respond(Reply(429, "", {{"retry-after", "2"}}));
  EXPECT_EQ(clock_.RunNext(), 2000);
  transport_.Respond(Reply(503, "", {{"Retry-After", "1"}}));
  EXPECT_EQ(clock_.RunNext(), 1000);
  transport_.Respond(FixtureReply(200, "operation_id.json"));
  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ(Posts(), 3);
}

TEST_F(RetryTest, PostThatMayHaveStartedIsNotReplayedAndSaysSo) {
  struct Case {
    HttpResponse response;
    ErrorCode code;
    int status;
  };
  std::vector<Case> cases = {{Failure(TransportFailure::kNetwork), ErrorCode::kNetwork, 0},
                             {Failure(TransportFailure::kTimeout), ErrorCode::kTimeout, 0},
                             {Reply(500, "boom"), ErrorCode::kHttpError, 500},
                             {Reply(502, ""), ErrorCode::kHttpError, 502},
                             {Reply(504, ""), ErrorCode::kHttpError, 504},
                             {Reply(408, ""), ErrorCode::kHttpError, 408}};
  for (Case& c : cases) {
    Outcome o;
    int before = Posts();
    Run("startConvertAndSave", kStart, std::nullopt, o);
    if (transport_.Pending().request.url.find("/connect/token") != std::string::npos) GrantToken();
    transport_.Respond(c.response);
    clock_.Flush();
    ASSERT_EQ(o.rejects, 1) << c.status;
    EXPECT_EQ(o.error.code, c.code);
    EXPECT_EQ(o.error.status, c.status);
    EXPECT_TRUE(o.error.may_have_started);
    EXPECT_FALSE(o.error.retryable);
    EXPECT_NE(o.error.message.find("may have started"), std::string::npos);
    EXPECT_NE(ErrorToJson(o.error).find("\"mayHaveStarted\":true"), std::string::npos);
    EXPECT_EQ(Posts(), before + 1);
    EXPECT_EQ(clock_.pending(), 0u);
  }
}

TEST_F(RetryTest, PostRefusedBeforeAnyWorkIsNeitherReplayedNorInDoubt) {
  Outcome o;
  Run("startConvertAndSave", kStart, std::nullopt, o);
  GrantToken();
  transport_.Respond(Reply(404, R"({"error":{"code":"FileNotFound","message":"no a.docx"}})"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kNotFound);
  EXPECT_FALSE(o.error.may_have_started);
  EXPECT_NE(ErrorToJson(o.error).find("\"mayHaveStarted\":false"), std::string::npos);
}

TEST_F(RetryTest, ConvertFlowStopsAtAStartThatMayHaveStarted) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  GrantToken();
  transport_.Respond(FixtureReply(200, "upload_result.json"));
  transport_.Respond(Failure(TransportFailure::kNetwork));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_TRUE(o.error.may_have_started);
  EXPECT_EQ(Posts(), 1);
  EXPECT_EQ(transport_.pending_count(), 0u);  // no poll of an operation it does not know
  EXPECT_EQ(clock_.pending(), 0u);
}

// ---- DELETE after a lost answer -----------------------------------------------------------------

TEST_F(RetryTest, DeleteRetriedAfterALostAnswerTakesA404AsDone) {
  Outcome lost, refused, plain;
  Run("deleteFile", R"({"path":"a.pdf"})", std::nullopt, lost);
  GrantToken();
  transport_.Respond(Failure(TransportFailure::kNetwork));  // deleted, but the answer was lost
  clock_.RunNext();
  transport_.Respond(FixtureReply(404, "storage_error.json"));
  EXPECT_EQ(lost.resolves, 1);

  Run("deleteFile", R"({"path":"b.pdf"})", std::nullopt, refused);
  transport_.Respond(Reply(503, ""));  // refused: nothing was deleted by that attempt
  clock_.RunNext();
  transport_.Respond(FixtureReply(404, "storage_error.json"));
  ASSERT_EQ(refused.rejects, 1);
  EXPECT_EQ(refused.error.code, ErrorCode::kNotFound);

  Run("deleteFile", R"({"path":"c.pdf"})", std::nullopt, plain);
  transport_.Respond(FixtureReply(404, "storage_error.json"));
  ASSERT_EQ(plain.rejects, 1);
  EXPECT_EQ(plain.error.code, ErrorCode::kNotFound);
}

// ---- per-call bounds -----------------------------------------------------------------------

TEST_F(RetryTest, PerCallAttemptsOverrideTheClient) {
  Outcome five, one;
  Run("getFilesList", R"({"path":"a","retry":{"maxAttempts":5}})", std::nullopt, five);
  GrantToken();
  for (int i = 0; i < 5; ++i) {
    transport_.Respond(Reply(503, ""));
    clock_.RunNext();
  }
  ASSERT_EQ(five.rejects, 1);
  EXPECT_EQ(five.error.status, 503);
  EXPECT_EQ(SentTo("GET", "/storage/folder/a"), 5);

  Run("getFilesList", R"({"path":"b","maxRetries":0})", std::nullopt, one);
  transport_.Respond(Reply(503, ""));
  ASSERT_EQ(one.rejects, 1);
  EXPECT_EQ(SentTo("GET", "/storage/folder/b"), 1);
}

TEST_F(RetryTest, ARefusedCertificateEndsTheCallAtOnce) {
  Outcome o;
  Run("getFilesList", R"({"path":"a"})", std::nullopt, o);
  GrantToken();
  HttpResponse tls;
  tls.failure = TransportFailure::kTls;
  tls.failure_text =
      "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames";
  transport_.Respond(tls);
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kTlsError);
  EXPECT_FALSE(o.error.retryable);
  EXPECT_FALSE(o.error.may_have_started);
  EXPECT_EQ(SentTo("GET", "/storage/folder/a"), 1);
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(RetryTest, PerCallBackoffShapesTheDelays) {
  Outcome o;
  Run("getFilesList",
      R"({"path":"a","retry":{"maxAttempts":4,"baseDelayMs":1000,"maxDelayMs":1500}})",
      std::nullopt, o);
  GrantToken();
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 3; ++i) {
    transport_.Respond(NetworkDown());
    waits.push_back(clock_.RunNext());
  }
  transport_.Respond(FixtureReply(200, "files_list.json"));
  ASSERT_EQ(o.resolves, 1);
  ASSERT_EQ(waits.size(), 3u);
  EXPECT_LT(waits[0], 1000);  // full jitter under the cap: 1000, then 1500 (2000 capped), 1500
  EXPECT_LT(waits[1], 1500);
  EXPECT_LT(waits[2], 1500);
}

TEST_F(RetryTest, RetryDeadlineGivesTheRealErrorInsteadOfWaiting) {
  Outcome o;
  Run("getFilesList", R"({"path":"a","retry":{"deadlineMs":1000}})", std::nullopt, o);
  GrantToken();
  transport_.Respond(Reply(429, "", {{"retry-after", "2"}}));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.status, 429);
  EXPECT_TRUE(o.error.retryable);
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(RetryTest, NoRetryOutlivesTheCallsTimeout) {
  Outcome o;
  Run("getFilesList", R"({"path":"a","timeoutMs":5000})", std::nullopt, o);
  GrantToken();
  clock_.Advance(1000);
  transport_.Respond(Reply(503, "", {{"retry-after", "4"}}));  // would end at 5000: too late
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kHttpError);
  EXPECT_EQ(o.error.status, 503);
  EXPECT_EQ(clock_.pending(), 0u);  // the deadline timer is gone too
}

TEST_F(RetryTest, EveryMethodTakesAnOverallTimeout) {
  Outcome o;
  Run("objectExists", R"({"path":"a","timeoutMs":300})", std::nullopt, o);
  GrantToken();
  clock_.Advance(299);
  EXPECT_FALSE(o.settled());
  clock_.Advance(1);
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kTimeout);
  EXPECT_EQ(transport_.cancelled().size(), 1u);
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(RetryTest, PerCallRequestTimeoutOverridesTheClients) {
  MakeClient(R"({"baseUrl":"http://api.test","clientId":"i","clientSecret":"s","timeoutMs":500})");
  Outcome a, b;
  Run("getFilesList", R"({"path":"a","requestTimeoutMs":50})", std::nullopt, a);
  GrantToken();
  EXPECT_EQ(transport_.Pending().request.timeout_ms, 50);
  transport_.Respond(FixtureReply(200, "files_list.json"));
  Run("getFilesList", R"({"path":"a"})", std::nullopt, b);
  EXPECT_EQ(transport_.Pending().request.timeout_ms, 500);
}

TEST_F(RetryTest, ClientRetryDefaultsComeFromTheConfig) {
  MakeClient(
      R"({"baseUrl":"http://api.test","clientId":"i","clientSecret":"s","retry":{"maxAttempts":2}})");
  Outcome o;
  Run("getFilesList", R"({"path":"a"})", std::nullopt, o);
  GrantToken();
  transport_.Respond(Reply(500, ""));
  clock_.RunNext();
  transport_.Respond(Reply(500, ""));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(SentTo("GET", "/storage/folder/a"), 2);
}

TEST_F(RetryTest, BadPerCallOptionsAreInvalidArguments) {
  for (const char* args :
       {R"({"path":"a","retry":{"maxAttempts":0}})", R"({"path":"a","retry":5})",
        R"({"path":"a","maxRetries":1,"retry":{"maxAttempts":2}})",
        R"({"path":"a","timeoutMs":-1})", R"({"path":"a","requestTimeoutMs":"x"})",
        R"({"path":"a","retry":{"deadlineMs":-5}})"}) {
    Outcome o;
    Run("getFilesList", args, std::nullopt, o);
    clock_.Flush();
    ASSERT_EQ(o.rejects, 1) << args;
    EXPECT_EQ(o.error.code, ErrorCode::kInvalidArgument) << args;
  }
  EXPECT_TRUE(transport_.sent().empty());
}

TEST(CallOptions, AreReadFromTheArgumentsBesideTheMethodsOwn) {
  Json args = *ParseJson(
      R"({"id":"x","timeoutMs":9,"requestTimeoutMs":8,"retry":{"baseDelayMs":7},"maxRetries":4})");
  Result<CallOptions> o = ReadCallOptions(args, RetryPolicy{});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o.value().timeout_ms, 9);
  EXPECT_EQ(o.value().request_timeout_ms, 8);
  EXPECT_EQ(o.value().retry.base_ms, 7);
  EXPECT_EQ(o.value().retry.max_attempts, 5);
  EXPECT_EQ(o.value().retry.max_ms, RetryPolicy{}.max_ms);
}

// ---- token lifecycle under 401s --------------------------------------------------------------

TEST_F(RetryTest, Concurrent401sShareOneRefresh) {
  Outcome a, b;
  Run("getFilesList", R"({"path":"a"})", std::nullopt, a);
  Run("getFilesList", R"({"path":"b"})", std::nullopt, b);
  GrantToken("opaque-token-0001");
  transport_.Respond(FixtureReply(401, "api_error_unauthorized.json"));
  transport_.Respond(FixtureReply(401, "api_error_unauthorized.json"));
  EXPECT_EQ(SentTo("POST", "/connect/token"), 2);  // the first and one refresh for both
  GrantToken("opaque-token-0002");
  transport_.Respond(FixtureReply(200, "files_list.json"));
  transport_.Respond(FixtureReply(200, "files_list.json"));
  EXPECT_EQ(a.resolves + b.resolves, 2);
}

TEST_F(RetryTest, TokenProviderIsAskedAgainAfterA401) {
  MakeClient(R"({"baseUrl":"http://api.test","tokenProvider":true})");
  Outcome o;
  Run("getFilesList", R"({"path":"a"})", std::nullopt, o);
  ASSERT_EQ(token_requests_.size(), 1u);
  client_->ProvideToken(token_requests_[0], "browser-token-1");
  transport_.Respond(FixtureReply(401, "api_error_unauthorized.json"));
  ASSERT_EQ(token_requests_.size(), 2u);
  client_->ProvideToken(token_requests_[1], "browser-token-2");
  HttpRequest replay = transport_.Respond(FixtureReply(200, "files_list.json"));
  EXPECT_EQ(HeaderOf(replay, "Authorization"), "Bearer browser-token-2");
  EXPECT_EQ(o.resolves, 1);
}

}  // namespace
}  // namespace gdconv::testing
