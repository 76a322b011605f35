// SPDX-License-Identifier: MIT
// The client as a callback-driven state machine over Transport + Scheduler: it owns the token
// source and the calls in progress (call.h), and runs each raw `call` as a Call.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/auth.h"
#include "core/call.h"
#include "core/config.h"
#include "core/errors.h"
#include "core/http.h"

namespace gdconv {

// Everything a client needs from its host. The Transport and the Scheduler must outlive the Client:
// deferred rejections of cancelled calls still run on the Scheduler after the Client is gone, and
// convert's storage cleanup (convert_flow.h) may still be sending its DELETE then.
struct Environment {
  // Shared, not borrowed: a request that outlives its client (convert's cleanup,
  // detached_request.h) keeps the transport it goes through.
  std::shared_ptr<Transport> transport;
  Scheduler* scheduler = nullptr;
  std::function<std::uint64_t()>
      random;  // uniformly random 64-bit values (boundaries, folder ids, jitter)
  std::function<void(std::uint64_t)> request_token;  // the provider hook (config.token_provider)
};

class Client {
 public:
  Client(ClientConfig config, Environment env);
  // Cancels everything outstanding; each pending call rejects with `aborted`, asynchronously.
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Runs `script` as a new call. The script runs now; results are always reported asynchronously.
  CallId Start(const Call::Script& script, CallCallbacks callbacks);
  // A call that fails before it starts (bad arguments): rejects asynchronously.
  CallId StartRejected(Error error, CallCallbacks callbacks);
  void Cancel(CallId id);

  // The provider hook's answers (no-ops without a provider or for unknown ids).
  void ProvideToken(std::uint64_t request_id, std::string token);
  void FailToken(std::uint64_t request_id, Error error);

  const ClientConfig& config() const { return config_; }
  Transport& transport() { return *env_.transport; }
  const std::shared_ptr<Transport>& shared_transport() const { return env_.transport; }
  Scheduler& scheduler() { return *env_.scheduler; }
  TokenSource& tokens() { return *tokens_; }
  std::uint64_t Random() { return env_.random(); }
  // The random source itself, for work that outlives the client (a copy).
  std::function<std::uint64_t()> random_source() const { return env_.random; }
  double UnitRandom();
  std::size_t pending_calls() const { return calls_.size(); }

 private:
  friend class Call;
  std::shared_ptr<Call> Detach(CallId id);
  std::string RedactSecrets(std::string text, std::string_view token_used) const;

  ClientConfig config_;
  Environment env_;
  std::unique_ptr<TokenSource> tokens_;
  ProviderTokenSource* provider_ = nullptr;  // == tokens_ when config_.token_provider
  CallId next_call_ = 1;
  std::map<CallId, std::shared_ptr<Call>> calls_;
};

}  // namespace gdconv
