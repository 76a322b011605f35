// SPDX-License-Identifier: MIT
// The client state machine over a scripted transport and a fake clock: every step, retry, timeout
// and cancellation path, deterministically.
#include <gtest/gtest.h>

#include <cstring>

#include "core/client.h"
#include "core/convert_flow.h"
#include "core/dispatch.h"
#include "flow_fixture.h"

namespace gdconv {
namespace {

using testing::FakeScheduler;
using testing::FakeTransport;
using testing::FixtureReply;
using testing::FlowTest;
using testing::HeaderOf;
using testing::kSecret;
using testing::NetworkDown;
using testing::Outcome;
using testing::Reply;
using testing::TokenBody;

TEST_F(FlowTest, ConvertRunsTheWholeFlowWithTheExpectedBackoff) {
  Outcome o;
  Run("convert", R"({"fileName":"four pages.docx","format":"jpg","convertOptions":{"dpi":300}})",
      std::string("DOC\0BYTES", 9), o);
  std::string token = GrantToken();

  // upload: PUT <uuid>/<fileName>, multipart part "File" with the real file name
  HttpRequest upload = transport_.Respond(FixtureReply(200, "upload_result.json"));
  const std::string folder = "00000000-0000-4001-8000-000000000002";  // from random values 1, 2
  EXPECT_EQ(upload.method, "PUT");
  EXPECT_EQ(upload.url,
            "http://api.test/v2.0/conversion/storage/file/" + folder + "/four%20pages.docx");
  EXPECT_EQ(HeaderOf(upload, "Authorization"), "Bearer " + token);
  std::string body(upload.body.text());
  EXPECT_NE(body.find("name=\"File\"; filename=\"four pages.docx\""), std::string::npos);
  EXPECT_NE(body.find(std::string("DOC\0BYTES", 9)), std::string::npos);
  EXPECT_EQ(HeaderOf(upload, "Content-Type").rfind("multipart/form-data; boundary=----gdconv", 0),
            0u);

  // start
  HttpRequest start = transport_.Respond(FixtureReply(200, "operation_id.json"));
  EXPECT_EQ(start.method, "POST");
  EXPECT_EQ(start.url, "http://api.test/v2.0/conversion/async");
  EXPECT_EQ(
      *ParseJson(start.body.text()),
      *ParseJson(R"({"filePath":")" + folder + R"(/four pages.docx","format":"jpg",)" +
                 R"("outputPath":")" + folder + R"(/converted","convertOptions":{"dpi":300}})"));

  // polls: 200 ms, then ×1.5
  std::vector<std::int64_t> waits;
  for (const char* fixture : {"operation_created.json", "operation_started.json",
                              "operation_started.json", "operation_finished.json"}) {
    EXPECT_EQ(transport_.pending_count(), 0u);
    waits.push_back(clock_.RunNext());
    HttpRequest poll = transport_.Respond(FixtureReply(200, fixture));
    EXPECT_EQ(poll.url,
              "http://api.test/v2.0/conversion/async?id=ecbfa56b-3545-4620-86a0-4c500c8ac38e");
  }
  EXPECT_EQ(waits, (std::vector<std::int64_t>{200, 300, 450, 675}));

  // downloads, in result order
  HttpRequest d1 = transport_.Respond(Reply(200, "JPG-1"));
  EXPECT_EQ(d1.url, "http://api.test/v2.0/conversion/storage/file/converted/four-pages-page-1.jpg");
  EXPECT_FALSE(o.settled());
  transport_.Respond(Reply(200, std::string("JPG\0-2", 6)));

  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ(o.rejects, 0);
  EXPECT_TRUE(o.as_list);
  ASSERT_EQ(o.files.size(), 2u);
  EXPECT_EQ(o.files[0].text(), "JPG-1");
  EXPECT_EQ(o.files[1].size(), 6u);
  Json result = *ParseJson(o.json);
  EXPECT_EQ(result["operation"]["status"], "Finished");
  EXPECT_EQ(result["files"], *ParseJson(R"([
      {"name":"four-pages-page-1.jpg","path":"converted/four-pages-page-1.jpg","size":5},
      {"name":"four-pages-page-2.jpg","path":"converted/four-pages-page-2.jpg","size":6}])"));
  const std::string uploaded = std::to_string(upload.body.size());
  EXPECT_EQ(
      o.progress,
      (std::vector<std::string>{
          R"({"stage":"token","type":"stage"})", R"({"stage":"upload","type":"stage"})",
          R"({"loaded":)" + uploaded + R"(,"total":)" + uploaded + R"(,"type":"upload"})",
          R"({"stage":"convert","type":"stage"})", R"({"status":"Created","type":"status"})",
          R"({"status":"Started","type":"status"})", R"({"status":"Finished","type":"status"})",
          R"({"stage":"download","type":"stage"})", R"({"count":2,"index":0,"type":"download"})",
          R"({"count":2,"index":0,"loaded":5,"total":5,"type":"download"})",
          R"({"count":2,"index":1,"type":"download"})",
          R"({"count":2,"index":1,"loaded":6,"total":6,"type":"download"})"}));
  EXPECT_EQ(transport_.sent().size(), 9u);  // token, upload, start, 4 polls, 2 downloads
  EXPECT_EQ(client_->pending_calls(), 0u);

  // Then, once the result is out, the call's folder goes: one recursive DELETE, on the next tick.
  EXPECT_EQ(transport_.pending_count(), 0u);
  EXPECT_EQ(clock_.pending(), 1u);
  clock_.Flush();
  HttpRequest cleanup = transport_.Respond(Reply(200, ""));
  EXPECT_EQ(cleanup.method, "DELETE");
  EXPECT_EQ(cleanup.url,
            "http://api.test/v2.0/conversion/storage/folder/" + folder + "?recursive=true");
  EXPECT_EQ(HeaderOf(cleanup, "Authorization"), "Bearer " + token);
  EXPECT_EQ(transport_.sent().size(), 10u);
  EXPECT_EQ(clock_.pending(), 0u);
  EXPECT_EQ(o.resolves, 1);
  EXPECT_EQ(o.progress.size(), 12u);  // nothing reported after the outcome
}

// ---- convert's cleanup of its storage folder --------------------------------------------------

constexpr const char* kFolder = "00000000-0000-4001-8000-000000000002";  // random values 1, 2

class ConvertCleanupTest : public FlowTest {
 protected:
  // Answers a started convert's token, upload and start, and lets its first status request go out.
  void AnswerUntilTheFirstPoll() {
    GrantToken();
    transport_.Respond(FixtureReply(200, "upload_result.json"));
    transport_.Respond(FixtureReply(200, "operation_id.json"));
    clock_.RunNext();
  }
  // Then answers that the operation finished with one result, and that result's download.
  void AnswerToTheEnd() {
    AnswerUntilTheFirstPoll();
    transport_.Respond(Reply(200, R"({"id":"op","status":"Finished","result":[
        {"name":"a.pdf","size":3,"path":"out/a.pdf"}]})"));
    transport_.Respond(Reply(200, "PDF"));
  }
  // Runs convert up to a finished operation whose one result is downloaded (resolved).
  void ConvertToTheEnd(const std::string& args, Outcome& o) {
    Run("convert", args, std::string("x"), o);
    AnswerToTheEnd();
    ASSERT_EQ(o.resolves, 1);
  }
  // Runs convert until it polls (the operation running on the server).
  CallId ConvertUntilPolling(const std::string& args, Outcome& o) {
    CallId id = Run("convert", args, std::string("x"), o);
    AnswerUntilTheFirstPoll();
    transport_.Respond(FixtureReply(200, "operation_started.json"));
    return id;
  }
  // The requests sent after the first `from`.
  std::vector<std::string> SentSince(std::size_t from) const {
    std::vector<std::string> out;
    for (std::size_t i = from; i < transport_.sent().size(); ++i) {
      const HttpRequest& r = transport_.sent()[i].request;
      out.push_back(r.method + " " + r.url);
    }
    return out;
  }
  static std::string FolderDelete(const std::string& query = "recursive=true") {
    return std::string("DELETE http://api.test/v2.0/conversion/storage/folder/") + kFolder + "?" +
           query;
  }
};

TEST_F(ConvertCleanupTest, StorageNameAndOutputPathElsewhere_TheFolderGoesTheOutputStays) {
  Outcome o;
  ConvertToTheEnd(
      R"({"fileName":"a.docx","format":"pdf","outputPath":"mine","storageName":"week"})", o);
  std::size_t before = transport_.sent().size();
  clock_.Flush();
  EXPECT_EQ(SentSince(before),
            std::vector<std::string>{FolderDelete("storageName=week&recursive=true")});
}

TEST_F(ConvertCleanupTest, OutputPathInsideTheFolder_OnlyTheInputGoes) {
  Outcome o;
  ConvertToTheEnd(R"({"fileName":"a b.docx","format":"pdf","outputPath":"/)" +
                      std::string(kFolder) + R"(/kept"})",
                  o);
  std::size_t before = transport_.sent().size();
  clock_.Flush();
  EXPECT_EQ(
      SentSince(before),
      std::vector<std::string>{std::string("DELETE http://api.test/v2.0/conversion/storage/file/") +
                               kFolder + "/a%20b.docx"});
}

