// SPDX-License-Identifier: MIT
// Transport over emscripten_fetch (XMLHttpRequest underneath; in Node the pre-js supplies one over
// node:http: src/transport/js/). The only place besides timers.* and bindings/embind.cpp that
// includes Emscripten headers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include "core/http.h"

namespace gdconv {

class FetchTransport final : public Transport {
 public:
  FetchTransport();
  ~FetchTransport() override;  // aborts everything still in flight
  FetchTransport(const FetchTransport&) = delete;
  FetchTransport& operator=(const FetchTransport&) = delete;

  RequestId send(HttpRequest request, Callback done) override;
  // The same, for a client with network settings of its own: the XMLHttpRequest made for this
  // request carries the settings registered under `route` (0: none; see RoutedTransport).
  RequestId send(HttpRequest request, Callback done, unsigned route);
  void cancel(RequestId id) override;

  struct InFlight;  // public for the C callbacks in the .cpp

 private:
  void Deliver(RequestId id);
  std::map<RequestId, std::unique_ptr<InFlight>> in_flight_;
  RequestId next_id_ = 1;
};

// One client's view of the module's shared FetchTransport. Every client of a process shares the
// module and its transport, but a Node client may have a proxy and trusted CAs of its own (issue
// 12): the facade registers them as a route (gdconvTransport.routes,
// src/transport/js/transport-state.pre.js) and every request of the client, retries and replays
// included, is sent with the route's id, which the XHR made for it takes along
// (src/transport/js/glue-xhr.pre.js). The settings stay in JavaScript: a proxy's credentials never
// enter the heap.
class RoutedTransport final : public Transport {
 public:
  RoutedTransport(FetchTransport& shared, unsigned route) : shared_(shared), route_(route) {}

  RequestId send(HttpRequest request, Callback done) override {
    return shared_.send(std::move(request), std::move(done), route_);
  }
  void cancel(RequestId id) override { shared_.cancel(id); }

 private:
  FetchTransport& shared_;
  unsigned route_;
};

}  // namespace gdconv
