// SPDX-License-Identifier: MIT
// A scripted Transport and a fake clock: every test of the flow runs deterministically, with no
// sockets and no real time.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/http.h"

namespace gdconv::testing {

class FakeScheduler : public Scheduler {
 public:
  static constexpr std::int64_t kStart = 1'800'000'000'000;  // 2027-01-15, epoch ms

  TimerId after(std::int64_t delay_ms, std::function<void()> fn) override {
    TimerId id = next_id_++;
    timers_.push_back({now_ + std::max<std::int64_t>(0, delay_ms), id, std::move(fn)});
    delays_.push_back(delay_ms);
    return id;
  }
  void cancel(TimerId id) override {
    auto it =
        std::find_if(timers_.begin(), timers_.end(), [&](const Timer& t) { return t.id == id; });
    if (it != timers_.end()) {
      timers_.erase(it);
      cancelled_.push_back(id);
    }
  }
  std::int64_t now_ms() const override { return now_; }

  // Runs every timer due by now + ms, in due order (ties: creation order), moving the clock to
  // each.
  void Advance(std::int64_t ms) {
    std::int64_t until = now_ + ms;
    for (;;) {
      auto next =
          std::min_element(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
            return a.due != b.due ? a.due < b.due : a.id < b.id;
          });
      if (next == timers_.end() || next->due > until) break;
      now_ = next->due;
      Timer t = std::move(*next);
      timers_.erase(next);
      t.fn();
    }
    now_ = until;
  }
  // Runs what is due now (zero-delay deferrals included).
  void Flush() { Advance(0); }
  // Moves the clock to the next timer and runs it; returns the delay it waited, or -1 if none.
  std::int64_t RunNext() {
    if (timers_.empty()) return -1;
    auto next =
        std::min_element(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
          return a.due != b.due ? a.due < b.due : a.id < b.id;
        });
    std::int64_t waited = next->due - now_;
    Advance(waited);
    return waited;
  }
  std::size_t pending() const { return timers_.size(); }
  // Delays of timers whose delay was > 0, in the order they were set (the poll/backoff schedule).
  std::vector<std::int64_t> positive_delays() const {
    std::vector<std::int64_t> out;
    for (auto d : delays_) {
      if (d > 0) out.push_back(d);
    }
    return out;
  }
  const std::vector<TimerId>& cancelled() const { return cancelled_; }
  void set_now(std::int64_t now) { now_ = now; }

 private:
  struct Timer {
    std::int64_t due;
    TimerId id;
    std::function<void()> fn;
  };
  std::int64_t now_ = kStart;
  TimerId next_id_ = 1;
  std::vector<Timer> timers_;
  std::vector<std::int64_t> delays_;
  std::vector<TimerId> cancelled_;
};

class FakeTransport : public Transport {
 public:
  struct Sent {
    RequestId id;
    HttpRequest request;
    Callback done;
    bool cancelled = false;
    bool answered = false;
  };

  RequestId send(HttpRequest request, Callback done) override {
    RequestId id = next_id_++;
    sent_.push_back({id, std::move(request), std::move(done)});
    return id;
  }
  void cancel(RequestId id) override {
    for (Sent& s : sent_) {
      if (s.id == id && !s.answered && !s.cancelled) {
        s.cancelled = true;
        cancelled_.push_back(id);
      }
    }
  }

  // The oldest request still waiting for an answer (fails the test if there is none).
  Sent& Pending() {
    for (Sent& s : sent_) {
      if (!s.answered && !s.cancelled) return s;
    }
    ADD_FAILURE() << "no pending request";
    static Sent none{};
    return none;
  }
  std::size_t pending_count() const {
    return std::count_if(sent_.begin(), sent_.end(),
                         [](const Sent& s) { return !s.answered && !s.cancelled; });
  }
  // Answers the oldest pending request; returns it for inspection.
  HttpRequest Respond(HttpResponse response) {
    Sent& s = Pending();
    s.answered = true;
    HttpRequest request = s.request;
    // exchange, not move: libc++ (the wasm build) copies a small callable out of a moved-from
    // std::function and leaves it there, which would keep what the callback holds alive.
    Callback done = std::exchange(s.done, nullptr);
    if (done) done(std::move(response));
    return request;
  }
  // Reports bytes of the oldest pending request's body moving, as a transport does in flight.
  void Progress(TransferDirection direction, std::uint64_t loaded, std::uint64_t total) {
    Sent& s = Pending();
    // A copy: the callback may cancel the request, and with it the Sent entry's state.
    TransferProgress report = s.request.on_progress;
    if (report) report(direction, loaded, total);
  }
  const std::vector<Sent>& sent() const { return sent_; }
  const std::vector<RequestId>& cancelled() const { return cancelled_; }

 private:
  RequestId next_id_ = 1;
  std::vector<Sent> sent_;
  std::vector<RequestId> cancelled_;
};

inline HttpResponse Reply(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = Buffer::FromString(body);
  r.headers = std::move(headers);
  return r;
}

inline HttpResponse NetworkDown() {
  HttpResponse r;
  r.failure = TransportFailure::kNetwork;
  r.failure_text = "ECONNREFUSED";
  return r;
}

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(GDCONV_FIXTURES_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline HttpResponse FixtureReply(int status, const std::string& name, Headers headers = {}) {
  return Reply(status, ReadFixture(name), std::move(headers));
}

inline std::string Base64Url(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

// An unsigned JWT whose payload is `payload_json`.
inline std::string Jwt(const std::string& payload_json) {
  return Base64Url(R"({"alg":"HS256","typ":"JWT"})") + "." + Base64Url(payload_json) + ".c2ln";
}

inline std::string JwtExpiringAt(std::int64_t exp_seconds) {
  return Jwt(R"({"sub":"local-dev-client","exp":)" + std::to_string(exp_seconds) + "}");
}

inline std::string TokenBody(const std::string& token, int expires_in = 3600) {
  return R"({"access_token":")" + token + R"(","expires_in":)" + std::to_string(expires_in) +
         R"(,"token_type":"Bearer"})";
}

inline std::string HeaderOf(const HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

}  // namespace gdconv::testing
