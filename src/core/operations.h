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
  std::optional<bool> keepFiles;  // true: leave the call's storage folder in place
};

// upload → startConvertAndSave → wait → download every result. `folder` is the per-call storage
// folder (a random UUID: see bindings/RAW_API.md, "Default storage layout").
//
// Unless keepFiles, the call then removes what it stored: however it ends after the upload went
// out (resolved, rejected, aborted, timed out, its client destroyed), one DELETE of `<folder>`
// (recursive; just the input file should outputPath lie inside it) follows — after the outcome is
// reported, so nobody waits for it. The one exception is a start whose fate is unknown
// (mayHaveStarted, or cut off before its answer): that conversion may still read its input. The
// DELETE is best-effort: it owns itself (a DetachedRequest below), retried like any idempotent
// request within bounds, and its failure is reported nowhere (the call has already settled).
void RunConvert(Call& call, ConvertArgs args, std::string folder,
                std::shared_ptr<MultipartBody> upload, std::string content_type);

// A request that outlives the call and the client that made it: it holds only the Transport and
// the Scheduler (which outlive every Client, flow.h) and itself, through the callbacks it leaves
// with them. Sent on the next tick (after whatever reports the call's outcome), retried per `retry`
// if idempotent, its answer dropped.
void SendDetached(Transport& transport, Scheduler& scheduler, HttpRequest request,
                  RetryPolicy retry, std::function<std::uint64_t()> random);
// A version-4 UUID from 128 random bits.
std::string RandomUuid(std::uint64_t hi, std::uint64_t lo);

}  // namespace gdconv
