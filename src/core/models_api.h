// SPDX-License-Identifier: MIT
// Response models of the storage, info and license APIs (reference/groupdocs-api.md §5), read the
// same way as models.h: unknown fields ignored, null is "not set", a missing required field or a
// known field of the wrong type refused (bad_response).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/models.h"

namespace gdconv {

// X-macro tables: REQ(type, name) must be present and non-null, OPT(type, name) may be absent or
// null.
#define GDCONV_STORAGE_FILE_FIELDS(REQ, OPT) \
  REQ(std::string, name)                     \
  REQ(std::string, path) OPT(bool, isFolder) OPT(std::string, modifiedDate) OPT(Int, size)
#define GDCONV_FILE_VERSION_FIELDS(REQ, OPT) \
  GDCONV_STORAGE_FILE_FIELDS(REQ, OPT) OPT(std::string, versionId) OPT(bool, isLatest)
#define GDCONV_FILES_LIST_FIELDS(REQ, OPT) REQ(std::vector<StorageFile>, value)
#define GDCONV_FILE_VERSIONS_FIELDS(REQ, OPT) REQ(std::vector<FileVersion>, value)
#define GDCONV_OBJECT_EXIST_FIELDS(REQ, OPT) REQ(bool, exists) OPT(bool, isFolder)
#define GDCONV_STORAGE_EXIST_FIELDS(REQ, OPT) REQ(bool, exists)
#define GDCONV_DISC_USAGE_FIELDS(REQ, OPT) REQ(Int, usedSize) REQ(Int, totalSize)
#define GDCONV_SUPPORTED_FORMAT_FIELDS(REQ, OPT) \
  REQ(std::string, sourceFormat) REQ(std::vector<std::string>, targetFormats)
// Only pageCount is required: it is what every official SDK test reads; the rest depends on the
// format.
#define GDCONV_DOCUMENT_METADATA_FIELDS(REQ, OPT)                                               \
  OPT(std::string, fileType)                                                                    \
  REQ(Int, pageCount)                                                                           \
  OPT(Int, size) OPT(double, width) OPT(double, height) OPT(double, horizontalResolution)       \
      OPT(double, verticalResolution) OPT(Int, bitsPerPixel) OPT(std::string, title)            \
          OPT(std::string, author) OPT(std::string, createdDate) OPT(std::string, modifiedDate) \
              OPT(std::vector<std::string>, layers) OPT(bool, isPasswordProtected)
// quantity is megabytes processed, so it may be fractional.
#define GDCONV_CONSUMPTION_RESULT_FIELDS(REQ, OPT) \
  REQ(double, credit) REQ(double, quantity) OPT(double, billedApiCalls)
#define GDCONV_LICENSE_INFO_FIELDS(REQ, OPT) REQ(bool, isLicensed)

#define GDCONV_REQ_MEMBER(type, name) type name{};
#define GDCONV_OPT_MEMBER(type, name) std::optional<type> name;
// NOLINTBEGIN(bugprone-macro-parentheses): Name names a type, which cannot be parenthesised
#define GDCONV_API_MODEL(Name, FIELDS)                 \
  struct Name {                                        \
    FIELDS(GDCONV_REQ_MEMBER, GDCONV_OPT_MEMBER)       \
  };                                                   \
  template <>                                          \
  struct JsonCodec<Name> {                             \
    static std::string Read(const Json& j, Name& out); \
    static Json Write(const Name& v);                  \
  };
// NOLINTEND(bugprone-macro-parentheses)

GDCONV_API_MODEL(StorageFile, GDCONV_STORAGE_FILE_FIELDS)
GDCONV_API_MODEL(FileVersion, GDCONV_FILE_VERSION_FIELDS)
GDCONV_API_MODEL(FilesList, GDCONV_FILES_LIST_FIELDS)
GDCONV_API_MODEL(FileVersions, GDCONV_FILE_VERSIONS_FIELDS)
GDCONV_API_MODEL(ObjectExist, GDCONV_OBJECT_EXIST_FIELDS)
GDCONV_API_MODEL(StorageExist, GDCONV_STORAGE_EXIST_FIELDS)
GDCONV_API_MODEL(DiscUsage, GDCONV_DISC_USAGE_FIELDS)
GDCONV_API_MODEL(SupportedFormat, GDCONV_SUPPORTED_FORMAT_FIELDS)
GDCONV_API_MODEL(DocumentMetadata, GDCONV_DOCUMENT_METADATA_FIELDS)
GDCONV_API_MODEL(ConsumptionResult, GDCONV_CONSUMPTION_RESULT_FIELDS)
GDCONV_API_MODEL(LicenseInfo, GDCONV_LICENSE_INFO_FIELDS)

#undef GDCONV_API_MODEL
#undef GDCONV_REQ_MEMBER
#undef GDCONV_OPT_MEMBER

}  // namespace gdconv
