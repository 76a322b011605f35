// SPDX-License-Identifier: MIT
#include "core/options.h"

#include <set>

namespace gdconv {

// Enum wire values: reference/groupdocs-api.md §5.1, "Enum wire values".
#define GDCONV_ENUM_SPEC(Name, ...)            \
  const EnumSpec& Name::Spec() {               \
    static const EnumSpec spec{#Name, __VA_ARGS__}; \
    return spec;                               \
  }

GDCONV_ENUM_SPEC(PdfFormat,
                 {"Default", "PdfA_1A", "PdfA_1B", "PdfA_2A", "PdfA_2B", "PdfA_2U", "PdfA_3A",
                  "PdfA_3B", "PdfA_3U", "v1_3", "v1_4", "v1_5", "v1_6", "v1_7", "PdfX_1A",
                  "PdfX3"},
                 // The SDKs' enum member names, which users copy from their docs.
                 {{"PdfA1A", "PdfA_1A"},
                  {"PdfA1B", "PdfA_1B"},
                  {"PdfA2A", "PdfA_2A"},
                  {"PdfA2B", "PdfA_2B"},
                  {"PdfA2U", "PdfA_2U"},
                  {"PdfA3A", "PdfA_3A"},
                  {"PdfA3B", "PdfA_3B"},
                  {"PdfA3U", "PdfA_3U"},
                  {"V13", "v1_3"},
                  {"V14", "v1_4"},
                  {"V15", "v1_5"},
                  {"V16", "v1_6"},
                  {"V17", "v1_7"},
                  {"PdfX1A", "PdfX_1A"}})
GDCONV_ENUM_SPEC(PageSize,
                 {"Default", "A3", "Statement", "Quarto", "Paper11x17", "Paper10x14", "Letter",
                  "Legal", "Ledger", "Folio", "Executive", "EnvelopeDL", "Custom", "B5", "B4", "A5",
                  "A4", "Tabloid"},
                 {})
GDCONV_ENUM_SPEC(PageOrientation, {"Default", "Landscape", "Portrait"}, {})
GDCONV_ENUM_SPEC(PdfDirection, {"L2R", "R2L"}, {})
GDCONV_ENUM_SPEC(PdfPageMode,
                 {"UseNone", "UseOutlines", "UseThumbs", "FullScreen", "UseOC", "UseAttachments"},
                 {})
GDCONV_ENUM_SPEC(PdfPageLayout,
                 {"Default", "SinglePage", "OneColumn", "TwoColumnLeft", "TwoColumnRight",
                  "TwoPageLeft", "TwoPageRight"},
                 {})
GDCONV_ENUM_SPEC(PdfRotate, {"None", "On90", "On180", "On270"}, {})
GDCONV_ENUM_SPEC(FlipMode, {"None", "FlipX", "FlipY", "FlipXY"}, {})
GDCONV_ENUM_SPEC(TiffCompression, {"Lzw", "None", "Ccitt3", "Ccitt4", "Rle"}, {})
GDCONV_ENUM_SPEC(PsdColorMode,
                 {"Bitmap", "Grayscale", "Indexed", "Rgb", "Cmyk", "Multichannel", "Duotone", "Lab"},
                 {})
GDCONV_ENUM_SPEC(PsdCompressionMethod,
                 {"Raw", "Rle", "ZipWithoutPrediction", "ZipWithPrediction"}, {})
GDCONV_ENUM_SPEC(PdfRecognitionMode, {"Textbox", "Flow"}, {})
GDCONV_ENUM_SPEC(CadDrawType, {"UseDrawColor", "UseObjectColor"}, {})
GDCONV_ENUM_SPEC(TrailingSpacesOptions, {"Preserve", "Trim"}, {})
GDCONV_ENUM_SPEC(LeadingSpacesOptions, {"ConvertToIndent", "Preserve", "Trim"}, {})
GDCONV_ENUM_SPEC(EmailField,
                 {"Start", "TabField", "Subject", "ShowTimeAs", "Sent", "RequiredAttendees",
                  "RecurrencePattern", "Recurrence", "PageHeader", "Organizer", "Location",
                  "Importance", "From", "End", "Bcc", "Attachments", "To"},
                 {})
GDCONV_ENUM_SPEC(CommentDisplayMode, {"Hidden", "Balloon", "Annotation"}, {})
GDCONV_ENUM_SPEC(CommentsPosition, {"None", "Bottom", "Right"}, {})
GDCONV_ENUM_SPEC(NotesPosition, {"None", "BottomTruncated", "BottomFull"}, {})
GDCONV_ENUM_SPEC(PrintComments,
                 {"PrintInPlace", "PrintNoComments", "PrintSheetEnd", "PrintWithThreadedComments"},
                 {})
GDCONV_ENUM_SPEC(WebRenderingMode, {"Flow", "AbsolutePositioning"}, {})
GDCONV_ENUM_SPEC(WebPageLayout, {"None", "ScaleToPageWidth", "ScaleToPageHeight"}, {})
#undef GDCONV_ENUM_SPEC

// Field-table driven codecs: each X(type, name) reads or writes the member `name` under key "name".
#define GDCONV_READ_FIELD(type, name)                       \
  {                                                         \
    std::string why = ReadOptional(j, #name, out.name, ""); \
    if (!why.empty()) return why;                           \
  }
#define GDCONV_WRITE_FIELD(type, name) WriteOptional(out, #name, v.name);
#define GDCONV_FIELD_NAME(type, name) #name,

namespace {
// Copies the keys of `j` that are not in `known` into `extra`, as given.
template <std::size_t N>
void KeepUnknown(const Json& j, const char* const (&known)[N], Json& extra) {
  static const std::set<std::string_view> names(std::begin(known), std::end(known));
  extra = Json::object();
  for (const auto& [key, value] : j.items()) {
    if (names.count(key) == 0) extra[key] = value;
  }
}
}  // namespace

std::string JsonCodec<WatermarkOptions>::Read(const Json& j, WatermarkOptions& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_WATERMARK_OPTIONS_FIELDS(GDCONV_READ_FIELD)
  return "";
}
Json JsonCodec<WatermarkOptions>::Write(const WatermarkOptions& v) {
  Json out = Json::object();
  GDCONV_WATERMARK_OPTIONS_FIELDS(GDCONV_WRITE_FIELD)
  return out;
}

std::string JsonCodec<FieldLabel>::Read(const Json& j, FieldLabel& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_FIELD_LABEL_FIELDS(GDCONV_READ_FIELD)
  return "";
}
Json JsonCodec<FieldLabel>::Write(const FieldLabel& v) {
  Json out = Json::object();
  GDCONV_FIELD_LABEL_FIELDS(GDCONV_WRITE_FIELD)
  return out;
}

std::string JsonCodec<LoadOptions>::Read(const Json& j, LoadOptions& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_LOAD_OPTIONS_FIELDS(GDCONV_READ_FIELD)
  static const char* const kKnown[] = {GDCONV_LOAD_OPTIONS_FIELDS(GDCONV_FIELD_NAME)};
  KeepUnknown(j, kKnown, out.extra);
  return "";
}
Json JsonCodec<LoadOptions>::Write(const LoadOptions& v) {
  Json out = Json::object();
  GDCONV_LOAD_OPTIONS_FIELDS(GDCONV_WRITE_FIELD)
  for (const auto& [key, value] : v.extra.items()) out[key] = value;
  return out;
}

std::string JsonCodec<ConvertOptions>::Read(const Json& j, ConvertOptions& out) {
  if (!j.is_object()) return "expected an object";
  GDCONV_CONVERT_OPTIONS_FIELDS(GDCONV_READ_FIELD)
  static const char* const kKnown[] = {GDCONV_CONVERT_OPTIONS_FIELDS(GDCONV_FIELD_NAME)};
  KeepUnknown(j, kKnown, out.extra);
  return "";
}
Json JsonCodec<ConvertOptions>::Write(const ConvertOptions& v) {
  Json out = Json::object();
  GDCONV_CONVERT_OPTIONS_FIELDS(GDCONV_WRITE_FIELD)
  for (const auto& [key, value] : v.extra.items()) out[key] = value;
  return out;
}

}  // namespace gdconv
