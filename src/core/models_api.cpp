// SPDX-License-Identifier: MIT
#include "core/models_api.h"

namespace gdconv {

#define GDCONV_READ_REQ(type, name)                         \
  {                                                         \
    std::string why = ReadRequired(j, #name, out.name, ""); \
    if (!why.empty()) return why;                           \
  }
#define GDCONV_READ_OPT(type, name)                         \
  {                                                         \
    std::string why = ReadOptional(j, #name, out.name, ""); \
    if (!why.empty()) return why;                           \
  }
#define GDCONV_WRITE_REQ(type, name) out[#name] = JsonCodec<type>::Write(v.name);
#define GDCONV_WRITE_OPT(type, name) WriteOptional(out, #name, v.name);

// NOLINTBEGIN(bugprone-macro-parentheses): Name names a type, which cannot be parenthesised
#define GDCONV_API_CODEC(Name, FIELDS)                          \
  std::string JsonCodec<Name>::Read(const Json& j, Name& out) { \
    if (!j.is_object()) return "expected an object";            \
    FIELDS(GDCONV_READ_REQ, GDCONV_READ_OPT)                    \
    return "";                                                  \
  }                                                             \
  Json JsonCodec<Name>::Write(const Name& v) {                  \
    Json out = Json::object();                                  \
    FIELDS(GDCONV_WRITE_REQ, GDCONV_WRITE_OPT)                  \
    return out;                                                 \
  }
// NOLINTEND(bugprone-macro-parentheses)

GDCONV_API_CODEC(StorageFile, GDCONV_STORAGE_FILE_FIELDS)
GDCONV_API_CODEC(FileVersion, GDCONV_FILE_VERSION_FIELDS)
GDCONV_API_CODEC(FilesList, GDCONV_FILES_LIST_FIELDS)
GDCONV_API_CODEC(FileVersions, GDCONV_FILE_VERSIONS_FIELDS)
GDCONV_API_CODEC(ObjectExist, GDCONV_OBJECT_EXIST_FIELDS)
GDCONV_API_CODEC(StorageExist, GDCONV_STORAGE_EXIST_FIELDS)
GDCONV_API_CODEC(DiscUsage, GDCONV_DISC_USAGE_FIELDS)
GDCONV_API_CODEC(SupportedFormat, GDCONV_SUPPORTED_FORMAT_FIELDS)
GDCONV_API_CODEC(DocumentMetadata, GDCONV_DOCUMENT_METADATA_FIELDS)
GDCONV_API_CODEC(ConsumptionResult, GDCONV_CONSUMPTION_RESULT_FIELDS)
GDCONV_API_CODEC(LicenseInfo, GDCONV_LICENSE_INFO_FIELDS)

#undef GDCONV_API_CODEC
#undef GDCONV_READ_REQ
#undef GDCONV_READ_OPT
#undef GDCONV_WRITE_REQ
#undef GDCONV_WRITE_OPT

}  // namespace gdconv
