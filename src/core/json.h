// SPDX-License-Identifier: MIT
// nlohmann::json used without exceptions (-fno-exceptions -DJSON_NOEXCEPTION, where a throw would
// abort): parse with allow_exceptions=false, read through find() with a type check first, dump with
// the `replace` error handler so invalid UTF-8 can never abort.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

// Where a model value is read from, for messages: "convertOptions.dpi".
std::string FieldPath(std::string_view context, std::string_view key);

// A string-valued enum as it goes on the wire. `aliases` maps other accepted spellings (the SDKs'
// enum member names, e.g. PdfA1A) to wire values.
struct EnumSpec {
  const char* name;
  std::vector<std::string_view> values;
  std::vector<std::pair<std::string_view, std::string_view>> aliases;
  // The wire value for `text` (itself or through an alias), or nullopt.
  std::optional<std::string_view> Canonical(std::string_view text) const;
};

// Reading and writing model fields. Read returns "" on success or the reason the value was refused.
// Absent and null both mean "not set" and leave `out` empty.
template <typename T, typename Enable = void>
struct JsonCodec;

// A string enum type: a struct with `std::string value` and `static const EnumSpec& Spec()`.
template <typename T>
struct JsonCodec<T, std::void_t<decltype(T::Spec())>> {
  static std::string Read(const Json& j, T& out) {
    if (!j.is_string()) return std::string("expected a string (") + T::Spec().name + ")";
    auto wire = T::Spec().Canonical(j.get_ref<const std::string&>());
    if (!wire) return "unknown " + std::string(T::Spec().name) + " value";
    out.value = std::string(*wire);
    return "";
  }
  static Json Write(const T& v) { return v.value; }
};

template <>
struct JsonCodec<std::string> {
  static std::string Read(const Json& j, std::string& out);
  static Json Write(const std::string& v) { return v; }
};
template <>
struct JsonCodec<bool> {
  static std::string Read(const Json& j, bool& out);
  static Json Write(bool v) { return v; }
};
template <>
struct JsonCodec<std::int64_t> {
  static std::string Read(const Json& j, std::int64_t& out);
  static Json Write(std::int64_t v) { return v; }
};
template <>
struct JsonCodec<double> {
  static std::string Read(const Json& j, double& out);
  static Json Write(double v) { return NumberToJson(v); }
};
template <>
struct JsonCodec<Json> {  // a field whose type the reference leaves open: passed through as given
  static std::string Read(const Json& j, Json& out) {
    out = j;
    return "";
  }
  static Json Write(const Json& v) { return v; }
};
template <typename T>
struct JsonCodec<std::vector<T>> {
  static std::string Read(const Json& j, std::vector<T>& out) {
    if (!j.is_array()) return "expected an array";
    out.clear();
    out.reserve(j.size());
    for (const Json& item : j) {
      T value{};
      std::string why = JsonCodec<T>::Read(item, value);
      if (!why.empty()) return "array element: " + why;
      out.push_back(std::move(value));
    }
    return "";
  }
  static Json Write(const std::vector<T>& v) {
    Json out = Json::array();
    for (const T& item : v) out.push_back(JsonCodec<T>::Write(item));
    return out;
  }
};
template <>
struct JsonCodec<std::map<std::string, std::string>> {
  static std::string Read(const Json& j, std::map<std::string, std::string>& out);
  static Json Write(const std::map<std::string, std::string>& v) { return Json(v); }
};

// Reads the optional field `key` of object `obj` into `out`. Returns "" or a message naming the
// field.
template <typename T>
std::string ReadOptional(const Json& obj, const char* key, std::optional<T>& out,
                         std::string_view context) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  T value{};
  std::string why = JsonCodec<T>::Read(*it, value);
  if (!why.empty()) return FieldPath(context, key) + ": " + why;
  out = std::move(value);
  return "";
}

// Like ReadOptional, but absent or null is an error too.
template <typename T>
std::string ReadRequired(const Json& obj, const char* key, T& out, std::string_view context) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return FieldPath(context, key) + ": required";
  std::string why = JsonCodec<T>::Read(*it, out);
  if (!why.empty()) return FieldPath(context, key) + ": " + why;
  return "";
}

template <typename T>
void WriteOptional(Json& obj, const char* key, const std::optional<T>& value) {
  if (value) obj[key] = JsonCodec<T>::Write(*value);
}

}  // namespace gdconv
