// SPDX-License-Identifier: MIT
// emscripten_fetch, as shipped in Emscripten 3.1.6, has traps this file exists to contain
// (shared/reference/emscripten-3.1.6.md §2, §8):
// - requestData is copied only at xhr.send(), so the body stays alive here until the callback;
// - response headers come from the live XHR: read them before emscripten_fetch_close;
// - a timeout and a network error both arrive as onerror with status 0: told apart by elapsed time;
// - emscripten_fetch_close on an in-flight fetch does NOT abort the XHR in 3.1.6 (fetchFree only
//   forgets it), and the XHR's handlers later write into the freed emscripten_fetch_t. So cancel
//   detaches the handlers and aborts the XHR itself first (gdconv_fetch_abort), then closes;
// - Fetch.js copies a request body out of the heap (HEAPU8.slice) before send(), and a response
//   from the XHR's buffer into a fresh heap block: a 100 MB upload or download would cost two more
//   copies of itself. So bodies follow the zero-copy contract of
//   src/transport/js/body-contract.pre.js: the body is staged for the XHR instead, with an upload's
//   payload left unfilled and sent from the caller's own array or Blob (bindings/embind.cpp); the
//   Node adapter (src/transport/js/node-xhr*.pre.js) streams it from the heap and that array, a
//   browser's XHR and the fetch() adapter (fetch-xhr.pre.js) get it as one Blob of the heap
//   envelope and the payload (src/transport/js/blob-bodies.pre.js). With an adapter the response is
//   taken from the heap block it filled (no EMSCRIPTEN_FETCH_LOAD_TO_MEMORY); browsers' XHR keeps
//   one copy of a response;
// - Fetch.js reports download progress (attr.onprogress: dataOffset is the bytes received, as no
//   STREAM_DATA is asked for) but never listens to xhr.upload. Upload progress comes from
//   src/transport/js/upload-progress.pre.js, which gives the XHR of a request that asks
//   (gdconv_fetch_watch_upload) an upload listener before send(), and calls
//   gdconv_on_upload_progress with the fetch id.
// The EM_JS helpers below share their state with that JavaScript through one object,
// gdconvTransport (src/transport/js/transport-state.pre.js), and find a request's XHR through
// gdconvXhrOfFetch (src/transport/js/fetch-xhrs.pre.js), never through Fetch.js's internals.
#include "transport/fetch_transport.h"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/fetch.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "transport/timers.h"

// clang-format off
EM_JS(void, gdconv_fetch_abort, (unsigned id), {
  var xhr = gdconvXhrOfFetch(id);
  if (!xhr) return;
  xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onprogress = xhr.onreadystatechange = null;
  if (xhr.upload) xhr.upload.onprogress = null;
  try { xhr.abort(); } catch (e) {}
  if (typeof xhr.gdconvRelease == 'function') xhr.gdconvRelease();  // an adapter's heap blocks
});
// Why a request got no response, when the XHR can say (an adapter's xhr.gdconvFailure; browsers'
// XHR cannot): -1 unknown, 0 network, 1 never sent (connect failed), 2 timeout, 3 TLS (the
// handshake failed: a certificate refused). Writes a short description into `text`.
EM_JS(int, gdconv_fetch_failure, (unsigned id, char* text, int size), {
  var xhr = gdconvXhrOfFetch(id);
  var failure = xhr && xhr.gdconvFailure;
  if (!failure) return -1;
  stringToUTF8(String(failure.text || ""), text, size);
  return failure.kind | 0;
});
// Drops the XHR (and its copy of the response) once its body is taken and its headers are read; the
// emscripten_fetch_t itself stays open while the body is in use.
EM_JS(void, gdconv_fetch_release_xhr, (unsigned id), {
  var xhr = gdconvXhrOfFetch(id);
  if (xhr && typeof xhr.gdconvRelease == 'function') xhr.gdconvRelease();
  gdconvForgetFetchXhr(id);
});
// Hands the body to the next XHR send() (1), instead of letting Fetch.js copy it: with this build's
// adapter or a browser's XHR (gdconvTransport.adopts); 0 with a host's own XHR.
EM_JS(int, gdconv_fetch_stage_body, (const void* ptr, double size), {
  if (!gdconvTransport.adopts) return 0;
  gdconvTransport.stagedBody = { ptr: ptr, size: size };
  return 1;
});
// The next XHR the glue constructs reports its upload progress (1), or none (0). Set right before
// emscripten_fetch, which constructs and sends the XHR synchronously; cleared right after.
EM_JS(void, gdconv_fetch_watch_upload, (int on), {
  gdconvTransport.watchNextUpload = !!on;
});
// The next XHR the glue constructs belongs to the client whose network settings are registered
// under `route` (RoutedTransport; 0: none). Set right before emscripten_fetch, cleared right after.
EM_JS(void, gdconv_fetch_route, (unsigned route), {
  gdconvTransport.nextRoute = route;
});
// The next XHR the glue constructs writes a file answer to the sink registered under `sink`
// (HttpRequest::sink; 0: none). Set right before emscripten_fetch, cleared right after.
EM_JS(void, gdconv_fetch_sink, (double sink), {
  gdconvTransport.nextSink = sink;
});
EM_JS(void, gdconv_fetch_unstage_body, (), {
  gdconvTransport.stagedBody = null;
});
// The response body as a malloc'ed heap block that the caller frees (0 when empty): the one the
// adapter filled (xhr.gdconvHeapBody), or else a copy of the XHR's ArrayBuffer. *size receives its
// length. A file kept in JS (xhr.gdconvFileBody: a 2xx application/octet-stream answer to a
// request that accepts it, as an array, or as what the call's sink made of it: a file on disk, a
// Blob) gets a one-byte key block instead, registered in gdconvTransport.files, and *file = 1: the
// caller holds it as a Buffer::Elsewhere of the file's size and releases it with
// gdconv_fetch_forget_file. The core only passes such a body through (ReadBytes) and
// bindings/embind.cpp hands out the JS value in its place; the file never takes room in the heap,
// so it may be bigger than the heap can grow (issue 13).
EM_JS(void*, gdconv_fetch_take_body, (unsigned id, double* size, int* file), {
  var xhr = gdconvXhrOfFetch(id);
  HEAPF64[size >> 3] = 0;
  HEAP32[file >> 2] = 0;
  if (!xhr) return 0;
  var held = xhr.gdconvFileBody;
  // A browser's XHR asked for a Blob (a call's sink: glue-xhr.pre.js) holds the file the same way.
  if (!held && typeof Blob == 'function' && xhr.response instanceof Blob && xhr.gdconvSink) {
    held = { bytes: xhr.response, size: xhr.response.size, place: 0 };
  }
  if (held) {
    xhr.gdconvFileBody = null;
    var place = held.place || _malloc(1);
    if (!place) return 0;
    HEAPU8[place] = 0;
    gdconvTransport.files.set(place, held.bytes);
    HEAPF64[size >> 3] = held.size;
    HEAP32[file >> 2] = 1;
    return place;
  }
  var block = xhr.gdconvHeapBody;
  if (block) {
    xhr.gdconvHeapBody = null;
    HEAPF64[size >> 3] = block.size;
    return block.ptr;
  }
  var r = xhr.response;
  var n = r ? r.byteLength : 0;
  if (!n) return 0;
  var ptr = _malloc(n);
  if (!ptr) return 0;
  HEAPU8.set(new Uint8Array(r), ptr);
  HEAPF64[size >> 3] = n;
  return ptr;
});
EM_JS(void, gdconv_fetch_forget_file, (const void* place), {
  gdconvTransport.files.delete(place);
});
// clang-format on

