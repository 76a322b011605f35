// SPDX-License-Identifier: MIT
// Smaller replacements, for the wasm build only, of the three libc routines that the code we link
// calls: snprintf (nlohmann::json's escapes, where the unit tests still use its serializer),
// siprintf (what embind's no-RTTI type names, sprintf "%p", become) and strtod (the core's JSON
// number reader, src/core/json.cpp). musl's versions are built on a printf that formats floating
// point and a strtod that computes in long double, which wasm32 emulates in software: the two
// pulled in ~21 KB of code (11 KB gzip, a tenth of the .wasm; bench/README.md). Ours format
// integers and strings only, and parse numbers with the JS engine's own correctly rounded parser.
// Defining the symbols here keeps the linker from pulling musl's objects; strtof and strtold are
// defined too because libc++'s string.o names them (std::stof/stold), and strtod_l, strtof_l and
// strtold_l because libc++'s locale.o (iostreams, which the unit tests use) names them: either
// would pull musl's strtod.o, which defines all six, and clash.
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <clocale>
#include <cstdarg>
#include <cstddef>
#include <cstdint>

// clang-format off
EM_JS(double, gdconv_parse_number, (const char* text, int length), {
  return parseFloat(UTF8ToString(text, length));
});
// clang-format on

namespace {

class Sink {
 public:
  Sink(char* buffer, std::size_t capacity) : buffer_(buffer), capacity_(capacity) {}
  void Put(char c) {
    if (count_ + 1 < capacity_) buffer_[count_] = c;
    ++count_;
  }
  void Repeat(char c, int n) {
    for (int i = 0; i < n; ++i) Put(c);
  }
  int Finish() {
    if (capacity_ > 0) buffer_[count_ < capacity_ ? count_ : capacity_ - 1] = '\0';
    return static_cast<int>(count_);
  }

 private:
  char* buffer_;
  std::size_t capacity_;
  std::size_t count_ = 0;
};

struct Spec {
  bool left = false;
  bool zero = false;
  int width = 0;
  int precision = -1;
};

void PutNumber(Sink& out, std::uintmax_t value, unsigned base, bool upper, const char* prefix,
               const Spec& spec) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char reversed[24];
  int length = 0;
  do {
    reversed[length++] = digits[value % base];
    value /= base;
  } while (value != 0);
  int zeros = spec.precision > length ? spec.precision - length : 0;
  int prefix_length = 0;
  while (prefix[prefix_length] != '\0') ++prefix_length;
  int padding = spec.width - (prefix_length + zeros + length);
  bool zero_pad = spec.zero && !spec.left && spec.precision < 0;
  if (!spec.left && !zero_pad) out.Repeat(' ', padding);
  for (int i = 0; i < prefix_length; ++i) out.Put(prefix[i]);
  if (zero_pad) out.Repeat('0', padding);
  out.Repeat('0', zeros);
  while (length > 0) out.Put(reversed[--length]);
  if (spec.left) out.Repeat(' ', padding);
}

int Format(char* buffer, std::size_t capacity, const char* format, va_list args) {
  Sink out(buffer, capacity);
  for (const char* p = format; *p != '\0'; ++p) {
    if (*p != '%') {
      out.Put(*p);
      continue;
    }
    Spec spec;
    for (++p; *p == '-' || *p == '0' || *p == '+' || *p == ' ' || *p == '#'; ++p) {
      if (*p == '-') spec.left = true;
      if (*p == '0') spec.zero = true;
    }
    for (; *p >= '0' && *p <= '9'; ++p) spec.width = spec.width * 10 + (*p - '0');
    if (*p == '.') {
      spec.precision = 0;
      for (++p; *p >= '0' && *p <= '9'; ++p) spec.precision = spec.precision * 10 + (*p - '0');
    }
    int longs = 0;
    for (; *p == 'l' || *p == 'h' || *p == 'z' || *p == 'j' || *p == 't'; ++p) {
      if (*p == 'l') ++longs;
      if (*p == 'z' || *p == 'j' || *p == 't') longs = 2;
    }
    switch (*p) {
      case 'd':
      case 'i': {
        std::intmax_t v = longs >= 2   ? va_arg(args, long long)
                          : longs == 1 ? va_arg(args, long)
                                       : va_arg(args, int);
        std::uintmax_t magnitude =
            v < 0 ? 0 - static_cast<std::uintmax_t>(v) : static_cast<std::uintmax_t>(v);
        PutNumber(out, magnitude, 10, false, v < 0 ? "-" : "", spec);
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        std::uintmax_t v = longs >= 2   ? va_arg(args, unsigned long long)
                           : longs == 1 ? va_arg(args, unsigned long)
                                        : va_arg(args, unsigned);
        PutNumber(out, v, *p == 'u' ? 10 : 16, *p == 'X', "", spec);
        break;
      }
      case 'p':
        PutNumber(out, reinterpret_cast<std::uintptr_t>(va_arg(args, void*)), 16, false, "0x",
                  spec);
        break;
      case 'c':
        out.Put(static_cast<char>(va_arg(args, int)));
        break;
      case 's': {
        const char* s = va_arg(args, const char*);
        if (s == nullptr) s = "(null)";
        for (int i = 0; s[i] != '\0' && (spec.precision < 0 || i < spec.precision); ++i) {
          out.Put(s[i]);
        }
        break;
      }
      case '%':
        out.Put('%');
        break;
      case '\0':
        return out.Finish();
      default:  // floating point is not supported: nothing here formats it
        out.Put('?');
        break;
    }
  }
  return out.Finish();
}

}  // namespace

extern "C" {

int snprintf(char* buffer, std::size_t capacity, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = Format(buffer, capacity, format, args);
  va_end(args);
  return n;
}

int siprintf(char* buffer, const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = Format(buffer, static_cast<std::size_t>(-1) >> 1, format, args);
  va_end(args);
  return n;
}

// The longest prefix of `text` that reads as a decimal number ([sign] digits [. digits] [e [sign]
// digits], leading white space skipped), converted; 0 with *end = text when there is none.
double strtod(const char* text, char** end) {
  const char* p = text;
  while (*p == ' ' || (*p >= '\t' && *p <= '\r')) ++p;
  const char* start = p;
  if (*p == '+' || *p == '-') ++p;
  int digits = 0;
  for (; *p >= '0' && *p <= '9'; ++p) ++digits;
  if (*p == '.') {
    for (++p; *p >= '0' && *p <= '9'; ++p) ++digits;
  }
  if (digits == 0) {
    if (end != nullptr) *end = const_cast<char*>(text);
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* q = p + 1;
    if (*q == '+' || *q == '-') ++q;
    if (*q >= '0' && *q <= '9') {
      while (*q >= '0' && *q <= '9') ++q;
      p = q;
    }
  }
  if (end != nullptr) *end = const_cast<char*>(p);
  return gdconv_parse_number(start, static_cast<int>(p - start));
}

float strtof(const char* text, char** end) { return static_cast<float>(strtod(text, end)); }

long double strtold(const char* text, char** end) { return strtod(text, end); }

// musl has only the C locale's number syntax, which is the one strtod reads.
double strtod_l(const char* text, char** end, locale_t /*locale*/) { return strtod(text, end); }

float strtof_l(const char* text, char** end, locale_t /*locale*/) { return strtof(text, end); }

long double strtold_l(const char* text, char** end, locale_t /*locale*/) {
  return strtod(text, end);
}

}  // extern "C"
