// SPDX-License-Identifier: MIT
// JSON text is read and written here, by hand, into and out of nlohmann::json values: nlohmann's
// own parser (lexer, SAX builders, parse errors with their messages) and serializer were a fifth of
// the .wasm (issue 13). What they accepted and wrote is kept exactly: RFC 8259 with well-formed
// UTF-8 (RFC 3629), a leading byte order mark skipped, integers as uint64/int64 as nlohmann stores
// them, floats read by strtod and written shortest by nlohmann's own grisu2 `to_chars`. One
// difference, on purpose: nlohmann takes a NUL byte for the end of the text (it accepts
// `1\0garbage`); here it is refused like any other stray byte. tests/fuzz/fuzz_json.cpp holds the
// two side by side.
#include "core/json.h"

#include <cmath>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <vector>

namespace gdconv {
namespace {
constexpr double kMaxSafeInteger = 9007199254740992.0;  // 2^53: the largest exact JS integer

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length of the well-formed UTF-8 sequence (RFC 3629, table 3-7 of Unicode) at the start of
// `s`, or 0 when it is not one; `checked` then counts its bytes before the one that broke it.
std::size_t Utf8Sequence(std::string_view s, std::size_t& checked) {
  auto lead = static_cast<unsigned char>(s[0]);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;  // the range of the second byte; later ones are 80..BF
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  }
  checked = 1;
  if (length == 0) return 0;
  for (; checked < length; ++checked) {
    if (checked == s.size()) return 0;
    auto c = static_cast<unsigned char>(s[checked]);
    if (c < low || c > high) return 0;
    low = 0x80;
    high = 0xBF;
  }
  return length;
}

// How many bytes from `at` are printable ASCII other than '"' and '\\': the bytes a JSON string
// holds as they are, on both sides.
std::size_t PlainRun(std::string_view s, std::size_t at) {
  std::size_t end = at;
  while (end < s.size()) {
    auto c = static_cast<unsigned char>(s[end]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++end;
  }
  return end - at;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// One JSON text into a Json. Without recursion: the containers being filled wait on a stack, so no
// depth of nesting can overflow the (small) wasm stack, as with nlohmann's own parser.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool Read(Json& root) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF")
      at_ = 3;                // a byte order mark, skipped as nlohmann does
    std::vector<Json*> open;  // containers being filled, innermost last; node addresses stay valid
    Json* slot = &root;       // where the next value goes
    for (;;) {
      SkipSpace();
      if (At('{') || At('[')) {
        bool object = text_[at_++] == '{';
        *slot = object ? Json::object() : Json::array();
        SkipSpace();
        if (!Take(object ? '}' : ']')) {
          open.push_back(slot);
          slot = NextSlot(*slot);
          if (slot == nullptr) return false;
          continue;
        }
      } else if (!Scalar(*slot)) {
        return false;
      }
      // After a value: close what ends here, then go on with the next element, or end.
      for (;;) {
        SkipSpace();
        if (open.empty()) return at_ == text_.size();
        Json& parent = *open.back();
        if (Take(',')) {
          slot = NextSlot(parent);
          if (slot == nullptr) return false;
          break;
        }
        if (!Take(parent.is_object() ? '}' : ']')) return false;
        open.pop_back();
      }
    }
  }

 private:
  bool At(char c) const { return at_ < text_.size() && text_[at_] == c; }
  bool Take(char c) {
    if (!At(c)) return false;
    ++at_;
    return true;
  }
  bool TakeWord(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  void SkipSpace() {
    while (At(' ') || At('\t') || At('\n') || At('\r')) ++at_;
  }

  // Where the next element of `container` goes: a new array element, or the value of the `"key":`
  // read here (a repeated key replaces the earlier value, as nlohmann does).
  Json* NextSlot(Json& container) {
    if (container.is_array()) {
      container.push_back(nullptr);
      return &container.back();
    }
    SkipSpace();
    std::string key;
    if (!String(key)) return nullptr;
    SkipSpace();
    if (!Take(':')) return nullptr;
    return &container[key];
  }

  bool Scalar(Json& out) {
    if (TakeWord("null")) {
      out = nullptr;
    } else if (TakeWord("true")) {
      out = true;
    } else if (TakeWord("false")) {
      out = false;
    } else if (At('"')) {
      std::string s;
      if (!String(s)) return false;
      out = std::move(s);
    } else {
      return Number(out);
    }
    return true;
  }

  bool String(std::string& out) {
    if (!Take('"')) return false;
    while (at_ < text_.size()) {
      // A run of plain ASCII goes in at once: at -Oz each `out += c` is several calls.
      std::size_t plain = PlainRun(text_, at_);
      if (plain > 0) {
        out.append(text_, at_, plain);
        at_ += plain;
        continue;
      }
      auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c == '\\') {
        if (!Escape(out)) return false;
      } else if (c < 0x20) {
        return false;  // control characters must be escaped
      } else {
        std::size_t checked = 0;
        std::size_t length = Utf8Sequence(text_.substr(at_), checked);
        if (length == 0) return false;
        out.append(text_, at_, length);
        at_ += length;
      }
    }
    return false;  // unterminated
  }

  bool Escape(std::string& out) {
    ++at_;  // the backslash
    if (at_ >= text_.size()) return false;
    char c = text_[at_++];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    std::uint32_t cp = 0;
    if (!Hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate needs a high one before it
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (!TakeWord("\\u") || !Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(out, cp);
    return true;
  }

  bool Hex4(std::uint32_t& cp) {
    for (int i = 0; i < 4; ++i, ++at_) {
      if (at_ >= text_.size()) return false;
      char c = text_[at_];
      int digit = IsDigit(c)               ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                           : -1;
      if (digit < 0) return false;
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?: an integer as uint64 (from 0) or int64 (below 0)
  // while it fits, else a double, which must be finite.
  bool Number(Json& out) {
    std::size_t start = at_;
    bool negative = Take('-');
    if (!Take('0')) {
      if (!(at_ < text_.size() && IsDigit(text_[at_]) && text_[at_] != '0')) return false;
      SkipDigits();
    }
    bool integer = true;
    if (Take('.')) {
      integer = false;
      if (!SkipDigits()) return false;
    }
    if (Take('e') || Take('E')) {
      integer = false;
      if (!Take('+')) Take('-');
      if (!SkipDigits()) return false;
    }
    std::string token(text_.substr(start, at_ - start));
    if (integer) {
      std::uint64_t magnitude = 0;
      bool fits = true;
      for (std::size_t i = negative ? 1 : 0; i < token.size() && fits; ++i) {
        auto digit = static_cast<std::uint64_t>(token[i] - '0');
        fits = magnitude <= (std::numeric_limits<std::uint64_t>::max() - digit) / 10;
        magnitude = magnitude * 10 + digit;
      }
      constexpr std::uint64_t kInt64MinMagnitude = std::uint64_t{1} << 63;
      if (fits && !negative) {
        out = magnitude;
        return true;
      }
      if (fits && magnitude <= kInt64MinMagnitude) {
        out = magnitude == kInt64MinMagnitude ? std::numeric_limits<std::int64_t>::min()
                                              : -static_cast<std::int64_t>(magnitude);
        return true;
      }
    }
    double value = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(value)) return false;
    out = value;
    return true;
  }

  bool SkipDigits() {
    std::size_t start = at_;
    while (at_ < text_.size() && IsDigit(text_[at_])) ++at_;
    return at_ > start;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

void WriteString(const std::string& s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    std::size_t plain = PlainRun(s, i);
    if (plain > 0) {
      out.append(s, i, plain);
      i += plain;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t checked = 0;
      std::size_t length = Utf8Sequence(std::string_view(s).substr(i), checked);
      if (length > 0) {
        out.append(s, i, length);
        i += length;
      } else {
        // As nlohmann's error_handler_t::replace: U+FFFD for what was read of the broken sequence,
        // then the byte that broke it is read again on its own.
        out += "\xEF\xBF\xBD";
        i += checked;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:  // a control character: every other byte was in a plain run
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out += '"';
}

void WriteUnsigned(std::uint64_t value, std::string& out) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) out += digits[--n];
}

void WriteScalar(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      break;
    case Json::value_t::number_unsigned:
      WriteUnsigned(value.get<std::uint64_t>(), out);
      break;
    case Json::value_t::number_integer: {
      auto i = value.get<std::int64_t>();
      if (i < 0) out += '-';
      WriteUnsigned(i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i), out);
      break;
    }
    case Json::value_t::number_float: {
      auto d = value.get<double>();
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      char buffer[64];
      out.append(buffer, nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, d));
      break;
    }
    case Json::value_t::string:
      WriteString(value.get_ref<const std::string&>(), out);
      break;
    default:  // null; the core makes no binary or discarded values
      out += "null";
  }
}

// Without recursion, like the reader: what is left to write waits on a stack, innermost last, so a
// deeply nested value (an answer's unknown fields are kept and written back) cannot overflow the
// stack.
void Write(const Json& root, std::string& out) {
  struct Pending {
    const Json* value;       // a value to write, or null for `punctuation`
    const std::string* key;  // an object member's key, written before its value
    char punctuation;
  };
  std::vector<Pending> pending{{&root, nullptr, 0}};
  while (!pending.empty()) {
    Pending next = pending.back();
    pending.pop_back();
    if (next.value == nullptr) {
      out += next.punctuation;
      continue;
    }
    if (next.key != nullptr) {
      WriteString(*next.key, out);
      out += ':';
    }
    const Json& value = *next.value;
    if (value.is_array()) {
      const auto& elements = value.get_ref<const Json::array_t&>();
      out += '[';
      pending.push_back({nullptr, nullptr, ']'});
      for (std::size_t i = elements.size(); i-- > 0;) {
        pending.push_back({&elements[i], nullptr, 0});
        if (i > 0) pending.push_back({nullptr, nullptr, ','});
      }
    } else if (value.is_object()) {
      const auto& members = value.get_ref<const Json::object_t&>();
      out += '{';
      pending.push_back({nullptr, nullptr, '}'});
      for (auto member = members.rbegin(); member != members.rend(); ++member) {
        pending.push_back({&member->second, &member->first, 0});
        if (std::next(member) != members.rend()) pending.push_back({nullptr, nullptr, ','});
      }
    } else {
      WriteScalar(value, out);
    }
  }
}
}  // namespace

std::optional<Json> ParseJson(std::string_view text) {
  Json value;
  if (!Reader(text).Read(value)) return std::nullopt;
  return value;
}

std::string DumpJson(const Json& value) {
  std::string out;
  Write(value, out);
  return out;
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
