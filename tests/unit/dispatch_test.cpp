// SPDX-License-Identifier: MIT
// The rest of the API through the raw `call` surface (PrepareCall + Client) over a scripted
// transport: argument checks, what goes on the wire, what the call resolves with, and the
// storage-free convert flow.
#include <gtest/gtest.h>

#include "flow_fixture.h"

namespace gdconv::testing {  // beside the fixture and fakes (flow_fixture.h)
namespace {

// FlowTest's client (flow_fixture.h), one call's outcome at a time in o_.
class DispatchApiTest : public FlowTest {
 protected:
  void Run(const std::string& method, const std::string& args, std::optional<std::string> bytes) {
    FlowTest::Run(method, args, std::move(bytes), o_);
    clock_.Flush();  // refused arguments are rejected on the next tick
  }

  // The first request of a call also fetches the token.
  HttpRequest Answer(HttpResponse response) {
    if (!granted_) {
      GrantToken("tok");
      granted_ = true;
    }
    HttpRequest r = transport_.Respond(std::move(response));
    EXPECT_EQ(HeaderOf(r, "Authorization"), "Bearer tok");
    return r;
  }

  void ExpectInvalid(const std::string& method, const std::string& args,
                     std::optional<std::string> bytes, const std::string& part) {
    o_ = {};
    Run(method, args, bytes);
    ASSERT_EQ(o_.rejects, 1) << method;
    EXPECT_EQ(o_.error.code, ErrorCode::kInvalidArgument);
    EXPECT_NE(o_.error.message.find(part), std::string::npos) << o_.error.message;
    EXPECT_EQ(transport_.sent().size(), 0u);
  }

