// SPDX-License-Identifier: MIT
#include "core/detached_request.h"

#include <memory>
#include <utility>

namespace gdconv {
namespace {

class DetachedRequest : public std::enable_shared_from_this<DetachedRequest> {
 public:
  DetachedRequest(std::shared_ptr<Transport> transport, Scheduler& scheduler, HttpRequest request,
                  RetryPolicy retry, std::function<std::uint64_t()> random)
      : transport_(std::move(transport)),
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
    transport_->send(request_,
                     [self = shared_from_this()](const HttpResponse& r) { self->OnResponse(r); });
  }
  void OnResponse(const HttpResponse& response) {
    std::int64_t now = scheduler_.now_ms();
    auto delay = retry_.NextDelay(
        request_.idempotent, response, attempts_, now - first_attempt_ms_,
        [this] { return UnitInterval(random_()); }, now);
    if (delay) SendAfter(*delay);
  }

  std::shared_ptr<Transport> transport_;
  Scheduler& scheduler_;
  HttpRequest request_;
  RetryPolicy retry_;
  std::function<std::uint64_t()> random_;
  int attempts_ = 0;
  std::int64_t first_attempt_ms_ = 0;
};

}  // namespace

void SendDetached(std::shared_ptr<Transport> transport, Scheduler& scheduler, HttpRequest request,
                  RetryPolicy retry, std::function<std::uint64_t()> random) {
  std::make_shared<DetachedRequest>(std::move(transport), scheduler, std::move(request), retry,
                                    std::move(random))
      ->SendAfter(0);
}

}  // namespace gdconv
