// SPDX-License-Identifier: MIT
// Where a call's token comes from, over the scripted transport and fake clock of flow_fixture.h:
// the token endpoint's refusals, one fetch shared by concurrent calls, a 401 answered with one new
// token and one replay, and the token provider hook of the browser build. (retry_test.cpp: 401s
// under concurrency.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow_fixture.h"

namespace gdconv::testing {  // beside the fixture and fakes (flow_fixture.h)
namespace {

TEST_F(FlowTest, TokenEndpoint401IsAuthFailedWithoutTheSecret) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  transport_.Respond(Reply(401, R"({"error":"invalid_client","error_description":"bad )" +
                                    std::string(kSecret) + R"("})"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kAuthFailed);
  EXPECT_EQ(o.error.status, 401);
  EXPECT_EQ(o.error.api_code, "invalid_client");
  EXPECT_EQ(o.error.message.find(kSecret), std::string::npos);
  EXPECT_EQ(o.progress, std::vector<std::string>{R"({"stage":"token","type":"stage"})"});
}

TEST_F(FlowTest, TokenEndpointGarbageIsBadResponse) {
  Outcome o;
  Run("waitForOperation", R"({"id":"op-1"})", std::nullopt, o);
  clock_.RunNext();
  transport_.Respond(FixtureReply(200, "operation_canceled.json"));  // not a token response
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kBadResponse);
  EXPECT_EQ(o.error.message, "token response: access_token: required");
}

TEST_F(FlowTest, ConcurrentCallsShareOneTokenFetch) {
  Outcome a, b;
  Run("getOperationStatus", R"({"id":"a"})", std::nullopt, a);
  Run("getOperationStatus", R"({"id":"b"})", std::nullopt, b);
  EXPECT_EQ(transport_.pending_count(), 1u);
  GrantToken();
  EXPECT_EQ(transport_.pending_count(), 2u);
}

// A 401 from the API costs one new token and one replay, for a read and for a POST that starts work
// (the server refused it before doing anything: policy.h).
struct Replayed {
  const char* method;
  const char* args;
  const char* answer;    // the fixture the replay is answered with
  const char* resolved;  // a part of what the call resolves with
};

class Api401 : public FlowTest, public ::testing::WithParamInterface<Replayed> {};

TEST_P(Api401, RefreshesTheTokenAndReplaysOnce) {
  Outcome o;
  Run(GetParam().method, GetParam().args, std::nullopt, o);
  GrantToken("opaque-token-0001");
  HttpRequest refused = transport_.Respond(FixtureReply(401, "api_error_unauthorized.json"));
  GrantToken("opaque-token-0002");
  HttpRequest replay = transport_.Respond(FixtureReply(200, GetParam().answer));
  EXPECT_EQ(replay.method, refused.method);
  EXPECT_EQ(replay.url, refused.url);
  EXPECT_EQ(HeaderOf(replay, "Authorization"), "Bearer opaque-token-0002");
  ASSERT_EQ(o.resolves, 1);
  EXPECT_NE(o.json.find(GetParam().resolved), std::string::npos) << o.json;
  EXPECT_EQ(transport_.sent().size(), 4u);  // two tokens, the request and its one replay
}

INSTANTIATE_TEST_SUITE_P(
    ReadAndStart, Api401,
    ::testing::Values(Replayed{"getOperationStatus", R"({"id":"op-1"})", "operation_started.json",
                               R"("status":"Started")"},
                      Replayed{"startConvertAndSave", R"({"filePath":"a.docx","format":"pdf"})",
                               "operation_id.json", "ecbfa56b-3545-4620-86a0-4c500c8ac38e"}));

TEST_F(FlowTest, SecondApi401IsAuthFailed) {
  Outcome o;
  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  GrantToken("opaque-token-0001");
  transport_.Respond(FixtureReply(401, "api_error_unauthorized.json"));
  GrantToken("opaque-token-0002");
  transport_.Respond(Reply(401, R"({"error":{"message":"token opaque-token-0002 revoked"}})"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kAuthFailed);
  EXPECT_EQ(o.error.message, "token [redacted] revoked");
}

TEST_F(FlowTest, TokenProviderHookSuppliesTokens) {
  MakeClient(R"({"baseUrl":"http://api.test","tokenProvider":true})");
  Outcome o;
  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  ASSERT_EQ(token_requests_.size(), 1u);
  EXPECT_EQ(transport_.sent().size(), 0u);  // never /connect/token
  client_->ProvideToken(token_requests_[0], "browser-token-1");
  HttpRequest r = transport_.Respond(FixtureReply(200, "operation_started.json"));
  EXPECT_EQ(HeaderOf(r, "Authorization"), "Bearer browser-token-1");
  EXPECT_EQ(o.resolves, 1);
}

TEST_F(FlowTest, SynchronousProviderFailureStillRejectsAsynchronously) {
  MakeClient(R"({"baseUrl":"http://api.test","tokenProvider":true})");
  on_token_request_ = [this](std::uint64_t id) {
    client_->FailToken(id, MakeError(ErrorCode::kAuthFailed, "no session"));
  };
  Outcome o;
  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  EXPECT_FALSE(o.settled());
  clock_.Flush();
  EXPECT_EQ(o.error.code, ErrorCode::kAuthFailed);
  EXPECT_EQ(o.error.message, "no session");
}

}  // namespace
}  // namespace gdconv::testing
