// SPDX-License-Identifier: MIT
// The parsers against recorded and malformed bodies: garbage is a bad_response, never a crash.
#include "core/responses.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace gdconv {
namespace {

using testing::FixtureReply;
using testing::Reply;

Result<OperationResult> ParseOperationResult(const HttpResponse& response) {
  return ReadModelAnswer<OperationResult>(response, "operation result");
}
Result<FilesUploadResult> ParseUploadResponse(const HttpResponse& response) {
  return ReadModelAnswer<FilesUploadResult>(response, "upload result");
}

TEST(Responses, OperationFinished) {
  Result<OperationResult> op = ParseOperationResult(FixtureReply(200, "operation_finished.json"));
  ASSERT_TRUE(op) << op.error().message;
  EXPECT_EQ(op.value().id, "ecbfa56b-3545-4620-86a0-4c500c8ac38e");
  EXPECT_EQ(op.value().status, "Finished");
  EXPECT_EQ(op.value().method, "ConvertAndSave");
  EXPECT_FALSE(op.value().failed);  // null
  ASSERT_EQ(op.value().result.size(), 2u);
  EXPECT_EQ(op.value().result[1].path, "converted/four-pages-page-2.jpg");
  EXPECT_EQ(op.value().result[1].size, 51002);
}

TEST(Responses, OperationStates) {
  EXPECT_EQ(ParseOperationResult(FixtureReply(200, "operation_started.json")).value().status,
            "Started");
  EXPECT_EQ(ParseOperationResult(FixtureReply(200, "operation_created.json")).value().status,
            "Created");
  Result<OperationResult> failed = ParseOperationResult(FixtureReply(200, "operation_failed.json"));
  EXPECT_EQ(failed.value().error, "Password is required to load the document");
  EXPECT_EQ(ParseOperationResult(FixtureReply(200, "operation_canceled.json")).value().status,
            "Canceled");
}

TEST(Responses, Utf8SurvivesParsing) {
  Result<OperationResult> op = ParseOperationResult(FixtureReply(200, "operation_utf8.json"));
  ASSERT_TRUE(op);
  EXPECT_EQ(op.value().result[0].name, "r\xC3\xA9sum\xC3\xA9.pdf");
}

struct Malformed {
  const char* fixture;
  const char* message_part;
};

class MalformedOperation : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedOperation, IsBadResponse) {
  Result<OperationResult> op = ParseOperationResult(FixtureReply(200, GetParam().fixture));
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, ErrorCode::kBadResponse);
  EXPECT_EQ(op.error().status, 200);
  EXPECT_NE(op.error().message.find(GetParam().message_part), std::string::npos)
      << op.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, MalformedOperation,
    ::testing::Values(Malformed{"operation_truncated.json", "not valid JSON"},
                      Malformed{"operation_missing_id_and_status.json", "has none of id, status"},
                      Malformed{"operation_status_number.json", "status: expected a string"},
                      Malformed{"operation_wrong_types.json", "size"},
                      Malformed{"operation_result_not_array.json", "result: expected an array"},
                      Malformed{"operation_result_unidentified.json",
                                "result[0]: has none of name, path"},
                      Malformed{"operation_huge_size.json", "size"},
                      Malformed{"operation_overflow_size.json", "not valid JSON"},
                      Malformed{"operation_fractional_size.json", "size"},
                      Malformed{"operation_non_utf8.json", "not valid JSON"},
                      Malformed{"deeply_nested.json", "expected an object"},
                      Malformed{"operation_id.json", "expected an object"}));

TEST(Responses, AMissingIdOrStatusAloneIsTolerated) {
  // The SDK models make every field optional; waitForOperation needs the status (wait.h).
  EXPECT_TRUE(ParseOperationResult(FixtureReply(200, "operation_missing_id.json")));
  EXPECT_TRUE(ParseOperationResult(FixtureReply(200, "operation_missing_status.json")));
  Result<OperationResult> no_path =
      ParseOperationResult(FixtureReply(200, "operation_result_missing_path.json"));
  ASSERT_TRUE(no_path) << no_path.error().message;
  EXPECT_FALSE(no_path.value().result[0].path);
}

TEST(Responses, GarbageBodiesNeverCrash) {
  for (const char* body : {"", "null", "[]", "true", "<html>", "{\"id\":", "\x01\x02\xff", "{}"}) {
    EXPECT_FALSE(ParseOperationResult(Reply(200, body))) << body;
    EXPECT_FALSE(ReadTokenResponse(Reply(200, body))) << body;
    EXPECT_FALSE(ReadOperationId(Reply(200, body))) << body;
  }
  EXPECT_FALSE(ParseUploadResponse(Reply(200, "[]")));
}