  bool granted_ = false;
  Outcome o_;
};

TEST_F(DispatchApiTest, ArgumentsAreCheckedBeforeAnythingIsSent) {
  ExpectInvalid("convertDocument", R"({"filePath":"a.docx","format":"pdf"})", std::nullopt,
                "use convertDocumentDownload");
  ExpectInvalid("convertDocumentDownload",
                R"({"filePath":"a.docx","format":"pdf","outputPath":"o"})", std::nullopt,
                "use convertDocument");
  ExpectInvalid("convertDocumentDirect", R"({"fileName":"a.docx"})", std::string("x"),
                "format: required");
  ExpectInvalid("startConvert", R"({"format":"pdf"})", std::nullopt, "bytes are required");
  ExpectInvalid("getOperationResult", R"({"id":""})", std::nullopt, "id: must not be empty");
  ExpectInvalid("copyFile", R"({"srcPath":"a"})", std::nullopt, "destPath: required");
  ExpectInvalid("moveFolder", R"({"srcPath":"/","destPath":"b"})", std::nullopt,
                "srcPath: names no");
  ExpectInvalid("deleteFolder", R"({"path":"a","recursive":"yes"})", std::nullopt, "recursive");
  ExpectInvalid("storageExists", "{}", std::nullopt, "storageName: required");
  ExpectInvalid("getDocumentMetadata", "{}", std::nullopt, "filePath: required");
  ExpectInvalid("getLicenseInfo", "{}", std::string("x"), "takes no bytes");
  ExpectInvalid("convertDirect", R"({"format":"pdf","timeoutMs":-1})", std::string("x"),
                "timeoutMs");
  ExpectInvalid("convertDirect", R"({"format":"pdf","convertOptions":{"dpi":"high"}})",
                std::string("x"), "convertDirect: convertOptions.dpi: expected an integer");
}

TEST_F(DispatchApiTest, JsonMethodsResolveWithTheParsedModel) {
  Run("objectExists", R"({"path":"in/a #1?.docx","storageName":"week"})", std::nullopt);
  HttpRequest r = Answer(FixtureReply(200, "object_exist.json"));
  EXPECT_EQ(r.url,
            "http://api.test/v2.0/conversion/storage/exist/in/a%20%231%3F.docx?storageName=week");
  ASSERT_EQ(o_.resolves, 1);
  EXPECT_EQ(o_.json, R"({"exists":true,"isFolder":false})");

  o_ = {};
  Run("getFilesList", "{}", std::nullopt);
  r = Answer(FixtureReply(200, "files_list.json"));
  EXPECT_EQ(r.url, "http://api.test/v2.0/conversion/storage/folder/");
  ASSERT_EQ(o_.resolves, 1);
  EXPECT_EQ(ParseJson(o_.json)->at("value").size(), 2u);

  o_ = {};
  Run("getSupportedConversionTypes", R"({"format":"docx"})", std::nullopt);
  r = Answer(FixtureReply(200, "supported_formats.json"));
  EXPECT_EQ(r.url, "http://api.test/v2.0/conversion/formats?format=docx");
  EXPECT_EQ(ParseJson(o_.json)->at(0).at("sourceFormat"), "docx");

  o_ = {};
  Run("getDiscUsage", "{}", std::nullopt);
  Answer(Reply(200, R"({"usedSize":"many"})"));
  ASSERT_EQ(o_.rejects, 1);
  EXPECT_EQ(o_.error.code, ErrorCode::kBadResponse);
}

TEST_F(DispatchApiTest, AcknowledgedMethodsResolveWithNull) {
  Run("deleteFolder", R"({"path":"tmp","recursive":true})", std::nullopt);
  HttpRequest r = Answer(Reply(200, ""));
  EXPECT_EQ(r.method, "DELETE");
  EXPECT_EQ(r.url, "http://api.test/v2.0/conversion/storage/folder/tmp?recursive=true");
  ASSERT_EQ(o_.resolves, 1);
  EXPECT_EQ(o_.json, "null");

  o_ = {};
  Run("moveFile", R"({"srcPath":"a.docx","destPath":"b/a.docx"})", std::nullopt);
  Answer(FixtureReply(404, "storage_error.json"));
  ASSERT_EQ(o_.rejects, 1);
  EXPECT_EQ(o_.error.code, ErrorCode::kNotFound);
}

TEST_F(DispatchApiTest, BinaryMethodsResolveWithTheExactBytes) {
  const std::string pdf("%PDF-\0\xff\xfe\x80", 9);
  Run("convertDocumentDownload", R"({"filePath":"a.docx","format":"pdf"})", std::nullopt);
  HttpRequest r = Answer(Reply(200, pdf));
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://api.test/v2.0/conversion");
  ASSERT_EQ(o_.resolves, 1);
  EXPECT_FALSE(o_.as_list);
  ASSERT_EQ(o_.files.size(), 1u);
  EXPECT_EQ(o_.files[0].text(), pdf);

  o_ = {};
  Run("getOperationResult", R"({"id":"op","name":"p-2.png"})", std::nullopt);
  r = Answer(Reply(200, "PNG"));
  EXPECT_EQ(r.url, "http://api.test/v2.0/conversion/async/result?id=op&name=p-2.png");
  EXPECT_EQ(o_.files.at(0).text(), "PNG");
}

TEST_F(DispatchApiTest, DirectConversionSendsTheFileAndTheOptionsAsMultipart) {
  Run("convertDocumentDirect",
      R"({"fileName":"dir/a #1.docx","format":"pdf","fromPage":1,"pagesCount":2,)"
      R"("loadOptions":{"password":"pw"},"convertOptions":{"pdfFormat":"PdfA1A"}})",
      std::string("DOC\0X", 5));
  HttpRequest r = Answer(Reply(200, "%PDF"));
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.url, "http://api.test/v2.0/conversion?format=pdf&fromPage=1&pagesCount=2");
  std::string body(r.body.text());
  EXPECT_NE(body.find("name=\"File\"; filename=\"a #1.docx\""), std::string::npos);
  EXPECT_NE(body.find(std::string("DOC\0X", 5)), std::string::npos);
  EXPECT_NE(
      body.find(
          "name=\"loadOptions\"\r\nContent-Type: application/json\r\n\r\n{\"password\":\"pw\"}"),
      std::string::npos);
  EXPECT_NE(body.find("{\"pdfFormat\":\"PdfA_1A\"}"), std::string::npos);  // the enum's wire value
  EXPECT_EQ(o_.files.at(0).text(), "%PDF");

  o_ = {};
  Run("startConvert", R"({"format":"png"})", std::string("B"));
  r = Answer(FixtureReply(200, "operation_id.json"));
  EXPECT_EQ(r.url, "http://api.test/v2.0/conversion/async?format=png");
  EXPECT_NE(std::string(r.body.text()).find("filename=\"file\""), std::string::npos);
  EXPECT_EQ(std::string(r.body.text()).find("loadOptions"), std::string::npos);
  EXPECT_EQ(o_.json, R"("ecbfa56b-3545-4620-86a0-4c500c8ac38e")");
}

TEST_F(DispatchApiTest, ConvertDirectUploadsWaitsAndFetchesEveryResultByName) {
  Run("convertDirect", R"({"fileName":"a #1.docx","format":"png","timeoutMs":60000})",
      std::string("DOC"));
  HttpRequest start = Answer(Reply(200, R"("op-direct")"));
  EXPECT_EQ(start.url, "http://api.test/v2.0/conversion/async?format=png");
  EXPECT_EQ(clock_.RunNext(), 200);
  HttpRequest poll = transport_.Respond(FixtureReply(200, "operation_convert_finished.json"));
  EXPECT_EQ(poll.url, "http://api.test/v2.0/conversion/async?id=op-direct");
  HttpRequest p1 = transport_.Respond(Reply(200, "PNG-1"));
  EXPECT_EQ(p1.url,
            "http://api.test/v2.0/conversion/async/result?id=op-direct&name=a%20%231-page-1.png");
  HttpRequest p2 = transport_.Respond(Reply(200, "PNG-22"));
  EXPECT_EQ(p2.url,
            "http://api.test/v2.0/conversion/async/result?id=op-direct&name=a%20%231-page-2.png");
  ASSERT_EQ(o_.resolves, 1) << o_.error.message;
  EXPECT_TRUE(o_.as_list);
  ASSERT_EQ(o_.files.size(), 2u);
  EXPECT_EQ(o_.files[1].text(), "PNG-22");
  Json out = *ParseJson(o_.json);
  EXPECT_EQ(out["operation"]["method"], "Convert");
  EXPECT_EQ(out["files"], *ParseJson(R"([{"name":"a #1-page-1.png","path":null,"size":5},
                                         {"name":"a #1-page-2.png","path":null,"size":6}])"));
  EXPECT_EQ(o_.progress.front(), R"({"stage":"token","type":"stage"})");
  // Each file is announced, then its bytes (the end at least: the body's size).
  EXPECT_EQ(o_.progress.at(o_.progress.size() - 2), R"({"count":2,"index":1,"type":"download"})");
  EXPECT_EQ(o_.progress.back(), R"({"count":2,"index":1,"loaded":6,"total":6,"type":"download"})");
  EXPECT_EQ(client_->pending_calls(), 0u);
  EXPECT_EQ(clock_.pending(), 0u);  // the deadline was cleared
}

TEST_F(DispatchApiTest, ConvertDirectStopsOnAFailedOperation) {
  Run("convertDirect", R"({"format":"pdf"})", std::string("DOC"));
  Answer(Reply(200, R"("op-1")"));
  clock_.RunNext();
  transport_.Respond(FixtureReply(200, "operation_failed.json"));
  ASSERT_EQ(o_.rejects, 1);
  EXPECT_EQ(o_.error.code, ErrorCode::kOperationFailed);
  EXPECT_EQ(transport_.pending_count(), 0u);
}

}  // namespace
}  // namespace gdconv::testing
