// SPDX-License-Identifier: MIT
#include "core/models.h"

#include <gtest/gtest.h>

#include "fakes.h"

namespace gdconv {
namespace {

ConvertSettings ReadSettings(const std::string& text, std::string* why = nullptr) {
  Result<ConvertSettings> s =
      Decode<ConvertSettings>(*ParseJson(text), ErrorCode::kInvalidArgument);
  if (why) *why = s ? "" : s.error().message;
  return s ? s.value() : ConvertSettings{};
}

TEST(Models, ConvertSettingsFullRoundTripKeepsWireNamesAndEnumValues) {
  std::string why;
  ConvertSettings s = ReadSettings(testing::ReadFixture("convert_settings_full.json"), &why);
  ASSERT_EQ(why, "");
  EXPECT_EQ(s.filePath, "WordProcessing/four pages.docx");
  ASSERT_TRUE(s.loadOptions);
  EXPECT_EQ(s.loadOptions->password, "pw");
  EXPECT_EQ(s.loadOptions->commentDisplayMode, "Balloon");
  EXPECT_EQ(s.loadOptions->fieldLabels->at(0).field, "From");
  ASSERT_TRUE(s.convertOptions);
  EXPECT_EQ(s.convertOptions->pdfFormat, "PdfA_1A");
  EXPECT_EQ(s.convertOptions->dpi, 300);
  EXPECT_EQ(s.convertOptions->watermarkOptions->transparency, 0.5);

  Json out = Encode(s);
  Json expected = *ParseJson(testing::ReadFixture("convert_settings_full.json"));
  EXPECT_EQ(out, expected) << DumpJson(out);
}

TEST(Models, NodeSdkExampleBodyIsReproducedExactly) {
  // reference/groupdocs-api.md §5.1: the body Node SDK 24.4.0 sends, verified on the wire.
  const char* wire =
      R"({"filePath":"WordProcessing/four pages.docx","format":"pdf","loadOptions":{"format":"docx","password":"pw"},"convertOptions":{"fromPage":1,"pagesCount":2,"watermarkOptions":{"text":"W","color":"Red"},"pdfFormat":"PdfA_1A"},"outputPath":"converted"})";
  ConvertSettings s = ReadSettings(wire);
  EXPECT_EQ(Encode(s), *ParseJson(wire));
}

TEST(Models, SdkEnumMemberNamesAreSentAsWireValues) {
  ConvertSettings s = ReadSettings(
      R"({"filePath":"a.docx","format":"pdf","convertOptions":{"pdfFormat":"PdfA1B"}})");
  EXPECT_EQ(s.convertOptions->pdfFormat, "PdfA_1B");
  s = ReadSettings(R"({"filePath":"a.docx","format":"pdf","convertOptions":{"pdfFormat":"V13"}})");
  EXPECT_EQ(Encode(*s.convertOptions)["pdfFormat"], "v1_3");
  s = ReadSettings(R"({"filePath":"a.docx","format":"pdf","convertOptions":{"pdfFormat":"v1_7"}})");
  EXPECT_EQ(s.convertOptions->pdfFormat, "v1_7");
}

TEST(Models, RefusesUnknownEnumValuesAndWrongTypes) {
  std::string why;
  ReadSettings(R"({"filePath":"a","format":"pdf","convertOptions":{"pdfFormat":"PdfA_9Z"}})", &why);
  EXPECT_EQ(why, "convertOptions.pdfFormat: unknown PdfFormat value");
  ReadSettings(R"({"filePath":"a","format":"pdf","convertOptions":{"dpi":"high"}})", &why);
  EXPECT_EQ(why, "convertOptions.dpi: expected an integer");
  ReadSettings(R"({"filePath":"a","format":"pdf","convertOptions":{"fromPage":1.5}})", &why);
  EXPECT_NE(why, "");
  ReadSettings(R"({"filePath":"a","format":"pdf","loadOptions":{"hideComments":"yes"}})", &why);
  EXPECT_EQ(why, "loadOptions.hideComments: expected a boolean");
  ReadSettings(R"({"filePath":"a","format":"pdf","convertOptions":{"pages":[1,"two"]}})", &why);
  EXPECT_EQ(why, "convertOptions.pages[1]: expected an integer");
  ReadSettings(R"({"filePath":"a","format":"pdf","loadOptions":[]})", &why);
  EXPECT_EQ(why, "loadOptions: expected an object");
  ReadSettings(R"({"format":"pdf"})", &why);
  EXPECT_EQ(why, "filePath: required");
  ReadSettings(R"({"filePath":"","format":"pdf"})", &why);
  EXPECT_EQ(why, "filePath: must not be empty");
}

TEST(Models, NullMeansUnsetAndIsNotSent) {
  ConvertSettings s = ReadSettings(
      R"({"filePath":"a","format":"pdf","outputPath":null,"convertOptions":{"dpi":null,"zoom":100}})");
  EXPECT_FALSE(s.outputPath);
  EXPECT_EQ(DumpJson(Encode(s)),
            R"({"convertOptions":{"zoom":100},"filePath":"a","format":"pdf"})");
}

TEST(Models, UnknownOptionKeysPassThroughAsGiven) {
  ConvertSettings s = ReadSettings(
      R"({"filePath":"a","format":"pdf","loadOptions":{"newIn26":{"deep":[1]},"password":"p"}})");
  Json out = Encode(*s.loadOptions);
  EXPECT_EQ(out["newIn26"], *ParseJson(R"({"deep":[1]})"));
  EXPECT_EQ(out["password"], "p");
}

TEST(Models, EveryFamilyEnumAcceptsItsWireValues) {
  const char* options = R"({
    "pageSize":"Paper11x17","pageOrientation":"Portrait","direction":"R2L","pageMode":"UseOC",
    "nonFullScreenPageMode":"UseThumbs","pageLayout":"TwoPageRight","rotate":"On270","flipMode":"FlipXY",
    "compression":"Ccitt4","colorMode":"Multichannel","compressionMethod":"ZipWithPrediction",
    "pdfRecognitionMode":"Textbox","pdfFormat":"PdfX_1A"})";
  Result<ConvertOptions> o =
      Decode<ConvertOptions>(*ParseJson(options), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(Encode(o.value()), *ParseJson(options));
  const char* load = R"({
    "drawType":"UseObjectColor","trailingSpacesOptions":"Trim","leadingSpacesOptions":"ConvertToIndent",
    "commentsPosition":"Right","notesPosition":"BottomFull","printComments":"PrintSheetEnd",
    "renderingMode":"AbsolutePositioning","pageLayout":"ScaleToPageWidth","commentDisplayMode":"Hidden"})";
  Result<LoadOptions> l = Decode<LoadOptions>(*ParseJson(load), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(Encode(l.value()), *ParseJson(load));
}

TEST(Models, OperationResultIgnoresUnknownFields) {
  Result<OperationResult> op = Decode<OperationResult>(
      *ParseJson(testing::ReadFixture("operation_unknown_fields.json")), ErrorCode::kBadResponse);
  ASSERT_TRUE(op) << op.error().message;
  EXPECT_EQ(
      DumpJson(Encode(op.value())),
      R"({"id":"op-1","result":[{"name":"a.pdf","path":"out/a.pdf","size":10}],"status":"Finished"})");
}

TEST(Models, OptionKeysInPascalCaseAreSentInTheirWireCase) {
  // What the .NET and Python SDKs and the API's own pages send.
  ConvertSettings s = ReadSettings(
      R"({"FilePath":"a.docx","Format":"pdf","ConvertOptions":{"FromPage":1,"PagesCount":2,"WatermarkOptions":{"Text":"W"}}})");
  EXPECT_EQ(
      DumpJson(Encode(s)),
      R"({"convertOptions":{"fromPage":1,"pagesCount":2,"watermarkOptions":{"text":"W"}},"filePath":"a.docx","format":"pdf"})");
}

}  // namespace
}  // namespace gdconv
