// SPDX-License-Identifier: MIT
#include "transport/timers.h"

#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

namespace gdconv {

void FireTimer(void* user_data) {
  auto* pending = static_cast<EmscriptenScheduler::Pending*>(user_data);
  pending->owner->pending_.erase(pending->id);
  // Free the record before running: the callback may schedule or cancel other timers.
  std::function<void()> fn = std::move(pending->fn);
  delete pending;
  fn();
}

EmscriptenScheduler& EmscriptenScheduler::Instance() {
  // Never destroyed: the module lives as long as the page or process, and timers may be pending.
  static auto* instance = new EmscriptenScheduler();
  return *instance;
}

TimerId EmscriptenScheduler::after(std::int64_t delay_ms, std::function<void()> fn) {
  auto* pending = new Pending{this, next_id_++, 0, std::move(fn)};
  pending_.emplace(pending->id, pending);
  pending->js_id = static_cast<int>(emscripten_set_timeout(
      &FireTimer, static_cast<double>(delay_ms < 0 ? 0 : delay_ms), pending));
  return pending->id;
}

void EmscriptenScheduler::cancel(TimerId id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  Pending* pending = it->second;
  pending_.erase(it);
  emscripten_clear_timeout(pending->js_id);
  delete pending;
}

std::int64_t EmscriptenScheduler::now_ms() const {
  return static_cast<std::int64_t>(emscripten_date_now());
}

}  // namespace gdconv
