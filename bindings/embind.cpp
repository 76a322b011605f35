// SPDX-License-Identifier: MIT
// The raw Embind surface of bindings/RAW_API.md: one class, RawClient, whose `call` takes a method
// name, JSON arguments and optional bytes, and answers through JS callbacks. Everything else is the
// core. Promises are made by the JS facade; C++ never blocks and uses no ASYNCIFY (overlapping
// calls would corrupt the single Asyncify stack: shared/reference/emscripten-3.1.6.md §4).
#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/client.h"
#include "core/codec.h"
#include "core/dispatch.h"
#include "core/errors.h"
#include "core/json.h"
#include "transport/fetch_transport.h"
#include "transport/timers.h"

using emscripten::val;

// clang-format off
// Calls obj[method](a, b). A throwing JS callback must not unwind through wasm frames (no C++ unwinding
// runs for JS exceptions, so state would be left half-updated): the error is rethrown on a fresh task,
// where it surfaces as an uncaught exception instead. Returns 0 when the callback threw.
EM_JS(int, gdconv_invoke, (emscripten::EM_VAL obj, const char* method, emscripten::EM_VAL a,
                           emscripten::EM_VAL b), {
  var o = Emval.toValue(obj);
  var f = o[UTF8ToString(method)];
  if (typeof f !== 'function') return 1;
  try {
    f.call(o, Emval.toValue(a), Emval.toValue(b));
    return 1;
  } catch (e) {
    setTimeout(function() { throw e; }, 0);
    return 0;
  }
});
// Random bytes for multipart boundaries, storage folder ids and retry jitter.
EM_JS(void, gdconv_random_bytes, (void* dst, int n), {
  crypto.getRandomValues(HEAPU8.subarray(dst, dst + n));
});
// Whether the upload's payload stays the caller's (1): its Uint8Array (or, in a browser, its Blob;
// in Node, a file source) is sent from there, inserted between the body's prefix and suffix
// (gdconvTransport.payloads, the zero-copy contract of src/transport/js/body-contract.pre.js: the
// Node adapter writes it to the socket, a browser's XHR gets the body as one Blob), and the body
// holds no room for it. 0 where the glue's XHR is a host's own: the caller copies the bytes in.
EM_JS(int, gdconv_payload_adopts, (), {
  return gdconvTransport.adopts ? 1 : 0;
});
// Registers the payload for the place between the body's prefix and suffix;
// gdconv_payload_release forgets it when the body goes.
EM_JS(void, gdconv_payload_adopt, (const void* place, double size, emscripten::EM_VAL bytes), {
  gdconvTransport.payloads.set(place, { bytes: Emval.toValue(bytes), size: size });
});
// The payload's size: a Uint8Array's length, a Blob's size where Blobs are adopted (browsers), a
// file source's where the adapter streams them (Node: bindings/js/node-files.js), else -1.
EM_JS(double, gdconv_payload_size, (emscripten::EM_VAL bytes), {
  var b = Emval.toValue(bytes);
  if (b instanceof Uint8Array) return b.length;
  if (gdconvTransport.blobBodies && b instanceof Blob) return b.size;
  var source = gdconvTransport.streamSources && b && typeof b.stream == 'function' && !(b instanceof Blob);
  return source && typeof b.size == 'number' && b.size >= 0 ? b.size : -1;
});
// A call's sink for the files it downloads (`callbacks.sink`, bindings/RAW_API.md), registered
// under a new id in gdconvTransport.sinks; 0, and nothing registered, when it has none.
EM_JS(double, gdconv_sink_open, (emscripten::EM_VAL callbacks), {
  var sink = Emval.toValue(callbacks).sink;
  if (!sink || typeof sink != 'object') return 0;
  var id = ++gdconvTransport.lastSink;
  gdconvTransport.sinks.set(id, sink);
  return id;
});
EM_JS(void, gdconv_sink_close, (double id), {
  gdconvTransport.sinks.delete(id);
});
EM_JS(void, gdconv_payload_release, (const void* place), {
  gdconvTransport.payloads.delete(place);
});
// A downloaded file kept in JS (gdconvTransport.files, filled by
// src/transport/fetch_transport.cpp): the bytes, or what the call's sink made of them, for the key
// at `place`, or 0 (every other body).
EM_JS(emscripten::EM_VAL, gdconv_file_bytes, (const void* place), {
  var bytes = gdconvTransport.files.get(place);
  return bytes ? Emval.toHandle(bytes) : 0;
});
// A client's network route (RoutedTransport, src/transport/fetch_transport.h): `hooks.route`, the
// facade's Node proxy and TLS settings (bindings/js/node-network.js), registered under a new id in
// gdconvTransport.routes; 0, and nothing registered, when the hooks have none.
EM_JS(unsigned, gdconv_route_open, (emscripten::EM_VAL hooks), {
  var route = Emval.toValue(hooks).route;
  if (!route || typeof route.requestOptions != 'function') return 0;
  var id = ++gdconvTransport.lastRoute;
  gdconvTransport.routes.set(id, route);
  return id;
});
EM_JS(void, gdconv_route_close, (unsigned id), {
  gdconvTransport.routes.delete(id);
});
// clang-format on