TEST_F(ConvertCleanupTest, KeepFilesLeavesEverything) {
  Outcome o;
  ConvertToTheEnd(R"({"fileName":"a.docx","format":"pdf","keepFiles":true})", o);
  std::size_t before = transport_.sent().size();
  clock_.Advance(60000);
  EXPECT_TRUE(SentSince(before).empty());
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(ConvertCleanupTest, KeepFilesMustBeABoolean) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf","keepFiles":"yes"})", std::string("x"), o);
  clock_.Flush();
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(o.error.message.find("keepFiles"), std::string::npos) << o.error.message;
}

TEST_F(ConvertCleanupTest, AFailedCleanupIsRetriedWithinBoundsAndChangesNothing) {
  Outcome o;
  ConvertToTheEnd(R"({"fileName":"a.docx","format":"pdf"})", o);
  std::size_t before = transport_.sent().size();
  clock_.Flush();
  transport_.Respond(Reply(503, ""));
  clock_.RunNext();
  transport_.Respond(NetworkDown());
  clock_.RunNext();
  transport_.Respond(Reply(500, ""));  // the third attempt: given up
  EXPECT_EQ(SentSince(before), std::vector<std::string>(3, FolderDelete()));
  EXPECT_EQ(clock_.pending(), 0u);
  EXPECT_EQ(transport_.pending_count(), 0u);
  EXPECT_EQ(o.resolves, 1);
  EXPECT_EQ(o.rejects, 0);
}

