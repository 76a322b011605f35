// SPDX-License-Identifier: MIT
// convert() removes the storage folder it made (bindings/RAW_API.md, "Cleanup"), over the scripted
// transport and fake clock of flow_fixture.h: after every way a call can settle, what goes and what
// stays.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "flow_fixture.h"

namespace gdconv::testing {  // beside the fixture and fakes (flow_fixture.h)
namespace {

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

// The binding gives each client a transport of its own (its proxy route) and lets go of it with
// the client: the cleanup, sent after close(), must keep it alive until it is done with it.
TEST_F(ConvertCleanupTest, TheCleanupKeepsTheClientsOwnTransportUntilItIsDone) {
  class Forwarding : public Transport {
   public:
    explicit Forwarding(Transport& to) : to_(to) {}
    RequestId send(HttpRequest request, Callback done) override {
      return to_.send(std::move(request), std::move(done));
    }
    void cancel(RequestId id) override { to_.cancel(id); }

   private:
    Transport& to_;
  };
  auto own = std::make_shared<Forwarding>(transport_);
  std::weak_ptr<Transport> alive = own;
  MakeClient(R"({"baseUrl":"http://api.test/","clientId":"c","clientSecret":"s"})", own);
  own.reset();
  Outcome o;
  ConvertToTheEnd(R"({"fileName":"a.docx","format":"pdf"})", o);
  std::size_t before = transport_.sent().size();
  client_.reset();  // close() right after the answer: the cleanup is not sent yet
  ASSERT_FALSE(alive.expired());
  clock_.Flush();
  EXPECT_EQ(SentSince(before), std::vector<std::string>{FolderDelete()});
  EXPECT_FALSE(alive.expired());
  transport_.Respond(Reply(200, ""));
  clock_.Flush();
  EXPECT_TRUE(alive.expired());
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

}  // namespace
}  // namespace gdconv::testing
