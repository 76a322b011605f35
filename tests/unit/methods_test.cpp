// SPDX-License-Identifier: MIT
// The method table (methods.h) through the generic builder (requests.h): one golden request per
// row, from arguments as a caller gives them (ReadArgs) to the verb, URL (path segments and query
// values encoded), Accept header, body and whether it may be sent again. Every row has its case.
#include "core/methods.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/requests.h"
#include "fakes.h"

namespace gdconv {
namespace {

using testing::HeaderOf;

constexpr const char* kBytes = "application/octet-stream, application/json";
constexpr const char* kJson = "application/json";

struct Golden {
  const char* method;
  const char* args;
  const char* verb;
  const char* url;  // after http://h/v2.0/conversion
  const char* accept;
  bool retry_safe;
  const char* body = "";  // the JSON body of ConvertSettings methods
};

// clang-format off
const Golden kGolden[] = {
    {"uploadFile", R"({"path":"in/x #1.docx","storageName":"First Storage"})", "PUT",
     "/storage/file/in/x%20%231.docx?storageName=First%20Storage", kJson, true},
    {"downloadFile", R"({"path":"converted/r\u00e9sum\u00e9.pdf","versionId":"null"})", "GET",
     "/storage/file/converted/r%C3%A9sum%C3%A9.pdf?versionId=null", kBytes, true},
    {"deleteFile", R"({"path":"a #1/\u6587\u4ef6.docx","storageName":"week","versionId":"null"})",
     "DELETE", "/storage/file/a%20%231/%E6%96%87%E4%BB%B6.docx?storageName=week&versionId=null",
     kJson, true},
    {"copyFile", R"({"srcPath":"dir/100% done.docx","destPath":"d\u00fcr/x?.docx","srcStorageName":"First Storage","destStorageName":"week","versionId":"null"})",
     "PUT", "/storage/file/copy/dir/100%25%20done.docx?destPath=d%C3%BCr%2Fx%3F.docx&srcStorageName=First%20Storage&destStorageName=week&versionId=null",
     kJson, true},
    // A repeated move finds its source gone: sent once.
    {"moveFile", R"({"srcPath":"a.docx","destPath":"b/a.docx"})", "PUT",
     "/storage/file/move/a.docx?destPath=b%2Fa.docx", kJson, false},
    // The root is "storage/folder/", what the Node SDK sends for an empty path.
    {"getFilesList", R"({})", "GET", "/storage/folder/", kJson, true},
    {"createFolder", R"({"path":"x/y z"})", "PUT", "/storage/folder/x/y%20z", kJson, true},
    {"deleteFolder", R"({"path":"x/y z","recursive":true})", "DELETE",
     "/storage/folder/x/y%20z?recursive=true", kJson, true},
    {"copyFolder", R"({"srcPath":"a","destPath":"b","destStorageName":"week"})", "PUT",
     "/storage/folder/copy/a?destPath=b&destStorageName=week", kJson, true},
    {"moveFolder", R"({"srcPath":"a","destPath":"b"})", "PUT",
     "/storage/folder/move/a?destPath=b", kJson, false},
    {"objectExists", R"({"path":"WordProcessing\\one page.docx","versionId":"null"})", "GET",
     "/storage/exist/WordProcessing/one%20page.docx?versionId=null", kJson, true},
    // The storage name is one segment: '/' is encoded, not a separator.
    {"storageExists", R"({"storageName":"a/b c"})", "GET", "/storage/a%2Fb%20c/exist", kJson, true},
    {"getDiscUsage", R"({"storageName":"week"})", "GET", "/storage/disc?storageName=week", kJson, true},
    {"getFileVersions", R"({"path":"one page.docx","storageName":"First Storage"})", "GET",
     "/storage/version/one%20page.docx?storageName=First%20Storage", kJson, true},
    // A conversion is work and, with outputPath, writes files: sent once.
    {"convertDocument", R"({"filePath":"in/a #1.docx","format":"jpg","outputPath":"out"})", "POST",
     "", kJson, false, R"({"filePath":"in/a #1.docx","format":"jpg","outputPath":"out"})"},
    {"convertDocumentDownload", R"({"FilePath":"a.docx","Format":"pdf","timeoutMs":5})", "POST", "",
     kBytes, false, R"({"filePath":"a.docx","format":"pdf"})"},
    // Stores nothing and returns the bytes: repeating it is harmless.
    {"convertDocumentDirect", R"({"format":"pdf","fromPage":2,"pagesCount":"3"})", "PUT",
     "?format=pdf&fromPage=2&pagesCount=3", kBytes, true},
    {"startConvertAndSave", R"({"filePath":"a.docx","format":"pdf","outputPath":"out"})", "POST",
     "/async", kJson, false, R"({"filePath":"a.docx","format":"pdf","outputPath":"out"})"},
    // A PUT, but a retry would start a second operation.
    {"startConvert", R"({"format":"pdf"})", "PUT", "/async?format=pdf", kJson, false},
    {"getOperationStatus", R"({"id":"id with space&x"})", "GET", "/async?id=id%20with%20space%26x",
     kJson, true},
    {"getOperationResult", R"({"id":"op","name":"a #1-page-2.png"})", "GET",
     "/async/result?id=op&name=a%20%231-page-2.png", kBytes, true},
    {"getSupportedConversionTypes", R"({"format":"docx"})", "GET", "/formats?format=docx", kJson, true},
    {"getDocumentMetadata", R"({"filePath":"in/\u00fcn\u00ef c\u00f6d\u00e9.docx","storageName":"week"})",
     "GET", "/info?filePath=in%2F%C3%BCn%C3%AF%20c%C3%B6d%C3%A9.docx&storageName=week", kJson, true},
    {"getConsumptionCredit", R"({})", "GET", "/consumption", kJson, true},
    {"getLicenseInfo", R"({})", "GET", "/license", kJson, true},
};
// clang-format on

ApiConfig Local() {
  ApiConfig c;
  c.base_url = "http://h";
  c.timeout_ms = 7000;
  return c;
}

class MethodRow : public ::testing::TestWithParam<Golden> {};

TEST_P(MethodRow, BuildsItsGoldenRequest) {
  const Golden& g = GetParam();
  const Method* method = FindMethod(g.method);
  ASSERT_NE(method, nullptr);
  Result<Json> args = ReadArgs(*method, *ParseJson(g.args));
  ASSERT_TRUE(args) << args.error().message;
  HttpRequest r = BuildRequest(Local(), *method, args.value());
  EXPECT_EQ(r.method, g.verb);
  EXPECT_EQ(r.url, std::string("http://h/v2.0/conversion") + g.url);
  EXPECT_EQ(HeaderOf(r, "Accept"), g.accept);
  EXPECT_EQ(r.idempotent, g.retry_safe);
  EXPECT_EQ(r.timeout_ms, 7000);
  EXPECT_EQ(r.body.text(), g.body);
  EXPECT_EQ(HeaderOf(r, "Content-Type"), *g.body ? kJson : "");
}

INSTANTIATE_TEST_SUITE_P(Golden, MethodRow, ::testing::ValuesIn(kGolden),
                         [](const auto& info) { return std::string(info.param.method); });

TEST(Methods, EveryRowHasExactlyOneGoldenRequest) {
  std::multiset<std::string> golden;
  for (const Golden& g : kGolden) golden.insert(g.method);
  for (const Method& m : kMethods) {
    EXPECT_EQ(golden.count(std::string(m.name)), 1u) << m.name;
  }
  EXPECT_EQ(golden.size(), std::size(kMethods));
}

TEST(Methods, ArgumentsAreCheckedWithOneMessagePerMistake) {
  auto why = [](const char* method, const char* args) {
    Result<Json> read = ReadArgs(*FindMethod(method), *ParseJson(args));
    return read ? std::string() : read.error().message;
  };
  EXPECT_EQ(why("copyFile", R"({"destPath":"b"})"), "srcPath: required");
  EXPECT_EQ(why("copyFile", R"({"srcPath":"","destPath":"b"})"), "srcPath: must not be empty");
  EXPECT_EQ(why("copyFile", R"({"srcPath":"//","destPath":"b"})"),
            "srcPath: names no file or folder");
  EXPECT_EQ(why("deleteFolder", R"({"path":"a","recursive":"yes"})"),
            "recursive: expected a boolean");
  EXPECT_EQ(why("startConvert", R"({"format":"pdf","fromPage":0})"),
            "fromPage: expected an integer >= 1");
  EXPECT_EQ(why("startConvert", R"({"format":"pdf","convertOptions":{"dpi":true}})"),
            "convertOptions.dpi: expected an integer");
  EXPECT_EQ(why("convertDocument", R"({"filePath":"a","format":"pdf"})"),
            "outputPath: required (without it the API answers bytes: use "
            "convertDocumentDownload)");
  EXPECT_EQ(why("convertDocumentDownload", R"({"filePath":"a","format":"pdf","outputPath":"o"})"),
            "outputPath: not used here (with it the API stores the result: use convertDocument)");
  EXPECT_EQ(why("getOperationStatus", R"({"id":7})"), "id: expected a string");
  // Names match ignoring case; unknown keys are dropped.
  EXPECT_EQ(why("getDiscUsage", R"({"StorageName":"week","other":1})"), "");
}

TEST(Methods, UploadsNameTheirFilePart) {
  const Method& upload = MethodNamed("uploadFile");
  EXPECT_EQ(UploadSpec(upload, *ParseJson(R"({"path":"a/b.docx"})")).file_name, "b.docx");
  EXPECT_EQ(UploadSpec(upload, *ParseJson(R"({"path":"a/b","fileName":"c.docx"})")).file_name,
            "c.docx");
  const Method& direct = MethodNamed("convertDocumentDirect");
  Result<Json> args = ReadArgs(
      direct,
      *ParseJson(R"({"format":"pdf","fileName":"in/r.docx","loadOptions":{"Password":"p"}})"));
  ASSERT_TRUE(args) << args.error().message;
  MultipartFileSpec spec = UploadSpec(direct, args.value());
  EXPECT_EQ(spec.file_name, "r.docx");
  ASSERT_EQ(spec.trailing_parts.size(), 1u);
  EXPECT_EQ(spec.trailing_parts[0].name, "loadOptions");
  EXPECT_EQ(spec.trailing_parts[0].content_type, "application/json");
  EXPECT_EQ(spec.trailing_parts[0].text, R"({"password":"p"})");
  // Without a name the server tells the format from the bytes.
  EXPECT_EQ(UploadSpec(direct, Json::object()).file_name, "file");
}

}  // namespace
}  // namespace gdconv
