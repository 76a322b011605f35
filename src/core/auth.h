// SPDX-License-Identifier: MIT
// Where bearer tokens come from. Client credentials (POST /connect/token over the Transport) for
// Node and trusted backends; a provider for browsers, where the page asks its own backend through a
// JS hook so the client secret never reaches it. Both cache the token until its refresh time and
// share one fetch among all waiters (single flight).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/errors.h"
#include "core/http.h"
#include "core/policy.h"

namespace gdconv {

// base64url (RFC 4648 §5), padding optional; nullopt on any other character.
std::optional<std::string> Base64UrlDecode(std::string_view text);
// The `exp` claim (seconds) of a JWT's payload, without verifying the signature: the client only
// needs to know when to refresh. nullopt for opaque tokens or a payload without a usable exp.
std::optional<std::int64_t> JwtExpirySeconds(std::string_view token);
// When the token expires, in epoch ms: the JWT exp, else now + expires_in, else nullopt (unknown).
std::optional<std::int64_t> TokenExpiresAtMs(std::string_view token,
                                             std::optional<double> expires_in_seconds,
                                             std::int64_t now_ms);

class TokenSource {
 public:
  using WaitId = std::uint64_t;
  using Callback = std::function<void(Result<std::string>)>;

  TokenSource(Scheduler& scheduler, TokenRefreshPolicy policy = {});
  virtual ~TokenSource();
  TokenSource(const TokenSource&) = delete;
  TokenSource& operator=(const TokenSource&) = delete;

  // A valid token, or the error that prevented getting one. With a fresh cached token `done` runs
  // before Get returns and Get returns 0; otherwise later, and the id can be passed to Cancel.
  WaitId Get(Callback done);
  void Cancel(WaitId id);
  // The API refused `token` (401): forget it if it is still the cached one.
  void Invalidate(std::string_view token);
  // The cached token, for redaction ("" if none).
  const std::string& current() const { return token_; }

 protected:
  // Starts fetching a token; the subclass answers once with Deliver (possibly before returning).
  virtual void StartFetch() = 0;
  // Nobody waits any more: the subclass may abort its fetch, and must not Deliver after this.
  virtual void AbortFetch() = 0;
  void Deliver(Result<std::string> token, std::optional<double> expires_in_seconds);
  Scheduler& scheduler_;

 private:
  TokenRefreshPolicy policy_;
  std::string token_;
  std::int64_t refresh_at_ms_ = 0;  // 0 with a token: no known expiry, used until a 401
  bool fetching_ = false;
  WaitId next_wait_ = 1;
  std::map<WaitId, Callback> waiters_;
};

class ClientCredentialsTokenSource : public TokenSource {
 public:
  ClientCredentialsTokenSource(Transport& transport, Scheduler& scheduler, ApiConfig config,
                               std::string client_id, std::string client_secret,
                               RetryPolicy retry = {}, std::function<double()> unit_random = {});
  ~ClientCredentialsTokenSource() override;

 private:
  void StartFetch() override;
  void AbortFetch() override;
  void Attempt();
  void OnResponse(const HttpResponse& response);
  Transport& transport_;
  ApiConfig config_;
  std::string client_id_;
  std::string client_secret_;
  RetryPolicy retry_;
  std::function<double()> unit_random_;
  RequestId request_ = 0;
  TimerId retry_timer_ = 0;
  int attempts_ = 0;  // sends of the current fetch
  std::int64_t first_attempt_ms_ = 0;
};

// Tokens from the embedder: `request_hook(id)` asks for one; the embedder answers Provide or Fail.
class ProviderTokenSource : public TokenSource {
 public:
  ProviderTokenSource(Scheduler& scheduler, std::function<void(std::uint64_t)> request_hook);
  void Provide(std::uint64_t request_id, std::string token);
  void Fail(std::uint64_t request_id, Error error);

 private:
  void StartFetch() override;
  void AbortFetch() override;
  std::function<void(std::uint64_t)> request_hook_;
  std::uint64_t next_request_ = 1;
  std::uint64_t pending_request_ = 0;  // 0: none outstanding
};

}  // namespace gdconv