namespace gdconv {
namespace {

FetchTransport& SharedTransport() {
  static auto* transport = new FetchTransport();  // lives as long as the module
  return *transport;
}

std::uint64_t RandomU64() {
  std::uint64_t r = 0;
  gdconv_random_bytes(&r, sizeof r);
  return r;
}

bool Invoke(const val& obj, const char* method, const val& a = val::undefined(),
            const val& b = val::undefined()) {
  return gdconv_invoke(obj.as_handle(), method, a.as_handle(), b.as_handle()) != 0;
}

// A client's transport: the module's shared FetchTransport, sending with the client's network
// route (`hooks.route`, registered by gdconv_route_open). Shared with convert's cleanup request
// (src/core/detached_request.h), which may still go out, through the same proxy, after the client
// is closed: the route is let go of with the last holder, not with the client.
std::shared_ptr<Transport> ClientTransport(const val& hooks) {
  unsigned route = gdconv_route_open(hooks.as_handle());
  return {new RoutedTransport(SharedTransport(), route), [route](RoutedTransport* transport) {
            delete transport;
            if (route) gdconv_route_close(route);
          }};
}

// A file as JS has it: its Uint8Array, or what the call's sink made of it (a saved file, a Blob).
val ToUint8Array(const Buffer& buffer) {
  if (buffer.elsewhere()) {
    emscripten::EM_VAL file = gdconv_file_bytes(buffer.data());
    return file ? val::take_ownership(file) : val::undefined();  // already JS-owned: no copy
  }
  // slice(): a JS-owned copy. A bare view would alias the heap and detach when memory grows.
  return val(emscripten::typed_memory_view(buffer.size(), buffer.data())).call<val>("slice");
}

ErrorCode ErrorCodeFromName(const std::string& name, ErrorCode fallback) {
  for (ErrorCode c :
       {ErrorCode::kAuthFailed, ErrorCode::kNotFound, ErrorCode::kHttpError, ErrorCode::kNetwork,
        ErrorCode::kTimeout, ErrorCode::kAborted, ErrorCode::kOperationFailed,
        ErrorCode::kBadResponse, ErrorCode::kInvalidArgument, ErrorCode::kTlsError}) {
    if (name == ErrorCodeName(c)) return c;
  }
  return fallback;
}

// What the facade's failToken passes: its ApiError as errorJson (RAW_API.md).
struct ProviderError {
  std::optional<std::string> code, message, apiCode, requestId;
  std::optional<Int> status;
};

}  // namespace

template <>
struct RecordOf<ProviderError> : RecordDefaults {
  using M = ProviderError;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::code>("code"), Field<&M::message>("message"), Field<&M::apiCode>("apiCode"),
      Field<&M::requestId>("requestId"), Field<&M::status>("status"));
};

namespace {

// A call's sink registration (gdconv_sink_open), let go of with the call's callbacks.
std::shared_ptr<const void> OpenSink(const val& callbacks, std::uint64_t& id) {
  double sink = gdconv_sink_open(callbacks.as_handle());
  id = static_cast<std::uint64_t>(sink);
  if (!id) return nullptr;
  return {nullptr, [sink](const void*) { gdconv_sink_close(sink); }};
}

CallCallbacks WrapCallbacks(val callbacks) {
  CallCallbacks cb;
  std::shared_ptr<const void> sink = OpenSink(callbacks, cb.download_sink);
  cb.resolve = [callbacks, sink](std::string json, std::vector<Buffer> files, bool as_list) {
    val bytes = val::undefined();
    if (as_list) {
      bytes = val::array();
      for (const Buffer& file : files) bytes.call<void>("push", ToUint8Array(file));
    } else if (!files.empty()) {
      bytes = ToUint8Array(files.front());
    }
    files.clear();  // frees the heap copy (and the fetch handle) before JS runs on
    Invoke(callbacks, "resolve", val(json), bytes);
  };
  cb.reject = [callbacks, sink](const Error& error) {
    Invoke(callbacks, "reject", val(ErrorToJson(error)));
  };
  cb.progress = [callbacks](std::string event) { Invoke(callbacks, "progress", val(event)); };
  return cb;
}

}  // namespace

class RawClient {
 public:
  RawClient(const std::string& config_json, val hooks) : hooks_(std::move(hooks)) {
    Result<ClientConfig> config = ParseClientConfig(config_json);
    if (!config) {
      config_error_ = config.error();
      return;
    }
    Environment env;
    env.transport = ClientTransport(hooks_);
    env.scheduler = &EmscriptenScheduler::Instance();
    env.random = &RandomU64;
    env.request_token = [this](std::uint64_t id) {
      if (!Invoke(hooks_, "requestToken", val(static_cast<double>(id)))) {
        client_->FailToken(id, MakeError(ErrorCode::kAuthFailed, "hooks.requestToken threw"));
      }
    };
    client_ = std::make_unique<Client>(std::move(config.value()), std::move(env));
  }

  std::string configError() const { return config_error_ ? config_error_->message : ""; }

