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

}  // namespace gdconv
