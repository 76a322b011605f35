// SPDX-License-Identifier: MIT
#include "core/codec.h"

#include "core/http.h"

namespace gdconv {
namespace {

// A number field's value: a number, or a string that holds exactly one (issue 19: some servers and
// serialisers print 64-bit numbers as strings).
const Json* AsNumber(const Json& j, std::optional<Json>& parsed) {
  if (j.is_number()) return &j;
  if (!j.is_string()) return nullptr;
  parsed = ParseJson(j.get_ref<const std::string&>());
  return parsed && parsed->is_number() ? &*parsed : nullptr;
}

std::string JoinNames(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

Error Refused(ErrorCode code, std::string what) { return MakeError(code, std::move(what)); }

Error Within(std::string_view field, Error error) {
  std::string& m = error.message;
  if (!m.empty() && m.front() == '[') {
    m.insert(0, field);
  } else if (m.find(": ") != std::string::npos) {
    m.insert(0, std::string(field) + ".");
  } else {
    m.insert(0, std::string(field) + ": ");
  }
  return error;
}

std::optional<std::string_view> EnumSpec::Canonical(std::string_view text) const {
  for (std::size_t i = 0; i < value_count; ++i) {
    if (EqualsIgnoreCase(values[i], text)) return values[i];
  }
  for (std::size_t i = 0; i < alias_count; ++i) {
    if (EqualsIgnoreCase(aliases[i].alias, text)) return aliases[i].wire;
  }
  return std::nullopt;
}

Status Codec<std::string>::Read(const Json& j, std::string& out, ErrorCode code) {
  if (!j.is_string()) return Refused(code, "expected a string");
  out = j.get_ref<const std::string&>();
  return {};
}

Status Codec<bool>::Read(const Json& j, bool& out, ErrorCode code) {
  if (!j.is_boolean()) return Refused(code, "expected a boolean");
  out = j.get<bool>();
  return {};
}

Status Codec<Int>::Read(const Json& j, Int& out, ErrorCode code) {
  std::optional<Json> parsed;
  const Json* number = AsNumber(j, parsed);
  std::optional<Int> value = number ? JsonToInt(*number) : std::nullopt;
  if (!value) {
    return Refused(code, number ? "expected an integer within ±2^53" : "expected an integer");
  }
  out = *value;
  return {};
}

Status Codec<double>::Read(const Json& j, double& out, ErrorCode code) {
  std::optional<Json> parsed;
  const Json* number = AsNumber(j, parsed);
  std::optional<double> value = number ? JsonToNumber(*number) : std::nullopt;
  if (!value) return Refused(code, "expected a finite number");
  out = *value;
  return {};
}

Status Codec<StringMap>::Read(const Json& j, StringMap& out, ErrorCode code) {
  if (!j.is_object()) return Refused(code, "expected an object of strings");
  out.clear();
  for (const auto& item : j.items()) {
    if (!item.value().is_string()) {
      return Within(item.key(), Refused(code, "expected a string"));
    }
    out[item.key()] = item.value().get_ref<const std::string&>();
  }
  return {};
}

const Json* FindKey(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto exact = object.find(name);
  if (exact != object.end()) return &*exact;
  for (const auto& item : object.items()) {
    if (EqualsIgnoreCase(item.key(), name)) return &item.value();
  }
  return nullptr;
}

namespace codec_detail {

Status ReadString(const Json& j, std::string& out, const FieldSpec& field, ErrorCode code) {
  if (j.is_number_integer() && (field.flags & kNumberAsText)) {
    out = DumpJson(j);
    return {};
  }
  if (Status s = Codec<std::string>::Read(j, out, code); !s) return s;
  if (field.enum_spec) {
    std::optional<std::string_view> wire = field.enum_spec->Canonical(out);
    if (!wire) return Refused(code, "unknown " + std::string(field.enum_spec->name) + " value");
    out = std::string(*wire);
  }
  if (out.empty() && (field.flags & kRequired)) return Refused(code, "must not be empty");
  return {};
}

}  // namespace codec_detail

namespace {

const FieldSpec* FindField(const FieldSpec* fields, std::size_t count, std::string_view key) {
  for (std::size_t i = 0; i < count; ++i) {
    if (EqualsIgnoreCase(fields[i].name, key)) return &fields[i];
  }
  return nullptr;
}

bool HasValue(const Json& object, std::string_view name) {
  const Json* value = FindKey(object, name);
  return value && !value->is_null();
}

}  // namespace

Status ReadFields(const Json& j, const FieldSpec* fields, std::size_t count, void* model,
                  Json* extra, ErrorCode code) {
  if (!j.is_object()) return Refused(code, "expected an object");
  for (const auto& item : j.items()) {
    const FieldSpec* field = FindField(fields, count, item.key());
    if (!field) {
      if (extra) (*extra)[item.key()] = item.value();
      continue;
    }
    if (item.value().is_null()) continue;  // null: not set
    if (Status s = field->read(item.value(), field->member(model), *field, code); !s) {
      return Within(field->name, std::move(s.error()));
    }
  }
  std::vector<std::string_view> identifying;
  bool identified = false;
  for (std::size_t i = 0; i < count; ++i) {
    const FieldSpec& field = fields[i];
    if ((field.flags & (kRequired | kIdentifying)) == 0) continue;
    bool present = HasValue(j, field.name);
    if ((field.flags & kRequired) && !present) return Within(field.name, Refused(code, "required"));
    if (field.flags & kIdentifying) {
      identifying.push_back(field.name);
      identified = identified || present;
    }
  }
  if (!identifying.empty() && !identified) {
    return Refused(code, "has none of " + JoinNames(identifying));
  }
  return {};
}

Json WriteFields(const FieldSpec* fields, std::size_t count, const void* model, const Json* extra) {
  Json out = Json::object();
  for (std::size_t i = 0; i < count; ++i) {
    // `member` takes a mutable model only so that reading and writing share it; nothing is changed.
    fields[i].write(out, fields[i].member(const_cast<void*>(model)), fields[i]);
  }
  if (extra) {
    for (const auto& item : extra->items()) out[item.key()] = item.value();
  }
  return out;
}

}  // namespace gdconv
