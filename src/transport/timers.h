// SPDX-License-Identifier: MIT
// Scheduler over emscripten_set_timeout (setTimeout) and the JS wall clock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include "core/http.h"

namespace gdconv {

class EmscriptenScheduler final : public Scheduler {
 public:
  // One per module instance: deferred rejections of a destroyed client still run on it.
  static EmscriptenScheduler& Instance();

  TimerId after(std::int64_t delay_ms, std::function<void()> fn) override;
  void cancel(TimerId id) override;
  std::int64_t now_ms() const override;

  struct Pending {
    EmscriptenScheduler* owner;
    TimerId id;
    int js_id;
    std::function<void()> fn;
  };

 private:
  EmscriptenScheduler() = default;
  std::map<TimerId, Pending*> pending_;
  TimerId next_id_ = 1;
  friend void FireTimer(void* user_data);
};

}  // namespace gdconv