  double call(const std::string& method, const std::string& args_json, val bytes, val callbacks) {
    CallCallbacks cb = WrapCallbacks(std::move(callbacks));
    if (!client_) return RejectWithoutClient(*config_error_, std::move(cb));

    std::optional<std::size_t> payload_size;
    if (!bytes.isUndefined() && !bytes.isNull()) {
      double size = gdconv_payload_size(bytes.as_handle());
      // A wasm32 size_t counts to 4 GiB - 1.
      if (size < 0 || size > static_cast<double>(SIZE_MAX)) {
        return Started(client_->StartRejected(
            MakeError(ErrorCode::kInvalidArgument,
                      size < 0
                          ? method + ": bytes must be a Uint8Array (or, in a browser, a Blob)"
                          : method + ": the file is 4 GiB or more, more than this build can send"),
            std::move(cb)));
      }
      payload_size = static_cast<std::size_t>(size);
    }
    bool adopt = payload_size && *payload_size > 0 && gdconv_payload_adopts();
    Result<PreparedCall> prepared = PrepareCall(*client_, method, args_json, payload_size, adopt);
    if (!prepared) return Started(client_->StartRejected(prepared.error(), std::move(cb)));
    if (prepared.value().upload && payload_size && *payload_size > 0) {
      MultipartBody& body = *prepared.value().upload;
      if (adopt) {
        // No copy, and no room in the heap: the transport inserts the caller's object as it sends.
        gdconv_payload_adopt(body.payload(), static_cast<double>(body.payload_size()),
                             bytes.as_handle());
        body.set_keepalive(std::shared_ptr<const void>(
            body.payload(), [](const void* place) { gdconv_payload_release(place); }));
      } else {
        // A host's own XHR: the one copy of the caller's bytes, straight into the middle of the
        // multipart body. Never a Blob: gdconv_payload_size accepts those only where they are
        // adopted.
        val(emscripten::typed_memory_view(body.payload_size(), body.payload()))
            .call<void>("set", bytes);
      }
    }
    return Started(client_->Start(prepared.value().script, std::move(cb)));
  }

  void cancel(double call_id) {
    if (client_ && call_id >= 1) client_->Cancel(static_cast<CallId>(call_id));
  }

  void provideToken(double request_id, std::string token) {
    if (client_ && request_id >= 1) {
      client_->ProvideToken(static_cast<std::uint64_t>(request_id), std::move(token));
    }
  }

  void failToken(double request_id, const std::string& error_json) {
    if (!client_ || request_id < 1) return;
    Error error = MakeError(ErrorCode::kAuthFailed, "the token provider failed");
    if (auto j = ParseJson(error_json)) {
      if (Result<ProviderError> given = Decode<ProviderError>(*j, ErrorCode::kInvalidArgument)) {
        const ProviderError& e = given.value();
        if (e.code) error.code = ErrorCodeFromName(*e.code, ErrorCode::kAuthFailed);
        if (e.message && !e.message->empty()) error.message = *e.message;
        error.api_code = e.apiCode.value_or("");
        error.request_id = e.requestId.value_or("");
        if (e.status && *e.status >= 0 && *e.status <= 999)
          error.status = static_cast<int>(*e.status);
      }
    }
    client_->FailToken(static_cast<std::uint64_t>(request_id), std::move(error));
  }

 private:
  static double Started(CallId id) { return static_cast<double>(id); }

  double RejectWithoutClient(Error error, CallCallbacks cb) {
    CallId id = next_orphan_id_++;
    EmscriptenScheduler::Instance().after(
        0, [error = std::move(error), cb = std::move(cb)] { cb.reject(error); });
    return static_cast<double>(id);
  }

  val hooks_;
  std::optional<Error> config_error_;
  CallId next_orphan_id_ = 1;
  std::unique_ptr<Client> client_;  // declared last: destroyed first, while hooks_ is still valid
};

// The methods `call` takes (src/core/methods.h and the flows beside it), for the test that holds
// the facade's rows to them (tests/node/method-rows.test.js).
val MethodNamesToJs() {
  val names = val::array();
  for (std::string_view name : gdconv::MethodNames())
    names.call<void>("push", val(std::string(name)));
  return names;
}

// The module's memory, for leak checks (tests/node/reliability-load.test.js): the wasm memory's
// size, which only grows, and the bytes malloc has handed out and not got back.
val HeapStats() {
  val stats = val::object();
  stats.set("memoryBytes", static_cast<double>(emscripten_get_heap_size()));
  stats.set("usedBytes", static_cast<double>(mallinfo().uordblks));
  return stats;
}

}  // namespace gdconv

EMSCRIPTEN_BINDINGS(gdconv_raw) {
  emscripten::function("heapStats", &gdconv::HeapStats);
  emscripten::function("methodNames", &gdconv::MethodNamesToJs);
  emscripten::class_<gdconv::RawClient>("RawClient")
      .constructor<std::string, val>()
      .function("configError", &gdconv::RawClient::configError)
      .function("call", &gdconv::RawClient::call)
      .function("cancel", &gdconv::RawClient::cancel)
      .function("provideToken", &gdconv::RawClient::provideToken)
      .function("failToken", &gdconv::RawClient::failToken);
}
