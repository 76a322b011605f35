// SPDX-License-Identifier: MIT
// What a client is configured with (the configJson of bindings/RAW_API.md), and the reliability
// bounds a call may set for itself over the client's (the same keys in every method's arguments:
// RAW_API.md, "Reliability options"): overall and per-request timeouts and the retry policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/json.h"
#include "core/policy.h"

namespace gdconv {

inline constexpr const char* kDefaultBaseUrl = "https://api.groupdocs.cloud";

// Where the API is.
struct ApiConfig {
  std::string base_url = kDefaultBaseUrl;  // without trailing '/'
  int timeout_ms = 0;                      // per request
};

struct ClientConfig {
  ApiConfig api;
  std::string client_id;
  std::string client_secret;
  bool token_provider = false;
  RetryPolicy retry;
  PollPolicy poll;
};

// `url` without trailing '/'.
std::string TrimBaseUrl(std::string_view url);

// Parses the configJson; a mistake is invalid_argument "invalid config: …".
Result<ClientConfig> ParseClientConfig(std::string_view json_text);

struct CallOptions {
  // The whole call (every request, retry, backoff and poll); 0 = no limit. Ends in `timeout`.
  std::int64_t timeout_ms = 0;
  // Each HTTP request of the call; unset = the client's timeoutMs.
  std::optional<int> request_timeout_ms;
  RetryPolicy retry;
};

// Reads a call's reliability keys (timeoutMs, requestTimeoutMs, maxRetries, retry) from its
// arguments, over the client's retry policy.
Result<CallOptions> ReadCallOptions(const Json& args, const RetryPolicy& client_retry);

}  // namespace gdconv
