// SPDX-License-Identifier: MIT
// Immutable, shared bytes. Request bodies are retried and replayed without copying, and a response
// body can stay inside the buffer the transport received it in (the wasm build keeps the
// emscripten_fetch_t open instead of copying a download out of it), so ownership is type-erased.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gdconv {

class Buffer {
 public:
  Buffer() = default;
  // `owner` keeps [data, data + size) alive; any shared_ptr will do.
  Buffer(std::shared_ptr<const void> owner, const std::uint8_t* data, std::size_t size)
      : owner_(std::move(owner)), data_(data), size_(size) {}

  // A stand-in for bytes that are kept outside this memory: the wasm build keeps a downloaded
  // file's bytes in JS, or writes them to a file, and never into the heap
  // (src/transport/js/body-contract.pre.js). `key` names them to the platform (data() returns it),
  // size() is theirs, and there is nothing to read here: text() is empty. The core only passes
  // such a body through (ReadBytes).
  static Buffer Elsewhere(std::shared_ptr<const void> owner, const void* key, std::size_t size) {
    Buffer b(std::move(owner), static_cast<const std::uint8_t*>(key), size);
    b.elsewhere_ = true;
    return b;
  }

  static Buffer FromString(std::string_view text);
  static Buffer FromVector(std::vector<std::uint8_t> bytes);

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool elsewhere() const { return elsewhere_; }
  std::string_view text() const {
    if (elsewhere_) return {};
    return std::string_view(reinterpret_cast<const char*>(data_), size_);
  }

 private:
  std::shared_ptr<const void> owner_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  bool elsewhere_ = false;
};

inline Buffer Buffer::FromVector(std::vector<std::uint8_t> bytes) {
  auto owner = std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes));
  const std::uint8_t* data = owner->data();
  std::size_t size = owner->size();
  return Buffer(std::move(owner), data, size);
}

inline Buffer Buffer::FromString(std::string_view text) {
  return FromVector(std::vector<std::uint8_t>(text.begin(), text.end()));
}

}  // namespace gdconv
