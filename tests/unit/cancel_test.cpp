// SPDX-License-Identifier: MIT
// How a call ends early, over the scripted transport and fake clock of flow_fixture.h: cancel() in
// each state (the request, the poll wait, the token fetch), timeouts, and the client destroyed
// under its calls or from inside their callbacks — every one rejects once, asynchronously, and
// leaves no timer or request.
#include <gtest/gtest.h>

#include <vector>

#include "core/dispatch.h"
#include "flow_fixture.h"

namespace gdconv::testing {  // beside the fixture and fakes (flow_fixture.h)
namespace {

TEST_F(FlowTest, CancelDuringUploadAbortsTheFetchAndRejectsOnceAsynchronously) {
  Outcome o;
  CallId id = Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  GrantToken();
  ASSERT_EQ(transport_.pending_count(), 1u);
  RequestId upload = transport_.Pending().id;
  client_->Cancel(id);
  EXPECT_EQ(transport_.cancelled(), std::vector<RequestId>{upload});
  EXPECT_FALSE(o.settled());  // never inside cancel()
  clock_.Flush();
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kAborted);
  client_->Cancel(id);  // finished: no-op
  clock_.Advance(60000);
  EXPECT_EQ(o.rejects, 1);
  EXPECT_EQ(o.resolves, 0);
  EXPECT_EQ(client_->pending_calls(), 0u);
}

TEST_F(FlowTest, CancelDuringThePollWaitClearsTheTimer) {
  Outcome o;
  CallId id = Run("waitForOperation", R"({"id":"op-1","timeoutMs":60000})", std::nullopt, o);
  EXPECT_EQ(clock_.pending(), 2u);  // the poll timer and the deadline
  client_->Cancel(id);
  EXPECT_EQ(clock_.cancelled().size(), 2u);
  clock_.Flush();
  EXPECT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kAborted);
  EXPECT_EQ(clock_.pending(), 0u);
  EXPECT_EQ(transport_.sent().size(), 0u);
}

TEST_F(FlowTest, CancelWhileWaitingForTheTokenAbortsTheTokenFetch) {
  Outcome o;
  CallId id = Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  client_->Cancel(id);
  EXPECT_EQ(transport_.cancelled().size(), 1u);
  clock_.Flush();
  EXPECT_EQ(o.error.code, ErrorCode::kAborted);
}

TEST_F(FlowTest, WaitForOperationTimesOutAndCancelsThePollInFlight) {
  Outcome o;
  Run("waitForOperation", R"({"id":"op-1","timeoutMs":1000})", std::nullopt, o);
  clock_.Advance(200);
  GrantToken();
  transport_.Respond(FixtureReply(200, "operation_started.json"));
  clock_.Advance(300);
  transport_.Respond(FixtureReply(200, "operation_started.json"));
  clock_.Advance(450);  // t = 950: third poll goes out and hangs
  ASSERT_EQ(transport_.pending_count(), 1u);
  RequestId hanging = transport_.Pending().id;
  clock_.Advance(49);
  EXPECT_FALSE(o.settled());
  clock_.Advance(1);  // t = 1000
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kTimeout);
  EXPECT_EQ(transport_.cancelled(), std::vector<RequestId>{hanging});
  EXPECT_EQ(clock_.pending(), 0u);
  clock_.Advance(10000);
  EXPECT_EQ(o.rejects + o.resolves, 1);
}

TEST_F(FlowTest, ConvertTimeoutBoundsTheWholeFlow) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf","timeoutMs":250})", std::string("x"), o);
  GrantToken();
  clock_.Advance(249);
  EXPECT_FALSE(o.settled());
  clock_.Advance(1);
  EXPECT_EQ(o.error.code, ErrorCode::kTimeout);
  EXPECT_EQ(transport_.cancelled().size(), 1u);  // the upload
}

TEST_F(FlowTest, TransportTimeoutIsTimeout) {
  MakeClient(
      R"({"baseUrl":"http://api.test","clientId":"i","clientSecret":"s","maxRetries":0,"timeoutMs":500})");
  Outcome o;
  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  EXPECT_EQ(transport_.Pending().request.timeout_ms, 500);
  GrantToken();
  HttpResponse timeout;
  timeout.failure = TransportFailure::kTimeout;
  transport_.Respond(timeout);
  EXPECT_EQ(o.error.code, ErrorCode::kTimeout);
  EXPECT_TRUE(o.error.retryable);
}

TEST_F(FlowTest, DestroyingTheClientAbortsEverythingAsynchronously) {
  Outcome a, b;
  Run("getOperationStatus", R"({"id":"a"})", std::nullopt, a);
  GrantToken();
  Run("waitForOperation", R"({"id":"b"})", std::nullopt, b);
  client_.reset();
  EXPECT_EQ(transport_.cancelled().size(), 1u);
  EXPECT_FALSE(a.settled());
  clock_.Flush();
  EXPECT_EQ(a.error.code, ErrorCode::kAborted);
  EXPECT_EQ(b.error.code, ErrorCode::kAborted);
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(FlowTest, ACallbackMayDestroyTheClient) {
  Outcome o;
  CallCallbacks cb = Capture(o);
  auto original = cb.reject;
  cb.reject = [&, original](const Error& e) {
    original(e);
    client_.reset();
  };
  Result<PreparedCall> p =
      PrepareCall(*client_, "getOperationStatus", R"({"id":"a"})", std::nullopt);
  client_->Start(std::move(p.value().script), std::move(cb));
  Outcome other;
  Run("getOperationStatus", R"({"id":"b"})", std::nullopt, other);
  transport_.Respond(Reply(400, R"({"error":"invalid_client"})"));  // fails both waiting calls
  EXPECT_EQ(o.rejects, 1);
  EXPECT_FALSE(client_);
  clock_.Flush();
  EXPECT_EQ(other.rejects, 1);  // aborted by the teardown or failed by the token: once either way
}

}  // namespace
}  // namespace gdconv::testing
