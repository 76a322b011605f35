// SPDX-License-Identifier: MIT
#include "core/requests.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace gdconv {
namespace {

using testing::HeaderOf;

ApiConfig Local() {
  ApiConfig c;
  c.base_url = "http://127.0.0.1:8080";
  c.timeout_ms = 5000;
  return c;
}

TEST(Requests, PercentEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(PercentEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(PercentEncode("a b#c?d%e/f+g&h=i"), "a%20b%23c%3Fd%25e%2Ff%2Bg%26h%3Di");
  EXPECT_EQ(PercentEncode("r\xC3\xA9sum\xC3\xA9"), "r%C3%A9sum%C3%A9");
}

TEST(Requests, StoragePathsAreEncodedPerSegment) {
  EXPECT_EQ(EncodeStoragePath("WordProcessing/four pages.docx"),
            "WordProcessing/four%20pages.docx");
  EXPECT_EQ(EncodeStoragePath("x #1?.docx"), "x%20%231%3F.docx");  // the Node SDK truncates at '#'
  EXPECT_EQ(EncodeStoragePath("100%/r\xC3\xA9sum\xC3\xA9.pdf"), "100%25/r%C3%A9sum%C3%A9.pdf");
  EXPECT_EQ(EncodeStoragePath("WordProcessing\\one-page.docx"), "WordProcessing/one-page.docx");
  EXPECT_EQ(EncodeStoragePath("//a//b/"), "a/b");
  EXPECT_EQ(EncodeStoragePath("/"), "");
}

TEST(Requests, BaseNameAndBaseUrl) {
  EXPECT_EQ(BaseName("a/b/c.docx"), "c.docx");
  EXPECT_EQ(BaseName("a\\c.docx"), "c.docx");
  EXPECT_EQ(BaseName("c.docx/"), "c.docx");
  EXPECT_EQ(BaseName(""), "");
  EXPECT_EQ(TrimBaseUrl("http://h:1//"), "http://h:1");
}

TEST(Requests, TokenRequestIsAFormPostWithoutV2Prefix) {
  HttpRequest r = TokenRequest(Local(), "my id", "s&cr=t+/");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "http://127.0.0.1:8080/connect/token");
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(r.body.text(),
            "grant_type=client_credentials&client_id=my%20id&client_secret=s%26cr%3Dt%2B%2F");
  EXPECT_EQ(HeaderOf(r, "Authorization"), "");
  EXPECT_TRUE(r.idempotent);
  EXPECT_EQ(r.timeout_ms, 5000);
}

TEST(Requests, AuthorizeSetsOneBearerHeader) {
  HttpRequest r = TokenRequest(Local(), "id", "secret");
  Authorize(r, "t1");
  Authorize(r, "t2");
  int count = 0;
  for (const auto& [k, v] : r.headers) count += k == "Authorization";
  EXPECT_EQ(count, 1);
  EXPECT_EQ(HeaderOf(r, "Authorization"), "Bearer t2");
}

}  // namespace
}  // namespace gdconv
