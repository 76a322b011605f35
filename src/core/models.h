// SPDX-License-Identifier: MIT
// The API's models, with the wire names of reference/groupdocs-api.md §5. Responses: unknown fields
// are ignored, null is "not set", a missing required field or a known field of the wrong type is
// refused.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/options.h"

namespace gdconv {

struct ConvertSettings {
  std::optional<std::string> storageName;
  std::string filePath;  // required
  std::string format;    // required: the target extension
  std::optional<LoadOptions> loadOptions;
  std::optional<ConvertOptions> convertOptions;
  std::optional<std::string> outputPath;
  std::optional<std::string> fontsPath;
};

struct StoredConvertedResult {
  std::string name;  // required
  std::string path;  // required key; null (read as "") for results that are not in storage
  std::optional<Int> size;
  std::optional<std::string> url;
};

namespace operation_status {
inline constexpr const char* kCreated = "Created";
inline constexpr const char* kStarted = "Started";
inline constexpr const char* kFailed = "Failed";
inline constexpr const char* kCanceled = "Canceled";  // one "l", as on the wire
inline constexpr const char* kFinished = "Finished";
}  // namespace operation_status

struct OperationResult {
  std::string id;      // required
  std::string status;  // required; kept as text so a status added later does not break parsing
  std::optional<std::string> method;  // "Convert" | "ConvertAndSave"
  std::optional<std::string> created, started, failed, canceled, finished;  // ISO-8601, as sent
  std::optional<std::vector<StoredConvertedResult>> result;
  std::optional<std::string> error;
};

struct ApiErrorInner {  // storage Error.innerError
  std::optional<std::string> requestId;
  std::optional<std::string> date;
};

struct StorageError {  // the storage `Error` model (TS `ModelError`)
  std::optional<std::string> code;
  std::optional<std::string> message;
  std::optional<std::string> description;
  std::optional<ApiErrorInner> innerError;
};

struct FilesUploadResult {
  std::vector<std::string> uploaded;
  std::vector<StorageError> errors;
};

struct TokenResponse {
  std::string access_token;  // required, non-empty
  std::optional<double> expires_in;
  std::optional<std::string> token_type;
};

// NOLINTBEGIN(bugprone-macro-parentheses): T names a type, which cannot be parenthesised
#define GDCONV_DECLARE_CODEC(T)                     \
  template <>                                       \
  struct JsonCodec<T> {                             \
    static std::string Read(const Json& j, T& out); \
    static Json Write(const T& v);                  \
  }
// NOLINTEND(bugprone-macro-parentheses)
GDCONV_DECLARE_CODEC(ConvertSettings);
GDCONV_DECLARE_CODEC(StoredConvertedResult);
GDCONV_DECLARE_CODEC(OperationResult);
GDCONV_DECLARE_CODEC(ApiErrorInner);
GDCONV_DECLARE_CODEC(StorageError);
GDCONV_DECLARE_CODEC(FilesUploadResult);
GDCONV_DECLARE_CODEC(TokenResponse);
#undef GDCONV_DECLARE_CODEC

}  // namespace gdconv
