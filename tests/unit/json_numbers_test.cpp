// SPDX-License-Identifier: MIT
// JSON numbers and escapes through the libc routines nlohmann::json calls: strtod (reading floats)
// and snprintf (\u escapes, parse error texts). The wasm build replaces both with
// src/transport/wasm_libc.cpp, so scripts/test-native-wasm.sh runs these against the code that
// ships, and scripts/test-native.sh against glibc: both must read and write the same values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "core/json.h"

namespace gdconv {
namespace {

// The value of a JSON text holding one float, or NaN when it is not one.
double ParseFloat(const std::string& text) {
  auto parsed = ParseJson(text);
  if (!parsed || !parsed->is_number_float()) return std::nan("");
  return parsed->get<double>();
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(JsonNumbers, FloatsAreReadCorrectlyRounded) {
  EXPECT_TRUE(SameBits(ParseFloat("0.1"), 0.1));
  EXPECT_TRUE(SameBits(ParseFloat("0.30000000000000004"), 0.1 + 0.2));
  EXPECT_TRUE(SameBits(ParseFloat("0.3"), 0.3));
  EXPECT_TRUE(SameBits(ParseFloat("2.5"), 2.5));
  EXPECT_TRUE(SameBits(ParseFloat("-1.5e-3"), -0.0015));
  EXPECT_TRUE(SameBits(ParseFloat("1E2"), 100.0));
  EXPECT_TRUE(SameBits(ParseFloat("1e+2"), 100.0));
  EXPECT_TRUE(SameBits(ParseFloat("123.456e-7"), 123.456e-7));
  // Halfway between two doubles: ties to even, down here and up in the second case.
  EXPECT_TRUE(SameBits(ParseFloat("9007199254740993.0"), 9007199254740992.0));
  EXPECT_TRUE(SameBits(ParseFloat("9007199254740995.0"), 9007199254740996.0));
  // The ends of the range.
  EXPECT_TRUE(SameBits(ParseFloat("1.7976931348623157e308"), std::numeric_limits<double>::max()));
  EXPECT_TRUE(SameBits(ParseFloat("2.2250738585072014e-308"), std::numeric_limits<double>::min()));
  EXPECT_TRUE(
      SameBits(ParseFloat("4.9406564584124654e-324"), std::numeric_limits<double>::denorm_min()));
}

TEST(JsonNumbers, SignedZeroAndUnderflowAreKept) {
  EXPECT_TRUE(SameBits(ParseFloat("-0.0"), -0.0));
  EXPECT_TRUE(SameBits(ParseFloat("0.0"), 0.0));
  EXPECT_TRUE(SameBits(ParseFloat("1e-400"), 0.0));
  EXPECT_TRUE(SameBits(ParseFloat("-1e-400"), -0.0));
}

TEST(JsonNumbers, NumbersInsideDocumentsEndWhereTheTokenEnds) {
  auto parsed = ParseJson(R"( {"a":[1.25e1,-2.5,3e0],"b":0.5} )");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(DumpJson(*parsed), R"({"a":[12.5,-2.5,3.0],"b":0.5})");
}

TEST(JsonNumbers, IntegersBeyond64BitsBecomeFloats) {
  auto min = ParseJson("-9223372036854775808");
  ASSERT_TRUE(min && min->is_number_integer());
  EXPECT_EQ(min->get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
  auto max = ParseJson("18446744073709551615");
  ASSERT_TRUE(max && max->is_number_unsigned());
  EXPECT_EQ(max->get<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_TRUE(SameBits(ParseFloat("18446744073709551616"), 18446744073709551616.0));
  EXPECT_TRUE(SameBits(ParseFloat("-9223372036854775809"), -9223372036854775808.0));
  EXPECT_TRUE(SameBits(ParseFloat("123456789012345678901234567890"), 1.2345678901234568e29));
}

TEST(JsonNumbers, FloatsAreWrittenShortestAndReadBackExactly) {
  EXPECT_EQ(DumpJson(Json(0.1)), "0.1");
  EXPECT_EQ(DumpJson(Json(0.1 + 0.2)), "0.30000000000000004");
  EXPECT_EQ(DumpJson(Json(1e300)), "1e+300");
  EXPECT_EQ(DumpJson(Json(-0.0)), "-0.0");
  EXPECT_EQ(DumpJson(Json(std::numeric_limits<double>::denorm_min())), "5e-324");
  EXPECT_EQ(DumpJson(Json(123456789.125)), "123456789.125");
  for (double value : {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-7, 6.02214076e23, 9007199254740993.0 * 3,
                       std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                       std::numeric_limits<double>::denorm_min(), -123.456}) {
    EXPECT_TRUE(SameBits(ParseFloat(DumpJson(Json(value))), value)) << DumpJson(Json(value));
  }
}

TEST(JsonNumbers, ControlCharactersAreEscapedInHex) {
  EXPECT_EQ(DumpJson(Json(std::string("a\x01"
                                      "b\x1f"
                                      "c\x7f",
                                      6))),
            "\"a\\u0001b\\u001fc\x7f\"");
  EXPECT_EQ(DumpJson(Json(std::string("\0", 1))), "\"\\u0000\"");
  EXPECT_EQ(DumpJson(Json("\b\f\n\r\t\"\\")), R"("\b\f\n\r\t\"\\")");
}

TEST(JsonNumbers, MalformedNumbersAndRawControlCharactersAreRefused) {
  for (const char* text : {"01", "1.", ".5", "1e", "1e+", "-", "+1", "0x10", "Infinity", "NaN",
                           "1.5.2", "\"a\x01\"", "\"\x1f\""}) {
    EXPECT_FALSE(ParseJson(text)) << text;
  }
}

}  // namespace
}  // namespace gdconv
