// SPDX-License-Identifier: MIT
// emscripten_fetch, as shipped in Emscripten 3.1.6, has traps this file exists to contain
// (shared/reference/emscripten-3.1.6.md §2, §8):
// - requestData is copied only at xhr.send(), so the body stays alive here until the callback;
// - response headers come from the live XHR: read them before emscripten_fetch_close;
// - a timeout and a network error both arrive as onerror with status 0: told apart by elapsed time;
// - emscripten_fetch_close on an in-flight fetch does NOT abort the XHR in 3.1.6 (fetchFree only
// forgets
//   it), and the XHR's handlers later write into the freed emscripten_fetch_t. So cancel detaches
//   the handlers and aborts the XHR itself first (gdconv_fetch_abort), then closes.
#include "transport/fetch_transport.h"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/fetch.h>

#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "transport/timers.h"

// clang-format off
EM_JS(void, gdconv_fetch_abort, (unsigned id), {
  var xhr = Fetch.xhrs[id - 1];
  if (!xhr) return;
  xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onprogress = xhr.onreadystatechange = null;
  try { xhr.abort(); } catch (e) {}
});
// Drops the XHR (and its copy of the response) once its data is in the wasm heap and its headers are
// read; the emscripten_fetch_t itself stays open while the body is in use.
EM_JS(void, gdconv_fetch_release_xhr, (unsigned id), {
  delete Fetch.xhrs[id - 1];
});
// clang-format on

namespace gdconv {
namespace {

// Allowance for timer granularity when deciding that a status-0 failure was the timeout.
constexpr double kTimeoutSlackMs = 2;

struct FetchCloser {
  void operator()(emscripten_fetch_t* fetch) const {
    fetch->userData = nullptr;  // a late onerror from close must find nothing to report to
    emscripten_fetch_close(fetch);
  }
};

Headers ParseHeaderBlock(const std::string& block) {
  Headers headers;
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t end = block.find("\r\n", pos);
    if (end == std::string::npos) end = block.size();
    std::string line = block.substr(pos, end - pos);
    pos = end + 2;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t value_start = line.find_first_not_of(' ', colon + 1);
    headers.emplace_back(std::move(name),
                         value_start == std::string::npos ? "" : line.substr(value_start));
  }
  return headers;
}

}  // namespace

struct FetchTransport::InFlight {
  FetchTransport* owner = nullptr;
  RequestId id = 0;
  HttpRequest request;  // owns the URL, header strings and body until the callback
  std::vector<const char*> header_ptrs;
  Callback done;
  emscripten_fetch_t* fetch = nullptr;
  double started_ms = 0;
  bool sending = false;    // inside emscripten_fetch(): results must wait for a later tick
  bool completed = false;  // the response is built; only delivery is left
  HttpResponse response;

  static void OnDone(emscripten_fetch_t* fetch);
};

void FetchTransport::InFlight::OnDone(emscripten_fetch_t* fetch) {
  auto* self = static_cast<InFlight*>(fetch->userData);
  if (!self || self->completed) return;
  fetch->userData = nullptr;
  std::shared_ptr<emscripten_fetch_t> handle(fetch, FetchCloser{});

  HttpResponse& r = self->response;
  if (fetch->status == 0) {
    double elapsed = emscripten_get_now() - self->started_ms;
    int timeout = self->request.timeout_ms;
    r.failure = timeout > 0 && elapsed + kTimeoutSlackMs >= timeout ? TransportFailure::kTimeout
                                                                    : TransportFailure::kNetwork;
    r.failure_text = fetch->statusText;
  } else {
    r.status = fetch->status;
    std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
    if (length > 0) {
      std::string block(length + 1, '\0');
      emscripten_fetch_get_response_headers(fetch, block.data(), block.size());
      block.resize(std::strlen(block.c_str()));
      r.headers = ParseHeaderBlock(block);
    }
    if (fetch->data && fetch->numBytes > 0) {
      // The body stays in the heap block emscripten_fetch filled; the handle closes with the last
      // user.
      r.body = Buffer(handle, reinterpret_cast<const std::uint8_t*>(fetch->data),
                      static_cast<std::size_t>(fetch->numBytes));
    }
  }
  gdconv_fetch_release_xhr(fetch->id);
  self->completed = true;
  self->fetch = nullptr;  // owned by `handle` (and the body) from here on

  FetchTransport* owner = self->owner;
  RequestId id = self->id;
  if (self->sending) {
    EmscriptenScheduler::Instance().after(0, [owner, id] { owner->Deliver(id); });
  } else {
    owner->Deliver(id);
  }
}

FetchTransport::FetchTransport() = default;

FetchTransport::~FetchTransport() {
  while (!in_flight_.empty()) cancel(in_flight_.begin()->first);
}

RequestId FetchTransport::send(HttpRequest request, Callback done) {
  auto entry = std::make_unique<InFlight>();
  InFlight* f = entry.get();
  f->owner = this;
  f->id = next_id_++;
  f->request = std::move(request);
  f->done = std::move(done);
  for (const auto& [key, value] : f->request.headers) {
    f->header_ptrs.push_back(key.c_str());
    f->header_ptrs.push_back(value.c_str());
  }
  f->header_ptrs.push_back(nullptr);
  in_flight_.emplace(f->id, std::move(entry));

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, f->request.method.c_str(), sizeof(attr.requestMethod) - 1);
  // REPLACE with FETCH_SUPPORT_INDEXEDDB=0: straight to XHR, no cache lookup, and send() is
  // synchronous, so the body is copied before emscripten_fetch returns.
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.userData = f;
  attr.onsuccess = &InFlight::OnDone;
  attr.onerror = &InFlight::OnDone;
  attr.requestHeaders = f->header_ptrs.data();
  if (!f->request.body.empty()) {
    attr.requestData = reinterpret_cast<const char*>(f->request.body.data());
    attr.requestDataSize = f->request.body.size();
  }
  attr.timeoutMSecs = static_cast<unsigned>(f->request.timeout_ms > 0 ? f->request.timeout_ms : 0);

  RequestId id = f->id;
  f->started_ms = emscripten_get_now();
  f->sending = true;
  emscripten_fetch_t* fetch = emscripten_fetch(&attr, f->request.url.c_str());
  f->sending = false;
  if (!f->completed) {
    f->fetch = fetch;
    if (!fetch) {  // emscripten_fetch gives up only when out of memory
      f->completed = true;
      f->response.failure = TransportFailure::kNetwork;
      f->response.failure_text = "emscripten_fetch failed";
      EmscriptenScheduler::Instance().after(0, [this, id] { Deliver(id); });
    }
  }
  return id;
}

void FetchTransport::Deliver(RequestId id) {
  auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return;  // cancelled meanwhile
  std::unique_ptr<InFlight> f = std::move(it->second);
  in_flight_.erase(it);
  // The callback may send or cancel other requests: nothing of `this` is used after it.
  Callback done = std::move(f->done);
  HttpResponse response = std::move(f->response);
  f.reset();  // releases the request body now
  done(std::move(response));
}

void FetchTransport::cancel(RequestId id) {
  auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return;
  std::unique_ptr<InFlight> f = std::move(it->second);
  in_flight_.erase(it);
  if (f->fetch && !f->completed) {
    gdconv_fetch_abort(f->fetch->id);
    FetchCloser{}(
        f->fetch);  // still in flight for emscripten: it calls onerror, which finds no userData
  }
}

}  // namespace gdconv
