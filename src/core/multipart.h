// SPDX-License-Identifier: MIT
// multipart/form-data for uploads. The file bytes are not passed in: the layout gives the prefix
// and suffix, and MultipartBody either leaves a hole of the payload's size for the caller to fill
// (the wasm binding copies a JS Uint8Array straight into the request body: bytes cross the
// boundary once), or, where the platform sends the payload from the caller's own object, holds
// only the prefix and suffix (issue 13: a file bigger than the wasm heap never enters it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/buffer.h"

namespace gdconv {

struct MultipartTextPart {  // e.g. the loadOptions/convertOptions JSON parts of
                            // convertDocumentDirect
  std::string name;
  std::string content_type;
  std::string text;
};

struct MultipartFileSpec {
  std::string part_name =
      "File";             // the name the official Node SDK uses; the API matches it loosely
  std::string file_name;  // the real name, so the server can tell the format by extension
  std::string content_type = "application/octet-stream";
  std::vector<MultipartTextPart> trailing_parts;
};

struct MultipartLayout {
  std::string content_type;  // multipart/form-data; boundary=...
  std::string prefix;        // everything before the file bytes
  std::string suffix;        // everything after them
};

// `boundary` must not occur in the payload; RandomBoundary makes that overwhelmingly likely.
MultipartLayout MultipartForFile(const MultipartFileSpec& spec, std::string_view boundary);
// 70 characters, RFC 2046's maximum: the 128 random bits, then 112 more derived from them. Length
// adds no uniqueness, but servers find the delimiter with Boyer-Moore-Horspool-style searches
// (busboy's streamsearch, and so the local server) whose skips grow with it: the local server spent
// ~4 % less CPU on a 100 MiB upload than with the former 42-character boundary.
std::string RandomBoundary(std::uint64_t r1, std::uint64_t r2);
// The low `digits` hex digits of `value`, lower case, zero-padded. (No printf: in wasm it drags in
// long-double formatting, ~10 KB.)
std::string HexDigits(std::uint64_t value, int digits);

// Escapes a header parameter value the way browsers' FormData does (WHATWG HTML
// "multipart/form-data encoding algorithm"): `"` → %22, CR → %0D, LF → %0A; other bytes, UTF-8
// included, go as they are.
std::string EscapeMultipartParam(std::string_view value);

class MultipartBody {
 public:
  // `payload_apart`: the platform inserts the payload itself as the body goes out
  // (HttpRequest::inserted_size): the body holds the prefix and suffix only, and payload() is the
  // place between them, where nothing is to be written. Else the body has a hole of the payload's
  // size at payload() for the caller to fill.
  MultipartBody(const MultipartLayout& layout, std::size_t payload_size,
                bool payload_apart = false);
  std::uint8_t* payload() { return storage_->bytes.get() + payload_offset_; }
  std::size_t payload_size() const { return payload_size_; }
  // The bytes the platform inserts at payload(): payload_size() when apart, else 0.
  std::size_t inserted_size() const { return payload_apart_ ? payload_size_ : 0; }
  // The finished body; shares storage, so fill the payload before sending.
  Buffer buffer() const;
  // Keeps `keepalive` until the body's bytes are freed (the last Buffer of them gone), and releases
  // it just before. For a platform whose transport sends the payload from elsewhere instead of from
  // payload(): the wasm build in Node sends the caller's JS bytes and leaves this place unfilled
  // (bindings/embind.cpp); what it registered for that lives exactly as long as the place.
  void set_keepalive(std::shared_ptr<const void> keepalive) {
    storage_->keepalive = std::move(keepalive);
  }

 private:
  struct Storage {
    // Not value-initialised: zeroing a 100 MB payload that is overwritten at once cost a full pass
    // over it (190 ms in wasm, whose size-optimised memset goes byte by byte; bench/README.md).
    std::unique_ptr<std::uint8_t[]> bytes;
    std::shared_ptr<const void>
        keepalive;  // declared after `bytes`: released before they are freed
  };
  std::shared_ptr<Storage> storage_;
  std::size_t size_ = 0;
  std::size_t payload_offset_ = 0;
  std::size_t payload_size_ = 0;
  bool payload_apart_ = false;
};

}  // namespace gdconv
