// SPDX-License-Identifier: MIT
// The record codec (codec.h) on a model made for the test: required, optional, nullable, defaults,
// identifying fields, enums, unknown keys kept, numbers as strings, keys in any case, a validation
// hook, and messages that name the field where reading failed.
#include "core/codec.h"

#include <gtest/gtest.h>

namespace gdconv {
namespace {

inline constexpr std::string_view kColourValues[] = {"Red", "Green"};
inline constexpr EnumAlias kColourAliases[] = {{"Vert", "Green"}};
inline constexpr EnumSpec kColour = MakeEnum("Colour", kColourValues, kColourAliases);

struct Inner {
  std::optional<Int> n;
};

struct Sample {
  std::string name;                 // required
  std::optional<std::string> note;  // nullable: written as null when not set
  bool flag = true;                 // a default: always written
  std::optional<std::string> colour;
  std::optional<double> ratio;
  std::optional<std::vector<Inner>> items;
  std::optional<StringMap> labels;
  std::optional<std::string> code;  // takes an integer, kept as text
  Json extra = Json::object();
};

}  // namespace

template <>
struct RecordOf<Inner> : RecordDefaults {
  using M = Inner;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::n>("n", kIdentifying));
};

template <>
struct RecordOf<Sample> : RecordDefaults {
  static constexpr bool kKeepsUnknown = true;
  using M = Sample;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::name>("name", kRequired), Field<&M::note>("note", kNullable),
                  Field<&M::flag>("flag"), Field<&M::colour>("colour", 0, &kColour),
                  Field<&M::ratio>("ratio"), Field<&M::items>("items"), Field<&M::labels>("labels"),
                  Field<&M::code>("code", kNumberAsText));
  static Status Validate(const M& m, ErrorCode code) {
    if (m.name == "forbidden") return Within("name", Refused(code, "is forbidden"));
    return {};
  }
};

namespace {

std::string Why(const char* text) {
  Result<Sample> r = Decode<Sample>(*ParseJson(text), ErrorCode::kInvalidArgument);
  return r ? "" : r.error().message;
}

Sample Read(const char* text) {
  Result<Sample> r = Decode<Sample>(*ParseJson(text), ErrorCode::kBadResponse);
  EXPECT_TRUE(r) << r.error().message;
  return r ? r.value() : Sample{};
}

TEST(Codec, WritesDefaultsAndNullablesAndKeepsUnknownKeys) {
  Sample s = Read(R"({"name":"a","later":{"x":[1]}})");
  EXPECT_EQ(DumpJson(Encode(s)), R"({"flag":true,"later":{"x":[1]},"name":"a","note":null})");
}

TEST(Codec, KeysMatchIgnoringCaseAndAreWrittenInTheirWireCase) {
  Sample s = Read(R"({"Name":"a","FLAG":false,"Colour":"red","Ratio":"0.5","Code":42})");
  EXPECT_EQ(s.name, "a");
  EXPECT_FALSE(s.flag);
  EXPECT_EQ(s.colour, "Red");  // enum values too, written as the wire spells them
  EXPECT_EQ(s.ratio, 0.5);     // a number that arrives as a string
  EXPECT_EQ(s.code, "42");
  EXPECT_EQ(Encode(s)["colour"], "Red");
  EXPECT_EQ(Read(R"({"name":"a","colour":"Vert"})").colour, "Green");  // an alias
}

TEST(Codec, NullIsNotSet) {
  Sample s = Read(R"({"name":"a","note":null,"ratio":null,"flag":null})");
  EXPECT_FALSE(s.note);
  EXPECT_FALSE(s.ratio);
  EXPECT_TRUE(s.flag);
}

TEST(Codec, MessagesNameTheFieldWhereReadingFailed) {
  EXPECT_EQ(Why(R"([])"), "expected an object");
  EXPECT_EQ(Why(R"({})"), "name: required");
  EXPECT_EQ(Why(R"({"name":null})"), "name: required");
  EXPECT_EQ(Why(R"({"name":""})"), "name: must not be empty");
  EXPECT_EQ(Why(R"({"name":1})"), "name: expected a string");
  EXPECT_EQ(Why(R"({"name":"a","flag":"yes"})"), "flag: expected a boolean");
  EXPECT_EQ(Why(R"({"name":"a","colour":"Blue"})"), "colour: unknown Colour value");
  EXPECT_EQ(Why(R"({"name":"a","ratio":"half"})"), "ratio: expected a finite number");
  EXPECT_EQ(Why(R"({"name":"a","items":[{"n":1},{"n":1.5}]})"),
            "items[1].n: expected an integer within ±2^53");
  EXPECT_EQ(Why(R"({"name":"a","items":[{"n":1},{}]})"), "items[1]: has none of n");
  EXPECT_EQ(Why(R"({"name":"a","labels":{"x":"y","z":2}})"), "labels.z: expected a string");
  EXPECT_EQ(Why(R"({"name":"a","code":true})"), "code: expected a string");
  EXPECT_EQ(Why(R"({"name":"forbidden"})"), "name: is forbidden");  // the model's own rule
  EXPECT_EQ(Decode<Sample>(*ParseJson("{}"), ErrorCode::kBadResponse).error().code,
            ErrorCode::kBadResponse);
}

TEST(Codec, IntegersBeyond32BitsAndUpTo2To53) {
  EXPECT_EQ(
      Decode<Inner>(*ParseJson(R"({"n":9007199254740992})"), ErrorCode::kBadResponse).value().n,
      9007199254740992LL);
  EXPECT_EQ(Decode<Inner>(*ParseJson(R"({"n":"-3000000000"})"), ErrorCode::kBadResponse).value().n,
            -3000000000LL);
  EXPECT_FALSE(Decode<Inner>(*ParseJson(R"({"n":"12abc"})"), ErrorCode::kBadResponse));
}

TEST(Codec, FindKeyPrefersTheExactSpelling) {
  Json j = *ParseJson(R"({"Path":"a","path":"b"})");
  EXPECT_EQ(*FindKey(j, "path"), "b");
  EXPECT_EQ(*FindKey(j, "PATH"), "a");
  EXPECT_EQ(FindKey(j, "other"), nullptr);
  EXPECT_EQ(FindKey(Json::array(), "path"), nullptr);
}

}  // namespace
}  // namespace gdconv
