// SPDX-License-Identifier: MIT
#include "core/methods.h"

namespace gdconv {

const Method* FindMethod(std::string_view name) {
  for (const Method& method : kMethods) {
    if (method.name == name) return &method;
  }
  return nullptr;
}

Status OutputPathRequired(const Json& args) {
  auto path = args.find("outputPath");
  if (path == args.end() || !path->is_string() || path->get_ref<const std::string&>().empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "outputPath: required (without it the API answers bytes: use "
                     "convertDocumentDownload)");
  }
  return {};
}

Status OutputPathRefused(const Json& args) {
  auto path = args.find("outputPath");
  if (path != args.end() && path->is_string() && !path->get_ref<const std::string&>().empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "outputPath: not used here (with it the API stores the result: use "
                     "convertDocument)");
  }
  return {};
}

}  // namespace gdconv
