// SPDX-License-Identifier: MIT
// libFuzzer: a round trip of the multipart encoder. Any file name, text parts and payload, encoded
// as the client uploads them, are read back by an independent RFC 7578 reader below: the same
// parts, in order, with the escaped names, the exact payload and texts, and no header broken by a
// name.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/multipart.h"
#include "fuzz_util.h"

namespace {

struct Part {
  std::string headers;
  std::string content;
};

// Splits a multipart/form-data body on `boundary`; an empty list if it is not well formed.
std::vector<Part> ReadMultipart(const std::string& body, const std::string& boundary) {
  const std::string first = "--" + boundary + "\r\n";
  const std::string delimiter = "\r\n--" + boundary;
  std::vector<Part> parts;
  if (body.compare(0, first.size(), first) != 0) return {};
  std::size_t pos = first.size();
  for (;;) {
    std::size_t end = body.find(delimiter, pos);
    if (end == std::string::npos) return {};
    std::string part = body.substr(pos, end - pos);
    std::size_t blank = part.find("\r\n\r\n");
    if (blank == std::string::npos) return {};
    parts.push_back({part.substr(0, blank), part.substr(blank + 4)});
    pos = end + delimiter.size();
    if (body.compare(pos, 4, "--\r\n") == 0 && pos + 4 == body.size()) return parts;
    if (body.compare(pos, 2, "\r\n") != 0) return {};
    pos += 2;
  }
}

// The value of `key="..."` in a Content-Disposition header (escaped values contain no quote).
std::string HeaderParam(const std::string& headers, const std::string& key) {
  std::string needle = "; " + key + "=\"";
  std::size_t at = headers.find(needle);
  if (at == std::string::npos) return "\x01missing";
  at += needle.size();
  return headers.substr(at, headers.find('"', at) - at);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  FuzzedDataProvider in(data, size);
  MultipartFileSpec spec;
  spec.file_name = in.ConsumeRandomLengthString(64);
  int text_parts = in.ConsumeIntegralInRange(0, 3);
  for (int i = 0; i < text_parts; ++i) {
    std::string name = in.ConsumeRandomLengthString(16);
    std::string text = in.ConsumeRandomLengthString(256);
    spec.trailing_parts.push_back({name, "application/json", text});
  }
  std::string boundary =
      RandomBoundary(in.ConsumeIntegral<std::uint64_t>(), in.ConsumeIntegral<std::uint64_t>());
  std::string payload = in.ConsumeRemainingBytesAsString();

  // The encoder's contract: the boundary occurs in no content (RandomBoundary makes that 2^-128
  // likely).
  if (payload.find(boundary) != std::string::npos) return 0;
  for (const auto& p : spec.trailing_parts) {
    if (p.text.find(boundary) != std::string::npos) return 0;
  }
  for (const std::string& name : {spec.file_name, spec.part_name}) {
    std::string escaped = EscapeMultipartParam(name);
    fuzz::Require(escaped.find_first_of("\"\r\n") == std::string::npos);
  }

  MultipartLayout layout = MultipartForFile(spec, boundary);
  fuzz::Require(layout.content_type == "multipart/form-data; boundary=" + boundary);
  MultipartBody body(layout, payload.size());
  fuzz::Require(body.payload_size() == payload.size());
  std::copy(payload.begin(), payload.end(), body.payload());
  std::string wire(body.buffer().text());

  std::vector<Part> parts = ReadMultipart(wire, boundary);
  fuzz::Require(parts.size() == 1 + spec.trailing_parts.size());
  fuzz::Require(HeaderParam(parts[0].headers, "name") == EscapeMultipartParam(spec.part_name));
  fuzz::Require(HeaderParam(parts[0].headers, "filename") == EscapeMultipartParam(spec.file_name));
  fuzz::Require(parts[0].content == payload);
  for (std::size_t i = 0; i < spec.trailing_parts.size(); ++i) {
    fuzz::Require(HeaderParam(parts[i + 1].headers, "name") ==
                  EscapeMultipartParam(spec.trailing_parts[i].name));
    fuzz::Require(parts[i + 1].content == spec.trailing_parts[i].text);
  }
  return 0;
}
