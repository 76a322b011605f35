// SPDX-License-Identifier: MIT
// LoadOptions and ConvertOptions as the API takes them: flat objects with the union of every family
// class's fields and no discriminator; the server picks the class from the source/target format
// (reference/groupdocs-api.md §5.1). Members carry the exact wire names so the tables read like the
// reference. Keys the client does not know are kept and sent as given: the API grows new fields
// every release and ignores those that do not apply. Enum-valued fields are strings checked against
// option_enums.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/codec.h"
#include "core/option_enums.h"

namespace gdconv {

using IntList = std::vector<Int>;
using StringList = std::vector<std::string>;

// clang-format off
struct WatermarkOptions {
  std::optional<std::string> text;
  std::optional<std::string> fontName;
  std::optional<double> fontSize;
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<std::string> color;
  std::optional<double> width;
  std::optional<double> height;
  std::optional<double> top;
  std::optional<double> left;
  std::optional<double> rotationAngle;
  std::optional<double> transparency;
  std::optional<bool> background;
  std::optional<std::string> image;
  std::optional<bool> autoAlign;
};
template <>
struct RecordOf<WatermarkOptions> : RecordDefaults {
  using M = WatermarkOptions;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::text>("text"),
      Field<&M::fontName>("fontName"),
      Field<&M::fontSize>("fontSize"),
      Field<&M::bold>("bold"),
      Field<&M::italic>("italic"),
      Field<&M::color>("color"),
      Field<&M::width>("width"),
      Field<&M::height>("height"),
      Field<&M::top>("top"),
      Field<&M::left>("left"),
      Field<&M::rotationAngle>("rotationAngle"),
      Field<&M::transparency>("transparency"),
      Field<&M::background>("background"),
      Field<&M::image>("image"),
      Field<&M::autoAlign>("autoAlign")
  );
};

struct FieldLabel {
  std::optional<std::string> field;  // EmailField
  std::optional<std::string> label;
};
template <>
struct RecordOf<FieldLabel> : RecordDefaults {
  using M = FieldLabel;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::field>("field", 0, &kEmailField),
      Field<&M::label>("label")
  );
};

