// SPDX-License-Identifier: MIT
// The two seams the core is driven through: Transport (HTTP) and Scheduler (timers + clock).
// The wasm build implements them with emscripten_fetch and emscripten timers (src/transport/);
// native tests implement them with a scripted fake and a fake clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/buffer.h"

namespace gdconv {

using Headers = std::vector<std::pair<std::string, std::string>>;

enum class TransferDirection { kUpload, kDownload };
// Bytes of a body moved so far; `total` is 0 while unknown (a response without Content-Length).
using TransferProgress =
    std::function<void(TransferDirection direction, std::uint64_t loaded, std::uint64_t total)>;

struct HttpRequest {
  std::string method;  // "GET", "POST", "PUT", "DELETE"
  std::string url;     // absolute, already percent-encoded
  Headers headers;
  Buffer body;  // shared, so a retry or a 401 replay resends it without a copy
  // Bytes the platform inserts into `body` as it goes out: an upload's payload sent from the
  // caller's own object (a file, a Blob, an array) and never copied into `body`
  // (MultipartBody's payload_apart; bindings/embind.cpp). The body on the wire is
  // body.size() + inserted_size bytes.
  std::size_t inserted_size = 0;
  // Where the bytes of a file answer go, for the platform (the wasm build: a sink the binding
  // registered under this id, e.g. a file on disk or a Blob); 0: into memory, as the body.
  std::uint64_t sink = 0;
  int timeout_ms = 0;       // 0 = no per-request timeout
  bool idempotent = false;  // may be retried after a network error, a timeout or a retryable status
  // Optional. The transport calls it as the body goes out (kUpload: bytes handed to the network)
  // and as the body of a 2xx response comes in (kDownload), as often as it learns something; values
  // may repeat. Never inside send(), never after `done` ran or the request was cancelled.
  TransferProgress on_progress;
};

// Why a request produced no HTTP response. kConnect is the one failure known to have happened
// before any byte of the request left (connection refused, DNS): the server never saw it, so even a
// request that is not idempotent may be sent again. kNetwork (reset, dropped, cut short) and
// kTimeout may have reached the server. Transports that cannot tell (browsers' XHR) use kNetwork.
// kTls: the TLS handshake failed (a certificate not trusted or for another host name, no common
// protocol). Nothing of the request left either, but sending it again would fail the same way: it
// is final, and the user has to trust the server's CA (issue 12: the Node `ca` option).
enum class TransportFailure { kNone, kNetwork, kTimeout, kConnect, kTls };

// ASCII case-insensitive equality (header names, storage path segments).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct HttpResponse {
  int status = 0;   // 0 when failure != kNone
  Headers headers;  // names lower-cased by the transport
  Buffer body;
  TransportFailure failure = TransportFailure::kNone;
  std::string failure_text;  // transport detail for failures; never contains the request
  // Set by the retry layer (Call) on the final response of a request that is not idempotent and
  // failed in a way that leaves unknown whether the server acted on it (policy.h, "POST rule").
  bool may_have_applied = false;

  // First value of a header (name compared case-insensitively), or "" if absent.
  std::string_view header(std::string_view name) const;
  bool ok() const { return failure == TransportFailure::kNone && status >= 200 && status < 300; }
};

using RequestId = std::uint64_t;
using TimerId = std::uint64_t;

class Transport {
 public:
  using Callback = std::function<void(HttpResponse)>;
  virtual ~Transport() = default;
  // Starts the request. `done` runs exactly once, always later (never inside send), unless the
  // request is cancelled first. Ids are never 0.
  virtual RequestId send(HttpRequest request, Callback done) = 0;
  // Aborts the request if still in flight; its callback will not run. Unknown ids are ignored.
  virtual void cancel(RequestId id) = 0;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Runs `fn` once, `delay_ms` from now, always later (never inside after). Ids are never 0.
  virtual TimerId after(std::int64_t delay_ms, std::function<void()> fn) = 0;
  // The timer will not run. Unknown ids are ignored.
  virtual void cancel(TimerId id) = 0;
  // Wall-clock milliseconds since the Unix epoch: token `exp` claims are wall-clock seconds.
  virtual std::int64_t now_ms() const = 0;
};

}  // namespace gdconv
