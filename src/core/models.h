// SPDX-License-Identifier: MIT
// The API's models (reference/groupdocs-api.md §5), each declared once with the record codec
// (codec.h). Answers are read as the official SDK models read them (issue 18): every field is
// optional, and only an answer with none of a model's identifying fields is refused. Fields with a
// default (not std::optional) are always written, so the JS side can rely on them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/codec.h"
#include "core/options.h"

namespace gdconv {

// ---- Requests ---------------------------------------------------------------------------------

struct ConvertSettings {
  std::optional<std::string> storageName;
  std::string filePath;
  std::string format;  // the target extension
  std::optional<LoadOptions> loadOptions;
  std::optional<ConvertOptions> convertOptions;
  std::optional<std::string> outputPath;
  std::optional<std::string> fontsPath;
};
template <>
struct RecordOf<ConvertSettings> : RecordDefaults {
  using M = ConvertSettings;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::storageName>("storageName"), Field<&M::filePath>("filePath", kRequired),
                  Field<&M::format>("format", kRequired), Field<&M::loadOptions>("loadOptions"),
                  Field<&M::convertOptions>("convertOptions"), Field<&M::outputPath>("outputPath"),
                  Field<&M::fontsPath>("fontsPath"));
};

// ---- Conversion answers -----------------------------------------------------------------------

struct StoredConvertedResult {
  std::optional<std::string> name;
  // Where the result is stored; null for results that are not in storage ("Convert" operations).
  // The API's data-structure page shows {name, size, url} without it.
  std::optional<std::string> path;
  std::optional<Int> size;
  std::optional<std::string> url;
};
template <>
struct RecordOf<StoredConvertedResult> : RecordDefaults {
  using M = StoredConvertedResult;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::name>("name", kIdentifying),
                                              Field<&M::path>("path", kIdentifying | kNullable),
                                              Field<&M::size>("size"), Field<&M::url>("url"));
};

namespace operation_status {
inline constexpr const char* kCreated = "Created";
inline constexpr const char* kStarted = "Started";
inline constexpr const char* kFailed = "Failed";
inline constexpr const char* kCanceled = "Canceled";  // one "l", as on the wire
inline constexpr const char* kFinished = "Finished";
}  // namespace operation_status

struct OperationResult {
  std::optional<std::string> id;
  std::optional<std::string> status;  // text, so that a status added later does not break parsing
  std::optional<std::string> method;  // "Convert" | "ConvertAndSave"
  std::optional<std::string> created, started, failed, canceled, finished;  // ISO-8601, as sent
  std::vector<StoredConvertedResult> result;
  std::optional<std::string> error;
};
template <>
struct RecordOf<OperationResult> : RecordDefaults {
  using M = OperationResult;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::id>("id", kIdentifying), Field<&M::status>("status", kIdentifying),
      Field<&M::method>("method"), Field<&M::created>("created"), Field<&M::started>("started"),
      Field<&M::failed>("failed"), Field<&M::canceled>("canceled"), Field<&M::finished>("finished"),
      Field<&M::result>("result"), Field<&M::error>("error"));
};

// ---- Storage answers --------------------------------------------------------------------------

struct ApiErrorInner {  // storage Error.innerError
  std::optional<std::string> requestId;
  std::optional<std::string> date;
};
template <>
struct RecordOf<ApiErrorInner> : RecordDefaults {
  using M = ApiErrorInner;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::requestId>("requestId"), Field<&M::date>("date"));
};

struct StorageError {               // the storage `Error` model (TS `ModelError`)
  std::optional<std::string> code;  // a string in the model; some servers send a number
  std::optional<std::string> message;
  std::optional<std::string> description;
  std::optional<ApiErrorInner> innerError;
};
template <>
struct RecordOf<StorageError> : RecordDefaults {
  using M = StorageError;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::code>("code", kNumberAsText), Field<&M::message>("message"),
                  Field<&M::description>("description"), Field<&M::innerError>("innerError"));
};

struct FilesUploadResult {
  std::vector<std::string> uploaded;
  std::vector<StorageError> errors;
};
template <>
struct RecordOf<FilesUploadResult> : RecordDefaults {
  using M = FilesUploadResult;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::uploaded>("uploaded", kIdentifying),
                                              Field<&M::errors>("errors", kIdentifying));
};

