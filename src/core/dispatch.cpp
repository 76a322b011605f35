// SPDX-License-Identifier: MIT
#include "core/dispatch.h"

#include "core/dispatch_util.h"
#include "core/operations.h"
#include "core/requests.h"
#include "core/responses.h"

namespace gdconv {

using namespace dispatch;  // NOLINT(google-build-using-namespace): the table's own helpers

namespace {

Result<PreparedCall> PrepareUploadFile(Client& client, const Json& args,
                                       std::optional<std::size_t> payload_size) {
  UploadFileArgs a;
  for (const std::string& why :
       {RequireString(args, "path", a.path), ReadOptional(args, "storageName", a.storageName, ""),
        ReadOptional(args, "fileName", a.fileName, "")}) {
    if (!why.empty()) return Invalid(why);
  }
  if (EncodeStoragePath(a.path).empty()) return Invalid("path: names no file");
  std::string file_name = a.fileName && !a.fileName->empty() ? *a.fileName : BaseName(a.path);
  std::string content_type;
  PreparedCall prepared;
  prepared.upload = NewUpload(client, file_name, *payload_size, content_type);
  prepared.script = [a = std::move(a), upload = prepared.upload,
                     content_type = std::move(content_type)](Call& call) {
    call.Send(
        [&call, a, upload, content_type] {
          return UploadFileRequest(call.config().api, a, content_type, upload->buffer());
        },
        [&call](const HttpResponse& response) {
          Result<FilesUploadResult> result = ParseUploadResponse(response);
          if (!result) return call.Reject(result.error());
          call.Resolve(DumpJson(JsonCodec<FilesUploadResult>::Write(result.value())));
        },
        TransferReport::Upload());
  };
  return prepared;
}

Result<PreparedCall> PrepareStartConvertAndSave(Client&, const Json& args,
                                                std::optional<std::size_t>) {
  ConvertSettings settings;
  std::string why = JsonCodec<ConvertSettings>::Read(args, settings);
  if (!why.empty()) return Invalid(why);
  PreparedCall prepared;
  prepared.script = [settings = std::move(settings)](Call& call) {
    call.Send([&call, settings] { return StartConvertAndSaveRequest(call.config().api, settings); },
              [&call](const HttpResponse& response) {
                Result<std::string> id = ParseOperationId(response);
                if (!id) return call.Reject(id.error());
                call.Resolve(DumpJson(id.value()));
              });
  };
  return prepared;
}

Result<PreparedCall> PrepareGetOperationStatus(Client&, const Json& args,
                                               std::optional<std::size_t>) {
  std::string id;
  std::string why = RequireString(args, "id", id);
  if (!why.empty()) return Invalid(why);
  PreparedCall prepared;
  prepared.script = [id = std::move(id)](Call& call) {
    call.Send([&call, id] { return GetOperationStatusRequest(call.config().api, id); },
              [&call](const HttpResponse& response) {
                Result<OperationResult> op = ParseOperationResult(response);
                if (!op) return call.Reject(op.error());
                call.Resolve(DumpJson(JsonCodec<OperationResult>::Write(op.value())));
              });
  };
  return prepared;
}

Result<PreparedCall> PrepareDownloadFile(Client&, const Json& args, std::optional<std::size_t>) {
  DownloadFileArgs a;
  for (const std::string& why :
       {RequireString(args, "path", a.path), ReadOptional(args, "storageName", a.storageName, ""),
        ReadOptional(args, "versionId", a.versionId, "")}) {
    if (!why.empty()) return Invalid(why);
  }
  if (EncodeStoragePath(a.path).empty()) return Invalid("path: names no file");
  PreparedCall prepared;
  prepared.script = [a = std::move(a)](Call& call) {
    call.Send([&call, a] { return DownloadFileRequest(call.config().api, a); },
              [&call](const HttpResponse& response) {
                Result<Buffer> bytes = ParseDownload(response);
                if (!bytes) return call.Reject(bytes.error());
                call.Resolve("null", {std::move(bytes.value())});
              },
              TransferReport::Download(0, 1));
  };
  return prepared;
}

Result<PreparedCall> PrepareWaitForOperation(Client&, const Json& args,
                                             std::optional<std::size_t>) {
  std::string id;
  std::string why = RequireString(args, "id", id);
  if (!why.empty()) return Invalid(why);
  PreparedCall prepared;
  prepared.script = [id = std::move(id)](Call& call) {
    WaitForOperation(call, id, [&call](const OperationResult& op) {
      call.Resolve(DumpJson(JsonCodec<OperationResult>::Write(op)));
    });
  };
  return prepared;
}

Result<PreparedCall> PrepareConvert(Client& client, const Json& args,
                                    std::optional<std::size_t> payload_size) {
  ConvertArgs a;
  for (const std::string& why :
       {RequireString(args, "fileName", a.fileName), RequireString(args, "format", a.format),
        ReadOptional(args, "outputPath", a.outputPath, ""),
        ReadOptional(args, "storageName", a.storageName, ""),
        ReadOptional(args, "loadOptions", a.loadOptions, ""),
        ReadOptional(args, "convertOptions", a.convertOptions, ""),
        ReadOptional(args, "keepFiles", a.keepFiles, "")}) {
    if (!why.empty()) return Invalid(why);
  }
  std::string file_name = BaseName(a.fileName);
  if (file_name.empty()) return Invalid("fileName: names no file");
  std::uint64_t hi = client.Random();
  std::uint64_t lo = client.Random();
  std::string folder = RandomUuid(hi, lo);
  std::string content_type;
  PreparedCall prepared;
  prepared.upload = NewUpload(client, file_name, *payload_size, content_type);
  prepared.script = [a = std::move(a), folder = std::move(folder), upload = prepared.upload,
                     content_type = std::move(content_type)](Call& call) mutable {
    RunConvert(call, std::move(a), std::move(folder), std::move(upload), std::move(content_type));
  };
  return prepared;
}

}  // namespace

namespace dispatch {

std::shared_ptr<MultipartBody> NewUpload(Client& client, std::string file_name,
                                         std::size_t payload_size, std::string& content_type,
                                         std::vector<MultipartTextPart> trailing) {
  MultipartFileSpec spec;
  spec.file_name = std::move(file_name);
  spec.trailing_parts = std::move(trailing);
  std::uint64_t r1 = client.Random();  // two statements: argument evaluation order is unspecified
  std::uint64_t r2 = client.Random();
  MultipartLayout layout = MultipartForFile(spec, RandomBoundary(r1, r2));
  content_type = layout.content_type;
  return std::make_shared<MultipartBody>(layout, payload_size);
}

Call::Script BytesScript(std::function<HttpRequest(const ApiConfig&)> build, bool upload) {
  return [build = std::move(build), upload](Call& call) {
    TransferReport report = TransferReport::Download(0, 1);
    report.upload = upload;
    call.Send([&call, build] { return build(call.config().api); },
              [&call](const HttpResponse& response) {
                Result<Buffer> bytes = ParseDownload(response);
                if (!bytes) return call.Reject(bytes.error());
                call.Resolve("null", {std::move(bytes.value())});
              },
              std::move(report));
  };
}

Call::Script AckScript(std::function<HttpRequest(const ApiConfig&)> build) {
  return [build = std::move(build)](Call& call) {
    call.Send([&call, build] { return build(call.config().api); },
              [&call](const HttpResponse& response) {
                if (!response.ok()) return call.Reject(ErrorFromResponse(response));
                call.Resolve("null");
              });
  };
}

const std::vector<MethodEntry>& SeedMethods() {
  static const std::vector<MethodEntry> methods = {

      {"uploadFile", true, PrepareUploadFile},
      {"startConvertAndSave", false, PrepareStartConvertAndSave},
      {"getOperationStatus", false, PrepareGetOperationStatus},
      {"downloadFile", false, PrepareDownloadFile},
      {"waitForOperation", false, PrepareWaitForOperation},
      {"convert", true, PrepareConvert},
  };
  return methods;
}

}  // namespace dispatch

Result<PreparedCall> PrepareCall(Client& client, std::string_view method,
                                 std::string_view args_json,
                                 std::optional<std::size_t> payload_size) {
  const MethodEntry* entry = nullptr;
  for (const auto* table : {&SeedMethods(), &ApiMethods()}) {
    for (const MethodEntry& m : *table) {
      if (method == m.name) entry = &m;
    }
  }
  if (!entry) return Invalid("unknown method \"" + std::string(method) + "\"");
  const std::string prefix = std::string(method) + ": ";
  auto args = ParseJson(args_json);
  if (!args || !args->is_object()) return Invalid(prefix + "args must be a JSON object");
  if (entry->takes_bytes && !payload_size) return Invalid(prefix + "bytes are required");
  if (!entry->takes_bytes && payload_size) return Invalid(prefix + "takes no bytes");
  Result<CallOptions> options = TakeCallOptions(*args, client.config().retry);
  if (!options) return Invalid(prefix + options.error().message);
  Result<PreparedCall> prepared = entry->prepare(client, *args, payload_size);
  if (!prepared) {
    prepared.error().message = prefix + prepared.error().message;
    return prepared;
  }
  // The bounds apply before the script's first step (its token wait and first request).
  prepared.value().script = [options = options.value(),
                             script = std::move(prepared.value().script)](Call& call) {
    call.Configure(options);
    script(call);
  };
  return prepared;
}

}  // namespace gdconv
