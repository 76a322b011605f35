// SPDX-License-Identifier: MIT
#include "core/options.h"

#include <string_view>

namespace gdconv {

// Enum wire values: reference/groupdocs-api.md §5.1, "Enum wire values".
#define GDCONV_ENUM_SPEC(Name, ...)                 \
  const EnumSpec& Name::Spec() {                    \
    static const EnumSpec spec{#Name, __VA_ARGS__}; \
    return spec;                                    \
  }

GDCONV_ENUM_SPEC(PdfFormat,
                 {"Default", "PdfA_1A", "PdfA_1B", "PdfA_2A", "PdfA_2B", "PdfA_2U", "PdfA_3A",
                  "PdfA_3B", "PdfA_3U", "v1_3", "v1_4", "v1_5", "v1_6", "v1_7", "PdfX_1A", "PdfX3"},
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
                 {"Bitmap", "Grayscale", "Indexed", "Rgb", "Cmyk", "Multichannel", "Duotone",
                  "Lab"},
                 {})
GDCONV_ENUM_SPEC(PsdCompressionMethod, {"Raw", "Rle", "ZipWithoutPrediction", "ZipWithPrediction"},
                 {})
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

// Field tables: one entry per X(type, name), with a reader and a writer that only forward to the
// shared ReadValue<T>/WriteValue<T>. Reading walks the keys actually present instead of probing
// every known name, and the per-field code stays a few bytes (it is shipped in the .wasm).
namespace {

template <typename Model>
struct FieldInfo {
  const char* name;
  std::string (*read)(const Json& value, Model& model);
  void (*write)(Json& out, const Model& model);
};

template <typename T>
std::string ReadValue(const Json& value, std::optional<T>& out) {
  T v{};
  std::string why = JsonCodec<T>::Read(value, v);
  if (why.empty()) out = std::move(v);
  return why;
}

template <typename T>
void WriteValue(Json& out, const char* name, const std::optional<T>& value) {
  if (value) out[name] = JsonCodec<T>::Write(*value);
}

#define GDCONV_FIELD_INFO(type, name)                               \
  {#name, [](const Json& v, M& m) { return ReadValue(v, m.name); }, \
   [](Json& out, const M& m) { WriteValue(out, #name, m.name); }},

template <typename Model, std::size_t N>
const FieldInfo<Model>* FindField(const FieldInfo<Model> (&fields)[N], std::string_view key) {
  for (const FieldInfo<Model>& f : fields) {
    if (key == f.name) return &f;
  }
  return nullptr;
}

// `extra` receives unknown keys; without it they are ignored.
template <typename Model, std::size_t N>
std::string ReadFields(const FieldInfo<Model> (&fields)[N], const Json& j, Model& out,
                       Json* extra) {
  if (!j.is_object()) return "expected an object";
  if (extra) *extra = Json::object();
  for (const auto& item : j.items()) {
    const FieldInfo<Model>* f = FindField(fields, item.key());
    if (!f) {
      if (extra) (*extra)[item.key()] = item.value();
      continue;
    }
    if (item.value().is_null()) continue;  // null: not set
    std::string why = f->read(item.value(), out);
    if (!why.empty()) return item.key() + ": " + why;
  }
  return "";
}

template <typename Model, std::size_t N>
Json WriteFields(const FieldInfo<Model> (&fields)[N], const Model& model, const Json* extra) {
  Json out = Json::object();
  for (const FieldInfo<Model>& f : fields) f.write(out, model);
  if (extra) {
    for (const auto& item : extra->items()) out[item.key()] = item.value();
  }
  return out;
}

namespace watermark {
using M = WatermarkOptions;
const FieldInfo<M> kFields[] = {GDCONV_WATERMARK_OPTIONS_FIELDS(GDCONV_FIELD_INFO)};
}  // namespace watermark
namespace field_label {
using M = FieldLabel;
const FieldInfo<M> kFields[] = {GDCONV_FIELD_LABEL_FIELDS(GDCONV_FIELD_INFO)};
}  // namespace field_label
namespace load {
using M = LoadOptions;
const FieldInfo<M> kFields[] = {GDCONV_LOAD_OPTIONS_FIELDS(GDCONV_FIELD_INFO)};
}  // namespace load
namespace convert {
using M = ConvertOptions;
const FieldInfo<M> kFields[] = {GDCONV_CONVERT_OPTIONS_FIELDS(GDCONV_FIELD_INFO)};
}  // namespace convert
#undef GDCONV_FIELD_INFO

}  // namespace

std::string JsonCodec<WatermarkOptions>::Read(const Json& j, WatermarkOptions& out) {
  return ReadFields(watermark::kFields, j, out, nullptr);
}
Json JsonCodec<WatermarkOptions>::Write(const WatermarkOptions& v) {
  return WriteFields(watermark::kFields, v, nullptr);
}

std::string JsonCodec<FieldLabel>::Read(const Json& j, FieldLabel& out) {
  return ReadFields(field_label::kFields, j, out, nullptr);
}
Json JsonCodec<FieldLabel>::Write(const FieldLabel& v) {
  return WriteFields(field_label::kFields, v, nullptr);
}

std::string JsonCodec<LoadOptions>::Read(const Json& j, LoadOptions& out) {
  return ReadFields(load::kFields, j, out, &out.extra);
}
Json JsonCodec<LoadOptions>::Write(const LoadOptions& v) {
  return WriteFields(load::kFields, v, &v.extra);
}

std::string JsonCodec<ConvertOptions>::Read(const Json& j, ConvertOptions& out) {
  return ReadFields(convert::kFields, j, out, &out.extra);
}
Json JsonCodec<ConvertOptions>::Write(const ConvertOptions& v) {
  return WriteFields(convert::kFields, v, &v.extra);
}

}  // namespace gdconv
