// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets (tests/fuzz/README.md): a response built from the fuzzer's bytes, and
// the round-trip property every JSON model parser must have. A broken property calls __builtin_trap(),
// which libFuzzer reports as a crash with the input that caused it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/http.h"
#include "core/json.h"
#include "core/responses.h"

namespace gdconv::fuzz {

inline void Require(bool condition) {
  if (!condition) __builtin_trap();
}

// A 2xx JSON response whose body is the fuzzer's bytes.
inline HttpResponse JsonResponse(const std::uint8_t* data, std::size_t size) {
  HttpResponse r;
  r.status = 200;
  r.headers.emplace_back("content-type", "application/json; charset=utf-8");
  r.body = Buffer::FromString(std::string(reinterpret_cast<const char*>(data), size));
  return r;
}

// What a parsed value becomes on its way to JS: this client's JSON for it (dispatch_util.h,
// JsonScript). It must be valid JSON, parse back to the same model, and write the same text again —
// otherwise the facade's JSON.parse, or a second pass through the core, would see something else.
template <typename T>
void RequireRoundTrip(Result<T> (*parse)(const HttpResponse&), const HttpResponse& response) {
  Result<T> first = parse(response);
  if (!first) {
    Require(!first.error().message.empty());
    Require(ParseJson(ErrorToJson(first.error())).has_value());
    return;
  }
  std::string text = DumpJson(JsonCodec<T>::Write(first.value()));
  Require(ParseJson(text).has_value());
  HttpResponse again;
  again.status = 200;
  again.body = Buffer::FromString(text);
  Result<T> second = parse(again);
  Require(second.ok());
  Require(DumpJson(JsonCodec<T>::Write(second.value())) == text);
}

}  // namespace gdconv::fuzz
