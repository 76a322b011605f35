// SPDX-License-Identifier: MIT
// The API's methods as data: one row per method of the official SDKs (reference/groupdocs-api.md
// §4), under their names. A row says everything the generic code needs to build the request
// (requests.h BuildRequest) and read the answer (responses.h ReadAnswer): verb, route, path and
// query parameters, body, answer, and whether the request may be sent again. Adding a method is
// one row here (and one in bindings/js/methods.js): CONTRIBUTING.md.
//
// Methods that are several requests (waitForOperation, convert, convertDirect) are written by hand
// beside the table (dispatch.cpp, wait.h, convert_flow.h, direct_flow.h) and use its rows.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "core/codec.h"
#include "core/models.h"

namespace gdconv {

enum class Verb { kGet, kPost, kPut, kDelete };

enum class ParamType {
  kText,
  kStoragePath,  // a path in storage: in the route, each segment is encoded ('/' and '\' split)
  kSegment,      // text that is one route segment: a '/' in it is encoded, not a separator
  kBool,
  kInt,
  kPage,  // an integer >= 1
};

// A route or query parameter, read from the call's arguments under its name. One that appears in
// the route as "{name}" goes there; the others go to the query string, in order, when set.
struct Param {
  std::string_view name;
  ParamType type = ParamType::kText;
  unsigned flags = 0;  // kRequired (a storage path must also name something)
};

enum class Body {
  kNone,
  kSettings,  // the arguments are ConvertSettings, sent as JSON
  kFile,      // multipart: the caller's bytes as part "File" named `fileName` or the path's last
              // segment (uploadFile)
  kDocument,  // multipart: the caller's bytes as part "File" named `fileName` (else "file"), then
              // `loadOptions` and `convertOptions` as JSON parts, as the Node SDK sends them
};

enum class AnswerKind {
  kModel,        // JSON of a model, normalised by its codec
  kBytes,        // a file's bytes (errors still come as JSON)
  kNothing,      // the SDKs ignore the body: any 2xx is a success
  kOperationId,  // a JSON string, not empty
};

struct Answer {
  AnswerKind kind;
  std::string_view what;                   // names the answer in messages: "files list"
  Result<Json> (*read)(const Json& body);  // kModel: decodes and re-encodes the model
};

template <typename T>
Result<Json> ReadModel(const Json& body) {
  Result<T> value = Decode<T>(body, ErrorCode::kBadResponse);
  if (!value) return std::move(value.error());
  return Encode(value.value());
}
template <typename T>
constexpr Answer ModelAnswer(std::string_view what) {
  return {AnswerKind::kModel, what, &ReadModel<T>};
}
inline constexpr Answer kBytesAnswer{AnswerKind::kBytes, "file", nullptr};
inline constexpr Answer kNoAnswer{AnswerKind::kNothing, "", nullptr};
inline constexpr Answer kOperationIdAnswer{AnswerKind::kOperationId, "operation id", nullptr};

// Whether the request may be sent again after a failure that may have reached the server (policy.h,
// the POST rule). Not the verb's: startConvert is a PUT that would start a second operation, and a
// second move finds its source gone while a second copy changes nothing.
enum Retry : bool { kOnce = false, kRetrySafe = true };

// A method the arguments of which fail this check are refused before anything is sent.
using Check = Status (*)(const Json& args);
Status OutputPathRequired(const Json& args);
Status OutputPathRefused(const Json& args);

struct Method {
  std::string_view name;
  Verb verb;
  std::string_view route;  // after "/v2.0/conversion"; "" is ConvertApi's own route
  std::array<Param, 5> params;
  Body body;
  Answer answer;
  Retry retry;
  Check check = nullptr;
};

// clang-format off
inline constexpr Param kStorageName{"storageName"};
inline constexpr Param kVersionId{"versionId"};
inline constexpr Param kSrcPath{"srcPath", ParamType::kStoragePath, kRequired};
inline constexpr Param kDestPath{"destPath", ParamType::kStoragePath, kRequired};

inline constexpr Method kMethods[] = {
    // ---- FileApi
    {"uploadFile", Verb::kPut, "storage/file/{path}",
     {{{"path", ParamType::kStoragePath, kRequired}, kStorageName}},
     Body::kFile, ModelAnswer<FilesUploadResult>("upload result"), kRetrySafe},  // the same bytes to the same path
    {"downloadFile", Verb::kGet, "storage/file/{path}",
     {{{"path", ParamType::kStoragePath, kRequired}, kStorageName, kVersionId}},
     Body::kNone, kBytesAnswer, kRetrySafe},
    {"deleteFile", Verb::kDelete, "storage/file/{path}",
     {{{"path", ParamType::kStoragePath, kRequired}, kStorageName, kVersionId}},
     Body::kNone, kNoAnswer, kRetrySafe},
    {"copyFile", Verb::kPut, "storage/file/copy/{srcPath}",
     {{kSrcPath, kDestPath, {"srcStorageName"}, {"destStorageName"}, kVersionId}},
     Body::kNone, kNoAnswer, kRetrySafe},
    {"moveFile", Verb::kPut, "storage/file/move/{srcPath}",
     {{kSrcPath, kDestPath, {"srcStorageName"}, {"destStorageName"}, kVersionId}},
     Body::kNone, kNoAnswer, kOnce},
    // ---- FolderApi ("storage/folder/" with an empty path is the root, as the Node SDK sends it)
    {"getFilesList", Verb::kGet, "storage/folder/{path}",
     {{{"path", ParamType::kStoragePath}, kStorageName}},
     Body::kNone, ModelAnswer<StorageFileList>("files list"), kRetrySafe},
    {"createFolder", Verb::kPut, "storage/folder/{path}",
     {{{"path", ParamType::kStoragePath, kRequired}, kStorageName}},
     Body::kNone, kNoAnswer, kRetrySafe},
    {"deleteFolder", Verb::kDelete, "storage/folder/{path}",
     {{{"path", ParamType::kStoragePath, kRequired}, kStorageName, {"recursive", ParamType::kBool}}},
     Body::kNone, kNoAnswer, kRetrySafe},
    {"copyFolder", Verb::kPut, "storage/folder/copy/{srcPath}",
     {{kSrcPath, kDestPath, {"srcStorageName"}, {"destStorageName"}}},
     Body::kNone, kNoAnswer, kRetrySafe},
    {"moveFolder", Verb::kPut, "storage/folder/move/{srcPath}",
     {{kSrcPath, kDestPath, {"srcStorageName"}, {"destStorageName"}}},
     Body::kNone, kNoAnswer, kOnce},
    // ---- StorageApi
    {"objectExists", Verb::kGet, "storage/exist/{path}",
     {{{"path", ParamType::kStoragePath, kRequired}, kStorageName, kVersionId}},
     Body::kNone, ModelAnswer<ObjectExist>("object exist"), kRetrySafe},
    {"storageExists", Verb::kGet, "storage/{storageName}/exist",
     {{{"storageName", ParamType::kSegment, kRequired}}},
     Body::kNone, ModelAnswer<StorageExist>("storage exist"), kRetrySafe},
    {"getDiscUsage", Verb::kGet, "storage/disc", {{kStorageName}},
     Body::kNone, ModelAnswer<DiscUsage>("disc usage"), kRetrySafe},
    {"getFileVersions", Verb::kGet, "storage/version/{path}",
     {{{"path", ParamType::kStoragePath, kRequired}, kStorageName}},
     Body::kNone, ModelAnswer<StorageFileList>("file versions"), kRetrySafe},
    // ---- ConvertApi (a conversion is work and, with outputPath, writes files: sent once)
    {"convertDocument", Verb::kPost, "", {}, Body::kSettings,
     ModelAnswer<std::vector<StoredConvertedResult>>("converted results"), kOnce, OutputPathRequired},
    {"convertDocumentDownload", Verb::kPost, "", {}, Body::kSettings, kBytesAnswer, kOnce,
     OutputPathRefused},
    {"convertDocumentDirect", Verb::kPut, "",  // stores nothing: repeating it is harmless
     {{{"format", ParamType::kText, kRequired}, {"fromPage", ParamType::kPage},
       {"pagesCount", ParamType::kPage}}},
     Body::kDocument, kBytesAnswer, kRetrySafe},
    // ---- AsyncApi
    {"startConvertAndSave", Verb::kPost, "async", {}, Body::kSettings, kOperationIdAnswer, kOnce},
    {"startConvert", Verb::kPut, "async",
     {{{"format", ParamType::kText, kRequired}, {"fromPage", ParamType::kPage},
       {"pagesCount", ParamType::kPage}}},
     Body::kDocument, kOperationIdAnswer, kOnce},
    {"getOperationStatus", Verb::kGet, "async", {{{"id", ParamType::kText, kRequired}}},
     Body::kNone, ModelAnswer<OperationResult>("operation result"), kRetrySafe},
    // `name` (an extension of this client, which the local server honours) picks one of several
    // results.
    {"getOperationResult", Verb::kGet, "async/result",
     {{{"id", ParamType::kText, kRequired}, {"name"}}},
     Body::kNone, kBytesAnswer, kRetrySafe},
    // ---- InfoApi
    {"getSupportedConversionTypes", Verb::kGet, "formats",
     {{{"filePath", ParamType::kStoragePath}, kStorageName, {"format"}}},
     Body::kNone, ModelAnswer<std::vector<SupportedFormat>>("supported formats"), kRetrySafe},
    {"getDocumentMetadata", Verb::kGet, "info",
     {{{"filePath", ParamType::kStoragePath, kRequired}, kStorageName}},
     Body::kNone, ModelAnswer<DocumentMetadata>("document metadata"), kRetrySafe},
    // ---- LicenseApi
    {"getConsumptionCredit", Verb::kGet, "consumption", {},
     Body::kNone, ModelAnswer<ConsumptionResult>("consumption"), kRetrySafe},
    {"getLicenseInfo", Verb::kGet, "license", {},
     Body::kNone, ModelAnswer<LicenseInfo>("license info"), kRetrySafe},
};
// clang-format on

// The row of a method, or null.
const Method* FindMethod(std::string_view name);

// The row of a method the core itself calls: a name that is not in the table does not compile.
constexpr const Method& MethodNamed(std::string_view name) {
  std::size_t i = 0;
  while (kMethods[i].name != name) ++i;  // past the end: not a constant expression
  return kMethods[i];
}

}  // namespace gdconv
