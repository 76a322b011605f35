// SPDX-License-Identifier: MIT
// The one way a model is declared and carried as JSON: a plain struct, and once, beside it, a
// specialisation of RecordOf listing its fields. Every model, option object and argument struct of
// the core is read and written by the same generic code (ReadFields / WriteFields, through
// Codec<T>).
//
// How a record is read (what the official SDK models tolerate, issue 18; reference/groupdocs-api.md
// §2): keys match their field ignoring case (the API's pages print PascalCase), unknown keys are
// ignored or, for models the API round-trips (the option objects), kept and written back as given;
// null means "not set"; a number may arrive as a string of one. What is refused, with a message
// that names the field ("convertOptions.watermarkOptions.fontSize: expected a finite number"): a
// value of the wrong JSON type, a required field that is missing, and a record that has none of its
// identifying fields. The caller chooses the ErrorCode (bad_response for answers, invalid_argument
// for arguments); a model's own rules go in its Validate hook.
//
// Declaring a model:
//   struct DiscUsage { std::optional<Int> usedSize; std::optional<Int> totalSize; };
//   template <> struct RecordOf<DiscUsage> : RecordDefaults {
//     using M = DiscUsage;
//     static constexpr auto kFields = FieldsOf<M>(Field<&M::usedSize>("usedSize", kIdentifying),
//                                                 Field<&M::totalSize>("totalSize", kIdentifying));
//   };
// A member that is not std::optional has a default (its initialiser) and is always written.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/errors.h"
#include "core/json.h"

