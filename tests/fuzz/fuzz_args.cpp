// SPDX-License-Identifier: MIT
// libFuzzer: the raw call surface's argument reading (args JSON → every method's arguments:
// settings, options, paths) and the request building it feeds, without a network.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/client.h"
#include "core/dispatch.h"
#include "core/methods.h"
#include "core/requests.h"

namespace {

class NullTransport : public gdconv::Transport {
 public:
  gdconv::RequestId send(gdconv::HttpRequest, Callback) override { return ++next_; }
  void cancel(gdconv::RequestId) override {}

 private:
  gdconv::RequestId next_ = 0;
};

class NullScheduler : public gdconv::Scheduler {
 public:
  gdconv::TimerId after(std::int64_t, std::function<void()>) override { return ++next_; }
  void cancel(gdconv::TimerId) override {}
  std::int64_t now_ms() const override { return 1800000000000; }

 private:
  gdconv::TimerId next_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gdconv;
  if (size < 1) return 0;
  // Every row of the table, the flows written beside it, and a name that is neither.
  static const char* const kFlows[] = {"waitForOperation", "convert", "convertDirect", "x"};
  constexpr std::size_t kRows = std::size(kMethods);
  std::size_t pick = data[0] % (kRows + std::size(kFlows));
  std::string_view method = pick < kRows ? kMethods[pick].name : kFlows[pick - kRows];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)EncodeStoragePath(text);

  NullTransport transport;
  NullScheduler scheduler;
  Environment env;
  env.transport = std::shared_ptr<Transport>(&transport, [](Transport*) {});  // outlives client
  env.scheduler = &scheduler;
  env.random = [] { return std::uint64_t{42}; };
  Client client(ParseClientConfig(R"({"clientId":"a","clientSecret":"b"})").value(), env);
  std::optional<std::size_t> payload;
  if (size > 1 && (data[1] & 1)) payload = data[1] >> 1;
  Result<PreparedCall> prepared = PrepareCall(client, method, text, payload);
  if (prepared) {
    if (prepared.value().upload) {
      std::fill_n(prepared.value().upload->payload(), prepared.value().upload->payload_size(),
                  0xAB);
    }
    client.Start(std::move(prepared.value().script), {});
  }
  return 0;
}
