// SPDX-License-Identifier: MIT
#include "core/multipart.h"

#include <gtest/gtest.h>

#include <cstring>

namespace gdconv {
namespace {

TEST(Multipart, LayoutIsTheOfficialSdksShapeWithTheRealFileName) {
  MultipartFileSpec spec;
  spec.file_name = "four pages.docx";
  MultipartLayout l = MultipartForFile(spec, "BOUNDARY");
  EXPECT_EQ(l.content_type, "multipart/form-data; boundary=BOUNDARY");
  EXPECT_EQ(l.prefix,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"File\"; filename=\"four "
            "pages.docx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n");
  EXPECT_EQ(l.suffix, "\r\n--BOUNDARY--\r\n");
}

TEST(Multipart, TrailingTextParts) {
  MultipartFileSpec spec;
  spec.file_name = "a.docx";
  spec.trailing_parts.push_back({"loadOptions", "application/json", "{\"password\":\"p\"}"});
  MultipartLayout l = MultipartForFile(spec, "B");
  EXPECT_EQ(l.suffix,
            "\r\n--B\r\nContent-Disposition: form-data; name=\"loadOptions\"\r\n"
            "Content-Type: application/json\r\n\r\n{\"password\":\"p\"}\r\n--B--\r\n");
}

TEST(Multipart, FileNamesAreEscapedLikeBrowsersDo) {
  EXPECT_EQ(EscapeMultipartParam("a\"b\r\nc"), "a%22b%0D%0Ac");
  EXPECT_EQ(EscapeMultipartParam("r\xC3\xA9sum\xC3\xA9 #1?.pdf"), "r\xC3\xA9sum\xC3\xA9 #1?.pdf");
}

TEST(Multipart, BodyLeavesAHoleForThePayload) {
  MultipartFileSpec spec;
  spec.file_name = "x.bin";
  MultipartLayout l = MultipartForFile(spec, "B");
  const unsigned char payload[] = {0, 1, 2, 0xFF, 0, '\r', '\n'};
  MultipartBody body(l, sizeof payload);
  ASSERT_EQ(body.payload_size(), sizeof payload);
  std::memcpy(body.payload(), payload, sizeof payload);
  Buffer b = body.buffer();
  ASSERT_EQ(b.size(), l.prefix.size() + sizeof payload + l.suffix.size());
  std::string expected =
      l.prefix + std::string(reinterpret_cast<const char*>(payload), sizeof payload) + l.suffix;
  EXPECT_EQ(b.text(), expected);
}

// Issue 13: where the platform sends the payload itself, the body takes no room for it (a file
// bigger than the wasm heap can be uploaded), and payload() is the place it is inserted at.
TEST(Multipart, APayloadSentApartTakesNoRoomInTheBody) {
  MultipartFileSpec spec;
  spec.file_name = "big.bin";
  MultipartLayout l = MultipartForFile(spec, "B");
  const std::size_t three_gib = std::size_t{3} << 30;
  MultipartBody body(l, three_gib, /*payload_apart=*/true);
  EXPECT_EQ(body.payload_size(), three_gib);
  EXPECT_EQ(body.inserted_size(), three_gib);
  Buffer b = body.buffer();
  EXPECT_EQ(b.text(), l.prefix + l.suffix);
  EXPECT_EQ(body.payload(), b.data() + l.prefix.size());
  MultipartBody filled(l, 4);
  EXPECT_EQ(filled.inserted_size(), 0u);
}

TEST(Multipart, EmptyPayload) {
  MultipartFileSpec spec;
  spec.file_name = "empty.txt";
  MultipartLayout l = MultipartForFile(spec, "B");
  MultipartBody body(l, 0);
  EXPECT_EQ(body.buffer().text(), l.prefix + l.suffix);
}

TEST(Multipart, RandomBoundaryIsLongAndTokenSafe) {
  std::string b = RandomBoundary(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
  EXPECT_EQ(b.rfind("----gdconv0123456789abcdeffedcba9876543210", 0), 0u);
  EXPECT_EQ(b.size(), 70u);  // RFC 2046's maximum: servers' delimiter searches skip further
  EXPECT_EQ(b.find_first_not_of("-gdconv0123456789abcdef"), std::string::npos);
  EXPECT_NE(b, RandomBoundary(0x0123456789abcdefULL, 0xfedcba9876543211ULL));
}

}  // namespace
}  // namespace gdconv
