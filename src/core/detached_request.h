// SPDX-License-Identifier: MIT
// A request that outlives the call and the client that made it (convert's storage cleanup).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/http.h"
#include "core/policy.h"

namespace gdconv {

// Holds only its share of the client's Transport, the Scheduler (which outlives every Client,
// client.h) and itself, through the callbacks it leaves with them. Sent on the next tick (after
// whatever reports the call's outcome, when the client may already be closed), retried per
// `retry` if idempotent, its answer dropped.
void SendDetached(std::shared_ptr<Transport> transport, Scheduler& scheduler, HttpRequest request,
                  RetryPolicy retry, std::function<std::uint64_t()> random);

}  // namespace gdconv
