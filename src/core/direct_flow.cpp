// SPDX-License-Identifier: MIT
#include "core/direct_flow.h"

#include <vector>

#include "core/convert_flow.h"
#include "core/methods.h"
#include "core/requests.h"
#include "core/responses.h"
#include "core/wait.h"

namespace gdconv {
namespace {

constexpr const Method& kStartConvert = MethodNamed("startConvert");
constexpr const Method& kGetOperationResult = MethodNamed("getOperationResult");

struct DirectState {
  Json args;
  std::shared_ptr<MultipartBody> upload;
  std::string content_type;
  std::string id;
  std::vector<std::string> ignored_options;
  OperationResult operation;
  std::vector<Buffer> files;
};

void FetchNext(Call& call, const std::shared_ptr<DirectState>& state) {
  const auto& results = state->operation.result;
  std::size_t index = state->files.size();
  if (index == results.size()) {
    return ResolveConverted(call, state->operation, std::vector<std::string>(index),
                            std::move(state->files), state->ignored_options);
  }
  call.Progress({{"type", "download"}, {"index", index}, {"count", results.size()}});
  call.Send(
      [&call, state, index] {
        // By name, so a multi-page (raster) result gives every page, not page 1 each time.
        Json args = {{"id", state->id}};
        if (const auto& name = state->operation.result[index].name) args["name"] = *name;
        return BuildRequest(call.config().api, kGetOperationResult, args);
      },
      [&call, state](const HttpResponse& response) {
        Result<Buffer> bytes = ReadBytes(response);
        if (!bytes) return call.Reject(bytes.error());
        state->files.push_back(std::move(bytes.value()));
        FetchNext(call, state);
      },
      TransferReport::Download(index, results.size()));
}

}  // namespace

void RunConvertDirect(Call& call, Json args, std::shared_ptr<MultipartBody> upload,
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
          HttpRequest request = BuildRequest(call.config().api, kStartConvert, state->args);
          AttachUpload(request, state->content_type, *state->upload);
          return request;
        },
        [&call, state](const HttpResponse& response) {
          state->upload.reset();  // the input can be large: free it once the server has it
          Result<std::string> id = ReadOperationId(response);
          if (!id) return call.Reject(id.error());
          state->id = id.value();
          state->ignored_options = IgnoredOptions(response);
          call.Progress(StageEvent("convert"));
          WaitForOperation(call, state->id, [&call, state](OperationResult op) {
            state->operation = std::move(op);
            call.Progress(StageEvent("download"));
            FetchNext(call, state);
          });
        },
        TransferReport::Upload());
  });
}

}  // namespace gdconv