TEST_F(ConvertCleanupTest, AFailedConversionStillRemovesTheFolder) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  AnswerUntilTheFirstPoll();
  transport_.Respond(FixtureReply(200, "operation_failed.json"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kOperationFailed);
  std::size_t before = transport_.sent().size();
  EXPECT_EQ(transport_.pending_count(), 0u);  // the rejection first
  clock_.Flush();
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
}

TEST_F(ConvertCleanupTest, ARefusedUploadStillRemovesTheFolder) {  // it may exist all the same
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  GrantToken();
  transport_.Respond(FixtureReply(200, "upload_result_errors.json"));
  ASSERT_EQ(o.rejects, 1);
  std::size_t before = transport_.sent().size();
  clock_.Flush();
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
}

TEST_F(ConvertCleanupTest, NothingToRemoveBeforeTheUpload) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  transport_.Respond(Reply(401, R"({"error":"invalid_client"})"));  // the token
  ASSERT_EQ(o.rejects, 1);
  clock_.Advance(60000);
  EXPECT_EQ(transport_.sent().size(), 1u);
}

TEST_F(ConvertCleanupTest, AStartThatMayHaveHappenedKeepsItsInput) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf","outputPath":"out"})", std::string("x"), o);
  GrantToken();
  transport_.Respond(FixtureReply(200, "upload_result.json"));
  transport_.Respond(Reply(502, ""));  // the start: the conversion may be running
  ASSERT_EQ(o.rejects, 1);
  EXPECT_TRUE(o.error.may_have_started);
  std::size_t before = transport_.sent().size();
  clock_.Advance(60000);
  EXPECT_TRUE(SentSince(before).empty());
}

TEST_F(ConvertCleanupTest, AbortWhileTheOperationRunsRemovesTheFolder) {
  Outcome o;
  CallId id = ConvertUntilPolling(R"({"fileName":"a.docx","format":"pdf"})", o);
  std::size_t before = transport_.sent().size();
  client_->Cancel(id);
  EXPECT_FALSE(o.settled());
  clock_.Flush();
  EXPECT_EQ(o.error.code, ErrorCode::kAborted);
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
}

