// SPDX-License-Identifier: MIT
// libFuzzer: the raw call surface's argument parsing (args JSON → ConvertSettings, options, paths)
// and the request builders it feeds, without a network.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/dispatch.h"
#include "core/models.h"
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
  static const char* const kMethods[] = {"uploadFile",
                                         "startConvertAndSave",
                                         "getOperationStatus",
                                         "downloadFile",
                                         "waitForOperation",
                                         "convert",
                                         "x"};
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

  ConvertSettings settings;
  if (auto j = ParseJson(text); j && JsonCodec<ConvertSettings>::Read(*j, settings).empty()) {
    ApiConfig api;
    (void)StartConvertAndSaveRequest(api, settings);
  }
  (void)EncodeStoragePath(text);

  NullTransport transport;
  NullScheduler scheduler;
  Environment env;
  env.transport = &transport;
  env.scheduler = &scheduler;
  env.random = [] { return std::uint64_t{42}; };
  Client client(ParseClientConfig(R"({"clientId":"a","clientSecret":"b"})").value(), env);
  std::optional<std::size_t> payload;
  if (data[0] & 0x80) payload = data[0] & 0x7F;
  Result<PreparedCall> prepared = PrepareCall(client, kMethods[data[0] % 7], text, payload);
  if (prepared) {
    if (prepared.value().upload) {
      std::fill_n(prepared.value().upload->payload(), prepared.value().upload->payload_size(),
                  0xAB);
    }
    client.Start(std::move(prepared.value().script), {});
  }
  return 0;
}
