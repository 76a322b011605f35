// SPDX-License-Identifier: MIT
// Every model answer of the method table read as the official SDK models read it (issue 18): from
// recorded-shape bodies in four forms per model (fixtures/answers/<model>/): full, minimal (one
// identifying field), nulls (every other field null) and PascalCase keys, each with an unknown
// field. Only a body of the wrong type or with none of the identifying fields is bad_response.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/methods.h"
#include "core/responses.h"
#include "fakes.h"

namespace gdconv {
namespace {

using testing::FixtureReply;
using testing::Reply;

// The fixture folder of each model answer.
const std::map<std::string, std::string> kModelOf = {
    {"uploadFile", "upload_result"},
    {"getFilesList", "files_list"},
    {"getFileVersions", "file_versions"},
    {"objectExists", "object_exist"},
    {"storageExists", "storage_exist"},
    {"getDiscUsage", "disc_usage"},
    {"convertDocument", "converted_results"},
    {"getOperationStatus", "operation_result"},
    {"getSupportedConversionTypes", "supported_formats"},
    {"getDocumentMetadata", "document_metadata"},
    {"getConsumptionCredit", "consumption"},
    {"getLicenseInfo", "license_info"},
};

Json Read(const Method& method, const HttpResponse& response) {
  Result<Json> value = ReadAnswer(response, method.answer);
  EXPECT_TRUE(value) << method.name << ": " << value.error().message;
  return value ? value.value() : Json();
}

Json Fixture(const std::string& model, const std::string& form) {
  return *ParseJson(testing::ReadFixture("answers/" + model + "/" + form + ".json"));
}

// `json` without the key `key` (nullptr: without the keys whose value is null), recursively.
Json Without(Json json, const char* key) {
  if (json.is_array()) {
    for (Json& item : json) item = Without(item, key);
  } else if (json.is_object()) {
    Json out = Json::object();
    for (const auto& item : json.items()) {
      bool drop = key ? item.key() == key : item.value().is_null();
      if (!drop) {
        out[item.key()] = Without(item.value(), key);
      }
    }
    return out;
  }
  return json;
}

class ModelAnswer : public ::testing::TestWithParam<const Method*> {};

TEST_P(ModelAnswer, ReadsEveryDocumentedShape) {
  const Method& method = *GetParam();
  ASSERT_EQ(kModelOf.count(std::string(method.name)), 1u) << method.name << " has no fixtures";
  const std::string model = kModelOf.at(std::string(method.name));

  // Full: every field kept as sent (integers beyond 2^31 too), the unknown one dropped.
  Json full = Read(method, FixtureReply(200, "answers/" + model + "/full.json"));
  EXPECT_EQ(full, Without(Fixture(model, "full"), "futureField"));
  // PascalCase keys are the same fields.
  EXPECT_EQ(Read(method, FixtureReply(200, "answers/" + model + "/pascal.json")), full);
  // null is "not set", whatever the field.
  Json nulls = Read(method, FixtureReply(200, "answers/" + model + "/nulls.json"));
  Json nulls_left_out = Without(Without(Fixture(model, "nulls"), nullptr), "futureField");
  EXPECT_EQ(nulls, Read(method, Reply(200, DumpJson(nulls_left_out))));
  // One identifying field is enough.
  Json minimal = Read(method, FixtureReply(200, "answers/" + model + "/minimal.json"));
  EXPECT_FALSE(minimal.empty());
}

TEST_P(ModelAnswer, RefusesTheWrongTypeAndAnAnswerThatIdentifiesNothing) {
  const Method& method = *GetParam();
  const bool list = Fixture(kModelOf.at(std::string(method.name)), "full").is_array();
  for (const char* body : {"[]", "{}", "\"text\"", "[{}]", "{\"futureField\":1}", "[1]"}) {
    bool right_type = list ? (std::string(body) == "[]") : false;
    Result<Json> value = ReadAnswer(Reply(200, body), method.answer);
    if (right_type) {  // an empty list is a list
      EXPECT_TRUE(value) << method.name << " " << body;
      continue;
    }
    ASSERT_FALSE(value) << method.name << " " << body;
    EXPECT_EQ(value.error().code, ErrorCode::kBadResponse);
    EXPECT_EQ(value.error().status, 200);
    EXPECT_EQ(value.error().message.rfind(std::string(method.answer.what) + ": ", 0), 0u)
        << value.error().message;
  }
}

std::vector<const Method*> ModelRows() {
  std::vector<const Method*> rows;
  for (const Method& m : kMethods) {
    if (m.answer.kind == AnswerKind::kModel) rows.push_back(&m);
  }
  return rows;
}

INSTANTIATE_TEST_SUITE_P(Rows, ModelAnswer, ::testing::ValuesIn(ModelRows()),
                         [](const auto& info) { return std::string(info.param->name); });

TEST(Answers, TheDocumentedConvertedResultHasNoPath) {
  // The API's data-structure page: {name, size, url}.
  Result<Json> r = ReadAnswer(
      Reply(200, R"([{"name":"two-pages.pdf","size":3000000000,"url":"https://x/two-pages.pdf"}])"),
      MethodNamed("convertDocument").answer);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(
      DumpJson(r.value()),
      R"([{"name":"two-pages.pdf","path":null,"size":3000000000,"url":"https://x/two-pages.pdf"}])");
}

TEST(Answers, AnUploadAnswerWithNeitherListIsRefused) {
  Result<Json> r = ReadAnswer(Reply(200, R"({"Files":[]})"), MethodNamed("uploadFile").answer);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "upload result: has none of uploaded, errors");
  // Defaults are written: a JS caller can rely on both lists.
  EXPECT_EQ(DumpJson(Read(MethodNamed("uploadFile"), Reply(200, R"({"Uploaded":["a"]})"))),
            R"({"errors":[],"uploaded":["a"]})");
}

TEST(Answers, WrongTypesNameTheField) {
  Result<Json> r = ReadAnswer(Reply(200, R"({"value":[{"name":"a","size":"big"}]})"),
                              MethodNamed("getFilesList").answer);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "files list: value[0].size: expected an integer");
  // A number that arrives as a string is a number.
  EXPECT_EQ(Read(MethodNamed("getDiscUsage"), Reply(200, R"({"usedSize":"12","totalSize":3})")),
            (Json{{"usedSize", 12}, {"totalSize", 3}}));
}

TEST(Answers, NothingAndOperationIds) {
  const Answer& nothing = MethodNamed("deleteFile").answer;
  for (const char* body : {"", "not json: ignored", R"({"code":200,"status":"OK"})"}) {
    EXPECT_TRUE(ReadAnswer(Reply(200, body), nothing).value().is_null());
  }
  EXPECT_EQ(ReadAnswer(Reply(204, ""), nothing).value(), Json(nullptr));
  EXPECT_EQ(ReadAnswer(FixtureReply(404, "storage_error.json"), nothing).error().code,
            ErrorCode::kNotFound);
  const Answer& id = MethodNamed("startConvert").answer;
  EXPECT_EQ(ReadAnswer(Reply(200, R"("op-1")"), id).value(), "op-1");
  EXPECT_EQ(ReadAnswer(Reply(200, R"("")"), id).error().code, ErrorCode::kBadResponse);
  EXPECT_EQ(ReadAnswer(Reply(200, R"({"id":"x"})"), id).error().code, ErrorCode::kBadResponse);
}

}  // namespace
}  // namespace gdconv
