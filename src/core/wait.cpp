// SPDX-License-Identifier: MIT
#include "core/wait.h"

#include <memory>
#include <utility>

#include "core/methods.h"
#include "core/requests.h"
#include "core/responses.h"

namespace gdconv {
namespace {

constexpr const Method& kGetOperationStatus = MethodNamed("getOperationStatus");

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
    call.Send(
        [&call, state] {
          return BuildRequest(call.config().api, kGetOperationStatus, {{"id", state->id}});
        },
        [&call, state](const HttpResponse& response) {
          Result<OperationResult> op =
              ReadModelAnswer<OperationResult>(response, kGetOperationStatus.answer.what);
          if (!op) return call.Reject(op.error());
          if (!op.value().status) {
            return call.Reject(BadResponse(response, "operation result: no status"));
          }
          const std::string& status = *op.value().status;
          if (status != state->last_status) {
            state->last_status = status;
            call.Progress({{"type", "status"}, {"status", status}});
          }
          if (status == operation_status::kFinished) {
            auto done = std::exchange(state->done, nullptr);  // and let go of what it holds
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

}  // namespace

Error OperationFailedError(const OperationResult& op) {
  bool canceled = op.status == operation_status::kCanceled;
  std::string message = op.error.value_or("");
  if (message.empty()) {
    message = canceled ? "the operation was canceled" : "the operation failed";
  }
  Error e = MakeError(ErrorCode::kOperationFailed, std::move(message));
  e.api_code = op.status.value_or("");
  return e;
}

void WaitForOperation(Call& call, std::string id, std::function<void(OperationResult)> done) {
  auto state = std::make_shared<PollState>();
  state->id = std::move(id);
  state->done = std::move(done);
  PollOnce(call, state);
}

}  // namespace gdconv
