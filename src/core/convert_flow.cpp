// SPDX-License-Identifier: MIT
#include "core/convert_flow.h"

#include "core/client.h"
#include "core/detached_request.h"
#include "core/http.h"
#include "core/methods.h"
#include "core/requests.h"
#include "core/responses.h"
#include "core/wait.h"

namespace gdconv {
namespace {

constexpr const Method& kUploadFile = MethodNamed("uploadFile");
constexpr const Method& kStartConvertAndSave = MethodNamed("startConvertAndSave");
constexpr const Method& kDownloadFile = MethodNamed("downloadFile");
constexpr const Method& kDeleteFile = MethodNamed("deleteFile");
constexpr const Method& kDeleteFolder = MethodNamed("deleteFolder");

// The cleanup's own bounds: it keeps a Node process alive, so a dead server must not do that for
// the client's 5-minute request timeout.
constexpr std::int64_t kCleanupLimitMs = 30000;

struct ConvertState {
  ConvertArgs args;
  std::string folder;
  bool upload_sent = false;    // from here on the folder may exist
  bool start_unknown = false;  // the start went out and its outcome is not known (yet)
  std::string input_path;      // <folder>/<fileName>
  std::shared_ptr<MultipartBody> upload;
  std::string content_type;
  std::string output_path;
  std::vector<std::string> ignored_options;
  OperationResult operation;
  std::vector<std::string> paths;  // of operation.result, in storage
  std::vector<Buffer> files;
};

Error UploadRejected(const FilesUploadResult& result, const HttpResponse& response) {
  const StorageError& first = result.errors.front();
  std::string message = first.message.value_or(first.description.value_or("upload failed"));
  Error e = MakeError(ErrorCode::kHttpError, "upload failed: " + message);
  e.status = response.status;
  e.api_code = first.code.value_or("");
  if (first.innerError && first.innerError->requestId) e.request_id = *first.innerError->requestId;
  return e;
}

Json StorageArgs(const ConvertState& state, std::string path) {
  Json args = {{"path", std::move(path)}};
  if (state.args.storageName) args["storageName"] = *state.args.storageName;
  return args;
}

void DownloadNext(Call& call, const std::shared_ptr<ConvertState>& state) {
  std::size_t index = state->files.size();
  std::size_t count = state->paths.size();
  if (index == count) {
    return ResolveConverted(call, state->operation, state->paths, std::move(state->files),
                            state->ignored_options);
  }
  call.Progress({{"type", "download"}, {"index", index}, {"count", count}});
  call.Send(
      [&call, state, index] {
        return BuildRequest(call.config().api, kDownloadFile,
                            StorageArgs(*state, state->paths[index]));
      },
      [&call, state](const HttpResponse& response) {
        Result<Buffer> bytes = ReadBytes(response);
        if (!bytes) return call.Reject(bytes.error());
        state->files.push_back(std::move(bytes.value()));
        DownloadNext(call, state);
      },
      TransferReport::Download(index, count));
}

void StartConversion(Call& call, const std::shared_ptr<ConvertState>& state) {
  call.Progress(StageEvent("convert"));
  call.Send(
      [&call, state] {
        // Until its answer says otherwise, the conversion may have started (also if the call is
        // aborted or times out meanwhile): the cleanup must then leave its input alone.
        state->start_unknown = true;
        ConvertSettings settings;
        settings.storageName = state->args.storageName;
        settings.filePath = state->input_path;
        settings.format = state->args.format;
        settings.loadOptions = state->args.loadOptions;
        settings.convertOptions = state->args.convertOptions;
        settings.outputPath = state->output_path;
        return BuildRequest(call.config().api, kStartConvertAndSave, Encode(settings));
      },
      [&call, state](const HttpResponse& response) {
        Result<std::string> id = ReadOperationId(response);
        state->start_unknown = !id && id.error().may_have_started;
        if (!id) return call.Reject(id.error());
        state->ignored_options = IgnoredOptions(response);
        WaitForOperation(call, id.value(), [&call, state](OperationResult op) {
          Result<std::vector<std::string>> paths = ResultPaths(op, state->output_path);
          if (!paths) return call.Reject(paths.error());
          state->operation = std::move(op);
          state->paths = std::move(paths.value());
          call.Progress(StageEvent("download"));
          DownloadNext(call, state);
        });
      });
}

// Whether the storage path `path` is `folder` or lies inside it (the first segment, the way
// EncodeStoragePath splits; storages may ignore case).
bool InFolder(std::string_view path, std::string_view folder) {
  std::size_t start = path.find_first_not_of("/\\");
  if (start == std::string_view::npos) return false;
  std::size_t end = path.find_first_of("/\\", start);
  return EqualsIgnoreCase(path.substr(start, end == std::string_view::npos ? end : end - start),
                          folder);
}

// The call is finishing (Call::OnFinish): remove what it stored, after the outcome is reported.
void CleanUp(Call& call, const ConvertState& state) {
  if (!state.upload_sent || state.start_unknown || call.token_used().empty()) return;
  HttpRequest request;
  if (state.args.outputPath && InFolder(*state.args.outputPath, state.folder)) {
    // The caller's outputPath lies inside the random folder (it can only have guessed it): keep
    // the results, drop the input.
    request = BuildRequest(call.config().api, kDeleteFile, StorageArgs(state, state.input_path));
  } else {
    Json args = StorageArgs(state, state.folder);
    args["recursive"] = true;
    request = BuildRequest(call.config().api, kDeleteFolder, args);
  }
  Authorize(request, call.token_used());
  if (request.timeout_ms <= 0 || request.timeout_ms > kCleanupLimitMs) {
    request.timeout_ms = static_cast<int>(kCleanupLimitMs);
  }
  RetryPolicy retry = call.config().retry;
  if (retry.deadline_ms <= 0 || retry.deadline_ms > kCleanupLimitMs) {
    retry.deadline_ms = kCleanupLimitMs;
  }
  SendDetached(call.client().shared_transport(), call.client().scheduler(), std::move(request),
               retry, call.client().random_source());
}

}  // namespace

Status RecordOf<ConvertArgs>::Validate(const ConvertArgs& args, ErrorCode code) {
  if (BaseName(args.fileName).empty()) return Within("fileName", Refused(code, "names no file"));
  return {};
}

std::vector<std::string> IgnoredOptions(const HttpResponse& start) {
  std::vector<std::string> names;
  std::string_view header = start.header("x-groupdocs-ignored-options");
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view name = header.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) names.emplace_back(name);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return names;
}

