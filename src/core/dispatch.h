// SPDX-License-Identifier: MIT
// The raw `call(method, argsJson, bytes)` surface: parses arguments, lays out an upload body so the
// binding can copy the caller's bytes straight into it, and picks the script that runs the call.
// A later API method is one more entry here (plus its builder and parser).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/errors.h"
#include "core/flow.h"
#include "core/multipart.h"

namespace gdconv {

struct PreparedCall {
  Call::Script script;
  // Set when the method takes bytes: the caller copies them into upload->payload() before Start.
  std::shared_ptr<MultipartBody> upload;
};

// `payload_size` is the length of the caller's bytes, or nullopt when none were passed.
Result<PreparedCall> PrepareCall(Client& client, std::string_view method,
                                 std::string_view args_json,
                                 std::optional<std::size_t> payload_size);

}  // namespace gdconv
