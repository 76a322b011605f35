// SPDX-License-Identifier: MIT
// convert() without storage: startConvert (the document goes up with the request) → wait → fetch
// each result with getOperationResult. Nothing is written to or left in cloud storage.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/flow.h"
#include "core/multipart.h"
#include "core/requests_api.h"

namespace gdconv {

struct ConvertDirectArgs {
  DirectConvertArgs query;  // format (+ fromPage/pagesCount)
};

void RunConvertDirect(Call& call, ConvertDirectArgs args, std::shared_ptr<MultipartBody> upload,
                      std::string content_type);

}  // namespace gdconv
