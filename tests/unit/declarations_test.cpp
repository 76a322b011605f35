// SPDX-License-Identifier: MIT
// The core's models and bindings/index.d.ts say the same about every field (issue 18): its name,
// whether it is always there (TS: no `?`), and whether it can be null. index.d.ts is hand-written;
// this test is what keeps it true. Nested object types on one line (`innerError?: { … }`) count as
// one field.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "core/models.h"

namespace gdconv {
namespace {

struct Declared {
  bool optional = false;  // `name?:`
  bool nullable = false;  // `| null`
};

// The members of `export interface <name> { … }` in index.d.ts, by name.
std::map<std::string, Declared> InterfaceFields(const std::string& name) {
  std::ifstream file(GDCONV_SOURCE_DIR "/bindings/index.d.ts");
  std::stringstream text;
  text << file.rdbuf();
  std::string all = text.str();
  std::size_t start = all.find("export interface " + name + " {");
  EXPECT_NE(start, std::string::npos) << name << " is not declared";
  std::map<std::string, Declared> fields;
  if (start == std::string::npos) return fields;
  std::size_t end = all.find("\n}", start);
  std::stringstream body(all.substr(start, end - start));
  static const std::regex kMember(R"(^  (\w+)(\??): (.*);$)");
  std::string line;
  while (std::getline(body, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kMember)) {
      fields[m[1]] = {m[2] == "?", m[3].str().find("| null") != std::string::npos};
    }
  }
  return fields;
}

template <typename Model>
void ExpectDeclaredAs(const std::string& name) {
  std::map<std::string, Declared> declared = InterfaceFields(name);
  for (const FieldSpec& field : RecordOf<Model>::kFields) {
    std::string key(field.name);
    auto it = declared.find(key);
    if (it == declared.end()) {
      ADD_FAILURE() << name << "." << key << " is not declared";
      continue;
    }
    // Always there: a default, a null written for "not set", or (arguments) required.
    bool always = (field.flags & (kAlwaysWritten | kNullable)) != 0;
    EXPECT_EQ(it->second.optional, !always) << name << "." << key;
    EXPECT_EQ(it->second.nullable, (field.flags & kNullable) != 0) << name << "." << key;
    declared.erase(it);
  }
  for (const auto& [key, unused] : declared) {
    ADD_FAILURE() << name << "." << key << " is declared but not in the model";
  }
}

TEST(Declarations, AnswersAgreeWithIndexDts) {
  ExpectDeclaredAs<StoredConvertedResult>("StoredConvertedResult");
  ExpectDeclaredAs<OperationResult>("OperationResult");
  ExpectDeclaredAs<StorageError>("StorageError");
  ExpectDeclaredAs<FilesUploadResult>("FilesUploadResult");
  ExpectDeclaredAs<StorageFile>("StorageFile");
  ExpectDeclaredAs<StorageFileList>("FilesList");
  ExpectDeclaredAs<ObjectExist>("ObjectExist");
  ExpectDeclaredAs<StorageExist>("StorageExist");
  ExpectDeclaredAs<DiscUsage>("DiscUsage");
  ExpectDeclaredAs<SupportedFormat>("SupportedFormat");
  ExpectDeclaredAs<DocumentMetadata>("DocumentMetadata");
  ExpectDeclaredAs<ConsumptionResult>("ConsumptionResult");
  ExpectDeclaredAs<LicenseInfo>("LicenseInfo");
}

TEST(Declarations, ConvertSettingsAgreeWithIndexDts) {
  // Arguments: the required ones are the fields without `?`.
  std::map<std::string, Declared> declared = InterfaceFields("ConvertSettings");
  for (const FieldSpec& field : RecordOf<ConvertSettings>::kFields) {
    ASSERT_EQ(declared.count(std::string(field.name)), 1u) << field.name;
    EXPECT_EQ(declared[std::string(field.name)].optional, (field.flags & kRequired) == 0)
        << field.name;
  }
  EXPECT_EQ(declared.size(), RecordOf<ConvertSettings>::kFields.size());
}

}  // namespace
}  // namespace gdconv