Result<std::vector<std::string>> ResultPaths(const OperationResult& operation,
                                             const std::string& output_path) {
  std::vector<std::string> paths;
  for (const StoredConvertedResult& result : operation.result) {
    if (result.path && !result.path->empty()) {
      paths.push_back(*result.path);
    } else if (result.name && !result.name->empty()) {
      // An outputPath that names the file is the result's path itself (issue 18).
      bool named = EqualsIgnoreCase(BaseName(output_path), *result.name);
      paths.push_back(named ? output_path : output_path + "/" + *result.name);
    } else {
      Error e = MakeError(ErrorCode::kBadResponse,
                          "operation result: a result has neither a path nor a name");
      e.status = 200;
      return e;
    }
  }
  return paths;
}

void ResolveConverted(Call& call, const OperationResult& operation,
                      const std::vector<std::string>& paths, std::vector<Buffer> files,
                      const std::vector<std::string>& ignored_options) {
  Json list = Json::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const StoredConvertedResult& result = operation.result[i];
    std::string name = result.name.value_or(BaseName(paths[i]));
    list.push_back({{"name", std::move(name)},
                    {"path", paths[i].empty() ? Json(nullptr) : Json(paths[i])},
                    {"size", static_cast<Int>(files[i].size())}});
  }
  Json out = {{"operation", Encode(operation)},
              {"files", std::move(list)},
              {"ignoredOptions", ignored_options}};
  call.Resolve(DumpJson(out), std::move(files), /*as_list=*/true);
}

std::string RandomUuid(std::uint64_t hi, std::uint64_t lo) {
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                         // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  return HexDigits(hi >> 32, 8) + "-" + HexDigits(hi >> 16, 4) + "-" + HexDigits(hi, 4) + "-" +
         HexDigits(lo >> 48, 4) + "-" + HexDigits(lo, 12);
}

void RunConvert(Call& call, ConvertArgs args, std::string folder,
                std::shared_ptr<MultipartBody> upload, std::string content_type) {
  auto state = std::make_shared<ConvertState>();
  state->folder = std::move(folder);
  state->input_path = state->folder + "/" + BaseName(args.fileName);
  state->output_path = args.outputPath.value_or(state->folder + "/converted");
  state->upload = std::move(upload);
  state->content_type = std::move(content_type);
  state->args = std::move(args);
  if (!state->args.keepFiles.value_or(false)) {
    call.OnFinish([&call, state] { CleanUp(call, *state); });
  }

  call.Progress(StageEvent("token"));
  call.EnsureToken([&call, state] {
    call.Progress(StageEvent("upload"));
    call.Send(
        [&call, state] {
          state->upload_sent = true;
          HttpRequest request =
              BuildRequest(call.config().api, kUploadFile, StorageArgs(*state, state->input_path));
          AttachUpload(request, state->content_type, *state->upload);
          return request;
        },
        [&call, state](const HttpResponse& response) {
          state->upload.reset();  // the input can be large: free it as soon as it is stored
          Result<FilesUploadResult> uploaded =
              ReadModelAnswer<FilesUploadResult>(response, kUploadFile.answer.what);
          if (!uploaded) return call.Reject(uploaded.error());
          if (!uploaded.value().errors.empty()) {
            return call.Reject(UploadRejected(uploaded.value(), response));
          }
          StartConversion(call, state);
        },
        TransferReport::Upload());
  });
}

}  // namespace gdconv
