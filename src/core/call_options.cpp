// SPDX-License-Identifier: MIT
#include "core/call_options.h"

#include <limits>
#include <utility>

namespace gdconv {
namespace {

constexpr std::int64_t kMinuteMs = 60000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;

// Reads an optional integer of `obj` in [lo, hi]; `name` prefixes the message.
std::string ReadBounded(const Json& obj, const char* key, const std::string& name, std::int64_t lo,
                        std::int64_t hi, std::optional<std::int64_t>& out) {
  std::string why = ReadOptional(obj, key, out, "");
  if (!why.empty()) return name + why;
  if (out && (*out < lo || *out > hi)) {
    return name + key + ": expected " + std::to_string(lo) + ".." + std::to_string(hi);
  }
  return "";
}

}  // namespace

std::string ReadRetryOptions(const Json& obj, RetryPolicy& policy) {
  std::optional<std::int64_t> max_retries, max_attempts, base, max, deadline;
  std::string why = ReadBounded(obj, "maxRetries", "", 0, 10, max_retries);
  if (!why.empty()) return why;
  auto retry = obj.find("retry");
  if (retry != obj.end() && !retry->is_null()) {
    if (!retry->is_object()) return "retry: expected an object";
    for (std::string problem :
         {ReadBounded(*retry, "maxAttempts", "retry.", 1, 11, max_attempts),
          ReadBounded(*retry, "baseDelayMs", "retry.", 0, 10 * kMinuteMs, base),
          ReadBounded(*retry, "maxDelayMs", "retry.", 0, kHourMs, max),
          ReadBounded(*retry, "deadlineMs", "retry.", 0, 24 * kHourMs, deadline)}) {
      if (!problem.empty()) return problem;
    }
  }
  if (max_retries && max_attempts) return "maxRetries and retry.maxAttempts: give one of them";
  if (max_retries) policy.max_attempts = static_cast<int>(*max_retries) + 1;
  if (max_attempts) policy.max_attempts = static_cast<int>(*max_attempts);
  if (base) policy.base_ms = *base;
  if (max) policy.max_ms = *max;
  if (deadline) policy.deadline_ms = *deadline;
  return "";
}

Result<CallOptions> TakeCallOptions(Json& args, const RetryPolicy& client_retry) {
  auto invalid = [](std::string why) {
    return Error(MakeError(ErrorCode::kInvalidArgument, std::move(why)));
  };
  CallOptions options;
  options.retry = client_retry;
  if (!args.is_object()) return options;
  std::optional<std::int64_t> timeout, request_timeout;
  std::string why = ReadBounded(args, "timeoutMs", "", 0, std::numeric_limits<int>::max(), timeout);
  if (why.empty()) {
    why = ReadBounded(args, "requestTimeoutMs", "", 0, std::numeric_limits<int>::max(),
                      request_timeout);
  }
  if (why.empty()) why = ReadRetryOptions(args, options.retry);
  if (!why.empty()) return invalid(why);
  options.timeout_ms = timeout.value_or(0);
  if (request_timeout) options.request_timeout_ms = static_cast<int>(*request_timeout);
  for (const char* key : {"timeoutMs", "requestTimeoutMs", "maxRetries", "retry"}) args.erase(key);
  return options;
}

}  // namespace gdconv
