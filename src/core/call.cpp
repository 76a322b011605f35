// SPDX-License-Identifier: MIT
#include "core/call.h"

#include "core/auth.h"
#include "core/client.h"
#include "core/requests.h"

namespace gdconv {

Call::Call(Client& client, CallId id, CallCallbacks callbacks)
    : client_(client),
      id_(id),
      callbacks_(std::move(callbacks)),
      download_sink_(callbacks_.download_sink),
      retry_(client.config().retry) {}

void Call::Configure(const CallOptions& options) {
  retry_ = options.retry;
  request_timeout_ms_ = options.request_timeout_ms;
  SetDeadline(options.timeout_ms);
}

const ClientConfig& Call::config() const { return client_.config(); }
std::uint64_t Call::Random() { return client_.Random(); }

void Call::Send(std::function<HttpRequest()> build, std::function<void(HttpResponse)> next,
                TransferReport report) {
  if (finished_) return;
  build_ = std::move(build);
  on_response_ = std::move(next);
  report_ = std::move(report);
  attempts_ = 1;
  earlier_may_have_applied_ = false;
  first_attempt_ms_ = client_.scheduler().now_ms();
  replayed_after_401_ = false;
  AcquireTokenThenSend();
}

void Call::EnsureToken(std::function<void()> next) {
  if (finished_) return;
  std::weak_ptr<Call> weak = weak_from_this();
  token_wait_ = client_.tokens().Get([weak, next = std::move(next)](Result<std::string> token) {
    auto self = weak.lock();
    if (!self || self->finished_) return;
    self->token_wait_ = 0;
    if (!token) return self->Reject(token.error());
    next();
  });
}

void Call::AcquireTokenThenSend() {
  std::weak_ptr<Call> weak = weak_from_this();
  token_wait_ = client_.tokens().Get([weak](Result<std::string> token) {
    auto self = weak.lock();
    if (!self || self->finished_) return;
    self->token_wait_ = 0;
    if (!token) return self->Reject(token.error());
    self->SendWithToken(token.value());
  });
}

void Call::SendWithToken(const std::string& token) {
  HttpRequest request = build_();
  if (request_timeout_ms_) request.timeout_ms = *request_timeout_ms_;
  Authorize(request, token);
  token_used_ = token;
  idempotent_ = request.idempotent;
  is_delete_ = request.method == "DELETE";
  std::weak_ptr<Call> weak = weak_from_this();
  ++attempt_;
  upload_size_ = request.body.size() + request.inserted_size;
  if (report_.download) request.sink = download_sink_;
  upload_throttle_ = {};
  download_throttle_ = {};
  if (report_.upload || report_.download) {
    request.on_progress = [weak, attempt = attempt_](TransferDirection direction,
                                                     std::uint64_t loaded, std::uint64_t total) {
      auto self = weak.lock();
      if (!self || self->finished_ || self->attempt_ != attempt || !self->request_) return;
      self->OnTransfer(direction, loaded, total);
    };
  }
  request_ = client_.transport().send(std::move(request), [weak](HttpResponse response) {
    auto self = weak.lock();
    if (!self || self->finished_) return;
    self->request_ = 0;
    self->OnResponse(std::move(response));
  });
}

void Call::OnResponse(HttpResponse response) {
  // 401: the token may have been revoked or expired early; one fresh token and one replay.
  if (response.failure == TransportFailure::kNone && response.status == 401 &&
      !replayed_after_401_) {
    replayed_after_401_ = true;
    client_.tokens().Invalidate(token_used_);
    AcquireTokenThenSend();
    return;
  }
  std::int64_t now = client_.scheduler().now_ms();
  auto delay = retry_.NextDelay(
      idempotent_, response, attempts_, now - first_attempt_ms_,
      [this] { return client_.UnitRandom(); }, now);
  // A retry that could not finish before the call's deadline would only turn this failure into a
  // vaguer `timeout`: give the real one now.
  if (delay && (deadline_at_ms_ == 0 || now + *delay < deadline_at_ms_)) {
    ++attempts_;
    // Whether this failed attempt may have been carried out (the answer lost, not refused).
    if (MayHaveApplied(/*idempotent=*/false, response)) earlier_may_have_applied_ = true;
    std::weak_ptr<Call> weak = weak_from_this();
    Sleep(*delay, [weak] {
      if (auto self = weak.lock()) self->AcquireTokenThenSend();
    });
    return;
  }
  response.may_have_applied = MayHaveApplied(idempotent_, response);
  if (is_delete_ && earlier_may_have_applied_ && response.failure == TransportFailure::kNone &&
      response.status == 404) {
    // A DELETE sent again after an attempt whose answer was lost: "not found" now means that
    // attempt deleted it. Reporting not_found would fail a call whose effect happened.
    response.status = 204;
    response.body = {};
  }
  if (response.ok()) {
    // The transport may not have seen the last step (or any, for a small body): the end of a
    // transfer is reported before anything that follows it.
    if (report_.upload && upload_size_ > 0) {
      ReportTransfer(TransferDirection::kUpload, upload_size_, upload_size_);
    }
    std::uint64_t received = response.body.size();
    if (report_.download && received > 0) {
      ReportTransfer(TransferDirection::kDownload, received, received);
    }
    if (finished_) return;  // a progress callback ended the call
  }
  auto next = std::move(on_response_);
  on_response_ = nullptr;
  next(std::move(response));
}

void Call::Sleep(std::int64_t delay_ms, std::function<void()> next) {
  if (finished_) return;
  on_timer_ = std::move(next);
  std::weak_ptr<Call> weak = weak_from_this();
  timer_ = client_.scheduler().after(delay_ms, [weak] {
    auto self = weak.lock();
    if (!self || self->finished_) return;
    self->timer_ = 0;
    auto next = std::move(self->on_timer_);
    self->on_timer_ = nullptr;
    next();
  });
}

void Call::SetDeadline(std::int64_t timeout_ms) {
  if (finished_) return;
  if (deadline_) client_.scheduler().cancel(deadline_);
  deadline_ = 0;
  deadline_at_ms_ = 0;
  if (timeout_ms <= 0) return;
  deadline_at_ms_ = client_.scheduler().now_ms() + timeout_ms;
  std::weak_ptr<Call> weak = weak_from_this();
  deadline_ = client_.scheduler().after(timeout_ms, [weak, timeout_ms] {
    auto self = weak.lock();
    if (!self || self->finished_) return;
    self->deadline_ = 0;
    Error e = MakeError(ErrorCode::kTimeout,
                        "did not finish within timeoutMs (" + std::to_string(timeout_ms) + " ms)");
    e.retryable = true;
    self->Reject(std::move(e));
  });
}

void Call::OnTransfer(TransferDirection direction, std::uint64_t loaded, std::uint64_t total) {
  bool upload = direction == TransferDirection::kUpload;
  if (upload ? !report_.upload : !report_.download) return;
  // Nothing past the body's end: a transport that counts more (headers, a redirect's resend) must
  // not show 101 %.
  if (upload && upload_size_ > 0) {
    total = upload_size_;
    if (loaded > total) loaded = total;
  }
  // A 2xx response coming in means the server took the whole body (the transport may not have
  // seen the last step of the upload yet): the upload's end comes first.
  if (!upload && report_.upload && upload_size_ > 0) {
    ReportTransfer(TransferDirection::kUpload, upload_size_, upload_size_);
    if (finished_) return;
  }
  ReportTransfer(direction, loaded, total);
}

void Call::ReportTransfer(TransferDirection direction, std::uint64_t loaded, std::uint64_t total) {
  bool upload = direction == TransferDirection::kUpload;
  ProgressThrottle& throttle = upload ? upload_throttle_ : download_throttle_;
  if (!throttle.Accept(loaded, total, client_.scheduler().now_ms())) return;
  Json event = upload ? Json{{"type", "upload"}} : report_.fields;
  if (!upload) event["type"] = "download";
  event["loaded"] = loaded;
  event["total"] = total;
  Progress(event);
}

void Call::OnFinish(std::function<void()> hook) {
  if (!finished_) on_finish_ = std::move(hook);
}

void Call::Progress(const Json& event) {
  if (finished_ || !callbacks_.progress) return;
  callbacks_.progress(DumpJson(event));
}

void Call::Resolve(std::string json, std::vector<Buffer> files, bool as_list) {
  Finish(
      [json = std::move(json), files = std::move(files), as_list](CallCallbacks& cb) mutable {
        if (cb.resolve) cb.resolve(std::move(json), std::move(files), as_list);
      },
      /*force_async=*/false);
}

void Call::Reject(Error error) {
  if (finished_) return;
  error.message = client_.RedactSecrets(std::move(error.message), token_used_);
  Finish(
      [error = std::move(error)](CallCallbacks& cb) {
        if (cb.reject) cb.reject(error);
      },
      /*force_async=*/false);
}

void Call::Abort() {
  if (finished_) return;
  Finish(
      [](CallCallbacks& cb) {
        if (cb.reject) cb.reject(MakeError(ErrorCode::kAborted, "the call was cancelled"));
      },
      /*force_async=*/true);
}

void Call::CancelPending() {
  if (request_) client_.transport().cancel(request_);
  if (timer_) client_.scheduler().cancel(timer_);
  if (deadline_) client_.scheduler().cancel(deadline_);
  if (token_wait_) client_.tokens().Cancel(token_wait_);
  request_ = timer_ = deadline_ = 0;
  token_wait_ = 0;
  // Continuations may hold the only references to script state; drop them now.
  build_ = nullptr;
  on_response_ = nullptr;
  on_timer_ = nullptr;
}

void Call::Finish(std::function<void(CallCallbacks&)> report, bool force_async) {
  if (finished_) return;
  finished_ = true;
  CancelPending();
  // The hook (OnFinish) runs while the client is alive, also when its destructor aborts this call,
  // and after the report is queued, so that what it queues comes after the outcome.
  std::function<void()> hook = std::move(on_finish_);
  on_finish_ = nullptr;
  std::shared_ptr<Call> keep_alive = client_.Detach(id_);
  Scheduler& scheduler = client_.scheduler();
  CallCallbacks callbacks = std::move(callbacks_);
  callbacks_ = {};
  if (force_async || starting_) {
    // Outlives the client on purpose: captures only the callbacks, never `this` or the client.
    scheduler.after(0, [callbacks = std::move(callbacks), report = std::move(report)]() mutable {
      report(callbacks);
    });
    if (hook) hook();
    return;
  }
  if (hook) hook();
  // The embedder's callback may destroy the client: nothing below may touch it.
  report(callbacks);
}

}  // namespace gdconv
