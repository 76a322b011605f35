// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets (tests/fuzz/README.md): a response built from the fuzzer's bytes,
// and the round-trip property every JSON model parser must have. A broken property calls
// __builtin_trap(), which libFuzzer reports as a crash with the input that caused it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/http.h"
#include "core/json.h"
#include "core/methods.h"
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

// What an answer becomes on its way to JS: the JSON the core resolves with (dispatch.cpp). It must
// be valid JSON, read back to the same value, and write the same text again — otherwise the
// facade's JSON.parse, or a second pass through the core, would see something else.
inline void RequireRoundTrip(const Answer& answer, const HttpResponse& response) {
  Result<Json> first = ReadAnswer(response, answer);
  if (!first) {
    Require(!first.error().message.empty());
    Require(ParseJson(ErrorToJson(first.error())).has_value());
    return;
  }
  std::string text = DumpJson(first.value());
  Require(ParseJson(text).has_value());
  HttpResponse again;
  again.status = 200;
  again.body = Buffer::FromString(text);
  Result<Json> second = ReadAnswer(again, answer);
  Require(second.ok());
  Require(DumpJson(second.value()) == text);
}

}  // namespace gdconv::fuzz
