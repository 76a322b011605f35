// SPDX-License-Identifier: MIT
#include "core/models.h"

namespace gdconv {

#define GDCONV_TRY(expr)            \
  {                                 \
    std::string why_ = (expr);      \
    if (!why_.empty()) return why_; \
  }

std::string JsonCodec<ConvertSettings>::Read(const Json& j, ConvertSettings& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_TRY(ReadOptional(j, "storageName", out.storageName, ""));
  GDCONV_TRY(ReadRequired(j, "filePath", out.filePath, ""));
  GDCONV_TRY(ReadRequired(j, "format", out.format, ""));
  GDCONV_TRY(ReadOptional(j, "loadOptions", out.loadOptions, ""));
  GDCONV_TRY(ReadOptional(j, "convertOptions", out.convertOptions, ""));
  GDCONV_TRY(ReadOptional(j, "outputPath", out.outputPath, ""));
  GDCONV_TRY(ReadOptional(j, "fontsPath", out.fontsPath, ""));
  if (out.filePath.empty()) return "filePath: must not be empty";
  if (out.format.empty()) return "format: must not be empty";
  return "";
}

Json JsonCodec<ConvertSettings>::Write(const ConvertSettings& v) {
  Json out = Json::object();
  WriteOptional(out, "storageName", v.storageName);
  out["filePath"] = v.filePath;
  out["format"] = v.format;
  WriteOptional(out, "loadOptions", v.loadOptions);
  WriteOptional(out, "convertOptions", v.convertOptions);
  WriteOptional(out, "outputPath", v.outputPath);
  WriteOptional(out, "fontsPath", v.fontsPath);
  return out;
}

std::string JsonCodec<StoredConvertedResult>::Read(const Json& j, StoredConvertedResult& out) {
  if (!j.is_object()) return "expected an object";
  std::optional<std::string> path;
  GDCONV_TRY(ReadRequired(j, "name", out.name, ""));
  // A "Convert" operation's results live with the operation, not in storage: their path is null.
  if (j.find("path") == j.end()) return "path: required";
  GDCONV_TRY(ReadOptional(j, "path", path, ""));
  out.path = path.value_or("");
  GDCONV_TRY(ReadOptional(j, "size", out.size, ""));
  GDCONV_TRY(ReadOptional(j, "url", out.url, ""));
  return "";
}

Json JsonCodec<StoredConvertedResult>::Write(const StoredConvertedResult& v) {
  Json out = {{"name", v.name}, {"path", v.path.empty() ? Json(nullptr) : Json(v.path)}};
  WriteOptional(out, "size", v.size);
  WriteOptional(out, "url", v.url);
  return out;
}

std::string JsonCodec<OperationResult>::Read(const Json& j, OperationResult& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_TRY(ReadRequired(j, "id", out.id, ""));
  GDCONV_TRY(ReadRequired(j, "status", out.status, ""));
  GDCONV_TRY(ReadOptional(j, "method", out.method, ""));
  GDCONV_TRY(ReadOptional(j, "created", out.created, ""));
  GDCONV_TRY(ReadOptional(j, "started", out.started, ""));
  GDCONV_TRY(ReadOptional(j, "failed", out.failed, ""));
  GDCONV_TRY(ReadOptional(j, "canceled", out.canceled, ""));
  GDCONV_TRY(ReadOptional(j, "finished", out.finished, ""));
  GDCONV_TRY(ReadOptional(j, "result", out.result, ""));
  GDCONV_TRY(ReadOptional(j, "error", out.error, ""));
  return "";
}

Json JsonCodec<OperationResult>::Write(const OperationResult& v) {
  Json out = {{"id", v.id}, {"status", v.status}};
  WriteOptional(out, "method", v.method);
  WriteOptional(out, "created", v.created);
  WriteOptional(out, "started", v.started);
  WriteOptional(out, "failed", v.failed);
  WriteOptional(out, "canceled", v.canceled);
  WriteOptional(out, "finished", v.finished);
  WriteOptional(out, "result", v.result);
  WriteOptional(out, "error", v.error);
  return out;
}

std::string JsonCodec<ApiErrorInner>::Read(const Json& j, ApiErrorInner& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_TRY(ReadOptional(j, "requestId", out.requestId, ""));
  GDCONV_TRY(ReadOptional(j, "date", out.date, ""));
  return "";
}

Json JsonCodec<ApiErrorInner>::Write(const ApiErrorInner& v) {
  Json out = Json::object();
  WriteOptional(out, "requestId", v.requestId);
  WriteOptional(out, "date", v.date);
  return out;
}

std::string JsonCodec<StorageError>::Read(const Json& j, StorageError& out) {
  if (!j.is_object()) return "expected an object";
  // The storage model's code is a string, but some servers send a number: keep it as text.
  auto code = j.find("code");
  if (code != j.end() && code->is_number_integer()) {
    out.code = DumpJson(*code);
  } else {
    GDCONV_TRY(ReadOptional(j, "code", out.code, ""));
  }
  GDCONV_TRY(ReadOptional(j, "message", out.message, ""));
  GDCONV_TRY(ReadOptional(j, "description", out.description, ""));
  GDCONV_TRY(ReadOptional(j, "innerError", out.innerError, ""));
  return "";
}

Json JsonCodec<StorageError>::Write(const StorageError& v) {
  Json out = Json::object();
  WriteOptional(out, "code", v.code);
  WriteOptional(out, "message", v.message);
  WriteOptional(out, "description", v.description);
  WriteOptional(out, "innerError", v.innerError);
  return out;
}

std::string JsonCodec<FilesUploadResult>::Read(const Json& j, FilesUploadResult& out) {
  if (!j.is_object()) return "expected an object";
  std::optional<std::vector<std::string>> uploaded;
  std::optional<std::vector<StorageError>> errors;
  GDCONV_TRY(ReadOptional(j, "uploaded", uploaded, ""));
  GDCONV_TRY(ReadOptional(j, "errors", errors, ""));
  out.uploaded = uploaded.value_or(std::vector<std::string>{});
  out.errors = errors.value_or(std::vector<StorageError>{});
  return "";
}

Json JsonCodec<FilesUploadResult>::Write(const FilesUploadResult& v) {
  return {{"uploaded", JsonCodec<std::vector<std::string>>::Write(v.uploaded)},
          {"errors", JsonCodec<std::vector<StorageError>>::Write(v.errors)}};
}

std::string JsonCodec<TokenResponse>::Read(const Json& j, TokenResponse& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_TRY(ReadRequired(j, "access_token", out.access_token, ""));
  if (out.access_token.empty()) return "access_token: must not be empty";
  GDCONV_TRY(ReadOptional(j, "expires_in", out.expires_in, ""));
  GDCONV_TRY(ReadOptional(j, "token_type", out.token_type, ""));
  return "";
}

Json JsonCodec<TokenResponse>::Write(const TokenResponse& v) {
  // Only for tests: a token response never leaves the client.
  Json out = {{"access_token", v.access_token}};
  WriteOptional(out, "expires_in", v.expires_in);
  WriteOptional(out, "token_type", v.token_type);
  return out;
}

#undef GDCONV_TRY

}  // namespace gdconv
