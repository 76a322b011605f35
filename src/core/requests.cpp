// SPDX-License-Identifier: MIT
#include "core/requests.h"

#include "core/methods.h"

namespace gdconv {
namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

constexpr const char* kJson = "application/json";
// Errors on binary routes are JSON (reference §5.2), so accept both.
constexpr const char* kBytesOrJson = "application/octet-stream, application/json";

const char* VerbName(Verb verb) {
  switch (verb) {
    case Verb::kGet:
      return "GET";
    case Verb::kPost:
      return "POST";
    case Verb::kPut:
      return "PUT";
    case Verb::kDelete:
      return "DELETE";
  }
  return "GET";
}

// One parameter's value, checked against its type.
Result<Json> ReadParam(const Param& param, const Json& value) {
  constexpr ErrorCode kCode = ErrorCode::kInvalidArgument;
  switch (param.type) {
    case ParamType::kBool: {
      bool b = false;
      if (Status s = Codec<bool>::Read(value, b, kCode); !s) return std::move(s.error());
      return Json(b);
    }
    case ParamType::kInt:
    case ParamType::kPage: {
      Int n = 0;
      if (Status s = Codec<Int>::Read(value, n, kCode); !s) return std::move(s.error());
      if (param.type == ParamType::kPage && n < 1)
        return Refused(kCode, "expected an integer >= 1");
      return Json(n);
    }
    case ParamType::kText:
    case ParamType::kSegment:
    case ParamType::kStoragePath: {
      std::string text;
      if (Status s = Codec<std::string>::Read(value, text, kCode); !s) return std::move(s.error());
      if ((param.flags & kRequired) && text.empty()) return Refused(kCode, "must not be empty");
      if ((param.flags & kRequired) && param.type == ParamType::kStoragePath &&
          EncodeStoragePath(text).empty()) {
        return Refused(kCode, "names no file or folder");
      }
      return Json(std::move(text));
    }
  }
  return Json();
}

// A parameter's value as URL text (before encoding).
std::string ParamText(const Json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return DumpJson(value);  // an integer
}

template <typename T>
Status ReadBodyArg(const Json& args, std::string_view name, Json& out) {
  const Json* value = FindKey(args, name);
  if (!value || value->is_null()) return {};
  Result<T> read = Decode<T>(*value, ErrorCode::kInvalidArgument);
  if (!read) return Within(name, std::move(read.error()));
  out[std::string(name)] = Encode(read.value());
  return {};
}

// The route with its "{name}" parameters filled in.
std::string FillRoute(const Method& method, const Json& args) {
  std::string out;
  std::string_view route = method.route;
  for (std::size_t open = route.find('{'); open != std::string_view::npos; open = route.find('{')) {
    std::size_t close = route.find('}', open);
    std::string_view name = route.substr(open + 1, close - open - 1);
    out += route.substr(0, open);
    route.remove_prefix(close + 1);
    auto value = args.find(name);
    if (value == args.end()) continue;
    bool path = false;
    for (const Param& p : method.params)
      path = path || (p.name == name && p.type == ParamType::kStoragePath);
    std::string text = ParamText(*value);
    out += path ? EncodeStoragePath(text) : PercentEncode(text);
  }
  out += route;
  return out;
}

}  // namespace

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string EncodeStoragePath(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (!segment.empty()) {
      if (!out.empty()) out += '/';
      out += PercentEncode(segment);
    }
    start = end + 1;
  }
  return out;
}

