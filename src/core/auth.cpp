// SPDX-License-Identifier: MIT
#include "core/auth.h"

#include <cmath>

#include "core/json.h"
#include "core/requests.h"
#include "core/responses.h"

namespace gdconv {
namespace {
// Bounds on what a token's lifetime can sensibly be; beyond them the value is a server bug.
constexpr std::int64_t kMaxExpSeconds = 253402300799;        // 9999-12-31T23:59:59Z
constexpr double kMaxExpiresInSeconds = 10.0 * 365 * 86400;  // ten years

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}
}  // namespace

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;  // no valid encoding has this length
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = Base64UrlValue(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::optional<std::int64_t> JwtExpirySeconds(std::string_view token) {
  std::size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  std::size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto payload = Base64UrlDecode(token.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  auto claims = ParseJson(*payload);
  if (!claims || !claims->is_object()) return std::nullopt;
  auto exp = claims->find("exp");
  if (exp == claims->end()) return std::nullopt;
  auto seconds = JsonToNumber(*exp);
  if (!seconds || *seconds <= 0 || *seconds > static_cast<double>(kMaxExpSeconds)) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::floor(*seconds));
}

std::optional<std::int64_t> TokenExpiresAtMs(std::string_view token,
                                             std::optional<double> expires_in_seconds,
                                             std::int64_t now_ms) {
  bool have_expires_in =
      expires_in_seconds && std::isfinite(*expires_in_seconds) && *expires_in_seconds > 0;
  if (auto exp = JwtExpirySeconds(token)) {
    std::int64_t exp_ms = *exp * 1000;
    // An exp already past means the clocks disagree; the server's relative lifetime is then the
    // better guide (and refetching before every call, as the Node SDK does, the worse one).
    if (exp_ms > now_ms || !have_expires_in) return exp_ms;
  }
  if (have_expires_in) {
    double seconds = std::min(*expires_in_seconds, kMaxExpiresInSeconds);
    return now_ms + static_cast<std::int64_t>(seconds * 1000);
  }
  return std::nullopt;
}

// ---- TokenSource: cache + single flight --------------------------------------------------------

TokenSource::TokenSource(Scheduler& scheduler, TokenRefreshPolicy policy)
    : scheduler_(scheduler), policy_(policy) {}

TokenSource::~TokenSource() = default;

TokenSource::WaitId TokenSource::Get(Callback done) {
  if (!token_.empty() && (refresh_at_ms_ == 0 || scheduler_.now_ms() < refresh_at_ms_)) {
    done(token_);
    return 0;
  }
  WaitId id = next_wait_++;
  waiters_.emplace(id, std::move(done));
  if (!fetching_) {
    fetching_ = true;
    StartFetch();  // may Deliver right away (a provider hook answering synchronously)
  }
  return waiters_.count(id) ? id : 0;
}

void TokenSource::Cancel(WaitId id) {
  if (id == 0 || waiters_.erase(id) == 0) return;
  if (waiters_.empty() && fetching_) {
    fetching_ = false;
    AbortFetch();
  }
}

void TokenSource::Invalidate(std::string_view token) {
  if (!token_.empty() && token == token_) {
    token_.clear();
    refresh_at_ms_ = 0;
  }
}

void TokenSource::Deliver(Result<std::string> token, std::optional<double> expires_in_seconds) {
  fetching_ = false;
  if (token) {
    std::int64_t now = scheduler_.now_ms();
    token_ = token.value();
    auto expires = TokenExpiresAtMs(token_, expires_in_seconds, now);
    refresh_at_ms_ = expires ? policy_.RefreshAtMs(now, *expires) : 0;
    // A token that is due already still serves the calls waiting for it, but is not cached.
    if (expires && refresh_at_ms_ <= now) token_.clear();
  }
  // Callbacks may start new waits, or tear the whole client (and this object) down: work on a copy
  // and touch no member afterwards.
  std::map<WaitId, Callback> waiters;
  waiters.swap(waiters_);
  for (auto& [id, done] : waiters) done(token);
}

// ---- Client credentials ------------------------------------------------------------------------

ClientCredentialsTokenSource::ClientCredentialsTokenSource(
    Transport& transport, Scheduler& scheduler, ApiConfig config, std::string client_id,
    std::string client_secret, RetryPolicy retry, std::function<double()> unit_random)
    : TokenSource(scheduler),
      transport_(transport),
      config_(std::move(config)),
      client_id_(std::move(client_id)),
      client_secret_(std::move(client_secret)),
      retry_(retry),
      unit_random_(std::move(unit_random)) {}

// Qualified: a virtual call in a destructor does not dispatch, so say which one runs.
ClientCredentialsTokenSource::~ClientCredentialsTokenSource() {
  ClientCredentialsTokenSource::AbortFetch();
}

void ClientCredentialsTokenSource::StartFetch() {
  attempts_ = 0;
  first_attempt_ms_ = scheduler_.now_ms();
  Attempt();
}

void ClientCredentialsTokenSource::AbortFetch() {
  if (request_) transport_.cancel(request_);
  if (retry_timer_) scheduler_.cancel(retry_timer_);
  request_ = 0;
  retry_timer_ = 0;
}

void ClientCredentialsTokenSource::Attempt() {
  ++attempts_;
  // `this` outlives the request: the destructor cancels it, and a cancelled request never calls
  // back.
  request_ = transport_.send(TokenRequest(config_, client_id_, client_secret_),
                             [this](const HttpResponse& response) {
                               request_ = 0;
                               OnResponse(response);
                             });
}

void ClientCredentialsTokenSource::OnResponse(const HttpResponse& response) {
  // Issuing a token twice has no effect beyond the token: the request is idempotent.
  std::int64_t now = scheduler_.now_ms();
  if (auto delay = retry_.NextDelay(/*idempotent=*/true, response, attempts_,
                                    now - first_attempt_ms_, unit_random_, now)) {
    retry_timer_ = scheduler_.after(*delay, [this] {
      retry_timer_ = 0;
      Attempt();
    });
    return;
  }
  Result<TokenResponse> parsed = ReadTokenResponse(response);
  if (!parsed) {
    Deliver(parsed.error(), std::nullopt);
    return;
  }
  Deliver(parsed.value().access_token, parsed.value().expires_in);
}

// ---- Provider (browser) ------------------------------------------------------------------------

ProviderTokenSource::ProviderTokenSource(Scheduler& scheduler,
                                         std::function<void(std::uint64_t)> request_hook)
    : TokenSource(scheduler), request_hook_(std::move(request_hook)) {}

void ProviderTokenSource::StartFetch() {
  pending_request_ = next_request_++;
  if (request_hook_) {
    request_hook_(pending_request_);
  } else {
    pending_request_ = 0;
    Deliver(MakeError(ErrorCode::kAuthFailed, "no token provider hook"), std::nullopt);
  }
}

void ProviderTokenSource::AbortFetch() { pending_request_ = 0; }

void ProviderTokenSource::Provide(std::uint64_t request_id, std::string token) {
  if (request_id == 0 || request_id != pending_request_) return;
  pending_request_ = 0;
  if (token.empty()) {
    Deliver(MakeError(ErrorCode::kAuthFailed, "the token provider returned an empty token"),
            std::nullopt);
    return;
  }
  Deliver(std::move(token), std::nullopt);
}

void ProviderTokenSource::Fail(std::uint64_t request_id, Error error) {
  if (request_id == 0 || request_id != pending_request_) return;
  pending_request_ = 0;
  Deliver(std::move(error), std::nullopt);
}

}  // namespace gdconv
