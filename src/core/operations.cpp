// SPDX-License-Identifier: MIT
#include "core/operations.h"

#include "core/http.h"
#include "core/requests.h"
#include "core/requests_api.h"
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
void PollOnce(Call& call, const std::shared_ptr<PollState>& state) {
  std::int64_t delay = call.config().poll.Delay(state->polls++);
  call.Sleep(delay, [&call, state] {
    call.Send([&call, state] { return GetOperationStatusRequest(call.config().api, state->id); },
              [&call, state](const HttpResponse& response) {
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
  std::string folder;
  bool upload_sent = false;    // from here on the folder may exist
  bool start_unknown = false;  // the start went out and its outcome is not known (yet)
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

void DownloadNext(Call& call, const std::shared_ptr<ConvertState>& state) {
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
      [&call, state](const HttpResponse& response) {
        Result<Buffer> bytes = ParseDownload(response);
        if (!bytes) return call.Reject(bytes.error());
        state->files.push_back(std::move(bytes.value()));
        ++state->next_download;
        DownloadNext(call, state);
      },
      TransferReport::Download(index, results.size()));
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
        settings.filePath = state->upload_args.path;
        settings.format = state->args.format;
        settings.loadOptions = state->args.loadOptions;
        settings.convertOptions = state->args.convertOptions;
        settings.outputPath = state->output_path;
        return StartConvertAndSaveRequest(call.config().api, settings);
      },
      [&call, state](const HttpResponse& response) {
        Result<std::string> id = ParseOperationId(response);
        state->start_unknown = !id && id.error().may_have_started;
        if (!id) return call.Reject(id.error());
        WaitForOperation(call, id.value(), [&call, state](OperationResult op) {
          state->operation = std::move(op);
          if (!state->operation.result) state->operation.result.emplace();
          call.Progress(StageEvent("download"));
          DownloadNext(call, state);
        });
      });
}

// The cleanup's own bounds: it keeps a Node process alive, so a dead server must not do that for
// the client's 5-minute request timeout.
constexpr std::int64_t kCleanupLimitMs = 30000;

// Whether the storage path `path` is `folder` or lies inside it (the first segment, the way
// EncodeStoragePath splits; storages may ignore case).
bool InFolder(std::string_view path, std::string_view folder) {
  std::size_t start = path.find_first_not_of("/\\");
  if (start == std::string_view::npos) return false;
  std::size_t end = path.find_first_of("/\\", start);
  return EqualsIgnoreCase(
      path.substr(start, end == std::string_view::npos ? end : end - start), folder);
}

// The call is finishing (Call::OnFinish): remove what it stored, after the outcome is reported.
void CleanUp(Call& call, const ConvertState& state) {
  if (!state.upload_sent || state.start_unknown || call.token_used().empty()) return;
  PathArgs target;
  target.storageName = state.args.storageName;
  HttpRequest request;
  if (state.args.outputPath && InFolder(*state.args.outputPath, state.folder)) {
    // The caller's outputPath lies inside the random folder (it can only have guessed it): keep
    // the results, drop the input.
    target.path = state.upload_args.path;
    request = DeleteFileRequest(call.config().api, target);
  } else {
    target.path = state.folder;
    target.recursive = true;
    request = DeleteFolderRequest(call.config().api, target);
  }
  Authorize(request, call.token_used());
  if (request.timeout_ms <= 0 || request.timeout_ms > kCleanupLimitMs) {
    request.timeout_ms = static_cast<int>(kCleanupLimitMs);
  }
  RetryPolicy retry = call.config().retry;
  if (retry.deadline_ms <= 0 || retry.deadline_ms > kCleanupLimitMs) {
    retry.deadline_ms = kCleanupLimitMs;
  }
  SendDetached(call.client().transport(), call.client().scheduler(), std::move(request), retry,
               call.client().random_source());
}

class DetachedRequest : public std::enable_shared_from_this<DetachedRequest> {
 public:
  DetachedRequest(Transport& transport, Scheduler& scheduler, HttpRequest request,
                  RetryPolicy retry, std::function<std::uint64_t()> random)
      : transport_(transport),
        scheduler_(scheduler),
        request_(std::move(request)),
        retry_(retry),
        random_(std::move(random)) {}

  void SendAfter(std::int64_t delay_ms) {
    scheduler_.after(delay_ms, [self = shared_from_this()] { self->Send(); });
  }

 private:
  void Send() {
    if (attempts_++ == 0) first_attempt_ms_ = scheduler_.now_ms();
    transport_.send(request_,
                    [self = shared_from_this()](const HttpResponse& r) { self->OnResponse(r); });
  }
  void OnResponse(const HttpResponse& response) {
    std::int64_t now = scheduler_.now_ms();
    auto delay = retry_.NextDelay(
        request_.idempotent, response, attempts_, now - first_attempt_ms_,
        [this] { return static_cast<double>(random_() >> 11) * (1.0 / 9007199254740992.0); }, now);
    if (delay) SendAfter(*delay);
  }

  Transport& transport_;
  Scheduler& scheduler_;
  HttpRequest request_;
  RetryPolicy retry_;
  std::function<std::uint64_t()> random_;
  int attempts_ = 0;
  std::int64_t first_attempt_ms_ = 0;
};

}  // namespace

void SendDetached(Transport& transport, Scheduler& scheduler, HttpRequest request,
                  RetryPolicy retry, std::function<std::uint64_t()> random) {
  std::make_shared<DetachedRequest>(transport, scheduler, std::move(request), retry,
                                    std::move(random))
      ->SendAfter(0);
}

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
  PollOnce(call, state);
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
  state->folder = std::move(folder);
  state->upload_args.path = state->folder + "/" + args.fileName;
  state->upload_args.storageName = args.storageName;
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
          return UploadFileRequest(call.config().api, state->upload_args, state->content_type,
                                   state->upload->buffer());
        },
        [&call, state](const HttpResponse& response) {
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
