// SPDX-License-Identifier: MIT
#include "core/operations.h"

#include "core/requests.h"
#include "core/responses.h"

namespace gdconv {
namespace {

Json StageEvent(const char* stage) { return {{"type", "stage"}, {"stage", stage}}; }

struct PollState {
  std::string id;
  int polls = 0;
  std::string last_status;
  std::function<void(OperationResult)> done;
};

// Continuations capture `Call&`: they are stored in the call and only run while it is alive.
void PollOnce(Call& call, std::shared_ptr<PollState> state) {
  std::int64_t delay = call.config().poll.Delay(state->polls++);
  call.Sleep(delay, [&call, state] {
    call.Send([&call, state] { return GetOperationStatusRequest(call.config().api, state->id); },
              [&call, state](HttpResponse response) {
                Result<OperationResult> op = ParseOperationResult(response);
                if (!op) return call.Reject(op.error());
                const std::string& status = op.value().status;
                if (status != state->last_status) {
                  state->last_status = status;
                  call.Progress({{"type", "status"}, {"status", status}});
                }
                if (status == operation_status::kFinished) {
                  auto done = std::move(state->done);
                  return done(std::move(op.value()));
                }
                if (status == operation_status::kFailed || status == operation_status::kCanceled) {
                  return call.Reject(OperationFailedError(op.value()));
                }
                // Created, Started, or a status this client does not know yet: keep waiting.
                PollOnce(call, state);
              });
  });
}

struct ConvertState {
  ConvertArgs args;
  UploadFileArgs upload_args;
  std::shared_ptr<MultipartBody> upload;
  std::string content_type;
  std::string output_path;
  OperationResult operation;
  std::size_t next_download = 0;
  std::vector<Buffer> files;
};

Error UploadRejected(const FilesUploadResult& result, int status) {
  const StorageError& first = result.errors.front();
  std::string message = first.message.value_or(first.description.value_or("upload failed"));
  Error e = MakeError(ErrorCode::kHttpError, "upload failed: " + message);
  e.status = status;
  e.api_code = first.code.value_or("");
  if (first.innerError && first.innerError->requestId) e.request_id = *first.innerError->requestId;
  return e;
}

void ResolveConvert(Call& call, ConvertState& state) {
  Json files = Json::array();
  const auto& results = *state.operation.result;
  for (std::size_t i = 0; i < results.size(); ++i) {
    files.push_back({{"name", results[i].name},
                     {"path", results[i].path},
                     {"size", static_cast<std::int64_t>(state.files[i].size())}});
  }
  Json out = {{"operation", JsonCodec<OperationResult>::Write(state.operation)},
              {"files", std::move(files)}};
  call.Resolve(DumpJson(out), std::move(state.files), /*as_list=*/true);
}

void DownloadNext(Call& call, std::shared_ptr<ConvertState> state) {
  const auto& results = *state->operation.result;
  if (state->next_download == results.size()) return ResolveConvert(call, *state);
  std::size_t index = state->next_download;
  if (results[index].path.empty()) {  // null: a ConvertAndSave result must name its stored file
    Error e = MakeError(ErrorCode::kBadResponse, "operation result: path: required");
    e.status = 200;
    return call.Reject(std::move(e));
  }
  call.Progress({{"type", "download"}, {"index", index}, {"count", results.size()}});
  call.Send(
      [&call, state, index] {
        DownloadFileArgs args;
        args.path = (*state->operation.result)[index].path;
        args.storageName = state->args.storageName;
        return DownloadFileRequest(call.config().api, args);
      },
      [&call, state](HttpResponse response) {
        Result<Buffer> bytes = ParseDownload(response);
        if (!bytes) return call.Reject(bytes.error());
        state->files.push_back(std::move(bytes.value()));
        ++state->next_download;
        DownloadNext(call, state);
      },
      TransferReport::Download(index, results.size()));
}

void StartConversion(Call& call, std::shared_ptr<ConvertState> state) {
  call.Progress(StageEvent("convert"));
  call.Send(
      [&call, state] {
        ConvertSettings settings;
        settings.storageName = state->args.storageName;
        settings.filePath = state->upload_args.path;
        settings.format = state->args.format;
        settings.loadOptions = state->args.loadOptions;
        settings.convertOptions = state->args.convertOptions;
        settings.outputPath = state->output_path;
        return StartConvertAndSaveRequest(call.config().api, settings);
      },
      [&call, state](HttpResponse response) {
        Result<std::string> id = ParseOperationId(response);
        if (!id) return call.Reject(id.error());
        WaitForOperation(call, id.value(), [&call, state](OperationResult op) {
          state->operation = std::move(op);
          if (!state->operation.result) state->operation.result.emplace();
          call.Progress(StageEvent("download"));
          DownloadNext(call, state);
        });
      });
}

}  // namespace

Error OperationFailedError(const OperationResult& op) {
  bool canceled = op.status == operation_status::kCanceled;
  std::string message = op.error.value_or("");
  if (message.empty()) {
    message = canceled ? "the operation was canceled" : "the operation failed";
  }
  Error e = MakeError(ErrorCode::kOperationFailed, std::move(message));
  e.api_code = op.status;
  return e;
}

void WaitForOperation(Call& call, std::string id, std::function<void(OperationResult)> done) {
  auto state = std::make_shared<PollState>();
  state->id = std::move(id);
  state->done = std::move(done);
  PollOnce(call, std::move(state));
}

std::string RandomUuid(std::uint64_t hi, std::uint64_t lo) {
  hi = (hi & ~0xF000ull) | 0x4000ull;                         // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // variant 10
  return HexDigits(hi >> 32, 8) + "-" + HexDigits(hi >> 16, 4) + "-" + HexDigits(hi, 4) + "-" +
         HexDigits(lo >> 48, 4) + "-" + HexDigits(lo, 12);
}

void RunConvert(Call& call, ConvertArgs args, std::string folder,
                std::shared_ptr<MultipartBody> upload, std::string content_type) {
  auto state = std::make_shared<ConvertState>();
  state->upload_args.path = folder + "/" + args.fileName;
  state->upload_args.storageName = args.storageName;
  state->output_path = args.outputPath.value_or(folder + "/converted");
  state->upload = std::move(upload);
  state->content_type = std::move(content_type);
  state->args = std::move(args);

  call.Progress(StageEvent("token"));
  call.EnsureToken([&call, state] {
    call.Progress(StageEvent("upload"));
    call.Send(
        [&call, state] {
          return UploadFileRequest(call.config().api, state->upload_args, state->content_type,
                                   state->upload->buffer());
        },
        [&call, state](HttpResponse response) {
          state->upload.reset();  // the input can be large: free it as soon as it is stored
          Result<FilesUploadResult> uploaded = ParseUploadResponse(response);
          if (!uploaded) return call.Reject(uploaded.error());
          if (!uploaded.value().errors.empty()) {
            return call.Reject(UploadRejected(uploaded.value(), response.status));
          }
          StartConversion(call, state);
        },
        TransferReport::Upload());
  });
}

}  // namespace gdconv
