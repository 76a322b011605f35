// SPDX-License-Identifier: MIT
#include "core/client.h"

namespace gdconv {

Client::Client(ClientConfig config, Environment env)
    : config_(std::move(config)), env_(std::move(env)) {
  if (config_.token_provider) {
    auto provider = std::make_unique<ProviderTokenSource>(*env_.scheduler, env_.request_token);
    provider_ = provider.get();
    tokens_ = std::move(provider);
  } else {
    tokens_ = std::make_unique<ClientCredentialsTokenSource>(
        *env_.transport, *env_.scheduler, config_.api, config_.client_id, config_.client_secret,
        config_.retry, [this] { return UnitRandom(); });
  }
}

Client::~Client() {
  // Take the map first: Abort detaches, which must not disturb this loop.
  auto calls = std::move(calls_);
  calls_.clear();
  for (auto& [id, call] : calls) call->Abort();
}

double Client::UnitRandom() { return UnitInterval(env_.random()); }

CallId Client::Start(const Call::Script& script, CallCallbacks callbacks) {
  CallId id = next_call_++;
  auto call = std::make_shared<Call>(*this, id, std::move(callbacks));
  calls_.emplace(id, call);
  call->starting_ = true;
  script(*call);
  call->starting_ = false;
  return id;
}

CallId Client::StartRejected(Error error, CallCallbacks callbacks) {
  return Start([error = std::move(error)](Call& call) { call.Reject(error); },
               std::move(callbacks));
}

void Client::Cancel(CallId id) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  std::shared_ptr<Call> call = it->second;
  call->Abort();
}

void Client::ProvideToken(std::uint64_t request_id, std::string token) {
  if (provider_) provider_->Provide(request_id, std::move(token));
}

void Client::FailToken(std::uint64_t request_id, Error error) {
  if (provider_) provider_->Fail(request_id, std::move(error));
}

std::shared_ptr<Call> Client::Detach(CallId id) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return nullptr;
  std::shared_ptr<Call> call = std::move(it->second);
  calls_.erase(it);
  return call;
}

std::string Client::RedactSecrets(std::string text, std::string_view token_used) const {
  return Redact(std::move(text), {config_.client_secret, token_used, tokens_->current()});
}

}  // namespace gdconv
