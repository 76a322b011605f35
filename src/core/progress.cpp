// SPDX-License-Identifier: MIT
#include "core/progress.h"

namespace gdconv {

Json StageEvent(const char* stage) { return {{"type", "stage"}, {"stage", stage}}; }

bool ProgressThrottle::Accept(std::uint64_t loaded, std::uint64_t total, std::int64_t now_ms) {
  if (started_) {
    if (loaded < last_loaded_ || (loaded == last_loaded_ && total == last_total_)) return false;
    bool finished = total > 0 && loaded >= total;
    bool stepped = total > 0 && loaded - last_loaded_ >= total / kSteps;
    bool waited = now_ms - last_ms_ >= kIntervalMs;
    // A total that changes with no byte moved (the size became known) is news only at the end.
    if (loaded == last_loaded_ && !finished) return false;
    if (!finished && !stepped && !waited) return false;
  }
  started_ = true;
  last_loaded_ = loaded;
  last_total_ = total;
  last_ms_ = now_ms;
  return true;
}

}  // namespace gdconv
