// SPDX-License-Identifier: MIT
#include "core/multipart.h"

#include <cstring>

namespace gdconv {

std::string EscapeMultipartParam(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '"':
        out += "%22";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HexDigits(std::uint64_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4)
    out[static_cast<std::size_t>(i)] = kHex[value & 0xF];
  return out;
}

namespace {

// The splitmix64 finalizer (Steele, Lea, Flood: "Fast splittable pseudorandom number generators").
std::uint64_t Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::string RandomBoundary(std::uint64_t r1, std::uint64_t r2) {
  return "----gdconv" + HexDigits(r1, 16) + HexDigits(r2, 16) + HexDigits(Mix(r1 ^ Mix(r2)), 16) +
         HexDigits(Mix(r2 + r1), 12);
}

MultipartLayout MultipartForFile(const MultipartFileSpec& spec, std::string_view boundary) {
  const std::string dash_boundary = "--" + std::string(boundary);
  MultipartLayout layout;
  layout.content_type = "multipart/form-data; boundary=" + std::string(boundary);
  layout.prefix = dash_boundary + "\r\nContent-Disposition: form-data; name=\"" +
                  EscapeMultipartParam(spec.part_name) + "\"; filename=\"" +
                  EscapeMultipartParam(spec.file_name) +
                  "\"\r\nContent-Type: " + spec.content_type + "\r\n\r\n";
  layout.suffix = "\r\n";
  for (const MultipartTextPart& part : spec.trailing_parts) {
    layout.suffix += dash_boundary + "\r\nContent-Disposition: form-data; name=\"" +
                     EscapeMultipartParam(part.name) + "\"\r\n";
    if (!part.content_type.empty()) layout.suffix += "Content-Type: " + part.content_type + "\r\n";
    layout.suffix += "\r\n" + part.text + "\r\n";
  }
  layout.suffix += dash_boundary + "--\r\n";
  return layout;
}

MultipartBody::MultipartBody(const MultipartLayout& layout, std::size_t payload_size,
                             bool payload_apart)
    : size_(layout.prefix.size() + (payload_apart ? 0 : payload_size) + layout.suffix.size()),
      payload_offset_(layout.prefix.size()),
      payload_size_(payload_size),
      payload_apart_(payload_apart) {
  storage_ = std::make_shared<Storage>();
  storage_->bytes.reset(
      new std::uint8_t[size_]);  // default-initialised: the caller fills the payload
  std::uint8_t* out = storage_->bytes.get();
  // NOLINTBEGIN(bugprone-not-null-terminated-result): bytes of a body, not C strings
  std::memcpy(out, layout.prefix.data(), layout.prefix.size());
  std::memcpy(out + size_ - layout.suffix.size(), layout.suffix.data(), layout.suffix.size());
  // NOLINTEND(bugprone-not-null-terminated-result)
}

Buffer MultipartBody::buffer() const { return Buffer(storage_, storage_->bytes.get(), size_); }

}  // namespace gdconv
