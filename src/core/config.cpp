// SPDX-License-Identifier: MIT
#include "core/config.h"

#include <cmath>
#include <limits>

#include "core/codec.h"

namespace gdconv {
namespace {

constexpr Int kMinuteMs = 60000;
constexpr Int kHourMs = 60 * kMinuteMs;
constexpr Int kMaxIntMs = std::numeric_limits<int>::max();

// `value`, if set, within [lo, hi]; else the message names the field and the range. Durations are
// milliseconds that may have a fraction (JS computes them with performance.now()): they are rounded
// up.
template <typename Number>
Status InRange(const std::optional<Number>& value, std::string_view name, Int lo, Int hi,
               ErrorCode code) {
  if (!value || (*value >= static_cast<Number>(lo) && *value <= static_cast<Number>(hi))) return {};
  return Within(name, Refused(code, "expected " + std::to_string(lo) + ".." + std::to_string(hi)));
}

using Ms = std::optional<double>;
Int Ceil(double ms) { return static_cast<Int>(std::ceil(ms)); }

Status FirstProblem(std::initializer_list<Status> checks) {
  for (const Status& s : checks) {
    if (!s) return s;
  }
  return {};
}

struct RetryOptions {  // `retry`: the retry policy in full
  std::optional<Int> maxAttempts;
  Ms baseDelayMs, maxDelayMs, deadlineMs;
};

// The keys a client's config and a call's arguments share: `maxRetries` (extra attempts) or
// `retry.maxAttempts` (attempts), and the rest of `retry`.
Status CheckRetryKeys(const std::optional<Int>& max_retries,
                      const std::optional<RetryOptions>& retry, ErrorCode code) {
  if (max_retries && retry && retry->maxAttempts) {
    return Refused(code, "maxRetries and retry.maxAttempts: give one of them");
  }
  return InRange(max_retries, "maxRetries", 0, 10, code);
}

RetryPolicy ApplyRetryKeys(const std::optional<Int>& max_retries,
                           const std::optional<RetryOptions>& retry, RetryPolicy policy) {
  if (max_retries) policy.max_attempts = static_cast<int>(*max_retries) + 1;
  if (!retry) return policy;
  const RetryOptions& r = *retry;
  if (r.maxAttempts) policy.max_attempts = static_cast<int>(*r.maxAttempts);
  if (r.baseDelayMs) policy.base_ms = Ceil(*r.baseDelayMs);
  if (r.maxDelayMs) policy.max_ms = Ceil(*r.maxDelayMs);
  if (r.deadlineMs) policy.deadline_ms = Ceil(*r.deadlineMs);
  return policy;
}

struct ConfigArgs {  // the configJson
  std::optional<std::string> baseUrl, clientId, clientSecret;
  std::optional<bool> tokenProvider;
  Ms timeoutMs;  // per request
  std::optional<Int> maxRetries;
  std::optional<RetryOptions> retry;
};

struct CallArgs {  // a call's reliability keys
  Ms timeoutMs;    // the whole call
  Ms requestTimeoutMs;
  std::optional<Int> maxRetries;
  std::optional<RetryOptions> retry;
};

}  // namespace

template <>
struct RecordOf<RetryOptions> : RecordDefaults {
  using M = RetryOptions;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::maxAttempts>("maxAttempts"), Field<&M::baseDelayMs>("baseDelayMs"),
                  Field<&M::maxDelayMs>("maxDelayMs"), Field<&M::deadlineMs>("deadlineMs"));
  static Status Validate(const M& m, ErrorCode code) {
    return FirstProblem({InRange(m.maxAttempts, "maxAttempts", 1, 11, code),
                         InRange(m.baseDelayMs, "baseDelayMs", 0, 10 * kMinuteMs, code),
                         InRange(m.maxDelayMs, "maxDelayMs", 0, kHourMs, code),
                         InRange(m.deadlineMs, "deadlineMs", 0, 24 * kHourMs, code)});
  }
};

template <>
struct RecordOf<ConfigArgs> : RecordDefaults {
  using M = ConfigArgs;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::baseUrl>("baseUrl"), Field<&M::clientId>("clientId"),
                  Field<&M::clientSecret>("clientSecret"),
                  Field<&M::tokenProvider>("tokenProvider"), Field<&M::timeoutMs>("timeoutMs"),
                  Field<&M::maxRetries>("maxRetries"), Field<&M::retry>("retry"));
  static Status Validate(const M& m, ErrorCode code) {
    return FirstProblem({InRange(m.timeoutMs, "timeoutMs", 0, kMaxIntMs, code),
                         CheckRetryKeys(m.maxRetries, m.retry, code)});
  }
};

template <>
struct RecordOf<CallArgs> : RecordDefaults {
  using M = CallArgs;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::timeoutMs>("timeoutMs"), Field<&M::requestTimeoutMs>("requestTimeoutMs"),
      Field<&M::maxRetries>("maxRetries"), Field<&M::retry>("retry"));
  static Status Validate(const M& m, ErrorCode code) {
    return FirstProblem({InRange(m.timeoutMs, "timeoutMs", 0, kMaxIntMs, code),
                         InRange(m.requestTimeoutMs, "requestTimeoutMs", 0, kMaxIntMs, code),
                         CheckRetryKeys(m.maxRetries, m.retry, code)});
  }
};

std::string TrimBaseUrl(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

Result<ClientConfig> ParseClientConfig(std::string_view json_text) {
  auto fail = [](std::string why) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid config: " + std::move(why));
  };
  auto j = ParseJson(json_text);
  if (!j || !j->is_object()) return fail("expected a JSON object");
  Result<ConfigArgs> args = Decode<ConfigArgs>(*j, ErrorCode::kInvalidArgument);
  if (!args) return fail(args.error().message);
  const ConfigArgs& a = args.value();
  ClientConfig config;
  config.retry = ApplyRetryKeys(a.maxRetries, a.retry, config.retry);
  config.api.base_url = TrimBaseUrl(a.baseUrl.value_or(kDefaultBaseUrl));
  if (config.api.base_url.rfind("http://", 0) != 0 &&
      config.api.base_url.rfind("https://", 0) != 0) {
    return fail("baseUrl: expected an http:// or https:// URL");
  }
  for (char c : config.api.base_url) {
    // XHR's open() throws synchronously on such a URL, which would unwind through the transport.
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '#' || c == '?') {
      return fail("baseUrl: expected an origin (and optional path) without spaces, '?' or '#'");
    }
  }
  config.client_id = a.clientId.value_or("");
  config.client_secret = a.clientSecret.value_or("");
  config.token_provider = a.tokenProvider.value_or(false);
  if (!config.token_provider && (config.client_id.empty() || config.client_secret.empty())) {
    return fail("clientId and clientSecret are required unless tokenProvider is true");
  }
  config.api.timeout_ms = static_cast<int>(Ceil(a.timeoutMs.value_or(0)));
  return config;
}

Result<CallOptions> ReadCallOptions(const Json& args, const RetryPolicy& client_retry) {
  Result<CallArgs> read = Decode<CallArgs>(args, ErrorCode::kInvalidArgument);
  if (!read) return std::move(read.error());
  const CallArgs& a = read.value();
  CallOptions options;
  options.retry = ApplyRetryKeys(a.maxRetries, a.retry, client_retry);
  options.timeout_ms = Ceil(a.timeoutMs.value_or(0));
  if (a.requestTimeoutMs) options.request_timeout_ms = static_cast<int>(Ceil(*a.requestTimeoutMs));
  return options;
}

}  // namespace gdconv
