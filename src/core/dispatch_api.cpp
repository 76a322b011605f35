// SPDX-License-Identifier: MIT
// Method table, part 2: every API method the official SDKs have beyond the seed flow
// (bindings/RAW_API.md lists their arguments), plus convertDirect, the storage-free convert().
#include <string>
#include <vector>

#include "core/direct_flow.h"
#include "core/dispatch_util.h"
#include "core/requests_api.h"
#include "core/responses_api.h"

namespace gdconv {

using namespace dispatch;  // NOLINT(google-build-using-namespace): the table's own helpers

namespace {

using Args = std::optional<std::size_t>;

// Runs each reader; the first message, if any, is the error.
std::string FirstProblem(std::initializer_list<std::string> whys) {
  for (const std::string& why : whys) {
    if (!why.empty()) return why;
  }
  return "";
}

std::string RequirePath(const Json& args, const char* key, std::string& out) {
  std::string why = RequireString(args, key, out);
  if (why.empty() && EncodeStoragePath(out).empty())
    why = std::string(key) + ": names no file or folder";
  return why;
}

Result<PreparedCall> Ready(Call::Script script) {
  PreparedCall prepared;
  prepared.script = std::move(script);
  return prepared;
}

// ---- ConvertApi
// ------------------------------------------------------------------------------------

Result<PreparedCall> PrepareConvertDocument(Client&, const Json& args, Args) {
  ConvertSettings s;
  std::string why = JsonCodec<ConvertSettings>::Read(args, s);
  if (!why.empty()) return Invalid(why);
  if (!s.outputPath || s.outputPath->empty()) {
    return Invalid(
        "outputPath: required (without it the API answers bytes: use convertDocumentDownload)");
  }
  return Ready(JsonScript<std::vector<StoredConvertedResult>>(
      [s](const ApiConfig& api) { return ConvertDocumentRequest(api, s); }, ParseStoredResults));
}

Result<PreparedCall> PrepareConvertDocumentDownload(Client&, const Json& args, Args) {
  ConvertSettings s;
  std::string why = JsonCodec<ConvertSettings>::Read(args, s);
  if (!why.empty()) return Invalid(why);
  // The API answers bytes only when outputPath is empty (reference §4, ConvertApi).
  if (s.outputPath && !s.outputPath->empty()) {
    return Invalid(
        "outputPath: not used here (with it the API stores the result: use convertDocument)");
  }
  s.outputPath.reset();
  return Ready(BytesScript([s](const ApiConfig& api) { return ConvertDocumentRequest(api, s); }));
}

// The multipart upload of the direct routes: part "File" named after the document (so the server
// can tell its format and name the result), then the options as JSON parts, as the Node SDK sends
// them.
struct DirectUpload {
  DirectConvertArgs query;
  std::shared_ptr<MultipartBody> body;
  std::string content_type;
};

Result<DirectUpload> ReadDirectUpload(Client& client, const Json& args, std::size_t payload_size) {
  DirectUpload up;
  std::optional<std::string> file_name;
  std::optional<LoadOptions> load_options;
  std::optional<ConvertOptions> convert_options;
  std::string why = FirstProblem({RequireString(args, "format", up.query.format),
                                  ReadOptional(args, "fileName", file_name, ""),
                                  ReadOptional(args, "fromPage", up.query.fromPage, ""),
                                  ReadOptional(args, "pagesCount", up.query.pagesCount, ""),
                                  ReadOptional(args, "loadOptions", load_options, ""),
                                  ReadOptional(args, "convertOptions", convert_options, "")});
  if (!why.empty()) return Invalid(why);
  std::string name = file_name ? BaseName(*file_name) : "";
  if (name.empty()) name = "file";  // the server then tells the format from the bytes
  std::vector<MultipartTextPart> parts;
  if (load_options) {
    parts.push_back({"loadOptions", "application/json",
                     DumpJson(JsonCodec<LoadOptions>::Write(*load_options))});
  }
  if (convert_options) {
    parts.push_back({"convertOptions", "application/json",
                     DumpJson(JsonCodec<ConvertOptions>::Write(*convert_options))});
  }
  up.body = NewUpload(client, name, payload_size, up.content_type, std::move(parts));
  return up;
}

Result<PreparedCall> PrepareConvertDocumentDirect(Client& client, const Json& args, Args size) {
  Result<DirectUpload> up = ReadDirectUpload(client, args, *size);
  if (!up) return up.error();
  PreparedCall prepared;
  prepared.upload = up.value().body;
  prepared.script = BytesScript(
      [up = up.value()](const ApiConfig& api) {
        return ConvertDocumentDirectRequest(api, up.query, up.content_type, up.body->buffer());
      },
      /*upload=*/true);
  return prepared;
}

// ---- AsyncApi
// --------------------------------------------------------------------------------------

Result<PreparedCall> PrepareStartConvert(Client& client, const Json& args, Args size) {
  Result<DirectUpload> up = ReadDirectUpload(client, args, *size);
  if (!up) return up.error();
  PreparedCall prepared;
  prepared.upload = up.value().body;
  prepared.script = [up = up.value()](Call& call) {
    call.Send(
        [&call, up] {
          return StartConvertRequest(call.config().api, up.query, up.content_type,
                                     up.body->buffer());
        },
        [&call](const HttpResponse& response) {
          Result<std::string> id = ParseOperationId(response);
          if (!id) return call.Reject(id.error());
          call.Resolve(DumpJson(id.value()));
        },
        TransferReport::Upload());
  };
  return prepared;
}

Result<PreparedCall> PrepareGetOperationResult(Client&, const Json& args, Args) {
  std::string id;
  std::optional<std::string> name;
  std::string why =
      FirstProblem({RequireString(args, "id", id), ReadOptional(args, "name", name, "")});
  if (!why.empty()) return Invalid(why);
  return Ready(BytesScript(
      [id, name](const ApiConfig& api) { return GetOperationResultRequest(api, id, name); }));
}

Result<PreparedCall> PrepareConvertDirect(Client& client, const Json& args, Args size) {
  ConvertDirectArgs a;
  Result<DirectUpload> up = ReadDirectUpload(client, args, *size);
  if (!up) return up.error();
  a.query = up.value().query;
  PreparedCall prepared;
  prepared.upload = up.value().body;
  prepared.script = [a = std::move(a), up = up.value()](Call& call) mutable {
    RunConvertDirect(call, std::move(a), up.body, up.content_type);
  };
  return prepared;
}

// ---- FileApi and FolderApi
// ---------------------------------------------------------------------------

Result<CopyMoveArgs> ReadCopyMove(const Json& args, bool with_version) {
  CopyMoveArgs a;
  std::string why = FirstProblem(
      {RequirePath(args, "srcPath", a.srcPath), RequirePath(args, "destPath", a.destPath),
       ReadOptional(args, "srcStorageName", a.srcStorageName, ""),
       ReadOptional(args, "destStorageName", a.destStorageName, ""),
       with_version ? ReadOptional(args, "versionId", a.versionId, "") : std::string()});
  if (!why.empty()) return Invalid(why);
  return a;
}

template <HttpRequest (*Build)(const ApiConfig&, Transfer, const CopyMoveArgs&), Transfer kKind,
          bool kVersion>
Result<PreparedCall> PrepareTransfer(Client&, const Json& args, Args) {
  Result<CopyMoveArgs> a = ReadCopyMove(args, kVersion);
  if (!a) return a.error();
  return Ready(AckScript([a = a.value()](const ApiConfig& api) { return Build(api, kKind, a); }));
}

// `path_required`: false for getFilesList, whose empty path is the storage root.
Result<PathArgs> ReadPathArgs(const Json& args, bool path_required, bool with_version,
                              bool with_recursive) {
  PathArgs a;
  std::optional<std::string> path;
  std::string why = FirstProblem(
      {path_required ? RequirePath(args, "path", a.path) : ReadOptional(args, "path", path, ""),
       ReadOptional(args, "storageName", a.storageName, ""),
       with_version ? ReadOptional(args, "versionId", a.versionId, "") : std::string(),
       with_recursive ? ReadOptional(args, "recursive", a.recursive, "") : std::string()});
  if (!why.empty()) return Invalid(why);
  if (path) a.path = *path;
  return a;
}

template <HttpRequest (*Build)(const ApiConfig&, const PathArgs&), bool kVersion, bool kRecursive>
Result<PreparedCall> PrepareAck(Client&, const Json& args, Args) {
  Result<PathArgs> a = ReadPathArgs(args, true, kVersion, kRecursive);
  if (!a) return a.error();
  return Ready(AckScript([a = a.value()](const ApiConfig& api) { return Build(api, a); }));
}

template <typename T, HttpRequest (*Build)(const ApiConfig&, const PathArgs&),
          Result<T> (*Parse)(const HttpResponse&), bool kPathRequired, bool kVersion>
Result<PreparedCall> PreparePathQuery(Client&, const Json& args, Args) {
  Result<PathArgs> a = ReadPathArgs(args, kPathRequired, kVersion, false);
  if (!a) return a.error();
  return Ready(
      JsonScript<T>([a = a.value()](const ApiConfig& api) { return Build(api, a); }, Parse));
}

// ---- StorageApi, InfoApi, LicenseApi
// -------------------------------------------------------------------

Result<PreparedCall> PrepareStorageExists(Client&, const Json& args, Args) {
  std::string name;
  std::string why = RequireString(args, "storageName", name);
  if (!why.empty()) return Invalid(why);
  return Ready(JsonScript<StorageExist>(
      [name](const ApiConfig& api) { return StorageExistsRequest(api, name); }, ParseStorageExist));
}

Result<PreparedCall> PrepareGetDiscUsage(Client&, const Json& args, Args) {
  std::optional<std::string> storage;
  std::string why = ReadOptional(args, "storageName", storage, "");
  if (!why.empty()) return Invalid(why);
  return Ready(JsonScript<DiscUsage>(
      [storage](const ApiConfig& api) { return GetDiscUsageRequest(api, storage); },
      ParseDiscUsage));
}

Result<InfoArgs> ReadInfoArgs(const Json& args, bool file_required) {
  InfoArgs a;
  std::string file;
  std::string why = FirstProblem({file_required ? RequirePath(args, "filePath", file)
                                                : ReadOptional(args, "filePath", a.filePath, ""),
                                  ReadOptional(args, "storageName", a.storageName, ""),
                                  ReadOptional(args, "format", a.format, "")});
  if (!why.empty()) return Invalid(why);
  if (file_required) a.filePath = file;
  return a;
}

Result<PreparedCall> PrepareGetSupportedConversionTypes(Client&, const Json& args, Args) {
  Result<InfoArgs> a = ReadInfoArgs(args, false);
  if (!a) return a.error();
  return Ready(JsonScript<std::vector<SupportedFormat>>(
      [a = a.value()](const ApiConfig& api) { return GetSupportedConversionTypesRequest(api, a); },
      ParseSupportedFormats));
}

Result<PreparedCall> PrepareGetDocumentMetadata(Client&, const Json& args, Args) {
  Result<InfoArgs> a = ReadInfoArgs(args, true);
  if (!a) return a.error();
  return Ready(JsonScript<DocumentMetadata>(
      [a = a.value()](const ApiConfig& api) { return GetDocumentMetadataRequest(api, a); },
      ParseDocumentMetadata));
}

Result<PreparedCall> PrepareGetConsumptionCredit(Client&, const Json&, Args) {
  return Ready(JsonScript<ConsumptionResult>(GetConsumptionCreditRequest, ParseConsumptionResult));
}

Result<PreparedCall> PrepareGetLicenseInfo(Client&, const Json&, Args) {
  return Ready(JsonScript<LicenseInfo>(GetLicenseInfoRequest, ParseLicenseInfo));
}

}  // namespace

namespace dispatch {

const std::vector<MethodEntry>& ApiMethods() {
  static const std::vector<MethodEntry> methods = {
      // ConvertApi
      {"convertDocument", false, PrepareConvertDocument},
      {"convertDocumentDownload", false, PrepareConvertDocumentDownload},
      {"convertDocumentDirect", true, PrepareConvertDocumentDirect},
      // AsyncApi
      {"startConvert", true, PrepareStartConvert},
      {"getOperationResult", false, PrepareGetOperationResult},
      {"convertDirect", true, PrepareConvertDirect},
      // FileApi
      {"copyFile", false, PrepareTransfer<TransferFileRequest, Transfer::kCopy, true>},
      {"moveFile", false, PrepareTransfer<TransferFileRequest, Transfer::kMove, true>},
      {"deleteFile", false, PrepareAck<DeleteFileRequest, true, false>},
      // FolderApi
      {"getFilesList", false,
       PreparePathQuery<FilesList, GetFilesListRequest, ParseFilesList, false, false>},
      {"createFolder", false, PrepareAck<CreateFolderRequest, false, false>},
      {"deleteFolder", false, PrepareAck<DeleteFolderRequest, false, true>},
      {"copyFolder", false, PrepareTransfer<TransferFolderRequest, Transfer::kCopy, false>},
      {"moveFolder", false, PrepareTransfer<TransferFolderRequest, Transfer::kMove, false>},
      // StorageApi
      {"objectExists", false,
       PreparePathQuery<ObjectExist, ObjectExistsRequest, ParseObjectExist, true, true>},
      {"storageExists", false, PrepareStorageExists},
      {"getDiscUsage", false, PrepareGetDiscUsage},
      {"getFileVersions", false,
       PreparePathQuery<FileVersions, GetFileVersionsRequest, ParseFileVersions, true, false>},
      // InfoApi
      {"getSupportedConversionTypes", false, PrepareGetSupportedConversionTypes},
      {"getDocumentMetadata", false, PrepareGetDocumentMetadata},
      // LicenseApi
      {"getConsumptionCredit", false, PrepareGetConsumptionCredit},
      {"getLicenseInfo", false, PrepareGetLicenseInfo},
  };
  return methods;
}

}  // namespace dispatch
}  // namespace gdconv
