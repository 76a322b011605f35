// SPDX-License-Identifier: MIT
// nlohmann::json values, used without exceptions (-fno-exceptions -DJSON_NOEXCEPTION, where a throw
// would abort): read through find() with a type check first. The text is read and written by
// json.cpp itself, not by nlohmann's parser and serializer (a fifth of the .wasm), with the same
// results; invalid UTF-8 can never abort. Models are read and written by codec.h.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace gdconv {

using Json = nlohmann::json;

// Parses JSON text; nullopt for anything that is not one complete JSON value.
std::optional<Json> ParseJson(std::string_view text);

// Compact JSON text; invalid UTF-8 in strings becomes U+FFFD instead of aborting.
std::string DumpJson(const Json& value);

// A JSON number as an integer: an integer, or a float with no fraction, within ±2^53 (the range a
// JS number holds exactly). Huge or fractional numbers are rejected rather than wrapped.
std::optional<std::int64_t> JsonToInt(const Json& value);
// A finite JSON number.
std::optional<double> JsonToNumber(const Json& value);
// Writes a double as an integer when it is one, so `300` does not go out as `300.0`.
Json NumberToJson(double value);

}  // namespace gdconv
