// SPDX-License-Identifier: MIT
// Request builders of the rest of the API: method, URL (path segments and query values encoded),
// headers, body and whether a request may be retried.
#include "core/requests_api.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace gdconv {
namespace {

using testing::HeaderOf;

ApiConfig Local() {
  ApiConfig c;
  c.base_url = "http://h";
  c.timeout_ms = 7000;
  return c;
}

const std::string kApi = "http://h/v2.0/conversion";

TEST(RequestsApi, ConvertDocumentPostsSettingsToTheConversionRoot) {
  ConvertSettings s;
  s.filePath = "in/a #1.docx";
  s.format = "jpg";
  s.outputPath = "out";
  HttpRequest stored = ConvertDocumentRequest(Local(), s);
  EXPECT_EQ(stored.method, "POST");
  EXPECT_EQ(stored.url, kApi);
  EXPECT_EQ(HeaderOf(stored, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(stored, "Accept"), "application/json");
  EXPECT_EQ(stored.body.text(), R"({"filePath":"in/a #1.docx","format":"jpg","outputPath":"out"})");
  EXPECT_FALSE(stored.idempotent);
  EXPECT_EQ(stored.timeout_ms, 7000);

  s.outputPath.reset();
  HttpRequest bytes = ConvertDocumentRequest(Local(), s);
  EXPECT_EQ(bytes.body.text(), R"({"filePath":"in/a #1.docx","format":"jpg"})");
  EXPECT_EQ(HeaderOf(bytes, "Accept"), "application/octet-stream, application/json");
}

TEST(RequestsApi, DirectRoutesAreMultipartPutsWithTheFormatInTheQuery) {
  DirectConvertArgs a;
  a.format = "pdf";
  a.fromPage = 2;
  a.pagesCount = 3;
  HttpRequest direct = ConvertDocumentDirectRequest(Local(), a, "multipart/form-data; boundary=B",
                                                    Buffer::FromString("BODY"));
  EXPECT_EQ(direct.method, "PUT");
  EXPECT_EQ(direct.url, kApi + "?format=pdf&fromPage=2&pagesCount=3");
  EXPECT_EQ(HeaderOf(direct, "Content-Type"), "multipart/form-data; boundary=B");
  EXPECT_EQ(direct.body.text(), "BODY");
  EXPECT_TRUE(direct.idempotent);  // stores nothing

  a.fromPage.reset();
  a.pagesCount.reset();
  HttpRequest start = StartConvertRequest(Local(), a, "multipart/form-data; boundary=B",
                                          Buffer::FromString("BODY"));
  EXPECT_EQ(start.method, "PUT");
  EXPECT_EQ(start.url, kApi + "/async?format=pdf");
  EXPECT_EQ(HeaderOf(start, "Accept"), "application/json");
  EXPECT_FALSE(start.idempotent);  // a retry would start a second operation
}

TEST(RequestsApi, OperationResultByIdAndOptionalName) {
  HttpRequest r = GetOperationResultRequest(Local(), "op 1", std::nullopt);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.url, kApi + "/async/result?id=op%201");
  EXPECT_TRUE(r.idempotent);
  r = GetOperationResultRequest(Local(), "op", std::string("a #1-page-2.png"));
  EXPECT_EQ(r.url, kApi + "/async/result?id=op&name=a%20%231-page-2.png");
}

TEST(RequestsApi, CopyAndMoveEncodeTheSourcePathAndTheDestinationQuery) {
  CopyMoveArgs a;
  a.srcPath = "dir/100% done.docx";
  a.destPath = "d\xC3\xBCr/x?.docx";
  a.srcStorageName = "First Storage";
  a.destStorageName = "week";
  a.versionId = "null";
  HttpRequest copy = TransferFileRequest(Local(), Transfer::kCopy, a);
  EXPECT_EQ(copy.method, "PUT");
  EXPECT_EQ(copy.url, kApi +
                          "/storage/file/copy/dir/100%25%20done.docx?destPath=d%C3%BCr%2Fx%3F.docx"
                          "&srcStorageName=First%20Storage&destStorageName=week&versionId=null");
  EXPECT_TRUE(copy.body.empty());
  EXPECT_TRUE(copy.idempotent);
  HttpRequest move = TransferFileRequest(Local(), Transfer::kMove, a);
  EXPECT_EQ(move.url.rfind(kApi + "/storage/file/move/dir/100%25%20done.docx?", 0), 0u);
  EXPECT_FALSE(move.idempotent);  // a repeated move finds its source gone

  a.versionId.reset();
  EXPECT_EQ(TransferFolderRequest(Local(), Transfer::kCopy, a).url,
            kApi +
                "/storage/folder/copy/dir/100%25%20done.docx?destPath=d%C3%BCr%2Fx%3F.docx"
                "&srcStorageName=First%20Storage&destStorageName=week");
  HttpRequest fmove = TransferFolderRequest(Local(), Transfer::kMove, a);
  EXPECT_EQ(fmove.url.rfind(kApi + "/storage/folder/move/", 0), 0u);
  EXPECT_FALSE(fmove.idempotent);
}

TEST(RequestsApi, FileAndFolderRoutes) {
  PathArgs a;
  a.path = "a #1/\xE6\x96\x87\xE4\xBB\xB6.docx";
  a.storageName = "week";
  a.versionId = "null";
  HttpRequest del = DeleteFileRequest(Local(), a);
  EXPECT_EQ(del.method, "DELETE");
  EXPECT_EQ(
      del.url,
      kApi + "/storage/file/a%20%231/%E6%96%87%E4%BB%B6.docx?storageName=week&versionId=null");
  EXPECT_TRUE(del.idempotent);

  PathArgs folder;
  folder.path = "x/y z";
  folder.recursive = true;
  HttpRequest rm = DeleteFolderRequest(Local(), folder);
  EXPECT_EQ(rm.method, "DELETE");
  EXPECT_EQ(rm.url, kApi + "/storage/folder/x/y%20z?recursive=true");
  folder.recursive = false;
  EXPECT_EQ(DeleteFolderRequest(Local(), folder).url,
            kApi + "/storage/folder/x/y%20z?recursive=false");

  HttpRequest mk = CreateFolderRequest(Local(), folder);
  EXPECT_EQ(mk.method, "PUT");
  EXPECT_EQ(mk.url, kApi + "/storage/folder/x/y%20z");

  HttpRequest list = GetFilesListRequest(Local(), folder);
  EXPECT_EQ(list.method, "GET");
  EXPECT_EQ(list.url, kApi + "/storage/folder/x/y%20z");
  EXPECT_EQ(GetFilesListRequest(Local(), PathArgs{}).url, kApi + "/storage/folder/");  // the root
}

TEST(RequestsApi, StorageRoutes) {
  PathArgs a;
  a.path = "WordProcessing\\one page.docx";
  a.versionId = "null";
  EXPECT_EQ(ObjectExistsRequest(Local(), a).url,
            kApi + "/storage/exist/WordProcessing/one%20page.docx?versionId=null");
  a.versionId.reset();
  a.storageName = "First Storage";
  EXPECT_EQ(GetFileVersionsRequest(Local(), a).url,
            kApi + "/storage/version/WordProcessing/one%20page.docx?storageName=First%20Storage");
  // The storage name is one segment: '/' is encoded, not a separator.
  EXPECT_EQ(StorageExistsRequest(Local(), "First Storage").url,
            kApi + "/storage/First%20Storage/exist");
  EXPECT_EQ(StorageExistsRequest(Local(), "a/b").url, kApi + "/storage/a%2Fb/exist");
  EXPECT_EQ(GetDiscUsageRequest(Local(), std::nullopt).url, kApi + "/storage/disc");
  EXPECT_EQ(GetDiscUsageRequest(Local(), std::string("week")).url,
            kApi + "/storage/disc?storageName=week");
  for (const HttpRequest& r :
       {ObjectExistsRequest(Local(), a), GetFileVersionsRequest(Local(), a),
        StorageExistsRequest(Local(), "s"), GetDiscUsageRequest(Local(), {})}) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_TRUE(r.idempotent);
    EXPECT_EQ(HeaderOf(r, "Accept"), "application/json");
  }
}

TEST(RequestsApi, InfoAndLicenseRoutes) {
  InfoArgs a;
  EXPECT_EQ(GetSupportedConversionTypesRequest(Local(), a).url, kApi + "/formats");
  a.format = "docx";
  EXPECT_EQ(GetSupportedConversionTypesRequest(Local(), a).url, kApi + "/formats?format=docx");
  a.format.reset();
  a.filePath =
      "in/\xC3\xBCn\xC3\xAF c\xC3\xB6"
      "d\xC3\xA9.docx";
  a.storageName = "week";
  EXPECT_EQ(GetDocumentMetadataRequest(Local(), a).url,
            kApi + "/info?filePath=in%2F%C3%BCn%C3%AF%20c%C3%B6d%C3%A9.docx&storageName=week");
  EXPECT_EQ(GetConsumptionCreditRequest(Local()).url, kApi + "/consumption");
  EXPECT_EQ(GetLicenseInfoRequest(Local()).url, kApi + "/license");
  EXPECT_EQ(GetLicenseInfoRequest(Local()).method, "GET");
  EXPECT_EQ(GetLicenseInfoRequest(Local()).timeout_ms, 7000);
}

}  // namespace
}  // namespace gdconv
