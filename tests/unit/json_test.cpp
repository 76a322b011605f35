// SPDX-License-Identifier: MIT
#include "core/json.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fakes.h"

namespace gdconv {
namespace {

TEST(Json, ParseRejectsGarbageWithoutThrowing) {
  for (const char* text : {"", "{", "nul", "{\"a\":}", "[1,2", "\"unterminated", "{} {}", "\xff"}) {
    EXPECT_FALSE(ParseJson(text)) << text;
  }
  EXPECT_TRUE(ParseJson(" {\"a\": [1, 2.5, null]} "));
}

TEST(Json, ParseRejectsOverflowingFloats) { EXPECT_FALSE(ParseJson("[1e400]")); }

TEST(Json, DeepNestingParsesWithoutRecursionLimits) {
  auto parsed = ParseJson(testing::ReadFixture("deeply_nested.json"));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->is_array());
}

TEST(Json, DumpReplacesInvalidUtf8InsteadOfAborting) {
  Json j = std::string("bad \xff\xfe end");
  std::string out = DumpJson(j);
  EXPECT_EQ(out, "\"bad \xEF\xBF\xBD\xEF\xBF\xBD end\"");
  EXPECT_EQ(DumpJson(Json("r\xC3\xA9sum\xC3\xA9")),
            "\"r\xC3\xA9sum\xC3\xA9\"");  // kept, not escaped
}

TEST(Json, JsonToIntAcceptsOnlyExactSafeIntegers) {
  EXPECT_EQ(JsonToInt(Json(42)), 42);
  EXPECT_EQ(JsonToInt(Json(-7)), -7);
  EXPECT_EQ(JsonToInt(Json(300.0)), 300);
  EXPECT_EQ(JsonToInt(Json(9007199254740992ULL)), 9007199254740992LL);
  EXPECT_FALSE(JsonToInt(Json(9007199254740993ULL)));
  EXPECT_FALSE(JsonToInt(Json(18446744073709551615ULL)));
  EXPECT_FALSE(JsonToInt(Json(-9007199254740993LL)));
  EXPECT_FALSE(JsonToInt(Json(1.5)));
  EXPECT_FALSE(JsonToInt(Json(1e300)));
  EXPECT_FALSE(JsonToInt(Json(std::nan(""))));
  EXPECT_FALSE(JsonToInt(Json("1")));
  EXPECT_FALSE(JsonToInt(Json(true)));
  // A literal too large for 64 bits arrives as a float: still refused.
  EXPECT_FALSE(JsonToInt(*ParseJson("123456789012345678901234567890")));
}

TEST(Json, NumberToJsonWritesIntegralValuesAsIntegers) {
  EXPECT_EQ(DumpJson(NumberToJson(300.0)), "300");
  EXPECT_EQ(DumpJson(NumberToJson(1.5)), "1.5");
  EXPECT_EQ(DumpJson(NumberToJson(-2.0)), "-2");
}

}  // namespace
}  // namespace gdconv