namespace gdconv {

using Int = std::int64_t;
using StringMap = std::map<std::string, std::string>;

enum FieldFlag : unsigned {
  kRequired = 1U << 0,       // present and not null; a string must not be empty either
  kIdentifying = 1U << 1,    // the record needs at least one of its identifying fields
  kNullable = 1U << 2,       // written as null when not set (the API's models print it so)
  kNumberAsText = 1U << 3,   // a string field that also takes an integer, kept as its digits
  kAlwaysWritten = 1U << 4,  // set by Field for a member with a default (not std::optional)
};

// A string-valued enum as it goes on the wire: its values, and other accepted spellings (the SDKs'
// enum member names, e.g. PdfA1A) mapped to them. Values match ignoring case.
struct EnumAlias {
  std::string_view alias;
  std::string_view wire;
};
struct EnumSpec {
  std::string_view name;
  const std::string_view* values;
  std::size_t value_count;
  const EnumAlias* aliases = nullptr;
  std::size_t alias_count = 0;
  // The wire value for `text` (itself or through an alias), or nullopt.
  std::optional<std::string_view> Canonical(std::string_view text) const;
};

template <std::size_t N>
constexpr EnumSpec MakeEnum(std::string_view name, const std::string_view (&values)[N]) {
  return {name, values, N};
}
template <std::size_t N, std::size_t A>
constexpr EnumSpec MakeEnum(std::string_view name, const std::string_view (&values)[N],
                            const EnumAlias (&aliases)[A]) {
  return {name, values, N, aliases, A};
}

// One row of a record's field table, type-erased so that one copy of the record code serves every
// model: `member` is the few bytes that reach the member (one per field, Field below makes it), and
// `read` and `write` handle the member's type (one pair per type, shared by every field of that
// type: a pair per field was a tenth of the .wasm's code, issue 13).
struct FieldSpec {
  std::string_view name;  // the wire name (camelCase)
  unsigned flags;
  const EnumSpec* enum_spec;  // a string field restricted to an enum's values, or null
  void* (*member)(void* model);
  Status (*read)(const Json& value, void* member, const FieldSpec& field, ErrorCode code);
  void (*write)(Json& object, const void* member, const FieldSpec& field);
};

// A FieldSpec known to belong to Model: a table only accepts its own model's fields (FieldsOf).
template <typename Model>
struct TypedField {
  FieldSpec spec;
};

template <typename Model, typename... Fields>
constexpr std::array<FieldSpec, sizeof...(Fields)> FieldsOf(Fields... fields) {
  static_assert((std::is_same_v<Fields, TypedField<Model>> && ...),
                "a field of another model in this table");
  return {fields.spec...};
}

// Specialised once per model: `kFields` (FieldsOf), and optionally `kKeepsUnknown` (the model has
// `Json extra`) and `Validate` (its own rules, after the fields are read).
template <typename Model>
struct RecordOf;

struct RecordDefaults {
  static constexpr bool kKeepsUnknown = false;
  template <typename Model>
  static Status Validate(const Model& /*model*/, ErrorCode /*code*/) {
    return {};
  }
};

// Reading and writing one value of type T. Records use the primary template; scalars, lists and
// maps have their own below.
template <typename T>
struct Codec;

// ---- Messages ---------------------------------------------------------------------------------

// A refusal of the value itself: "expected a boolean". Never contains ": ".
Error Refused(ErrorCode code, std::string what);
// Puts the field or element the failure happened in before its message: "dpi: expected …",
// "watermarkOptions.dpi: …", "value[2].name: …".
Error Within(std::string_view field, Error error);

// The value of `object`'s key `name`, matched ignoring case (an exact match first), or null.
const Json* FindKey(const Json& object, std::string_view name);

// ---- Scalars ----------------------------------------------------------------------------------

template <>
struct Codec<std::string> {
  static Status Read(const Json& j, std::string& out, ErrorCode code);
  static Json Write(const std::string& v) { return v; }
};
template <>
struct Codec<bool> {
  static Status Read(const Json& j, bool& out, ErrorCode code);
  static Json Write(bool v) { return v; }
};
template <>
struct Codec<Int> {
  static Status Read(const Json& j, Int& out, ErrorCode code);
  static Json Write(Int v) { return v; }
};
template <>
struct Codec<double> {
  static Status Read(const Json& j, double& out, ErrorCode code);
  static Json Write(double v) { return NumberToJson(v); }
};
template <>
struct Codec<Json> {  // a field whose type the API leaves open: passed through as given
  static Status Read(const Json& j, Json& out, ErrorCode /*code*/) {
    out = j;
    return {};
  }
  static Json Write(const Json& v) { return v; }
};
template <>
struct Codec<StringMap> {
  static Status Read(const Json& j, StringMap& out, ErrorCode code);
  static Json Write(const StringMap& v) { return Json(v); }
};
template <typename T>
struct Codec<std::vector<T>> {
  static Status Read(const Json& j, std::vector<T>& out, ErrorCode code) {
    if (!j.is_array()) return Refused(code, "expected an array");
    out.clear();
    out.reserve(j.size());
    for (const Json& item : j) {
      T value{};
      if (Status s = Codec<T>::Read(item, value, code); !s) {
        return Within("[" + std::to_string(out.size()) + "]", std::move(s.error()));
      }
      out.push_back(std::move(value));
    }
    return {};
  }
  static Json Write(const std::vector<T>& v) {
    Json out = Json::array();
    for (const T& item : v) out.push_back(Codec<T>::Write(item));
    return out;
  }
};

// ---- Records ----------------------------------------------------------------------------------

// The model-independent part of reading and writing a record. `extra` receives unknown keys (null:
// they are ignored).
Status ReadFields(const Json& j, const FieldSpec* fields, std::size_t count, void* model,
                  Json* extra, ErrorCode code);
Json WriteFields(const FieldSpec* fields, std::size_t count, const void* model, const Json* extra);

namespace codec_detail {

template <typename T>
struct Member;
template <typename M, typename T>
struct Member<T M::*> {
  using Model = M;
  using Type = T;
};

template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

Status ReadString(const Json& j, std::string& out, const FieldSpec& field, ErrorCode code);

template <typename T>
Status ReadValue(const Json& j, T& out, const FieldSpec& field, ErrorCode code) {
  if constexpr (std::is_same_v<T, std::string>) {
    return ReadString(j, out, field, code);
  } else {
    return Codec<T>::Read(j, out, code);
  }
}

template <typename T>
Status ReadValue(const Json& j, std::optional<T>& out, const FieldSpec& field, ErrorCode code) {
  T value{};
  Status s = ReadValue(j, value, field, code);
  if (s) out = std::move(value);
  return s;
}

template <typename T>
void WriteValue(Json& object, const FieldSpec& field, const T& value) {
  object[std::string(field.name)] = Codec<T>::Write(value);
}

template <typename T>
void WriteValue(Json& object, const FieldSpec& field, const std::optional<T>& value) {
  if (value) {
    object[std::string(field.name)] = Codec<T>::Write(*value);
  } else if (field.flags & kNullable) {
    object[std::string(field.name)] = nullptr;
  }
}

// A field's read and write, once per member type (FieldSpec).
template <typename T>
Status ReadMember(const Json& value, void* member, const FieldSpec& field, ErrorCode code) {
  return ReadValue(value, *static_cast<T*>(member), field, code);
}

template <typename T>
void WriteMember(Json& object, const void* member, const FieldSpec& field) {
  WriteValue(object, field, *static_cast<const T*>(member));
}

}  // namespace codec_detail

// A row of a field table: `Field<&Model::member>("wireName", flags)`.
template <auto kMember>
constexpr auto Field(std::string_view name, unsigned flags = 0,
                     const EnumSpec* enum_spec = nullptr) {
  using Model = typename codec_detail::Member<decltype(kMember)>::Model;
  using Type = typename codec_detail::Member<decltype(kMember)>::Type;
  if (!codec_detail::kIsOptional<Type>) flags |= kAlwaysWritten;
  return TypedField<Model>{
      FieldSpec{name, flags, enum_spec,
                [](void* model) -> void* { return &(static_cast<Model*>(model)->*kMember); },
                &codec_detail::ReadMember<Type>, &codec_detail::WriteMember<Type>}};
}

// Records: any type with a RecordOf.
template <typename T>
struct Codec {
  using Record = RecordOf<T>;
  static Status Read(const Json& j, T& out, ErrorCode code) {
    Json* extra = nullptr;
    if constexpr (Record::kKeepsUnknown) extra = &out.extra;
    if (Status s = ReadFields(j, Record::kFields.data(), Record::kFields.size(), &out, extra, code);
        !s) {
      return s;
    }
    return Record::Validate(out, code);
  }
  static Json Write(const T& v) {
    const Json* extra = nullptr;
    if constexpr (Record::kKeepsUnknown) extra = &v.extra;
    return WriteFields(Record::kFields.data(), Record::kFields.size(), &v, extra);
  }
};

// ---- Entry points -----------------------------------------------------------------------------

template <typename T>
Result<T> Decode(const Json& j, ErrorCode code) {
  T value{};
  if (Status s = Codec<T>::Read(j, value, code); !s) return std::move(s.error());
  return value;
}

template <typename T>
Json Encode(const T& value) {
  return Codec<T>::Write(value);
}

}  // namespace gdconv