// A file or folder in storage: the StorageFile model, and FileVersion's two fields more (one model
// for both lists: a server that adds version fields to a folder listing loses nothing).
struct StorageFile {
  std::optional<std::string> name;
  std::optional<std::string> path;
  std::optional<bool> isFolder;
  std::optional<std::string> modifiedDate;
  std::optional<Int> size;
  std::optional<std::string> versionId;
  std::optional<bool> isLatest;
};
template <>
struct RecordOf<StorageFile> : RecordDefaults {
  using M = StorageFile;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::name>("name", kIdentifying), Field<&M::path>("path", kIdentifying),
      Field<&M::isFolder>("isFolder"), Field<&M::modifiedDate>("modifiedDate"),
      Field<&M::size>("size"), Field<&M::versionId>("versionId"), Field<&M::isLatest>("isLatest"));
};

struct StorageFileList {  // FilesList and FileVersions
  std::vector<StorageFile> value;
};
template <>
struct RecordOf<StorageFileList> : RecordDefaults {
  using M = StorageFileList;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::value>("value", kIdentifying));
};

struct ObjectExist {
  bool exists = false;
  std::optional<bool> isFolder;
};
template <>
struct RecordOf<ObjectExist> : RecordDefaults {
  using M = ObjectExist;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::exists>("exists", kIdentifying), Field<&M::isFolder>("isFolder"));
};

struct StorageExist {
  bool exists = false;
};
template <>
struct RecordOf<StorageExist> : RecordDefaults {
  using M = StorageExist;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::exists>("exists", kIdentifying));
};

struct DiscUsage {
  std::optional<Int> usedSize;
  std::optional<Int> totalSize;
};
template <>
struct RecordOf<DiscUsage> : RecordDefaults {
  using M = DiscUsage;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::usedSize>("usedSize", kIdentifying),
                                              Field<&M::totalSize>("totalSize", kIdentifying));
};

// ---- Info and license answers -----------------------------------------------------------------

struct SupportedFormat {
  std::optional<std::string> sourceFormat;
  std::vector<std::string> targetFormats;
};
template <>
struct RecordOf<SupportedFormat> : RecordDefaults {
  using M = SupportedFormat;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::sourceFormat>("sourceFormat", kIdentifying),
                  Field<&M::targetFormats>("targetFormats", kIdentifying));
};

struct DocumentMetadata {
  std::optional<std::string> fileType;
  std::optional<Int> pageCount;
  std::optional<Int> size;
  std::optional<double> width, height, horizontalResolution, verticalResolution;
  std::optional<Int> bitsPerPixel;
  std::optional<std::string> title, author, createdDate, modifiedDate;
  std::optional<std::vector<std::string>> layers;
  std::optional<bool> isPasswordProtected;
};
template <>
struct RecordOf<DocumentMetadata> : RecordDefaults {
  using M = DocumentMetadata;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::fileType>("fileType", kIdentifying),
      Field<&M::pageCount>("pageCount", kIdentifying), Field<&M::size>("size", kIdentifying),
      Field<&M::width>("width"), Field<&M::height>("height"),
      Field<&M::horizontalResolution>("horizontalResolution"),
      Field<&M::verticalResolution>("verticalResolution"), Field<&M::bitsPerPixel>("bitsPerPixel"),
      Field<&M::title>("title"), Field<&M::author>("author"), Field<&M::createdDate>("createdDate"),
      Field<&M::modifiedDate>("modifiedDate"), Field<&M::layers>("layers"),
      Field<&M::isPasswordProtected>("isPasswordProtected"));
};

struct ConsumptionResult {
  std::optional<double> credit;
  std::optional<double> quantity;  // megabytes processed, so it may be fractional
  std::optional<double> billedApiCalls;
};
template <>
struct RecordOf<ConsumptionResult> : RecordDefaults {
  using M = ConsumptionResult;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::credit>("credit", kIdentifying),
                                              Field<&M::quantity>("quantity", kIdentifying),
                                              Field<&M::billedApiCalls>("billedApiCalls"));
};

struct LicenseInfo {
  bool isLicensed = false;
};
template <>
struct RecordOf<LicenseInfo> : RecordDefaults {
  using M = LicenseInfo;
  static constexpr auto kFields = FieldsOf<M>(Field<&M::isLicensed>("isLicensed", kIdentifying));
};

// ---- Authentication ---------------------------------------------------------------------------

struct TokenResponse {
  std::string access_token;
  std::optional<double> expires_in;
  std::optional<std::string> token_type;
};
template <>
struct RecordOf<TokenResponse> : RecordDefaults {
  using M = TokenResponse;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::access_token>("access_token", kRequired),
                  Field<&M::expires_in>("expires_in"), Field<&M::token_type>("token_type"));
};

}  // namespace gdconv
