// SPDX-License-Identifier: MIT
// The core reads and writes JSON text by hand (src/core/json.cpp) instead of through nlohmann's
// parser and serializer, which the shipped .wasm no longer links: these compare the two, so that
// ParseJson accepts exactly what nlohmann::json::parse accepts, into the same values of the same
// types, and DumpJson writes what dump(-1, ' ', false, replace) writes. Shared by
// tests/unit/json_reference_test.cpp (a fixed corpus, natively and in wasm) and
// tests/fuzz/fuzz_json.cpp (any bytes).
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"

namespace gdconv::testing {

inline std::string ReferenceDump(const Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

// Equal values with equal types all the way down (nlohmann's == calls 1, 1u and 1.0 equal).
inline bool SameTree(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !SameTree(ia.value(), ib.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!SameTree(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_number_float()) return ReferenceDump(a) == ReferenceDump(b);  // -0.0 vs 0.0, NaN-free
  return a == b;
}

// What differs between ParseJson/DumpJson and nlohmann's own for `text`, or "" when nothing does.
inline std::string DifferenceFromReference(std::string_view text) {
  auto ours = ParseJson(text);
  Json theirs = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  // The one difference on purpose: nlohmann ends the text at a NUL byte (`1\0garbage` is `1`);
  // ParseJson refuses a NUL byte wherever it is.
  if (text.find('\0') != std::string_view::npos) {
    if (ours) return "ParseJson accepts a text with a NUL byte";
    theirs = Json(Json::value_t::discarded);
  }
  if (ours.has_value() == theirs.is_discarded()) {
    return ours ? "ParseJson accepts what nlohmann refuses"
                : "ParseJson refuses what nlohmann accepts";
  }
  if (ours && !SameTree(*ours, theirs)) return "the parsed values differ";
  if (ours && DumpJson(*ours) != ReferenceDump(theirs)) return "the written texts differ";
  Json as_string =
      std::string(text);  // any bytes as a string value: escapes and U+FFFD replacement
  if (DumpJson(as_string) != ReferenceDump(as_string)) return "a string is written differently";
  return "";
}

}  // namespace gdconv::testing