TEST_F(ConvertCleanupTest, AnAbortIsReportedBeforeTheCleanupGoesOut) {
  Outcome o;
  CallId id = ConvertUntilPolling(R"({"fileName":"a.docx","format":"pdf"})", o);
  std::size_t before = transport_.sent().size();
  client_->Cancel(id);
  clock_.Flush();
  ASSERT_EQ(o.error.code, ErrorCode::kAborted);
  EXPECT_EQ(o.sent_when_settled, before);  // the DELETE was not out yet
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
}

TEST_F(ConvertCleanupTest, AbortWhileTheStartIsUnansweredKeepsItsInput) {
  Outcome o;
  CallId id = Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  GrantToken();
  transport_.Respond(FixtureReply(200, "upload_result.json"));
  ASSERT_EQ(transport_.pending_count(), 1u);  // the start, unanswered: it may be running already
  std::size_t before = transport_.sent().size();
  client_->Cancel(id);
  clock_.Advance(60000);
  EXPECT_EQ(o.error.code, ErrorCode::kAborted);
  EXPECT_TRUE(SentSince(before).empty());
}

TEST_F(ConvertCleanupTest, AbortDuringTheUploadRemovesWhateverItStored) {
  Outcome o;
  CallId id = Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  GrantToken();
  std::size_t before = transport_.sent().size();
  client_->Cancel(id);
  clock_.Flush();
  EXPECT_EQ(o.error.code, ErrorCode::kAborted);
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
}

TEST_F(ConvertCleanupTest, TheDeadlineRemovesTheFolder) {
  Outcome o;
  ConvertUntilPolling(R"({"fileName":"a.docx","format":"pdf","timeoutMs":5000})", o);
  std::size_t before = transport_.sent().size();
  clock_.Advance(5000);
  ASSERT_EQ(o.error.code, ErrorCode::kTimeout);
  clock_.Flush();
  std::vector<std::string> sent = SentSince(before);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back(), FolderDelete());
}

TEST_F(ConvertCleanupTest, TheCleanupOutlivesTheClient) {
  Outcome o;
  ConvertUntilPolling(R"({"fileName":"a.docx","format":"pdf"})", o);
  std::size_t before = transport_.sent().size();
  client_.reset();  // e.g. close() right after an abort
  clock_.Flush();
  EXPECT_EQ(o.error.code, ErrorCode::kAborted);
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
  transport_.Respond(NetworkDown());  // retried with no client left
  clock_.RunNext();
  transport_.Respond(Reply(200, ""));
  EXPECT_EQ(SentSince(before), std::vector<std::string>(2, FolderDelete()));
  EXPECT_EQ(clock_.pending(), 0u);
  EXPECT_EQ(transport_.pending_count(), 0u);
}

TEST_F(ConvertCleanupTest, AClientDestroyedFromTheResolveCallbackStillCleansUp) {
  Outcome o;
  CallCallbacks cb = Capture(o);
  auto original = cb.resolve;
  cb.resolve = [&, original](std::string json, std::vector<Buffer> files, bool as_list) {
    original(std::move(json), std::move(files), as_list);
    client_.reset();
  };
  Result<PreparedCall> p =
      PrepareCall(*client_, "convert", R"({"fileName":"a.docx","format":"pdf"})", 1);
  ASSERT_TRUE(p);
  client_->Start(std::move(p.value().script), std::move(cb));
  AnswerToTheEnd();
  ASSERT_EQ(o.resolves, 1);
  EXPECT_FALSE(client_);
  std::size_t before = transport_.sent().size();
  clock_.Flush();
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
  transport_.Respond(Reply(200, ""));
}

TEST_F(FlowTest, ConvertHonoursOutputPathAndStorageName) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf","outputPath":"mine","storageName":"week"})",
      std::string("x"), o);
  GrantToken();
  HttpRequest upload = transport_.Respond(FixtureReply(200, "upload_result.json"));
  EXPECT_NE(upload.url.find("?storageName=week"), std::string::npos);
  HttpRequest start = transport_.Respond(FixtureReply(200, "operation_id.json"));
  Json settings = *ParseJson(start.body.text());
  EXPECT_EQ(settings["outputPath"], "mine");
  EXPECT_EQ(settings["storageName"], "week");
}

