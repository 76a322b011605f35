// SPDX-License-Identifier: MIT
#include "core/json.h"

#include <cmath>

namespace gdconv {
namespace {
constexpr double kMaxSafeInteger = 9007199254740992.0;  // 2^53: the largest exact JS integer
}

std::optional<Json> ParseJson(std::string_view text) {
  Json value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

std::optional<std::int64_t> JsonToInt(const Json& value) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned()) {
      auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(kMaxSafeInteger)) return std::nullopt;
      return static_cast<std::int64_t>(u);
    }
    auto i = value.get<std::int64_t>();
    if (i > static_cast<std::int64_t>(kMaxSafeInteger) ||
        i < -static_cast<std::int64_t>(kMaxSafeInteger)) {
      return std::nullopt;
    }
    return i;
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > kMaxSafeInteger || std::trunc(d) != d) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> JsonToNumber(const Json& value) {
  if (!value.is_number()) return std::nullopt;
  double d = value.get<double>();
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

Json NumberToJson(double value) {
  if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) <= kMaxSafeInteger) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

std::string FieldPath(std::string_view context, std::string_view key) {
  std::string out(context);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::optional<std::string_view> EnumSpec::Canonical(std::string_view text) const {
  for (std::string_view v : values) {
    if (v == text) return v;
  }
  for (const auto& [alias, wire] : aliases) {
    if (alias == text) return wire;
  }
  return std::nullopt;
}

std::string JsonCodec<std::string>::Read(const Json& j, std::string& out) {
  if (!j.is_string()) return "expected a string";
  out = j.get_ref<const std::string&>();
  return "";
}

std::string JsonCodec<bool>::Read(const Json& j, bool& out) {
  if (!j.is_boolean()) return "expected a boolean";
  out = j.get<bool>();
  return "";
}

std::string JsonCodec<std::int64_t>::Read(const Json& j, std::int64_t& out) {
  auto v = JsonToInt(j);
  if (!v) return j.is_number() ? "expected an integer within ±2^53" : "expected an integer";
  out = *v;
  return "";
}

std::string JsonCodec<double>::Read(const Json& j, double& out) {
  auto v = JsonToNumber(j);
  if (!v) return "expected a finite number";
  out = *v;
  return "";
}

std::string JsonCodec<std::map<std::string, std::string>>::Read(
    const Json& j, std::map<std::string, std::string>& out) {
  if (!j.is_object()) return "expected an object of strings";
  out.clear();
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) return "value of \"" + key + "\": expected a string";
    out[key] = value.get_ref<const std::string&>();
  }
  return "";
}

}  // namespace gdconv
