// SPDX-License-Identifier: MIT
#include "core/direct_flow.h"

#include <vector>

#include "core/operations.h"
#include "core/responses.h"

namespace gdconv {
namespace {

Json StageEvent(const char* stage) { return {{"type", "stage"}, {"stage", stage}}; }

struct DirectState {
  ConvertDirectArgs args;
  std::shared_ptr<MultipartBody> upload;
  std::string content_type;
  std::string id;
  OperationResult operation;
  std::size_t next = 0;
  std::vector<Buffer> files;
};

void Resolve(Call& call, DirectState& state) {
  Json files = Json::array();
  const auto& results = *state.operation.result;
  for (std::size_t i = 0; i < results.size(); ++i) {
    files.push_back({{"name", results[i].name},
                     {"path", results[i].path.empty() ? Json(nullptr) : Json(results[i].path)},
                     {"size", static_cast<std::int64_t>(state.files[i].size())}});
  }
  Json out = {{"operation", JsonCodec<OperationResult>::Write(state.operation)},
              {"files", std::move(files)}};
  call.Resolve(DumpJson(out), std::move(state.files), /*as_list=*/true);
}

void FetchNext(Call& call, const std::shared_ptr<DirectState>& state) {
  const auto& results = *state->operation.result;
  if (state->next == results.size()) return Resolve(call, *state);
  std::size_t index = state->next;
  call.Progress({{"type", "download"}, {"index", index}, {"count", results.size()}});
  call.Send(
      [&call, state, index] {
        // By name, so a multi-page (raster) result gives every page, not page 1 each time.
        return GetOperationResultRequest(call.config().api, state->id,
                                         (*state->operation.result)[index].name);
      },
      [&call, state](const HttpResponse& response) {
        Result<Buffer> bytes = ParseDownload(response);
        if (!bytes) return call.Reject(bytes.error());
        state->files.push_back(std::move(bytes.value()));
        ++state->next;
        FetchNext(call, state);
      },
      TransferReport::Download(index, results.size()));
}

}  // namespace

void RunConvertDirect(Call& call, ConvertDirectArgs args, std::shared_ptr<MultipartBody> upload,
                      std::string content_type) {
  auto state = std::make_shared<DirectState>();
  state->args = std::move(args);
  state->upload = std::move(upload);
  state->content_type = std::move(content_type);

  call.Progress(StageEvent("token"));
  call.EnsureToken([&call, state] {
    call.Progress(StageEvent("upload"));
    call.Send(
        [&call, state] {
          return StartConvertRequest(call.config().api, state->args.query, state->content_type,
                                     state->upload->buffer());
        },
        [&call, state](const HttpResponse& response) {
          state->upload.reset();  // the input can be large: free it once the server has it
          Result<std::string> id = ParseOperationId(response);
          if (!id) return call.Reject(id.error());
          state->id = id.value();
          call.Progress(StageEvent("convert"));
          WaitForOperation(call, state->id, [&call, state](OperationResult op) {
            state->operation = std::move(op);
            if (!state->operation.result) state->operation.result.emplace();
            call.Progress(StageEvent("download"));
            FetchNext(call, state);
          });
        },
        TransferReport::Upload());
  });
}

}  // namespace gdconv
