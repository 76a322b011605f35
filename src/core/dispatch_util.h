// SPDX-License-Identifier: MIT
// Private to the dispatch files (dispatch*.cpp): the method-table entry and the argument helpers
// every entry uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/dispatch.h"
#include "core/json.h"
#include "core/responses.h"

namespace gdconv::dispatch {

using Prepare = Result<PreparedCall> (*)(Client&, const Json&, std::optional<std::size_t>);

struct MethodEntry {
  const char* name;
  bool takes_bytes;
  Prepare prepare;
};

// The tables, one per file: dispatch.cpp (the seed flow), dispatch_api.cpp (the rest of the API).
const std::vector<MethodEntry>& SeedMethods();
const std::vector<MethodEntry>& ApiMethods();

inline Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// Reads a required, non-empty string argument.
inline std::string RequireString(const Json& args, const char* key, std::string& out) {
  std::string why = ReadRequired(args, key, out, "");
  if (!why.empty()) return why;
  if (out.empty()) return std::string(key) + ": must not be empty";
  return "";
}

// A multipart body with one file part named `file_name` (plus `trailing` text parts) and a hole of
// `payload_size` bytes that the binding fills with the caller's bytes.
std::shared_ptr<MultipartBody> NewUpload(Client& client, std::string file_name,
                                         std::size_t payload_size, std::string& content_type,
                                         std::vector<MultipartTextPart> trailing = {});

// A one-request call whose 2xx body is model T: resolves with T's JSON as this client writes it.
template <typename T>
Call::Script JsonScript(std::function<HttpRequest(const ApiConfig&)> build,
                        Result<T> (*parse)(const HttpResponse&)) {
  return [build = std::move(build), parse](Call& call) {
    call.Send([&call, build] { return build(call.config().api); },
              [&call, parse](HttpResponse response) {
                Result<T> value = parse(response);
                if (!value) return call.Reject(value.error());
                call.Resolve(DumpJson(JsonCodec<T>::Write(value.value())));
              });
  };
}

// A one-request call whose 2xx body is the bytes of a file: resolves with "null" and one
// Uint8Array. Reports the download's bytes (index 0 of 1), and the upload's too with `upload`.
Call::Script BytesScript(std::function<HttpRequest(const ApiConfig&)> build, bool upload = false);
// A one-request call whose 2xx body does not matter: resolves with "null".
Call::Script AckScript(std::function<HttpRequest(const ApiConfig&)> build);

}  // namespace gdconv::dispatch
