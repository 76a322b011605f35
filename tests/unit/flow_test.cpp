// SPDX-License-Identifier: MIT
// The client state machine over a scripted transport and a fake clock (flow_fixture.h): the convert
// flow step by step, what each call resolves or rejects with, and arguments refused before anything
// is sent. Cancellation is in cancel_test.cpp, the cleanup of convert's folder in
// convert_cleanup_test.cpp, tokens in token_flow_test.cpp, retries in retry_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include "core/client.h"
#include "core/convert_flow.h"
#include "core/dispatch.h"
#include "flow_fixture.h"

namespace gdconv::testing {  // beside the fixture and fakes (flow_fixture.h)
namespace {

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

// One answer from the server (after the token) that ends a call with an error the caller can act
// on.
struct RejectingAnswer {
  const char* method;
  const char* args;
  bool with_bytes;
  bool polled;  // waitForOperation: the first poll waits for its timer
  const char* fixture;
  ErrorCode code;
  const char* api_code;
  const char* detail;  // the message, or for an upload's errors the request id
};

class RejectingAnswers : public FlowTest, public ::testing::WithParamInterface<RejectingAnswer> {};

TEST_P(RejectingAnswers, RejectTheCallOnceWithTheServersError) {
  const RejectingAnswer& c = GetParam();
  Outcome o;
  std::optional<std::string> bytes;
  if (c.with_bytes) bytes = "x";
  Run(c.method, c.args, bytes, o);
  if (c.polled) clock_.RunNext();
  GrantToken();
  transport_.Respond(FixtureReply(200, c.fixture));
  ASSERT_EQ(o.rejects, 1);
  EXPECT_EQ(o.resolves, 0);
  EXPECT_EQ(o.error.code, c.code);
  EXPECT_EQ(o.error.api_code, c.api_code);
  if (c.code == ErrorCode::kHttpError) {
    EXPECT_EQ(o.error.request_id, c.detail);
  } else if (*c.detail) {
    EXPECT_EQ(o.error.message, c.detail);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Answers, RejectingAnswers,
    ::testing::Values(
        // a canceled operation
        RejectingAnswer{"waitForOperation", R"({"id":"op-1"})", false, true,
                        "operation_canceled.json", ErrorCode::kOperationFailed, "Canceled",
                        "the operation was canceled"},
        // JSON cut short
        RejectingAnswer{"getOperationStatus", R"({"id":"op-1"})", false, false,
                        "operation_truncated.json", ErrorCode::kBadResponse, "", ""},
        // an upload that stored nothing fails the convert flow
        RejectingAnswer{"convert", R"({"fileName":"a.docx","format":"pdf"})", true, false,
                        "upload_result_errors.json", ErrorCode::kHttpError, "StorageQuotaExceeded",
                        "req-42"}));

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
}  // namespace gdconv::testing
