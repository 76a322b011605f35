// SPDX-License-Identifier: MIT
// Byte progress of one request's body going out (upload) or coming in (download), as the raw
// `{"type":"upload"|"download", ..., "loaded", "total"}` events of bindings/RAW_API.md.
//
// Transports report every step they see (a browser fires XHR progress every ~50 ms, the Node
// adapter once per chunk written or read); ProgressThrottle keeps what a progress bar needs: a
// value that only grows, at most about 100 steps per transfer plus one every 100 ms, and always the
// end.
#pragma once

#include <cstdint>

#include "core/json.h"

namespace gdconv {

// Which transfer events a request of a call reports (Call::Send).
struct TransferReport {
  bool upload = false;    // {"type":"upload","loaded","total"} while the body goes out
  bool download = false;  // {"type":"download", ...fields, "loaded","total"} while it comes in
  Json fields = Json::object();  // added to each download event: {"index","count"}

  static TransferReport Upload() { return {true, false, Json::object()}; }
  static TransferReport Download(std::size_t index, std::size_t count) {
    return {false, true, Json{{"index", index}, {"count", count}}};
  }
};

// {"type":"stage","stage":…}: which step of convert() runs now (token, upload, convert, download).
Json StageEvent(const char* stage);

class ProgressThrottle {
 public:
  static constexpr std::int64_t kIntervalMs = 100;  // a report at least this often while it moves
  static constexpr std::uint64_t kSteps = 100;  // …and whenever it moved 1/kSteps of the total

  // Whether (loaded, total) is worth reporting now. `total` 0 means not known (yet). Refuses
  // repeats and values that go back (a redirect sends the body again), so what is reported never
  // decreases; always accepts the first report and the first that reaches a known total.
  bool Accept(std::uint64_t loaded, std::uint64_t total, std::int64_t now_ms);

  // Whether (loaded, total) was the last value accepted.
  bool Reported(std::uint64_t loaded, std::uint64_t total) const {
    return started_ && loaded == last_loaded_ && total == last_total_;
  }

 private:
  bool started_ = false;
  std::uint64_t last_loaded_ = 0;
  std::uint64_t last_total_ = 0;
  std::int64_t last_ms_ = 0;
};

}  // namespace gdconv
