// SPDX-License-Identifier: MIT
// convert() without storage (convertDirect): startConvert (the document goes up with the request) →
// wait → fetch each result with getOperationResult. Nothing is written to or left in storage.
#pragma once

#include <memory>
#include <string>

#include "core/call.h"
#include "core/json.h"
#include "core/multipart.h"

namespace gdconv {

// `args`: startConvert's arguments as ReadArgs returns them (format, fromPage, pagesCount, ...);
// `upload` their multipart body.
void RunConvertDirect(Call& call, Json args, std::shared_ptr<MultipartBody> upload,
                      std::string content_type);

}  // namespace gdconv
