// SPDX-License-Identifier: MIT
// The option models' enum values as they go on the wire (reference/groupdocs-api.md §5.1, "Enum
// wire values"), with the SDKs' enum member names that users copy from their docs as aliases.
#pragma once

#include <string_view>

#include "core/codec.h"

namespace gdconv {

inline constexpr std::string_view kPdfFormatValues[] = {
    "Default", "PdfA_1A", "PdfA_1B", "PdfA_2A", "PdfA_2B", "PdfA_2U", "PdfA_3A", "PdfA_3B",
    "PdfA_3U", "v1_3",    "v1_4",    "v1_5",    "v1_6",    "v1_7",    "PdfX_1A", "PdfX3"};
inline constexpr EnumAlias kPdfFormatAliases[] = {
    {"PdfA1A", "PdfA_1A"}, {"PdfA1B", "PdfA_1B"}, {"PdfA2A", "PdfA_2A"}, {"PdfA2B", "PdfA_2B"},
    {"PdfA2U", "PdfA_2U"}, {"PdfA3A", "PdfA_3A"}, {"PdfA3B", "PdfA_3B"}, {"PdfA3U", "PdfA_3U"},
    {"V13", "v1_3"},       {"V14", "v1_4"},       {"V15", "v1_5"},       {"V16", "v1_6"},
    {"V17", "v1_7"},       {"PdfX1A", "PdfX_1A"}};
inline constexpr EnumSpec kPdfFormat = MakeEnum("PdfFormat", kPdfFormatValues, kPdfFormatAliases);
inline constexpr std::string_view kPageSizeValues[] = {
    "Default", "A3",    "Statement", "Quarto", "Paper11x17", "Paper10x14",
    "Letter",  "Legal", "Ledger",    "Folio",  "Executive",  "EnvelopeDL",
    "Custom",  "B5",    "B4",        "A5",     "A4",         "Tabloid"};
inline constexpr EnumSpec kPageSize = MakeEnum("PageSize", kPageSizeValues);
inline constexpr std::string_view kPageOrientationValues[] = {"Default", "Landscape", "Portrait"};
inline constexpr EnumSpec kPageOrientation = MakeEnum("PageOrientation", kPageOrientationValues);
inline constexpr std::string_view kPdfDirectionValues[] = {"L2R", "R2L"};
inline constexpr EnumSpec kPdfDirection = MakeEnum("PdfDirection", kPdfDirectionValues);
inline constexpr std::string_view kPdfPageModeValues[] = {
    "UseNone", "UseOutlines", "UseThumbs", "FullScreen", "UseOC", "UseAttachments"};
inline constexpr EnumSpec kPdfPageMode = MakeEnum("PdfPageMode", kPdfPageModeValues);
inline constexpr std::string_view kPdfPageLayoutValues[] = {
    "Default",        "SinglePage",  "OneColumn",   "TwoColumnLeft",
    "TwoColumnRight", "TwoPageLeft", "TwoPageRight"};
inline constexpr EnumSpec kPdfPageLayout = MakeEnum("PdfPageLayout", kPdfPageLayoutValues);
inline constexpr std::string_view kPdfRotateValues[] = {"None", "On90", "On180", "On270"};
inline constexpr EnumSpec kPdfRotate = MakeEnum("PdfRotate", kPdfRotateValues);
inline constexpr std::string_view kFlipModeValues[] = {"None", "FlipX", "FlipY", "FlipXY"};
inline constexpr EnumSpec kFlipMode = MakeEnum("FlipMode", kFlipModeValues);
inline constexpr std::string_view kTiffCompressionValues[] = {"Lzw", "None", "Ccitt3", "Ccitt4",
                                                              "Rle"};
inline constexpr EnumSpec kTiffCompression = MakeEnum("TiffCompression", kTiffCompressionValues);
inline constexpr std::string_view kPsdColorModeValues[] = {
    "Bitmap", "Grayscale", "Indexed", "Rgb", "Cmyk", "Multichannel", "Duotone", "Lab"};
inline constexpr EnumSpec kPsdColorMode = MakeEnum("PsdColorMode", kPsdColorModeValues);
inline constexpr std::string_view kPsdCompressionMethodValues[] = {
    "Raw", "Rle", "ZipWithoutPrediction", "ZipWithPrediction"};
inline constexpr EnumSpec kPsdCompressionMethod =
    MakeEnum("PsdCompressionMethod", kPsdCompressionMethodValues);
inline constexpr std::string_view kPdfRecognitionModeValues[] = {"Textbox", "Flow"};
inline constexpr EnumSpec kPdfRecognitionMode =
    MakeEnum("PdfRecognitionMode", kPdfRecognitionModeValues);
inline constexpr std::string_view kCadDrawTypeValues[] = {"UseDrawColor", "UseObjectColor"};
inline constexpr EnumSpec kCadDrawType = MakeEnum("CadDrawType", kCadDrawTypeValues);
inline constexpr std::string_view kTrailingSpacesOptionsValues[] = {"Preserve", "Trim"};
inline constexpr EnumSpec kTrailingSpacesOptions =
    MakeEnum("TrailingSpacesOptions", kTrailingSpacesOptionsValues);
inline constexpr std::string_view kLeadingSpacesOptionsValues[] = {"ConvertToIndent", "Preserve",
                                                                   "Trim"};
inline constexpr EnumSpec kLeadingSpacesOptions =
    MakeEnum("LeadingSpacesOptions", kLeadingSpacesOptionsValues);
inline constexpr std::string_view kEmailFieldValues[] = {"Start",
                                                         "TabField",
                                                         "Subject",
                                                         "ShowTimeAs",
                                                         "Sent",
                                                         "RequiredAttendees",
                                                         "RecurrencePattern",
                                                         "Recurrence",
                                                         "PageHeader",
                                                         "Organizer",
                                                         "Location",
                                                         "Importance",
                                                         "From",
                                                         "End",
                                                         "Bcc",
                                                         "Attachments",
                                                         "To"};
inline constexpr EnumSpec kEmailField = MakeEnum("EmailField", kEmailFieldValues);
inline constexpr std::string_view kCommentDisplayModeValues[] = {"Hidden", "Balloon", "Annotation"};
inline constexpr EnumSpec kCommentDisplayMode =
    MakeEnum("CommentDisplayMode", kCommentDisplayModeValues);
inline constexpr std::string_view kCommentsPositionValues[] = {"None", "Bottom", "Right"};
inline constexpr EnumSpec kCommentsPosition = MakeEnum("CommentsPosition", kCommentsPositionValues);
inline constexpr std::string_view kNotesPositionValues[] = {"None", "BottomTruncated",
                                                            "BottomFull"};
inline constexpr EnumSpec kNotesPosition = MakeEnum("NotesPosition", kNotesPositionValues);
inline constexpr std::string_view kPrintCommentsValues[] = {
    "PrintInPlace", "PrintNoComments", "PrintSheetEnd", "PrintWithThreadedComments"};
inline constexpr EnumSpec kPrintComments = MakeEnum("PrintComments", kPrintCommentsValues);
inline constexpr std::string_view kWebRenderingModeValues[] = {"Flow", "AbsolutePositioning"};
inline constexpr EnumSpec kWebRenderingMode = MakeEnum("WebRenderingMode", kWebRenderingModeValues);
inline constexpr std::string_view kWebPageLayoutValues[] = {"None", "ScaleToPageWidth",
                                                            "ScaleToPageHeight"};
inline constexpr EnumSpec kWebPageLayout = MakeEnum("WebPageLayout", kWebPageLayoutValues);

}  // namespace gdconv