std::string BaseName(std::string_view path) {
  while (!path.empty() && (path.back() == '/' || path.back() == '\\')) path.remove_suffix(1);
  std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

Result<Json> ReadArgs(const Method& method, const Json& args) {
  if (!args.is_object()) return Refused(ErrorCode::kInvalidArgument, "expected an object");
  Json out = Json::object();
  if (method.body == Body::kSettings) {
    Result<ConvertSettings> settings = Decode<ConvertSettings>(args, ErrorCode::kInvalidArgument);
    if (!settings) return std::move(settings.error());
    out = Encode(settings.value());
  }
  for (const Param& param : method.params) {
    if (param.name.empty()) break;
    const Json* value = FindKey(args, param.name);
    if (!value || value->is_null()) {
      if (param.flags & kRequired)
        return Within(param.name, Refused(ErrorCode::kInvalidArgument, "required"));
      continue;
    }
    Result<Json> read = ReadParam(param, *value);
    if (!read) return Within(param.name, std::move(read.error()));
    out[std::string(param.name)] = std::move(read.value());
  }
  if (method.body == Body::kFile || method.body == Body::kDocument) {
    if (Status s = ReadBodyArg<std::string>(args, "fileName", out); !s) return std::move(s.error());
  }
  if (method.body == Body::kDocument) {
    if (Status s = ReadBodyArg<LoadOptions>(args, "loadOptions", out); !s)
      return std::move(s.error());
    if (Status s = ReadBodyArg<ConvertOptions>(args, "convertOptions", out); !s)
      return std::move(s.error());
  }
  if (method.check) {
    if (Status s = method.check(out); !s) return std::move(s.error());
  }
  return out;
}

HttpRequest BuildRequest(const ApiConfig& config, const Method& method, const Json& args) {
  HttpRequest r;
  r.method = VerbName(method.verb);
  r.url = config.base_url + "/v2.0/conversion";
  if (!method.route.empty()) r.url += "/" + FillRoute(method, args);
  bool has_query = false;
  for (const Param& param : method.params) {
    if (param.name.empty()) break;
    if (method.route.find("{" + std::string(param.name) + "}") != std::string_view::npos) continue;
    auto value = args.find(param.name);
    if (value == args.end()) continue;
    r.url += has_query ? '&' : '?';
    has_query = true;
    r.url += PercentEncode(param.name) + "=" + PercentEncode(ParamText(*value));
  }
  r.headers.emplace_back("Accept", method.answer.kind == AnswerKind::kBytes ? kBytesOrJson : kJson);
  if (method.body == Body::kSettings) {
    AttachBody(r, kJson, Buffer::FromString(DumpJson(args)));
  }
  r.timeout_ms = config.timeout_ms;
  r.idempotent = method.retry == kRetrySafe;
  return r;
}

MultipartFileSpec UploadSpec(const Method& method, const Json& args) {
  MultipartFileSpec spec;
  auto text = [&args](const char* key) {
    auto it = args.find(key);
    return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (method.body == Body::kFile) {
    spec.file_name = text("fileName");
    if (spec.file_name.empty()) spec.file_name = BaseName(text("path"));
    return spec;
  }
  // The server tells the format by the name's extension, and by the bytes without one.
  spec.file_name = BaseName(text("fileName"));
  if (spec.file_name.empty()) spec.file_name = "file";
  for (const char* part : {"loadOptions", "convertOptions"}) {
    auto it = args.find(part);
    if (it != args.end()) spec.trailing_parts.push_back({part, kJson, DumpJson(*it)});
  }
  return spec;
}

void AttachBody(HttpRequest& request, std::string content_type, Buffer body) {
  request.headers.emplace_back("Content-Type", std::move(content_type));
  request.body = std::move(body);
}

void AttachUpload(HttpRequest& request, std::string content_type, const MultipartBody& body) {
  AttachBody(request, std::move(content_type), body.buffer());
  request.inserted_size = body.inserted_size();
}

HttpRequest TokenRequest(const ApiConfig& config, std::string_view client_id,
                         std::string_view client_secret) {
  HttpRequest r;
  r.method = "POST";
  r.url = config.base_url + "/connect/token";  // no /v2.0 (reference §2)
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.headers.emplace_back("Accept", "application/json");
  r.body =
      Buffer::FromString("grant_type=client_credentials&client_id=" + PercentEncode(client_id) +
                         "&client_secret=" + PercentEncode(client_secret));
  r.timeout_ms = config.timeout_ms;
  r.idempotent = true;  // issuing a token twice has no effect beyond the token
  return r;
}

void Authorize(HttpRequest& request, std::string_view token) {
  for (auto& [key, value] : request.headers) {
    if (key == "Authorization") {
      value = "Bearer " + std::string(token);
      return;
    }
  }
  request.headers.emplace_back("Authorization", "Bearer " + std::string(token));
}

}  // namespace gdconv
