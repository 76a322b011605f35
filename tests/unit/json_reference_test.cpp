// SPDX-License-Identifier: MIT
// ParseJson and DumpJson against nlohmann's own parser and serializer (json_reference.h) on inputs
// chosen for the corners of RFC 8259 and RFC 3629; tests/fuzz/fuzz_json.cpp does the same with any
// bytes.
#include "json_reference.h"

#include <gtest/gtest.h>

#include <string>

namespace gdconv {
namespace {

TEST(JsonReference, ParseAndDumpAgreeWithNlohmann) {
  const std::string inputs[] = {
      // values and white space
      "null",
      "true",
      "false",
      " \t\r\n1 ",
      "\"\"",
      "[]",
      "{}",
      "[[],{}]",
      "{\"a\":{\"b\":[1,{}]}}",
      "{\"b\":1,\"a\":2}",
      "{\"a\":1,\"a\":2}",
      "[1,2,3]",
      " [ 1 , 2 ] ",
      "{ \"a\" : 1 }",
      // refused shapes
      "",
      " ",
      "[",
      "]",
      "[1,]",
      "[,1]",
      "{\"a\"}",
      "{\"a\":1,}",
      "{1:2}",
      "{'a':1}",
      "[1 2]",
      "nul",
      "truex",
      "[true false]",
      "1 2",
      "\"a\" \"b\"",
      "{}x",
      "\v1",
      "\f1",
      "[\x00]",
      std::string("1\0", 2),
      "/* c */ 1",
      "[1]//",
      "\xEF\xBB\xBF"
      "1",
      // numbers
      "0",
      "-0",
      "-0.0",
      "0.0",
      "1",
      "-1",
      "10",
      "01",
      "-01",
      "00",
      "1.",
      ".5",
      "1.5",
      "-1.5e3",
      "1e5",
      "1E+5",
      "1e-5",
      "1e",
      "1e+",
      "1e-",
      "+1",
      "--1",
      "1.5.2",
      "0x10",
      "Infinity",
      "-Infinity",
      "NaN",
      "1e400",
      "-1e400",
      "1e-400",
      "4.9e-324",
      "1.7976931348623157e308",
      "1.7976931348623159e308",
      "9007199254740993",
      "18446744073709551615",
      "18446744073709551616",
      "9223372036854775807",
      "-9223372036854775808",
      "-9223372036854775809",
      "123456789012345678901234567890",
      "100.0",
      "0.1",
      "0.30000000000000004",
      "1e21",
      "1e-7",
      "123456789.125",
      "5e-324",
      "2e15",
      "2e16",
      "-2e17",
      // strings and escapes
      "\"a\\\"b\"",
      "\"\\\\\"",
      "\"\\/\"",
      "\"\\b\\f\\n\\r\\t\"",
      "\"\\u0000\"",
      "\"\\u001f\\u007f\"",
      "\"\\u00e9\"",
      "\"\\u00E9\"",
      "\"\\u20AC\"",
      "\"\\uD83D\\uDE00\"",
      "\"\\uD83D\"",
      "\"\\uDE00\"",
      "\"\\uD83Dx\"",
      "\"\\uD83D\\u0041\"",
      "\"\\uD83D\\uD83D\"",
      "\"\\u12\"",
      "\"\\u12G4\"",
      "\"\\x41\"",
      "\"\\a\"",
      "\"\\",
      "\"abc",
      "\"a\x01\"",
      "\"\x1f\"",
      "\"\x7f\"",
      "\"\t\"",
      // UTF-8: well formed, and every way of not being so
      "\"r\xC3\xA9sum\xC3\xA9\"",
      "\"\xE2\x82\xAC\"",
      "\"\xF0\x9F\x98\x80\"",
      "\"\xF4\x8F\xBF\xBF\"",
      "\"\xC0\xAF\"",
      "\"\xC1\xBF\"",
      "\"\xC2\"",
      "\"\xC2\x41\"",
      "\"\x80\"",
      "\"\xBF\"",
      "\"\xE0\x80\xAF\"",
      "\"\xE0\xA0\x80\"",
      "\"\xED\xA0\x80\"",
      "\"\xED\x9F\xBF\"",
      "\"\xEF\xBF\xBF\"",
      "\"\xF0\x80\x80\x80\"",
      "\"\xF0\x90\x80\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xF5\x80\x80\x80\"",
      "\"\xFE\"",
      "\"\xFF\"",
      "\"\xE2\x82\"",
      "\"\xF0\x9F\x98\"",
      "\"bad \xff\xfe end\"",
      "\xE2\x82",
      "\xF0\x9F\x98\x80\xE2",
      "{\"\xC3\xA9\":\"\xE2\x82\xAC\"}",
      // an answer of the API
      R"({"Uploaded":["a.docx"],"Errors":[],"size":1.5e3,"Ok":true,"n":null,"list":[{"x":-2},"s"]})",
  };
  for (const std::string& input : inputs) {
    EXPECT_EQ(testing::DifferenceFromReference(input), "") << "input: " << input;
  }
}

TEST(JsonReference, DeepNestingParsesLikeNlohmann) {
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_EQ(testing::DifferenceFromReference(deep), "");
  EXPECT_EQ(testing::DifferenceFromReference(std::string(5000, '[') + "1" + std::string(4999, ']')),
            "");
}

// Beyond what the reference (recursive in its writer) is compared at: a million levels, read and
// written back without recursion (json.cpp), where a recursive reader or writer would overflow the
// stack.
TEST(JsonReference, AMillionLevelsReadAndWriteWithoutRecursion) {
  std::string deep = std::string(1000000, '[') + "{\"a\":1}" + std::string(1000000, ']');
  auto parsed = ParseJson(deep);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(DumpJson(*parsed), deep);
}

}  // namespace
}  // namespace gdconv
