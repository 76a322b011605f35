// SPDX-License-Identifier: MIT
#include "core/policy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "core/errors.h"

namespace gdconv {

double UnitInterval(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

bool IsRetryableStatus(int status) {
  // Transient by definition; other 5xx (501 Not Implemented, 505 ...) will not change on a retry.
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

std::int64_t PollPolicy::Delay(int poll) const {
  auto delay = static_cast<double>(initial_ms);
  for (int i = 0; i < poll && delay < static_cast<double>(max_ms); ++i) delay *= factor;
  return std::min<std::int64_t>(max_ms, static_cast<std::int64_t>(delay));
}

std::int64_t RetryPolicy::Delay(int retry, double unit_random,
                                std::optional<std::int64_t> retry_after_ms) const {
  if (retry_after_ms) return std::max<std::int64_t>(*retry_after_ms, 0);
  std::int64_t cap = std::max<std::int64_t>(base_ms, 0);
  for (int i = 0; i < retry && cap < max_ms; ++i) cap *= 2;
  cap = std::min(cap, max_ms);
  double r = std::clamp(unit_random, 0.0, 1.0);
  return std::max<std::int64_t>(
      0, static_cast<std::int64_t>(std::floor(r * static_cast<double>(cap))));
}

std::optional<std::int64_t> RetryPolicy::NextDelay(bool idempotent, const HttpResponse& response,
                                                   int attempts, std::int64_t elapsed_ms,
                                                   const std::function<double()>& unit_random,
                                                   std::int64_t now_ms) const {
  if (!IsReplayable(idempotent, response) || attempts >= max_attempts) return std::nullopt;
  auto retry_after = ParseRetryAfterMs(response.header("retry-after"), now_ms);
  std::int64_t delay =
      Delay(attempts - 1, retry_after || !unit_random ? 0.5 : unit_random(), retry_after);
  // A server that asks for a longer wait than the deadline allows gets its answer now, not a
  // retry sent early into the same refusal.
  if (deadline_ms > 0 && elapsed_ms + delay > deadline_ms) return std::nullopt;
  return delay;
}

bool IsReplayable(bool idempotent, const HttpResponse& response) {
  if (response.failure == TransportFailure::kConnect) return true;
  if (response.failure == TransportFailure::kTls) return false;  // would fail the same way
  if (idempotent) {
    return response.failure != TransportFailure::kNone || IsRetryableStatus(response.status);
  }
  return response.failure == TransportFailure::kNone &&
         (response.status == 429 || response.status == 503);
}

bool MayHaveApplied(bool idempotent, const HttpResponse& response) {
  if (idempotent) return false;
  if (response.failure == TransportFailure::kNetwork ||
      response.failure == TransportFailure::kTimeout) {
    return true;
  }
  return response.failure == TransportFailure::kNone &&
         (response.status == 408 || response.status == 500 || response.status == 502 ||
          response.status == 504);
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
// Date Algorithms", days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "Sun, 06 Nov 1994 08:49:37 GMT" → epoch ms.
std::optional<std::int64_t> ParseImfFixdate(std::string_view v) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (v.size() != 29 || v[3] != ',' || v[4] != ' ' || v.substr(25) != " GMT") return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int n = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(v[i]))) return std::nullopt;
      n = n * 10 + (v[i] - '0');
    }
    return n;
  };
  auto day = num(5, 2), year = num(12, 4), hh = num(17, 2), mm = num(20, 2), ss = num(23, 2);
  if (!day || !year || !hh || !mm || !ss) return std::nullopt;
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (v.substr(8, 3) == kMonths[i]) month = i + 1;
  }
  if (month == 0 || *day < 1 || *day > 31 || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
  std::int64_t days = DaysFromCivil(*year, month, static_cast<unsigned>(*day));
  return ((days * 24 + *hh) * 60 + *mm) * 60000 + static_cast<std::int64_t>(*ss) * 1000;
}

}  // namespace

std::optional<std::int64_t> ParseRetryAfterMs(std::string_view value, std::int64_t now_ms) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 9) return std::nullopt;  // > 31 years: not a real instruction
    std::int64_t seconds = 0;
    for (char c : value) seconds = seconds * 10 + (c - '0');
    return seconds * 1000;
  }
  auto at = ParseImfFixdate(value);
  if (!at) return std::nullopt;
  return std::max<std::int64_t>(0, *at - now_ms);
}

std::int64_t TokenRefreshPolicy::RefreshAtMs(std::int64_t obtained_ms,
                                             std::int64_t expires_ms) const {
  std::int64_t lifetime = expires_ms - obtained_ms;
  std::int64_t margin = lifetime > 0 ? std::min(max_margin_ms, lifetime / 4) : 0;
  return expires_ms - margin;
}

}  // namespace gdconv