// Every family's LoadOptions fields, 24.4.0 and the v25 additions (§5.1).
struct LoadOptions {
  std::optional<std::string> format;
  // word processing, spreadsheet, presentation, note, compression, pdf
  std::optional<std::string> defaultFont;
  std::optional<bool> autoFontSubstitution;
  std::optional<StringMap> fontSubstitutes;
  std::optional<std::string> password;
  std::optional<bool> hideWordTrackedChanges;
  std::optional<bool> hideComments;
  std::optional<Int> bookmarksOutlineLevel;
  std::optional<Int> headingsOutlineLevels;
  std::optional<Int> expandedOutlineLevels;
  std::optional<bool> clearCustomDocumentProperties;
  std::optional<bool> clearBuiltInDocumentProperties;
  std::optional<Int> depth;
  std::optional<bool> convertOwned;
  std::optional<bool> convertOwner;
  std::optional<bool> autoHyphenation;
  std::optional<bool> hyphenateCaps;
  std::optional<bool> pageNumbering;
  std::optional<bool> preserveDocumentStructure;
  std::optional<bool> skipExternalResources;
  std::optional<bool> useTextShaper;
  std::optional<bool> preserveFormFields;
  std::optional<std::string> commentDisplayMode;  // CommentDisplayMode
  std::optional<bool> keepDateFieldOriginalValue;
  std::optional<bool> updateFields;
  std::optional<bool> updatePageLayout;
  std::optional<bool> embedTrueTypeFonts;
  std::optional<bool> showFullCommenterName;
  // spreadsheet, csv, tsv
  std::optional<bool> showGridLines;
  std::optional<bool> showHiddenSheets;
  std::optional<bool> onePagePerSheet;
  std::optional<std::string> convertRange;
  std::optional<bool> skipEmptyRowsAndColumns;
  std::optional<std::string> separator;
  std::optional<bool> isMultiEncoded;
  std::optional<bool> hasFormula;
  std::optional<bool> convertNumericData;
  std::optional<bool> convertDateTimeData;
  std::optional<std::string> encoding;
  std::optional<Int> rowsPerPage;
  std::optional<Int> columnsPerPage;
  std::optional<bool> autoFitRows;
  std::optional<bool> allColumnsInOnePagePerSheet;
  std::optional<std::string> cultureInfo;
  std::optional<bool> checkExcelRestriction;
  std::optional<bool> optimizePdfSize;
  std::optional<IntList> sheetIndexes;
  std::optional<StringList> sheets;
  std::optional<std::string> printComments;  // PrintComments
  std::optional<bool> resetFontFolders;
  // presentation
  std::optional<bool> showHiddenSlides;
  std::optional<std::string> commentsPosition;  // CommentsPosition
  std::optional<std::string> notesPosition;  // NotesPosition
  // pdf
  std::optional<bool> removeEmbeddedFiles;
  std::optional<bool> hidePdfAnnotations;
  std::optional<bool> flattenAllFields;
  std::optional<bool> removeJavascript;
  // email
  std::optional<bool> displayHeader;
  std::optional<bool> displayFromEmailAddress;
  std::optional<bool> displayEmailAddress;
  std::optional<bool> displayToEmailAddress;
  std::optional<bool> displayCcEmailAddress;
  std::optional<bool> displayBccEmailAddress;
  std::optional<std::string> timeZoneOffset;
  std::optional<bool> convertAttachments;
  std::optional<std::vector<FieldLabel>> fieldLabels;
  std::optional<bool> preserveOriginalDate;
  // cad
  std::optional<StringList> layoutNames;
  std::optional<std::string> backgroundColor;
  std::optional<std::string> drawType;  // CadDrawType
  std::optional<std::string> drawColor;
  // txt
  std::optional<bool> detectNumberingWithWhitespaces;
  std::optional<std::string> trailingSpacesOptions;  // TrailingSpacesOptions
  std::optional<std::string> leadingSpacesOptions;  // LeadingSpacesOptions
  // personal storage, olm
  std::optional<std::string> folder;
  // web, xml, gis
  std::optional<std::string> basePath;
  std::optional<std::string> renderingMode;  // WebRenderingMode
  std::optional<bool> usePdf;
  std::optional<Int> zoom;
  std::optional<std::string> pageLayout;  // WebPageLayout
  std::optional<Json> xslFo;
  std::optional<Int> width;
  std::optional<Int> height;
  Json extra = Json::object();  // keys this client does not know, sent as given
};
template <>
struct RecordOf<LoadOptions> : RecordDefaults {
  static constexpr bool kKeepsUnknown = true;
  using M = LoadOptions;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::format>("format"),
      // word processing, spreadsheet, presentation, note, compression, pdf
      Field<&M::defaultFont>("defaultFont"),
      Field<&M::autoFontSubstitution>("autoFontSubstitution"),
      Field<&M::fontSubstitutes>("fontSubstitutes"),
      Field<&M::password>("password"),
      Field<&M::hideWordTrackedChanges>("hideWordTrackedChanges"),
      Field<&M::hideComments>("hideComments"),
      Field<&M::bookmarksOutlineLevel>("bookmarksOutlineLevel"),
      Field<&M::headingsOutlineLevels>("headingsOutlineLevels"),
      Field<&M::expandedOutlineLevels>("expandedOutlineLevels"),
      Field<&M::clearCustomDocumentProperties>("clearCustomDocumentProperties"),
      Field<&M::clearBuiltInDocumentProperties>("clearBuiltInDocumentProperties"),
      Field<&M::depth>("depth"),
      Field<&M::convertOwned>("convertOwned"),
      Field<&M::convertOwner>("convertOwner"),
      Field<&M::autoHyphenation>("autoHyphenation"),
      Field<&M::hyphenateCaps>("hyphenateCaps"),
      Field<&M::pageNumbering>("pageNumbering"),
      Field<&M::preserveDocumentStructure>("preserveDocumentStructure"),
      Field<&M::skipExternalResources>("skipExternalResources"),
      Field<&M::useTextShaper>("useTextShaper"),
      Field<&M::preserveFormFields>("preserveFormFields"),
      Field<&M::commentDisplayMode>("commentDisplayMode", 0, &kCommentDisplayMode),
      Field<&M::keepDateFieldOriginalValue>("keepDateFieldOriginalValue"),
      Field<&M::updateFields>("updateFields"),
      Field<&M::updatePageLayout>("updatePageLayout"),
      Field<&M::embedTrueTypeFonts>("embedTrueTypeFonts"),
      Field<&M::showFullCommenterName>("showFullCommenterName"),
      // spreadsheet, csv, tsv
      Field<&M::showGridLines>("showGridLines"),
      Field<&M::showHiddenSheets>("showHiddenSheets"),
      Field<&M::onePagePerSheet>("onePagePerSheet"),
      Field<&M::convertRange>("convertRange"),
      Field<&M::skipEmptyRowsAndColumns>("skipEmptyRowsAndColumns"),
      Field<&M::separator>("separator"),
      Field<&M::isMultiEncoded>("isMultiEncoded"),
      Field<&M::hasFormula>("hasFormula"),
      Field<&M::convertNumericData>("convertNumericData"),
      Field<&M::convertDateTimeData>("convertDateTimeData"),
      Field<&M::encoding>("encoding"),
      Field<&M::rowsPerPage>("rowsPerPage"),
      Field<&M::columnsPerPage>("columnsPerPage"),
      Field<&M::autoFitRows>("autoFitRows"),
      Field<&M::allColumnsInOnePagePerSheet>("allColumnsInOnePagePerSheet"),
      Field<&M::cultureInfo>("cultureInfo"),
      Field<&M::checkExcelRestriction>("checkExcelRestriction"),
      Field<&M::optimizePdfSize>("optimizePdfSize"),
      Field<&M::sheetIndexes>("sheetIndexes"),
      Field<&M::sheets>("sheets"),
      Field<&M::printComments>("printComments", 0, &kPrintComments),
      Field<&M::resetFontFolders>("resetFontFolders"),
      // presentation
      Field<&M::showHiddenSlides>("showHiddenSlides"),
      Field<&M::commentsPosition>("commentsPosition", 0, &kCommentsPosition),
      Field<&M::notesPosition>("notesPosition", 0, &kNotesPosition),
      // pdf
      Field<&M::removeEmbeddedFiles>("removeEmbeddedFiles"),
      Field<&M::hidePdfAnnotations>("hidePdfAnnotations"),
      Field<&M::flattenAllFields>("flattenAllFields"),
      Field<&M::removeJavascript>("removeJavascript"),
      // email
      Field<&M::displayHeader>("displayHeader"),
      Field<&M::displayFromEmailAddress>("displayFromEmailAddress"),
      Field<&M::displayEmailAddress>("displayEmailAddress"),
      Field<&M::displayToEmailAddress>("displayToEmailAddress"),
      Field<&M::displayCcEmailAddress>("displayCcEmailAddress"),
      Field<&M::displayBccEmailAddress>("displayBccEmailAddress"),
      Field<&M::timeZoneOffset>("timeZoneOffset"),
      Field<&M::convertAttachments>("convertAttachments"),
      Field<&M::fieldLabels>("fieldLabels"),
      Field<&M::preserveOriginalDate>("preserveOriginalDate"),
      // cad
      Field<&M::layoutNames>("layoutNames"),
      Field<&M::backgroundColor>("backgroundColor"),
      Field<&M::drawType>("drawType", 0, &kCadDrawType),
      Field<&M::drawColor>("drawColor"),
      // txt
      Field<&M::detectNumberingWithWhitespaces>("detectNumberingWithWhitespaces"),
      Field<&M::trailingSpacesOptions>("trailingSpacesOptions", 0, &kTrailingSpacesOptions),
      Field<&M::leadingSpacesOptions>("leadingSpacesOptions", 0, &kLeadingSpacesOptions),
      // personal storage, olm
      Field<&M::folder>("folder"),
      // web, xml, gis
      Field<&M::basePath>("basePath"),
      Field<&M::renderingMode>("renderingMode", 0, &kWebRenderingMode),
      Field<&M::usePdf>("usePdf"),
      Field<&M::zoom>("zoom"),
      Field<&M::pageLayout>("pageLayout", 0, &kWebPageLayout),
      Field<&M::xslFo>("xslFo"),
      Field<&M::width>("width"),
      Field<&M::height>("height")
  );
};

