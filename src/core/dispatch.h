// SPDX-License-Identifier: MIT
// The raw `call(method, argsJson, bytes)` surface (bindings/RAW_API.md): finds the method (a row of
// methods.h, or one of the flows written by hand), reads its arguments, lays out an upload body so
// the binding can put the caller's bytes straight into it, and makes the script that runs the call.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/call.h"
#include "core/errors.h"
#include "core/multipart.h"

namespace gdconv {

class Client;  // client.h

struct PreparedCall {
  Call::Script script;
  // Set when the method takes bytes: the caller fills upload->payload() (or, apart, registers
  // its bytes for that place) before Start.
  std::shared_ptr<MultipartBody> upload;
};

// Every method `call` knows: the table's rows, then the flows.
std::vector<std::string_view> MethodNames();

// `payload_size` is the length of the caller's bytes, or nullopt when none were passed.
// `payload_apart`: the platform sends them itself, inserted into the upload body as it goes out
// (HttpRequest::inserted_size), so the body holds no room for them.
Result<PreparedCall> PrepareCall(Client& client, std::string_view method,
                                 std::string_view args_json,
                                 std::optional<std::size_t> payload_size,
                                 bool payload_apart = false);

}  // namespace gdconv
