// SPDX-License-Identifier: MIT
// Waiting for an async operation: polls getOperationStatus per PollPolicy (config.h) until it ends.
#pragma once

#include <functional>
#include <string>

#include "core/call.h"
#include "core/models.h"

namespace gdconv {

// Polls until Finished (→ done), Failed or Canceled (→ the call rejects with operation_failed).
// Reports {"type":"status"} on the first status and on each change. An answer without a status
// cannot be waited on: bad_response.
void WaitForOperation(Call& call, std::string id, std::function<void(OperationResult)> done);

// Error for a Failed/Canceled operation, carrying the server's text.
Error OperationFailedError(const OperationResult& op);

}  // namespace gdconv
