// SPDX-License-Identifier: MIT
// LoadOptions and ConvertOptions as the API takes them: flat objects with the union of every family
// class's fields and no discriminator; the server picks the class from the source/target format
// (reference/groupdocs-api.md §5.1). Members carry the exact wire names so the tables below read
// like the reference. Keys the client does not know are kept and sent as given: the API grows new
// fields every release and ignores those that do not apply.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/json.h"

namespace gdconv {

using StringMap = std::map<std::string, std::string>;
using Int = std::int64_t;
using IntList = std::vector<std::int64_t>;
using StringList = std::vector<std::string>;

#define GDCONV_WIRE_ENUM(Name)     \
  struct Name {                    \
    std::string value;             \
    static const EnumSpec& Spec(); \
  }
GDCONV_WIRE_ENUM(PdfFormat);
GDCONV_WIRE_ENUM(PageSize);
GDCONV_WIRE_ENUM(PageOrientation);
GDCONV_WIRE_ENUM(PdfDirection);
GDCONV_WIRE_ENUM(PdfPageMode);
GDCONV_WIRE_ENUM(PdfPageLayout);
GDCONV_WIRE_ENUM(PdfRotate);
GDCONV_WIRE_ENUM(FlipMode);
GDCONV_WIRE_ENUM(TiffCompression);
GDCONV_WIRE_ENUM(PsdColorMode);
GDCONV_WIRE_ENUM(PsdCompressionMethod);
GDCONV_WIRE_ENUM(PdfRecognitionMode);
GDCONV_WIRE_ENUM(CadDrawType);
GDCONV_WIRE_ENUM(TrailingSpacesOptions);
GDCONV_WIRE_ENUM(LeadingSpacesOptions);
GDCONV_WIRE_ENUM(EmailField);
GDCONV_WIRE_ENUM(CommentDisplayMode);
GDCONV_WIRE_ENUM(CommentsPosition);
GDCONV_WIRE_ENUM(NotesPosition);
GDCONV_WIRE_ENUM(PrintComments);
GDCONV_WIRE_ENUM(WebRenderingMode);
GDCONV_WIRE_ENUM(WebPageLayout);
#undef GDCONV_WIRE_ENUM

// X(type, wireName). Key order on the wire is irrelevant to the API (JSON objects are unordered).
// clang-format off
#define GDCONV_WATERMARK_OPTIONS_FIELDS(X) \
  X(std::string, text) X(std::string, fontName) X(double, fontSize) X(bool, bold) \
  X(bool, italic) X(std::string, color) X(double, width) X(double, height) X(double, top) \
  X(double, left) X(double, rotationAngle) X(double, transparency) X(bool, background) \
  X(std::string, image) X(bool, autoAlign)

#define GDCONV_FIELD_LABEL_FIELDS(X) X(EmailField, field) X(std::string, label)

// Every family's LoadOptions fields, 24.4.0 and the v25 additions (§5.1).
#define GDCONV_LOAD_OPTIONS_FIELDS(X) \
  X(std::string, format) \
  /* word processing, spreadsheet, presentation, note, compression, pdf */ \
  X(std::string, defaultFont) X(bool, autoFontSubstitution) X(StringMap, fontSubstitutes) \
  X(std::string, password) X(bool, hideWordTrackedChanges) X(bool, hideComments) \
  X(Int, bookmarksOutlineLevel) X(Int, headingsOutlineLevels) X(Int, expandedOutlineLevels) \
  X(bool, clearCustomDocumentProperties) X(bool, clearBuiltInDocumentProperties) X(Int, depth) \
  X(bool, convertOwned) X(bool, convertOwner) X(bool, autoHyphenation) X(bool, hyphenateCaps) \
  X(bool, pageNumbering) X(bool, preserveDocumentStructure) X(bool, skipExternalResources) \
  X(bool, useTextShaper) X(bool, preserveFormFields) X(CommentDisplayMode, commentDisplayMode) \
  X(bool, keepDateFieldOriginalValue) X(bool, updateFields) X(bool, updatePageLayout) \
  X(bool, embedTrueTypeFonts) X(bool, showFullCommenterName) \
  /* spreadsheet, csv, tsv */ \
  X(bool, showGridLines) X(bool, showHiddenSheets) X(bool, onePagePerSheet) \
  X(std::string, convertRange) X(bool, skipEmptyRowsAndColumns) X(std::string, separator) \
  X(bool, isMultiEncoded) X(bool, hasFormula) X(bool, convertNumericData) \
  X(bool, convertDateTimeData) X(std::string, encoding) X(Int, rowsPerPage) \
  X(Int, columnsPerPage) X(bool, autoFitRows) X(bool, allColumnsInOnePagePerSheet) \
  X(std::string, cultureInfo) X(bool, checkExcelRestriction) X(bool, optimizePdfSize) \
  X(IntList, sheetIndexes) X(StringList, sheets) X(PrintComments, printComments) \
  X(bool, resetFontFolders) \
  /* presentation */ \
  X(bool, showHiddenSlides) X(CommentsPosition, commentsPosition) \
  X(NotesPosition, notesPosition) \
  /* pdf */ \
  X(bool, removeEmbeddedFiles) X(bool, hidePdfAnnotations) X(bool, flattenAllFields) \
  X(bool, removeJavascript) \
  /* email */ \
  X(bool, displayHeader) X(bool, displayFromEmailAddress) X(bool, displayEmailAddress) \
  X(bool, displayToEmailAddress) X(bool, displayCcEmailAddress) \
  X(bool, displayBccEmailAddress) X(std::string, timeZoneOffset) X(bool, convertAttachments) \
  X(std::vector<FieldLabel>, fieldLabels) X(bool, preserveOriginalDate) \
  /* cad */ \
  X(StringList, layoutNames) X(std::string, backgroundColor) X(CadDrawType, drawType) \
  X(std::string, drawColor) \
  /* txt */ \
  X(bool, detectNumberingWithWhitespaces) X(TrailingSpacesOptions, trailingSpacesOptions) \
  X(LeadingSpacesOptions, leadingSpacesOptions) \
  /* personal storage, olm */ \
  X(std::string, folder) \
  /* web, xml, gis */ \
  X(std::string, basePath) X(WebRenderingMode, renderingMode) X(bool, usePdf) X(Int, zoom) \
  X(WebPageLayout, pageLayout) X(Json, xslFo) X(Int, width) X(Int, height)

// ConvertOptions base + every family class's fields (§5.1).
#define GDCONV_CONVERT_OPTIONS_FIELDS(X) \
  X(Int, fromPage) X(Int, pagesCount) X(IntList, pages) X(WatermarkOptions, watermarkOptions) \
  /* pdf, word processing, image */ \
  X(Int, width) X(Int, height) X(Int, dpi) X(std::string, password) X(Int, marginTop) \
  X(Int, marginBottom) X(Int, marginLeft) X(Int, marginRight) X(PdfFormat, pdfFormat) \
  X(bool, removePdfaCompliance) X(Int, zoom) X(bool, linearize) X(bool, linkDuplicateStreams) \
  X(bool, removeUnusedObjects) X(bool, removeUnusedStreams) X(bool, compressImages) \
  X(Int, imageQuality) X(bool, unembedFonts) X(bool, grayscale) X(bool, centerWindow) \
  X(PdfDirection, direction) X(bool, displayDocTitle) X(bool, fitWindow) X(bool, hideMenuBar) \
  X(bool, hideToolBar) X(bool, hideWindowUI) X(PdfPageMode, nonFullScreenPageMode) \
  X(PdfPageLayout, pageLayout) X(PdfPageMode, pageMode) X(PdfRotate, rotate) \
  X(PageSize, pageSize) X(PageOrientation, pageOrientation) \
  /* image, jpg, tiff, webp, psd */ \
  X(Int, horizontalResolution) X(Int, verticalResolution) X(Int, rotateAngle) X(bool, usePdf) \
  X(Int, brightness) X(Int, contrast) X(double, gamma) X(FlipMode, flipMode) \
  X(std::string, backgroundColor) X(Int, quality) X(TiffCompression, compression) \
  X(bool, lossless) X(Int, channelBitsCount) X(Int, channelsCount) X(PsdColorMode, colorMode) \
  X(PsdCompressionMethod, compressionMethod) X(Int, version) \
  /* word processing, rtf, web */ \
  X(PdfRecognitionMode, pdfRecognitionMode) X(bool, exportImagesForOldReaders) \
  X(bool, fixedLayout) X(bool, fixedLayoutShowBorders)
// clang-format on

#define GDCONV_DECLARE_FIELD(type, name) std::optional<type> name;

struct WatermarkOptions {
  GDCONV_WATERMARK_OPTIONS_FIELDS(GDCONV_DECLARE_FIELD)
};
struct FieldLabel {
  GDCONV_FIELD_LABEL_FIELDS(GDCONV_DECLARE_FIELD)
};

template <>
struct JsonCodec<WatermarkOptions> {
  static std::string Read(const Json& j, WatermarkOptions& out);
  static Json Write(const WatermarkOptions& v);
};
template <>
struct JsonCodec<FieldLabel> {
  static std::string Read(const Json& j, FieldLabel& out);
  static Json Write(const FieldLabel& v);
};

struct LoadOptions {
  GDCONV_LOAD_OPTIONS_FIELDS(GDCONV_DECLARE_FIELD)
  Json extra = Json::object();  // keys this client does not know, sent as given
};

struct ConvertOptions {
  GDCONV_CONVERT_OPTIONS_FIELDS(GDCONV_DECLARE_FIELD)
  Json extra = Json::object();
};

template <>
struct JsonCodec<LoadOptions> {
  static std::string Read(const Json& j, LoadOptions& out);
  static Json Write(const LoadOptions& v);
};
template <>
struct JsonCodec<ConvertOptions> {
  static std::string Read(const Json& j, ConvertOptions& out);
  static Json Write(const ConvertOptions& v);
};

}  // namespace gdconv
