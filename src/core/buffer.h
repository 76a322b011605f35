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

  static Buffer FromString(std::string_view text);
  static Buffer FromVector(std::vector<std::uint8_t> bytes);

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view text() const {
    return std::string_view(reinterpret_cast<const char*>(data_), size_);
  }

 private:
  std::shared_ptr<const void> owner_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
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
