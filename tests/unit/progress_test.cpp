// SPDX-License-Identifier: MIT
// Byte progress: the throttle's rules, and the flow forwarding what the transport reports as raw
// {"type":"upload"|"download", ..., "loaded", "total"} events, in order, once per step.
#include "core/progress.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow_fixture.h"

namespace gdconv::testing {  // beside the fixture and fakes (flow_fixture.h)
namespace {

constexpr auto kUp = TransferDirection::kUpload;
constexpr auto kDown = TransferDirection::kDownload;

// ---- ProgressThrottle
// -----------------------------------------------------------------------------

TEST(ProgressThrottle, KeepsOnePercentStepsTheEndAndNothingTwice) {
  ProgressThrottle t;
  EXPECT_TRUE(t.Accept(0, 1000, 0));       // the first, whatever it is
  EXPECT_FALSE(t.Accept(0, 1000, 1));      // a repeat
  EXPECT_FALSE(t.Accept(9, 1000, 2));      // < 1 % and < 100 ms
  EXPECT_TRUE(t.Accept(10, 1000, 3));      // 1 %
  EXPECT_FALSE(t.Accept(5, 1000, 500));    // back: never shown
  EXPECT_FALSE(t.Accept(15, 1000, 50));    // < 1 % again
  EXPECT_TRUE(t.Accept(15, 1000, 103));    // …but 100 ms since the last report
  EXPECT_TRUE(t.Accept(1000, 1000, 104));  // the end, however soon
  EXPECT_TRUE(t.Reported(1000, 1000));
  EXPECT_FALSE(t.Accept(1000, 1000, 900));  // reported once
}

TEST(ProgressThrottle, AnUnknownTotalGoesByTimeUntilTheEndIsKnown) {
  ProgressThrottle t;
  EXPECT_TRUE(t.Accept(100, 0, 0));
  EXPECT_FALSE(t.Accept(5000, 0, 99));
  EXPECT_TRUE(t.Accept(5000, 0, 100));
  EXPECT_FALSE(t.Accept(5000, 0, 400));    // no byte moved
  EXPECT_TRUE(t.Accept(5000, 5000, 401));  // the same bytes, now known to be all of it
}

TEST(ProgressThrottle, ASmallTotalShowsEveryByte) {
  ProgressThrottle t;
  EXPECT_TRUE(t.Accept(1, 50, 0));
  EXPECT_TRUE(t.Accept(2, 50, 0));
  EXPECT_TRUE(t.Accept(50, 50, 0));
}

// ---- the flow
// ---------------------------------------------------------------------------------------

std::vector<Json> Events(const Outcome& o) {
  std::vector<Json> out;
  for (const std::string& e : o.progress) out.push_back(*ParseJson(e));
  return out;
}

std::vector<Json> OfType(const Outcome& o, const std::string& type) {
  std::vector<Json> out;
  for (Json& e : Events(o)) {
    if (e["type"] == type) out.push_back(std::move(e));
  }
  return out;
}

Json Upload(std::uint64_t loaded, std::uint64_t total) {
  return {{"type", "upload"}, {"loaded", loaded}, {"total", total}};
}

Json Download(std::size_t index, std::size_t count, std::uint64_t loaded, std::uint64_t total) {
  return {{"type", "download"},
          {"index", index},
          {"count", count},
          {"loaded", loaded},
          {"total", total}};
}

TEST_F(FlowTest, UploadFileForwardsTheTransportsUploadProgressThrottled) {
  Outcome o;
  Run("uploadFile", R"({"path":"in/big.docx"})", std::string(100000, 'x'), o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  ASSERT_GT(size, 100000u);  // the document and the multipart envelope

  transport_.Progress(kUp, 0, size);
  transport_.Progress(kUp, size / 400, size);  // < 1 %: dropped
  transport_.Progress(kUp, size / 2, size);
  transport_.Progress(kUp, size / 2, size);  // a repeat: dropped
  transport_.Progress(kDown, 10, 20);        // not asked for: dropped
  clock_.Advance(150);
  transport_.Progress(kUp, size / 2 + 1, size);  // a byte, but 150 ms later
  transport_.Progress(kUp, size, size);
  EXPECT_FALSE(o.settled());
  transport_.Respond(FixtureReply(200, "upload_result.json"));

  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ(Events(o), (std::vector<Json>{Upload(0, size), Upload(size / 2, size),
                                          Upload(size / 2 + 1, size), Upload(size, size)}));
}

TEST_F(FlowTest, TheEndOfAnUploadIsReportedEvenWhenTheTransportSawNone) {
  Outcome o;
  Run("uploadFile", R"({"path":"a.txt"})", std::string("hi"), o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  transport_.Respond(FixtureReply(200, "upload_result.json"));
  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ(Events(o), (std::vector<Json>{Upload(size, size)}));
}

TEST_F(FlowTest, AFailedUploadReportsNoEnd) {
  Outcome o;
  Run("uploadFile", R"({"path":"a.txt","maxRetries":0})", std::string(1000, 'x'), o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  transport_.Progress(kUp, size / 2, size);
  transport_.Respond(Reply(413, R"({"error":{"message":"too large"}})"));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(Events(o), (std::vector<Json>{Upload(size / 2, size)}));
}

TEST_F(FlowTest, UploadProgressNeverExceedsTheBody) {
  Outcome o;
  Run("uploadFile", R"({"path":"a.txt"})", std::string(1000, 'x'), o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  transport_.Progress(kUp, size + 500, size + 500);  // a transport that counts more than the body
  transport_.Respond(FixtureReply(200, "upload_result.json"));
  EXPECT_EQ(Events(o), (std::vector<Json>{Upload(size, size)}));
}

TEST_F(FlowTest, ARetriedUploadCountsFromZeroAgain) {
  Outcome o;
  Run("uploadFile", R"({"path":"a.txt"})", std::string(5000, 'x'), o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  transport_.Progress(kUp, size / 2, size);
  transport_.Respond(Reply(503, "busy"));  // the upload PUT is idempotent: sent again
  clock_.RunNext();
  const auto stale = transport_.sent()[1].request.on_progress;  // the first attempt's reporter
  transport_.Progress(kUp, size / 4, size);
  stale(kUp, size - 1, size);  // a late report of the old attempt: dropped
  transport_.Respond(FixtureReply(200, "upload_result.json"));
  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ(Events(o), (std::vector<Json>{Upload(size / 2, size), Upload(size / 4, size),
                                          Upload(size, size)}));
}

TEST_F(FlowTest, DownloadFileReportsBytesWithAKnownOrUnknownTotal) {
  Outcome o;
  Run("downloadFile", R"({"path":"out/a.pdf"})", std::nullopt, o);
  GrantToken();
  transport_.Progress(kDown, 4000, 0);  // no Content-Length
  transport_.Progress(kDown, 8000, 0);  // too soon
  clock_.Advance(100);
  transport_.Progress(kDown, 9000, 0);
  transport_.Respond(Reply(200, std::string(10000, 'p')));
  ASSERT_EQ(o.resolves, 1);
  EXPECT_EQ(Events(o), (std::vector<Json>{Download(0, 1, 4000, 0), Download(0, 1, 9000, 0),
                                          Download(0, 1, 10000, 10000)}));
}

TEST_F(FlowTest, ConvertOrdersUploadBytesBeforeTheConvertStageAndDownloadsPerFile) {
  Outcome o;
  Run("convert", R"({"fileName":"a.docx","format":"jpg"})", std::string(3000, 'd'), o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  transport_.Progress(kUp, size / 3, size);
  transport_.Respond(FixtureReply(200, "upload_result.json"));  // the end: never reported in flight
  transport_.Respond(FixtureReply(200, "operation_id.json"));
  clock_.RunNext();
  transport_.Respond(FixtureReply(200, "operation_finished.json"));
  transport_.Progress(kDown, 2, 5);
  transport_.Respond(Reply(200, "JPG-1"));
  transport_.Progress(kDown, 3, 6);
  transport_.Progress(kDown, 6, 6);
  transport_.Respond(Reply(200, "JPG--2"));
  ASSERT_EQ(o.resolves, 1);

  std::vector<std::string> expected = {
      R"({"stage":"token","type":"stage"})",
      R"({"stage":"upload","type":"stage"})",
      DumpJson(Upload(size / 3, size)),
      DumpJson(Upload(size, size)),
      R"({"stage":"convert","type":"stage"})",
      R"({"status":"Finished","type":"status"})",
      R"({"stage":"download","type":"stage"})",
      R"({"count":2,"index":0,"type":"download"})",
      DumpJson(Download(0, 2, 2, 5)),
      DumpJson(Download(0, 2, 5, 5)),
      R"({"count":2,"index":1,"type":"download"})",
      DumpJson(Download(1, 2, 3, 6)),
      DumpJson(Download(1, 2, 6, 6)),
  };
  EXPECT_EQ(o.progress, expected);
}

TEST_F(FlowTest, ConvertDirectAndStartConvertReportTheirUploads) {
  for (const char* method : {"convertDirect", "startConvert"}) {
    SCOPED_TRACE(method);
    SetUp();  // a fresh client: the token must be fetched again
    Outcome o;
    CallId id = Run(method, R"({"fileName":"a.docx","format":"pdf"})", std::string(2000, 'd'), o);
    GrantToken();
    const std::uint64_t size = transport_.Pending().request.body.size();
    transport_.Progress(kUp, size / 2, size);
    transport_.Progress(kUp, size, size);
    EXPECT_EQ(OfType(o, "upload"), (std::vector<Json>{Upload(size / 2, size), Upload(size, size)}));
    client_->Cancel(id);
    clock_.Flush();
    EXPECT_EQ(o.rejects, 1);
  }
}

TEST_F(FlowTest, ConvertDocumentDirectReportsTheUploadThenTheDownload) {
  Outcome o;
  Run("convertDocumentDirect", R"({"fileName":"a.docx","format":"pdf"})", std::string(2000, 'd'),
      o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  transport_.Progress(kUp, size / 2, size);
  transport_.Progress(kDown, 100, 300);
  transport_.Respond(Reply(200, std::string(300, 'p')));
  ASSERT_EQ(o.resolves, 1);
  // The answer's bytes arriving mean the server has the whole document: its end comes first.
  EXPECT_EQ(Events(o), (std::vector<Json>{Upload(size / 2, size), Upload(size, size),
                                          Download(0, 1, 100, 300), Download(0, 1, 300, 300)}));
}

TEST_F(FlowTest, NothingIsReportedAfterACancel) {
  Outcome o;
  CallId id = Run("uploadFile", R"({"path":"a.txt"})", std::string(1000, 'x'), o);
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  const auto report = transport_.Pending().request.on_progress;
  report(kUp, size / 2, size);
  client_->Cancel(id);
  report(kUp, size, size);  // a transport that breaks its promise: still nothing
  clock_.Flush();
  EXPECT_EQ(o.rejects, 1);
  EXPECT_EQ(Events(o), (std::vector<Json>{Upload(size / 2, size)}));
}

TEST_F(FlowTest, AProgressCallbackMayCancelTheCall) {
  Outcome o;
  CallCallbacks cb = Capture(o);
  CallId id = 0;
  auto inner = cb.progress;
  cb.progress = [&](std::string event) {
    inner(std::move(event));
    client_->Cancel(id);
  };
  Result<PreparedCall> prepared = PrepareCall(*client_, "uploadFile", R"({"path":"a.txt"})", 100);
  ASSERT_TRUE(prepared);
  id = client_->Start(std::move(prepared.value().script), std::move(cb));
  GrantToken();
  const std::uint64_t size = transport_.Pending().request.body.size();
  const auto report = transport_.Pending().request.on_progress;
  report(kUp, 10, size);
  report(kUp, size, size);
  clock_.Flush();
  EXPECT_EQ(o.rejects, 1);
  EXPECT_EQ(o.progress.size(), 1u);
  EXPECT_EQ(transport_.cancelled().size(), 1u);
}

// Issue 13: a payload the platform inserts counts in the upload's size (progress totals), and only
// a call's download requests carry its sink.
TEST_F(FlowTest, AnInsertedPayloadCountsInTheUploadAndOnlyDownloadsCarryTheSink) {
  Outcome o;
  CallCallbacks cb = Capture(o);
  cb.download_sink = 7;
  Result<PreparedCall> prepared =
      PrepareCall(*client_, "convert", R"({"fileName":"a.docx","format":"pdf"})", 5000,
                  /*payload_apart=*/true);
  ASSERT_TRUE(prepared);
  client_->Start(std::move(prepared.value().script), std::move(cb));
  GrantToken();
  const HttpRequest& upload = transport_.Pending().request;
  EXPECT_EQ(upload.inserted_size, 5000u);
  EXPECT_EQ(upload.sink, 0u);
  const std::uint64_t size = upload.body.size() + upload.inserted_size;
  transport_.Progress(kUp, size / 2, size);
  EXPECT_EQ(OfType(o, "upload"), (std::vector<Json>{Upload(size / 2, size)}));
  transport_.Respond(FixtureReply(200, "upload_result.json"));
  const HttpRequest& start = transport_.Pending().request;
  EXPECT_EQ(start.sink, 0u);
  EXPECT_EQ(start.inserted_size, 0u);
}

TEST_F(FlowTest, ADownloadCarriesItsCallsSink) {
  Outcome o;
  CallCallbacks cb = Capture(o);
  cb.download_sink = 9;
  Result<PreparedCall> prepared =
      PrepareCall(*client_, "downloadFile", R"({"path":"out/a.pdf"})", std::nullopt);
  ASSERT_TRUE(prepared);
  client_->Start(std::move(prepared.value().script), std::move(cb));
  GrantToken();
  EXPECT_EQ(transport_.Pending().request.sink, 9u);
  EXPECT_EQ(transport_.sent()[0].request.sink, 0u);  // the token request
}

TEST_F(FlowTest, RequestsWithoutBytesToWatchCarryNoReporter) {
  Outcome o;
  Run("getOperationStatus", R"({"id":"x"})", std::nullopt, o);
  GrantToken();
  EXPECT_FALSE(transport_.Pending().request.on_progress);
  EXPECT_FALSE(transport_.sent()[0].request.on_progress);  // the token request
}

}  // namespace
}  // namespace gdconv::testing
