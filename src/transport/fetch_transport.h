// SPDX-License-Identifier: MIT
// Transport over emscripten_fetch (XMLHttpRequest underneath; in Node the pre-js supplies one over
// node:http: src/transport/js/). The only place besides timers.* and bindings/embind.cpp that
// includes Emscripten headers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "core/http.h"

namespace gdconv {

class FetchTransport final : public Transport {
 public:
  FetchTransport();
  ~FetchTransport() override;  // aborts everything still in flight
  FetchTransport(const FetchTransport&) = delete;
  FetchTransport& operator=(const FetchTransport&) = delete;

  RequestId send(HttpRequest request, Callback done) override;
  void cancel(RequestId id) override;

  struct InFlight;  // public for the C callbacks in the .cpp

 private:
  void Deliver(RequestId id);
  std::map<RequestId, std::unique_ptr<InFlight>> in_flight_;
  RequestId next_id_ = 1;
};

}  // namespace gdconv
