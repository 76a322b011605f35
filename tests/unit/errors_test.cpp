// SPDX-License-Identifier: MIT
#include "core/errors.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "core/responses.h"
#include "fakes.h"

namespace gdconv {
namespace {

using testing::FixtureReply;
using testing::Reply;

TEST(Errors, ApiErrorBody) {
  Error e = ErrorFromResponse(FixtureReply(404, "api_error.json"));
  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.api_code, "errorItemNotFound");
  EXPECT_EQ(e.request_id, "0HMV7QKJ2M8E1:00000002");
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.message.rfind("AmazonS3 Storage exception: The specified key does not exist.", 0),
            0u);
}

TEST(Errors, MissingStorageObjectIsNotFoundWhateverTheStatus) {
  Error e = ErrorFromResponse(FixtureReply(500, "api_error.json"));
  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_FALSE(e.retryable);
}

TEST(Errors, StorageErrorBodyAndHeaderRequestIdFallback) {
  Error e = ErrorFromResponse(FixtureReply(400, "storage_error.json", {{"x-request-id", "hdr"}}));
  EXPECT_EQ(e.code, ErrorCode::kHttpError);
  EXPECT_EQ(e.api_code, "errorItemNotFound");
  EXPECT_EQ(e.request_id, "storage-req-7");  // the body wins over the header
  EXPECT_EQ(e.message, "Can't find file located at 'missing.docx'");

  Error h = ErrorFromResponse(Reply(502, "<html>Bad gateway</html>", {{"x-request-id", "hdr-1"}}));
  EXPECT_EQ(h.request_id, "hdr-1");
  EXPECT_EQ(h.message, "<html>Bad gateway</html>");
  EXPECT_TRUE(h.retryable);
}

TEST(Errors, OAuthErrorAtTheTokenEndpointIsAuthFailed) {
  Error e = ErrorFromResponse(FixtureReply(400, "oauth_error.json"), /*token_endpoint=*/true);
  EXPECT_EQ(e.code, ErrorCode::kAuthFailed);
  EXPECT_EQ(e.api_code, "invalid_client");
  EXPECT_EQ(e.message, "invalid_client");
  EXPECT_EQ(e.status, 400);
  // The same 400 elsewhere is an ordinary HTTP error.
  EXPECT_EQ(ErrorFromResponse(FixtureReply(400, "oauth_error.json")).code, ErrorCode::kHttpError);
}

TEST(Errors, UnauthorizedAndForbiddenAreAuthFailed) {
  EXPECT_EQ(ErrorFromResponse(FixtureReply(401, "api_error_unauthorized.json")).code,
            ErrorCode::kAuthFailed);
  EXPECT_EQ(ErrorFromResponse(Reply(403, "")).code, ErrorCode::kAuthFailed);
}

TEST(Errors, EmptyAndHugeBodies) {
  Error e = ErrorFromResponse(Reply(503, ""));
  EXPECT_EQ(e.message, "HTTP 503");
  EXPECT_TRUE(e.retryable);
  Error big = ErrorFromResponse(Reply(500, std::string(10000, 'x')));
  EXPECT_LE(big.message.size(), 210u);
  EXPECT_FALSE(ErrorFromResponse(Reply(501, "")).retryable);
  EXPECT_TRUE(ErrorFromResponse(Reply(429, "")).retryable);
  EXPECT_TRUE(ErrorFromResponse(Reply(408, "")).retryable);
}

TEST(Errors, TransportFailures) {
  Error n = ErrorFromResponse(testing::NetworkDown());
  EXPECT_EQ(n.code, ErrorCode::kNetwork);
  EXPECT_EQ(n.status, 0);
  EXPECT_TRUE(n.retryable);
  HttpResponse t;
  t.failure = TransportFailure::kTimeout;
  EXPECT_EQ(ErrorFromResponse(t).code, ErrorCode::kTimeout);
}

TEST(Errors, TlsFailuresAreTypedFinalAndSayWhy) {
  HttpResponse r;
  r.failure = TransportFailure::kTls;
  r.failure_text = "DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate";
  Error e = ErrorFromResponse(r);
  EXPECT_EQ(e.code, ErrorCode::kTlsError);
  EXPECT_STREQ(ErrorCodeName(e.code), "tls_error");
  EXPECT_EQ(e.status, 0);
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.message, "TLS error: DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate");
  r.failure_text.clear();
  EXPECT_EQ(ErrorFromResponse(r).message, "TLS error: the secure connection to the server failed");
}

TEST(Errors, WrongTypesInErrorBodiesAreIgnored) {
  Error e =
      ErrorFromResponse(Reply(500, R"({"requestId":5,"error":{"code":[1],"message":{"x":1}}})"));
  EXPECT_EQ(e.code, ErrorCode::kHttpError);
  EXPECT_EQ(e.request_id, "");
  EXPECT_EQ(e.api_code, "");
}

TEST(Errors, JsonHasEveryKeyAndIsValidUtf8) {
  Error e = MakeError(ErrorCode::kBadResponse, "bad \xff byte");
  e.status = 200;
  auto j = ParseJson(ErrorToJson(e));
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["code"], "bad_response");
  EXPECT_EQ((*j)["status"], 200);
  EXPECT_EQ((*j)["apiCode"], "");
  EXPECT_EQ((*j)["requestId"], "");
  EXPECT_EQ((*j)["retryable"], false);
  EXPECT_EQ((*j)["message"], "bad \xEF\xBF\xBD byte");
}

TEST(Errors, CodeNames) {
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kAuthFailed), "auth_failed");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kOperationFailed), "operation_failed");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kInvalidArgument), "invalid_argument");
}

TEST(Errors, RedactRemovesEveryOccurrence) {
  EXPECT_EQ(Redact("secret=s3cr3t and s3cr3ts3cr3t", {"s3cr3t"}),
            "secret=[redacted] and [redacted][redacted]");
  EXPECT_EQ(Redact("short ab", {"ab", ""}), "short ab");  // too short to be a secret
}

}  // namespace
}  // namespace gdconv