// ConvertOptions base + every family class's fields (§5.1).
struct ConvertOptions {
  std::optional<Int> fromPage;
  std::optional<Int> pagesCount;
  std::optional<IntList> pages;
  std::optional<WatermarkOptions> watermarkOptions;
  // pdf, word processing, image
  std::optional<Int> width;
  std::optional<Int> height;
  std::optional<Int> dpi;
  std::optional<std::string> password;
  std::optional<Int> marginTop;
  std::optional<Int> marginBottom;
  std::optional<Int> marginLeft;
  std::optional<Int> marginRight;
  std::optional<std::string> pdfFormat;  // PdfFormat
  std::optional<bool> removePdfaCompliance;
  std::optional<Int> zoom;
  std::optional<bool> linearize;
  std::optional<bool> linkDuplicateStreams;
  std::optional<bool> removeUnusedObjects;
  std::optional<bool> removeUnusedStreams;
  std::optional<bool> compressImages;
  std::optional<Int> imageQuality;
  std::optional<bool> unembedFonts;
  std::optional<bool> grayscale;
  std::optional<bool> centerWindow;
  std::optional<std::string> direction;  // PdfDirection
  std::optional<bool> displayDocTitle;
  std::optional<bool> fitWindow;
  std::optional<bool> hideMenuBar;
  std::optional<bool> hideToolBar;
  std::optional<bool> hideWindowUI;
  std::optional<std::string> nonFullScreenPageMode;  // PdfPageMode
  std::optional<std::string> pageLayout;  // PdfPageLayout
  std::optional<std::string> pageMode;  // PdfPageMode
  std::optional<std::string> rotate;  // PdfRotate
  std::optional<std::string> pageSize;  // PageSize
  std::optional<std::string> pageOrientation;  // PageOrientation
  // image, jpg, tiff, webp, psd
  std::optional<Int> horizontalResolution;
  std::optional<Int> verticalResolution;
  std::optional<Int> rotateAngle;
  std::optional<bool> usePdf;
  std::optional<Int> brightness;
  std::optional<Int> contrast;
  std::optional<double> gamma;
  std::optional<std::string> flipMode;  // FlipMode
  std::optional<std::string> backgroundColor;
  std::optional<Int> quality;
  std::optional<std::string> compression;  // TiffCompression
  std::optional<bool> lossless;
  std::optional<Int> channelBitsCount;
  std::optional<Int> channelsCount;
  std::optional<std::string> colorMode;  // PsdColorMode
  std::optional<std::string> compressionMethod;  // PsdCompressionMethod
  std::optional<Int> version;
  // word processing, rtf, web
  std::optional<std::string> pdfRecognitionMode;  // PdfRecognitionMode
  std::optional<bool> exportImagesForOldReaders;
  std::optional<bool> fixedLayout;
  std::optional<bool> fixedLayoutShowBorders;
  Json extra = Json::object();  // keys this client does not know, sent as given
};
template <>
struct RecordOf<ConvertOptions> : RecordDefaults {
  static constexpr bool kKeepsUnknown = true;
  using M = ConvertOptions;
  static constexpr auto kFields = FieldsOf<M>(
      Field<&M::fromPage>("fromPage"),
      Field<&M::pagesCount>("pagesCount"),
      Field<&M::pages>("pages"),
      Field<&M::watermarkOptions>("watermarkOptions"),
      // pdf, word processing, image
      Field<&M::width>("width"),
      Field<&M::height>("height"),
      Field<&M::dpi>("dpi"),
      Field<&M::password>("password"),
      Field<&M::marginTop>("marginTop"),
      Field<&M::marginBottom>("marginBottom"),
      Field<&M::marginLeft>("marginLeft"),
      Field<&M::marginRight>("marginRight"),
      Field<&M::pdfFormat>("pdfFormat", 0, &kPdfFormat),
      Field<&M::removePdfaCompliance>("removePdfaCompliance"),
      Field<&M::zoom>("zoom"),
      Field<&M::linearize>("linearize"),
      Field<&M::linkDuplicateStreams>("linkDuplicateStreams"),
      Field<&M::removeUnusedObjects>("removeUnusedObjects"),
      Field<&M::removeUnusedStreams>("removeUnusedStreams"),
      Field<&M::compressImages>("compressImages"),
      Field<&M::imageQuality>("imageQuality"),
      Field<&M::unembedFonts>("unembedFonts"),
      Field<&M::grayscale>("grayscale"),
      Field<&M::centerWindow>("centerWindow"),
      Field<&M::direction>("direction", 0, &kPdfDirection),
      Field<&M::displayDocTitle>("displayDocTitle"),
      Field<&M::fitWindow>("fitWindow"),
      Field<&M::hideMenuBar>("hideMenuBar"),
      Field<&M::hideToolBar>("hideToolBar"),
      Field<&M::hideWindowUI>("hideWindowUI"),
      Field<&M::nonFullScreenPageMode>("nonFullScreenPageMode", 0, &kPdfPageMode),
      Field<&M::pageLayout>("pageLayout", 0, &kPdfPageLayout),
      Field<&M::pageMode>("pageMode", 0, &kPdfPageMode),
      Field<&M::rotate>("rotate", 0, &kPdfRotate),
      Field<&M::pageSize>("pageSize", 0, &kPageSize),
      Field<&M::pageOrientation>("pageOrientation", 0, &kPageOrientation),
      // image, jpg, tiff, webp, psd
      Field<&M::horizontalResolution>("horizontalResolution"),
      Field<&M::verticalResolution>("verticalResolution"),
      Field<&M::rotateAngle>("rotateAngle"),
      Field<&M::usePdf>("usePdf"),
      Field<&M::brightness>("brightness"),
      Field<&M::contrast>("contrast"),
      Field<&M::gamma>("gamma"),
      Field<&M::flipMode>("flipMode", 0, &kFlipMode),
      Field<&M::backgroundColor>("backgroundColor"),
      Field<&M::quality>("quality"),
      Field<&M::compression>("compression", 0, &kTiffCompression),
      Field<&M::lossless>("lossless"),
      Field<&M::channelBitsCount>("channelBitsCount"),
      Field<&M::channelsCount>("channelsCount"),
      Field<&M::colorMode>("colorMode", 0, &kPsdColorMode),
      Field<&M::compressionMethod>("compressionMethod", 0, &kPsdCompressionMethod),
      Field<&M::version>("version"),
      // word processing, rtf, web
      Field<&M::pdfRecognitionMode>("pdfRecognitionMode", 0, &kPdfRecognitionMode),
      Field<&M::exportImagesForOldReaders>("exportImagesForOldReaders"),
      Field<&M::fixedLayout>("fixedLayout"),
      Field<&M::fixedLayoutShowBorders>("fixedLayoutShowBorders")
  );
};
// clang-format on

}  // namespace gdconv