namespace gdconv {
namespace {

void FreeBody(const void* body) { std::free(const_cast<void*>(body)); }
void FreeFileBody(const void* placeholder) {
  gdconv_fetch_forget_file(placeholder);
  std::free(const_cast<void*>(placeholder));
}

// Allowance for timer granularity when deciding that a status-0 failure was the timeout.
constexpr double kTimeoutSlackMs = 2;

// Requests whose upload progress is watched, by fetch id (what upload-progress.pre.js knows them
// by). A std::map, like the transport's other tables: std::unordered_map brought 1.8 KB of hashing
// code (__next_prime and the table) into the .wasm for a handful of entries.
std::map<unsigned, FetchTransport::InFlight*>& UploadWatchers() {
  static auto* watchers = new std::map<unsigned, FetchTransport::InFlight*>();
  return *watchers;
}

std::uint64_t ByteCount(double n) {
  return n > 0 && n < 1.8e19 ? static_cast<std::uint64_t>(n) : 0;  // NaN, negatives: 0
}

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
  bool sending = false;     // inside emscripten_fetch(): results must wait for a later tick
  bool completed = false;   // the response is built; only delivery is left
  unsigned watched_id = 0;  // the fetch id under which UploadWatchers() knows it, or 0
  HttpResponse response;

  static void OnDone(emscripten_fetch_t* fetch);
  static void OnProgress(emscripten_fetch_t* fetch);
  void Report(TransferDirection direction, std::uint64_t loaded, std::uint64_t total);
  void Unwatch() {
    if (watched_id) UploadWatchers().erase(watched_id);
    watched_id = 0;
  }
};

void FetchTransport::InFlight::Report(TransferDirection direction, std::uint64_t loaded,
                                      std::uint64_t total) {
  if (completed || !request.on_progress) return;
  // A copy: the callback may cancel this request, which destroys `this` and its request.
  TransferProgress report = request.on_progress;
  report(direction, loaded, total);
}

void FetchTransport::InFlight::OnProgress(emscripten_fetch_t* fetch) {
  auto* self = static_cast<InFlight*>(fetch->userData);
  // Only a 2xx body is a download (an error's body is not what a progress bar shows).
  if (!self || fetch->status < 200 || fetch->status > 299) return;
  // No STREAM_DATA: Fetch.js sets dataOffset to the bytes received so far (numBytes stays 0).
  self->Report(TransferDirection::kDownload, fetch->dataOffset + fetch->numBytes,
               fetch->totalBytes);
}

void FetchTransport::InFlight::OnDone(emscripten_fetch_t* fetch) {
  auto* self = static_cast<InFlight*>(fetch->userData);
  if (!self || self->completed) return;
  fetch->userData = nullptr;
  self->Unwatch();
  std::shared_ptr<emscripten_fetch_t> handle(fetch, FetchCloser{});

  HttpResponse& r = self->response;
  if (fetch->status == 0) {
    char text[256] = {0};
    int kind = gdconv_fetch_failure(fetch->id, text, sizeof text);
    if (kind < 0) {  // a browser's XHR: a timeout is told by the time it took
      double elapsed = emscripten_get_now() - self->started_ms;
      int timeout = self->request.timeout_ms;
      r.failure = timeout > 0 && elapsed + kTimeoutSlackMs >= timeout ? TransportFailure::kTimeout
                                                                      : TransportFailure::kNetwork;
    } else {
      r.failure = kind == 3   ? TransportFailure::kTls
                  : kind == 2 ? TransportFailure::kTimeout
                  : kind == 1 ? TransportFailure::kConnect
                              : TransportFailure::kNetwork;
      r.failure_text = text;
    }
  } else {
    r.status = fetch->status;
    std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
    if (length > 0) {
      std::string block(length + 1, '\0');
      emscripten_fetch_get_response_headers(fetch, block.data(), block.size());
      block.resize(std::strlen(block.c_str()));
      r.headers = ParseHeaderBlock(block);
    }
    double size = 0;
    int file = 0;
    if (void* body = gdconv_fetch_take_body(fetch->id, &size, &file)) {
      // The body stays in the heap block it was received into until its last user lets go.
      std::shared_ptr<const void> owner(body, file ? &FreeFileBody : &FreeBody);
      auto length = static_cast<std::size_t>(size);
      r.body = file ? Buffer::Elsewhere(std::move(owner), body, length)
                    : Buffer(std::move(owner), static_cast<const std::uint8_t*>(body), length);
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
  return send(std::move(request), std::move(done), 0);
}

RequestId FetchTransport::send(HttpRequest request, Callback done, unsigned route) {
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
  // synchronous, so a body is copied (or staged) before emscripten_fetch returns. No
  // LOAD_TO_MEMORY: OnDone takes the body itself (gdconv_fetch_take_body).
  attr.attributes = EMSCRIPTEN_FETCH_REPLACE;
  attr.userData = f;
  attr.onsuccess = &InFlight::OnDone;
  attr.onerror = &InFlight::OnDone;
  bool watch_upload = f->request.on_progress && !f->request.body.empty();
  if (f->request.on_progress) attr.onprogress = &InFlight::OnProgress;
  attr.requestHeaders = f->header_ptrs.data();
  const Buffer& body = f->request.body;
  bool staged =
      !body.empty() && gdconv_fetch_stage_body(body.data(), static_cast<double>(body.size())) != 0;
  if (!body.empty() && !staged) {
    attr.requestData = reinterpret_cast<const char*>(body.data());
    attr.requestDataSize = body.size();
  }
  attr.timeoutMSecs = static_cast<unsigned>(f->request.timeout_ms > 0 ? f->request.timeout_ms : 0);

  RequestId id = f->id;
  f->started_ms = emscripten_get_now();
  f->sending = true;
  if (watch_upload) gdconv_fetch_watch_upload(1);
  if (route) gdconv_fetch_route(route);
  std::uint64_t sink = f->request.sink;
  if (sink) gdconv_fetch_sink(static_cast<double>(sink));
  emscripten_fetch_t* fetch = emscripten_fetch(&attr, f->request.url.c_str());
  if (sink) gdconv_fetch_sink(0);                  // normally taken by the XHR already
  if (route) gdconv_fetch_route(0);                // normally taken by the XHR already
  if (watch_upload) gdconv_fetch_watch_upload(0);  // normally taken by the XHR already
  if (staged) gdconv_fetch_unstage_body();         // normally taken by send() already
  f->sending = false;
  if (!f->completed) {
    f->fetch = fetch;
    if (fetch && watch_upload) {
      f->watched_id = fetch->id;
      UploadWatchers()[fetch->id] = f;
    }
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
  f->Unwatch();
  if (f->fetch && !f->completed) {
    gdconv_fetch_abort(f->fetch->id);
    FetchCloser{}(
        f->fetch);  // still in flight for emscripten: it calls onerror, which finds no userData
  }
}

}  // namespace gdconv

// Called by src/transport/js/upload-progress.pre.js for a watched request's xhr.upload `progress`
// events. Doubles: byte counts past 4 GiB stay exact (up to 2^53).
extern "C" EMSCRIPTEN_KEEPALIVE void gdconv_on_upload_progress(unsigned id, double loaded,
                                                               double total) {
  auto& watchers = gdconv::UploadWatchers();
  auto it = watchers.find(id);
  if (it == watchers.end()) return;
  it->second->Report(gdconv::TransferDirection::kUpload, gdconv::ByteCount(loaded),
                     gdconv::ByteCount(total));
}