TEST_F(FlowTest, FailedOperationRejectsWithTheServersText) {
  Outcome o;
  Run("waitForOperation", R"({"id":"op-1"})", std::nullopt, o);
  EXPECT_EQ(clock_.RunNext(), 200);  // the first poll, which also fetches the token
  GrantToken();
  transport_.Respond(FixtureReply(200, "operation_started.json"));
  EXPECT_EQ(clock_.RunNext(), 300);
  transport_.Respond(FixtureReply(200, "operation_failed.json"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.resolves, 0);
  EXPECT_EQ(o.error.code, ErrorCode::kOperationFailed);
  EXPECT_EQ(o.error.api_code, "Failed");
  EXPECT_EQ(o.error.message, "Password is required to load the document");
  ASSERT_FALSE(o.progress.empty());
  EXPECT_EQ(o.progress.back(), R"({"status":"Failed","type":"status"})");
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(FlowTest, CanceledOperationRejects) {
  Outcome o;
  Run("waitForOperation", R"({"id":"op-1"})", std::nullopt, o);
  clock_.RunNext();
  GrantToken();
  transport_.Respond(FixtureReply(200, "operation_canceled.json"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kOperationFailed);
  EXPECT_EQ(o.error.api_code, "Canceled");
  EXPECT_EQ(o.error.message, "the operation was canceled");
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

TEST_F(FlowTest, GarbageJsonIsBadResponse) {
  Outcome o;
  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  GrantToken();
  transport_.Respond(FixtureReply(200, "operation_truncated.json"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kBadResponse);
}

TEST_F(FlowTest, Api401RefreshesTheTokenAndReplaysOnce) {
  Outcome o;
  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, o);
  GrantToken("opaque-token-0001");
  transport_.Respond(FixtureReply(401, "api_error_unauthorized.json"));
  GrantToken("opaque-token-0002");
  HttpRequest replay = transport_.Respond(FixtureReply(200, "operation_started.json"));
  EXPECT_EQ(HeaderOf(replay, "Authorization"), "Bearer opaque-token-0002");
  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ((*ParseJson(o.json))["status"], "Started");
}

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

TEST_F(FlowTest, IdempotentCallsRetryHonouringRetryAfter) {
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

TEST_F(FlowTest, RetriesAreBounded) {
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

TEST_F(FlowTest, StartIsNotReplayedAfterA502) {  // the POST rule: retry_test.cpp has every branch
  Outcome o;
  Run("startConvertAndSave", R"({"filePath":"a.docx","format":"pdf"})", std::nullopt, o);
  GrantToken();
  transport_.Respond(Reply(502, ""));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.status, 502);
  EXPECT_TRUE(o.error.may_have_started);
  EXPECT_EQ(transport_.sent().size(), 2u);
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

TEST_F(FlowTest, SimpleMethodsResolveWithTheirPayloads) {
  Outcome up, start, status, down;
  Run("uploadFile", R"({"path":"in/x.docx","fileName":"Report Q1.docx"})", std::string("abc"), up);
  GrantToken();
  HttpRequest upload = transport_.Respond(FixtureReply(200, "upload_result.json"));
  EXPECT_NE(std::string(upload.body.text()).find("filename=\"Report Q1.docx\""), std::string::npos);
  EXPECT_EQ(*ParseJson(up.json), *ParseJson(R"({"uploaded":["one-page.docx"],"errors":[]})"));
  EXPECT_TRUE(up.files.empty());

  Run("startConvertAndSave", R"({"filePath":"in/x.docx","format":"pdf"})", std::nullopt, start);
  transport_.Respond(FixtureReply(200, "operation_id.json"));
  EXPECT_EQ(start.json, "\"ecbfa56b-3545-4620-86a0-4c500c8ac38e\"");

  Run("getOperationStatus", R"({"id":"op-1"})", std::nullopt, status);
  transport_.Respond(FixtureReply(200, "operation_unknown_fields.json"));
  EXPECT_EQ((*ParseJson(status.json))["id"], "op-1");

  Run("downloadFile", R"({"path":"converted/a.pdf","versionId":"v1"})", std::nullopt, down);
  HttpRequest d = transport_.Respond(Reply(200, std::string("%PDF\0", 5)));
  EXPECT_NE(d.url.find("?versionId=v1"), std::string::npos);
  EXPECT_EQ(down.json, "null");
  EXPECT_FALSE(down.as_list);
  ASSERT_EQ(down.files.size(), 1u);
  EXPECT_EQ(down.files[0].size(), 5u);
  EXPECT_EQ(transport_.sent().size(), 5u);  // one token for all four
}

TEST_F(FlowTest, ConcurrentCallsShareOneTokenFetch) {
  Outcome a, b;
  Run("getOperationStatus", R"({"id":"a"})", std::nullopt, a);
  Run("getOperationStatus", R"({"id":"b"})", std::nullopt, b);
  EXPECT_EQ(transport_.pending_count(), 1u);
  GrantToken();
  EXPECT_EQ(transport_.pending_count(), 2u);
}

TEST_F(FlowTest, UploadErrorsFailTheConvertFlow) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"pdf"})", std::string("x"), o);
  GrantToken();
  transport_.Respond(FixtureReply(200, "upload_result_errors.json"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kHttpError);
  EXPECT_EQ(o.error.api_code, "StorageQuotaExceeded");
  EXPECT_EQ(o.error.request_id, "req-42");
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

struct BadCall {
  const char* method;
  const char* args;
  bool with_bytes;
  const char* message_part;
};

class InvalidArguments : public FlowTest, public ::testing::WithParamInterface<BadCall> {};

TEST_P(InvalidArguments, RejectAsynchronouslyWithInvalidArgument) {
  Outcome o;
  std::optional<std::string> bytes;
  if (GetParam().with_bytes) bytes = "x";
  Run(GetParam().method, GetParam().args, bytes, o);
  EXPECT_FALSE(o.settled());
  clock_.Flush();
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.error.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(o.error.message.find(GetParam().message_part), std::string::npos) << o.error.message;
  EXPECT_EQ(transport_.sent().size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Calls, InvalidArguments,
    ::testing::Values(BadCall{"nope", "{}", false, "unknown method"},
                      BadCall{"uploadFile", "{}", true, "uploadFile: path: required"},
                      BadCall{"uploadFile", R"({"path":"a"})", false, "bytes are required"},
                      BadCall{"uploadFile", R"({"path":"//"})", true, "names no file"},
                      BadCall{"uploadFile", R"({"path":7})", true, "path: expected a string"},
                      BadCall{"downloadFile", R"({"path":"a"})", true, "takes no bytes"},
                      BadCall{"downloadFile", "not json", false, "args must be a JSON object"},
                      BadCall{"getOperationStatus", R"({"id":""})", false, "must not be empty"},
                      BadCall{"waitForOperation", R"({"id":"x","timeoutMs":-1})", false,
                              "timeoutMs"},
                      BadCall{"startConvertAndSave", R"({"filePath":"a","format":"pdf",
                              "convertOptions":{"pdfFormat":"nope"}})",
                              false, "unknown PdfFormat value"},
                      BadCall{"convert", R"({"format":"pdf"})", true, "fileName: required"}));

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

TEST(Config, ParsesAndValidates) {
  Result<ClientConfig> c = ParseClientConfig(
      R"({"baseUrl":"http://127.0.0.1:8080/","clientId":"a","clientSecret":"b","timeoutMs":100,"extra":1})");
  ASSERT_TRUE(c);
  EXPECT_EQ(c.value().api.base_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c.value().api.timeout_ms, 100);
  EXPECT_EQ(ParseClientConfig(R"({"clientId":"a","clientSecret":"b"})").value().api.base_url,
            "https://api.groupdocs.cloud");
  EXPECT_TRUE(ParseClientConfig(R"({"tokenProvider":true})"));
  for (const char* bad :
       {"", "[]", R"({"clientId":"a"})", R"({"baseUrl":"ftp://x","tokenProvider":true})",
        R"({"tokenProvider":"yes"})", R"({"tokenProvider":true,"timeoutMs":-1})",
        R"({"tokenProvider":true,"maxRetries":99})",
        R"({"tokenProvider":true,"baseUrl":"http://a b"})",
        R"({"tokenProvider":true,"baseUrl":"http://h/?x=1"})"}) {
    Result<ClientConfig> r = ParseClientConfig(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  Result<ClientConfig> secret =
      ParseClientConfig(R"({"clientId":"a","clientSecret":"s3cret","timeoutMs":"x"})");
  EXPECT_EQ(secret.error().message.find("s3cret"), std::string::npos);
}

TEST(Uuid, IsVersion4) {
  EXPECT_EQ(RandomUuid(0, 0), "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(RandomUuid(~0ull, ~0ull), "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

}  // namespace
}  // namespace gdconv
