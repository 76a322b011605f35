// SPDX-License-Identifier: MIT
// One raw `call` in progress: a small script (dispatch.cpp, wait.cpp, convert_flow.cpp,
// direct_flow.cpp) built from the primitives below, with at most one HTTP request, one timer and
// one token wait pending at a time. Finishing a call (resolve, reject, cancel, deadline) cancels
// whatever is pending, so nothing fires after it, and reports exactly once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/errors.h"
#include "core/http.h"
#include "core/json.h"
#include "core/policy.h"
#include "core/progress.h"

namespace gdconv {

struct CallCallbacks {
  // `as_list`: the files go to JS as an array (convert), else as one Uint8Array (downloadFile) or
  // none.
  std::function<void(std::string json, std::vector<Buffer> files, bool as_list)> resolve;
  std::function<void(const Error& error)> reject;
  std::function<void(std::string event_json)> progress;
  // Where the files this call downloads go (HttpRequest::sink); 0: into memory.
  std::uint64_t download_sink = 0;
};

using CallId = std::uint64_t;
class Client;

class Call : public std::enable_shared_from_this<Call> {
 public:
  using Script = std::function<void(Call&)>;
  Call(Client& client, CallId id, CallCallbacks callbacks);

  // This call's bounds (config.h): its retry policy, per-request timeout and overall
  // deadline. Runs before the script; without it the call uses the client's defaults.
  void Configure(const CallOptions& options);
  // Sends the request `build()` returns with a bearer token. Retries per the call's RetryPolicy
  // (policy.h: which failures, how often, how long; the POST rule), never past the call's deadline,
  // and after a 401 fetches a new token and replays once. `next` gets the final response, which may
  // still be a failure for the script to map; a request that is not idempotent and may have been
  // acted on arrives with may_have_applied set.
  // `report` picks the byte-progress events its bodies produce (progress.h), throttled; each
  // attempt counts from 0 again, and a 2xx answer first reports the end (loaded == total) if the
  // transport did not, so a transfer's events all come before what `next` reports.
  void Send(std::function<HttpRequest()> build, std::function<void(HttpResponse)> next,
            TransferReport report = {});
  // Makes sure a token is at hand (convert's "token" stage).
  void EnsureToken(std::function<void()> next);
  void Sleep(std::int64_t delay_ms, std::function<void()> next);
  // Rejects the call with `timeout` unless it finishes within `timeout_ms` of now (<= 0: no
  // deadline). A later call replaces the deadline.
  void SetDeadline(std::int64_t timeout_ms);

  // Runs `hook` once when the call finishes, however it finishes (resolve, reject, abort, deadline,
  // client teardown): before the outcome is reported, while the client is still alive. For work
  // that outlives the call (convert's storage cleanup, convert_flow.cpp): whatever the hook starts
  // must not keep the call or the client. A later call replaces the hook.
  void OnFinish(std::function<void()> hook);
  // The bearer token the call's latest request went out with; "" before the first.
  const std::string& token_used() const { return token_used_; }

  void Progress(const Json& event);
  void Resolve(std::string json, std::vector<Buffer> files = {}, bool as_list = false);
  void Reject(Error error);
  // raw.cancel / client teardown: reject with `aborted`, always asynchronously.
  void Abort();

  bool finished() const { return finished_; }
  Client& client() { return client_; }
  const ClientConfig& config() const;
  std::uint64_t Random();

 private:
  friend class Client;
  void AcquireTokenThenSend();
  void SendWithToken(const std::string& token);
  void OnResponse(HttpResponse response);
  void OnTransfer(TransferDirection direction, std::uint64_t loaded, std::uint64_t total);
  void ReportTransfer(TransferDirection direction, std::uint64_t loaded, std::uint64_t total);
  void Finish(std::function<void(CallCallbacks&)> report, bool force_async);
  void CancelPending();

  Client& client_;
  CallId id_;
  CallCallbacks callbacks_;
  std::uint64_t download_sink_ = 0;  // callbacks_.download_sink, kept past Finish
  bool finished_ = false;
  bool starting_ = false;  // inside Client::Start: results must be deferred to stay asynchronous

  RequestId request_ = 0;
  TimerId timer_ = 0;
  TimerId deadline_ = 0;
  std::int64_t deadline_at_ms_ = 0;  // 0: none
  std::uint64_t token_wait_ = 0;     // TokenSource::WaitId (auth.h)
  RetryPolicy retry_;
  std::optional<int> request_timeout_ms_;

  // The exchange in progress (Send).
  std::function<HttpRequest()> build_;
  std::function<void(HttpResponse)> on_response_;
  std::string token_used_;
  bool idempotent_ = false;
  int attempts_ = 0;  // sends of the current request, 401 replays not counted
  bool is_delete_ = false;
  bool earlier_may_have_applied_ = false;  // a failed attempt of this request may have taken effect
  std::int64_t first_attempt_ms_ = 0;
  bool replayed_after_401_ = false;
  std::function<void()> on_timer_;
  std::function<void()> on_finish_;

  // Byte progress of the exchange's current attempt.
  TransferReport report_;
  std::uint64_t attempt_ = 0;  // bumped by every send: a stale attempt's report is dropped
  std::uint64_t upload_size_ = 0;
  ProgressThrottle upload_throttle_;
  ProgressThrottle download_throttle_;
};

}  // namespace gdconv
