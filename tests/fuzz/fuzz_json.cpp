// SPDX-License-Identifier: MIT
// libFuzzer: the core's hand-written JSON reader and writer (src/core/json.cpp) against nlohmann's
// own parser and serializer, for any bytes: the same accepted texts, the same values of the same
// types, the same written text, and the same escaping and U+FFFD replacement of any string
// (json_reference.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../unit/json_reference.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gdconv::fuzz::Require(gdconv::testing::DifferenceFromReference(text).empty());
  return 0;
}
