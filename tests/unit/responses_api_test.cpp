// SPDX-License-Identifier: MIT
// Parsers of the rest of the API against recorded-shape and malformed bodies: unknown fields are
// ignored, a missing required field or a wrong type is bad_response, a non-2xx is the API error.
#include "core/responses_api.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace gdconv {
namespace {

using testing::FixtureReply;
using testing::Reply;

template <typename T>
void ExpectBadResponse(const Result<T>& r, const std::string& part) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadResponse);
  EXPECT_NE(r.error().message.find(part), std::string::npos) << r.error().message;
}

TEST(ResponsesApi, FilesList) {
  Result<FilesList> list = ParseFilesList(FixtureReply(200, "files_list.json"));
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list.value().value.size(), 2u);
  EXPECT_EQ(list.value().value[0].isFolder, true);
  EXPECT_EQ(list.value().value[1].name, "a #1?.docx");
  EXPECT_EQ(list.value().value[1].size, 8651);
  EXPECT_EQ(list.value().value[1].path, "/WordProcessing/a #1?.docx");
  // Written back without the unknown field.
  EXPECT_EQ(JsonCodec<FilesList>::Write(list.value())["value"][1].count("etag"), 0u);
  ExpectBadResponse(ParseFilesList(FixtureReply(200, "files_list_missing_value.json")),
                    "value: required");
  ExpectBadResponse(ParseFilesList(FixtureReply(200, "files_list_bad_entry.json")), "isFolder");
  ExpectBadResponse(ParseFilesList(Reply(200, "[]")), "expected an object");
}

TEST(ResponsesApi, FileVersions) {
  Result<FileVersions> v = ParseFileVersions(FixtureReply(200, "file_versions.json"));
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_EQ(v.value().value.size(), 1u);
  EXPECT_EQ(v.value().value[0].versionId, "null");
  EXPECT_EQ(v.value().value[0].isLatest, true);
  ExpectBadResponse(ParseFileVersions(Reply(200, R"({"value":[{"name":"a"}]})")), "path: required");
}

TEST(ResponsesApi, ExistenceAndDiscUsage) {
  Result<ObjectExist> e = ParseObjectExist(FixtureReply(200, "object_exist.json"));
  ASSERT_TRUE(e);
  EXPECT_TRUE(e.value().exists);
  EXPECT_EQ(e.value().isFolder, false);
  ExpectBadResponse(ParseObjectExist(Reply(200, R"({"isFolder":false})")), "exists: required");
  ExpectBadResponse(ParseObjectExist(Reply(200, R"({"exists":"yes"})")), "exists");
  EXPECT_TRUE(ParseStorageExist(FixtureReply(200, "storage_exist.json")).value().exists);
  ExpectBadResponse(ParseStorageExist(Reply(200, "{")), "not valid JSON");

  Result<DiscUsage> d = ParseDiscUsage(FixtureReply(200, "disc_usage.json"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d.value().usedSize, 22903);
  EXPECT_EQ(d.value().totalSize, 2147483648);
  ExpectBadResponse(ParseDiscUsage(FixtureReply(200, "disc_usage_missing_total.json")),
                    "totalSize: required");
}

TEST(ResponsesApi, SupportedFormats) {
  Result<std::vector<SupportedFormat>> f =
      ParseSupportedFormats(FixtureReply(200, "supported_formats.json"));
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f.value().size(), 2u);
  EXPECT_EQ(f.value()[0].sourceFormat, "docx");
  EXPECT_EQ(f.value()[0].targetFormats, (std::vector<std::string>{"pdf", "jpg", "png", "txt"}));
  ExpectBadResponse(ParseSupportedFormats(FixtureReply(200, "supported_formats_not_array.json")),
                    "expected an array");
  ExpectBadResponse(ParseSupportedFormats(Reply(200, R"([{"sourceFormat":"docx"}])")),
                    "targetFormats: required");
}

TEST(ResponsesApi, DocumentMetadata) {
  Result<DocumentMetadata> m = ParseDocumentMetadata(FixtureReply(200, "document_metadata.json"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m.value().pageCount, 4);
  EXPECT_EQ(m.value().fileType, "docx");
  EXPECT_EQ(m.value().modifiedDate, "0001-01-01T00:00:00");  // zoneless, kept as sent
  EXPECT_FALSE(m.value().layers);                            // null
  EXPECT_EQ(m.value().isPasswordProtected, false);
  ExpectBadResponse(
      ParseDocumentMetadata(FixtureReply(200, "document_metadata_missing_page_count.json")),
      "pageCount: required");
  ExpectBadResponse(ParseDocumentMetadata(Reply(200, R"({"pageCount":1.5})")), "pageCount");
}

TEST(ResponsesApi, LicenseAndConsumption) {
  Result<ConsumptionResult> c = ParseConsumptionResult(FixtureReply(200, "consumption.json"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c.value().credit, 3);
  EXPECT_DOUBLE_EQ(c.value().quantity, 0.0225);
  EXPECT_EQ(c.value().billedApiCalls, 12);
  EXPECT_EQ(DumpJson(JsonCodec<ConsumptionResult>::Write(c.value())),
            R"({"billedApiCalls":12,"credit":3,"quantity":0.0225})");
  ExpectBadResponse(ParseConsumptionResult(Reply(200, R"({"credit":1})")), "quantity: required");
  EXPECT_TRUE(ParseLicenseInfo(FixtureReply(200, "license_info.json")).value().isLicensed);
  ExpectBadResponse(ParseLicenseInfo(Reply(200, "null")), "expected an object");
}

TEST(ResponsesApi, StoredResultsAndNullPaths) {
  Result<std::vector<StoredConvertedResult>> r =
      ParseStoredResults(FixtureReply(200, "stored_results.json"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r.value().size(), 2u);
  EXPECT_EQ(r.value()[1].path, "converted/four-pages-page-2.jpg");
  // A direct ("Convert") operation's results are not in storage: path null is accepted and kept
  // null.
  Result<OperationResult> op =
      ParseOperationResult(FixtureReply(200, "operation_convert_finished.json"));
  ASSERT_TRUE(op) << op.error().message;
  EXPECT_EQ((*op.value().result)[0].path, "");
  EXPECT_TRUE(JsonCodec<OperationResult>::Write(op.value())["result"][0]["path"].is_null());
}

TEST(ResponsesApi, ErrorsAndAcknowledgements) {
  EXPECT_TRUE(ParseAcknowledged(Reply(200, "")));
  EXPECT_TRUE(ParseAcknowledged(Reply(204, "")));
  EXPECT_TRUE(ParseAcknowledged(Reply(200, "not json: ignored")));
  Result<bool> missing = ParseAcknowledged(FixtureReply(404, "storage_error.json"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  Result<FilesList> denied = ParseFilesList(FixtureReply(401, "api_error_unauthorized.json"));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().status, 401);
  Result<LicenseInfo> down = ParseLicenseInfo(Reply(503, "<html>busy</html>"));
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kHttpError);
  EXPECT_TRUE(down.error().retryable);
}

}  // namespace
}  // namespace gdconv