// Issue 13: a file kept outside the heap passes through as it is: its size, its key, no text.
TEST(Responses, AFileKeptElsewherePassesThrough) {
  static const std::uint8_t kKey = 0;
  HttpResponse r;
  r.status = 200;
  r.headers = {{"content-type", "application/octet-stream"}};
  r.body = Buffer::Elsewhere(nullptr, &kKey, std::size_t{3} << 30);
  Result<Buffer> bytes = ReadBytes(r);
  ASSERT_TRUE(bytes);
  EXPECT_TRUE(bytes.value().elsewhere());
  EXPECT_EQ(bytes.value().size(), std::size_t{3} << 30);
  EXPECT_EQ(bytes.value().data(), &kKey);
  EXPECT_TRUE(bytes.value().text().empty());
}

TEST(Responses, OperationId) {
  Result<std::string> id = ReadOperationId(FixtureReply(200, "operation_id.json"));
  ASSERT_TRUE(id);
  EXPECT_EQ(id.value(), "ecbfa56b-3545-4620-86a0-4c500c8ac38e");
  EXPECT_EQ(ReadOperationId(FixtureReply(200, "operation_id_object.json")).error().code,
            ErrorCode::kBadResponse);
  EXPECT_EQ(ReadOperationId(Reply(200, "\"\"")).error().code, ErrorCode::kBadResponse);
}

TEST(Responses, Upload) {
  Result<FilesUploadResult> ok = ParseUploadResponse(FixtureReply(200, "upload_result.json"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.value().uploaded, std::vector<std::string>{"one-page.docx"});
  Result<FilesUploadResult> errors =
      ParseUploadResponse(FixtureReply(200, "upload_result_errors.json"));
  ASSERT_TRUE(errors);
  EXPECT_EQ(errors.value().errors[0].code, "StorageQuotaExceeded");
  EXPECT_EQ(errors.value().errors[0].innerError->requestId, "req-42");
  Result<FilesUploadResult> numeric =
      ParseUploadResponse(FixtureReply(200, "upload_result_numeric_code.json"));
  ASSERT_TRUE(numeric);
  EXPECT_EQ(numeric.value().errors[0].code, "500");
  EXPECT_FALSE(ParseUploadResponse(Reply(200, "{}")));  // neither list: not an upload answer
}

TEST(Responses, Token) {
  Result<TokenResponse> t = ReadTokenResponse(FixtureReply(200, "token.json"));
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value().expires_in, 3600);
  EXPECT_EQ(ReadTokenResponse(FixtureReply(200, "token_missing_access_token.json")).error().code,
            ErrorCode::kBadResponse);
  EXPECT_EQ(ReadTokenResponse(FixtureReply(200, "token_wrong_type.json")).error().code,
            ErrorCode::kBadResponse);
  EXPECT_EQ(ReadTokenResponse(FixtureReply(401, "oauth_error.json")).error().code,
            ErrorCode::kAuthFailed);
  EXPECT_EQ(ReadTokenResponse(testing::NetworkDown()).error().code, ErrorCode::kNetwork);
}

TEST(Responses, NonSuccessIsMappedBeforeParsing) {
  Result<OperationResult> op = ParseOperationResult(FixtureReply(404, "api_error.json"));
  EXPECT_EQ(op.error().code, ErrorCode::kNotFound);
  Result<Buffer> d = ReadBytes(FixtureReply(404, "api_error.json"));
  EXPECT_EQ(d.error().code, ErrorCode::kNotFound);
}

TEST(Responses, DownloadIsBinarySafe) {
  std::string bytes("\x00\xff\x00%PDF", 7);
  Result<Buffer> d = ReadBytes(Reply(200, bytes));
  ASSERT_TRUE(d);
  EXPECT_EQ(d.value().text(), bytes);
  EXPECT_TRUE(ReadBytes(Reply(200, "")).value().empty());
  EXPECT_TRUE(ReadBytes(Reply(200, bytes, {{"content-type", "application/octet-stream"}})));
}

// A 2xx JSON answer where the file's bytes belong (a proxy, a server bug, the malformed-json fault)
// is not the file: handing it back would be a silently corrupt download.
TEST(Responses, DownloadThatIsJsonIsBadResponse) {
  for (const char* type :
       {"application/json", "Application/JSON; charset=utf-8", "application/json "}) {
    Result<Buffer> d = ReadBytes(
        Reply(200, R"({"malformed": tru)", {{"content-type", type}, {"x-request-id", "r1"}}));
    ASSERT_FALSE(d) << type;
    EXPECT_EQ(d.error().code, ErrorCode::kBadResponse);
    EXPECT_EQ(d.error().status, 200);
    EXPECT_EQ(d.error().request_id, "r1");
    EXPECT_FALSE(d.error().retryable);
  }
  EXPECT_TRUE(ReadBytes(Reply(200, "{}", {{"content-type", "application/jsonl"}})));
}

}  // namespace
}  // namespace gdconv
