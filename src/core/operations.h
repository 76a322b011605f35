// SPDX-License-Identifier: MIT
// The multi-request scripts: waiting for an async operation, and the whole conversion flow.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/flow.h"
#include "core/models.h"
#include "core/multipart.h"

namespace gdconv {

// Polls getOperationStatus per PollPolicy until Finished (→ done), Failed or Canceled (→ the call
// rejects with operation_failed). Reports {"type":"status"} on the first status and on each change.
void WaitForOperation(Call& call, std::string id, std::function<void(OperationResult)> done);

// Error for a Failed/Canceled operation, carrying the server's text.
Error OperationFailedError(const OperationResult& op);

struct ConvertArgs {
  std::string fileName;
  std::string format;
  std::optional<std::string> outputPath;
  std::optional<std::string> storageName;
  std::optional<LoadOptions> loadOptions;
  std::optional<ConvertOptions> convertOptions;
};

// upload → startConvertAndSave → wait → download every result. `folder` is the per-call storage
// folder (a random UUID: see bindings/RAW_API.md, "Default storage layout").
void RunConvert(Call& call, ConvertArgs args, std::string folder,
                std::shared_ptr<MultipartBody> upload, std::string content_type);

// A version-4 UUID from 128 random bits.
std::string RandomUuid(std::uint64_t hi, std::uint64_t lo);

}  // namespace gdconv
