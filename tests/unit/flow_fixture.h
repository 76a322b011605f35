// SPDX-License-Identifier: MIT
// The fixture of the client state-machine tests (flow_test.cpp, retry_test.cpp): a Client over the
// scripted transport and fake clock of fakes.h, and a way to run raw calls as the binding does.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/client.h"
#include "core/dispatch.h"
#include "fakes.h"

namespace gdconv::testing {

inline constexpr const char* kSecret = "local-dev-secret";

struct Outcome {
  int resolves = 0;
  int rejects = 0;
  std::string json;
  std::vector<Buffer> files;
  bool as_list = false;
  Error error;
  std::vector<std::string> progress;
  std::size_t sent_when_settled = 0;  // requests sent when the outcome was reported
  bool settled() const { return resolves + rejects > 0; }
};

class FlowTest : public ::testing::Test {
 protected:
  // `transport`: one the client holds a share of (the binding's, with its route), instead of the
  // fixture's scripted transport_.
  void MakeClient(const std::string& config_json, std::shared_ptr<Transport> transport = nullptr) {
    Result<ClientConfig> config = ParseClientConfig(config_json);
    ASSERT_TRUE(config) << config.error().message;
    Environment env;
    // The fixture's own transport_, borrowed (the fixture outlives every request).
    env.transport = transport ? std::move(transport)
                              : std::shared_ptr<Transport>(&transport_, [](Transport*) {});
    env.scheduler = &clock_;
    env.random = [this] { return ++random_; };
    env.request_token = [this](std::uint64_t id) {
      token_requests_.push_back(id);
      if (on_token_request_) on_token_request_(id);
    };
    client_ = std::make_unique<Client>(std::move(config.value()), std::move(env));
  }
  void SetUp() override {
    MakeClient(R"({"baseUrl":"http://api.test/","clientId":"local-dev-client","clientSecret":")" +
               std::string(kSecret) + R"("})");
  }

  CallCallbacks Capture(Outcome& o) {
    CallCallbacks cb;
    cb.resolve = [this, &o](std::string json, std::vector<Buffer> files, bool as_list) {
      o.sent_when_settled = transport_.sent().size();
      ++o.resolves;
      o.json = std::move(json);
      o.files = std::move(files);
      o.as_list = as_list;
    };
    cb.reject = [this, &o](const Error& e) {
      o.sent_when_settled = transport_.sent().size();
      ++o.rejects;
      o.error = e;
    };
    cb.progress = [&o](std::string event) { o.progress.push_back(std::move(event)); };
    return cb;
  }

  // What the Embind binding does: prepare, copy the bytes into the body's hole, start.
  CallId Run(const std::string& method, const std::string& args, std::optional<std::string> bytes,
             Outcome& o) {
    std::optional<std::size_t> size;
    if (bytes) size = bytes->size();
    Result<PreparedCall> prepared = PrepareCall(*client_, method, args, size);
    if (!prepared) return client_->StartRejected(prepared.error(), Capture(o));
    if (prepared.value().upload && bytes && !bytes->empty()) {
      std::memcpy(prepared.value().upload->payload(), bytes->data(), bytes->size());
    }
    return client_->Start(std::move(prepared.value().script), Capture(o));
  }

  // Answers the pending token request.
  std::string GrantToken(const std::string& token = "opaque-token-0001") {
    HttpRequest r = transport_.Respond(Reply(200, TokenBody(token)));
    EXPECT_EQ(r.url, "http://api.test/connect/token");
    return token;
  }

  FakeScheduler clock_;
  FakeTransport transport_;
  std::uint64_t random_ = 0;
  std::vector<std::uint64_t> token_requests_;
  std::function<void(std::uint64_t)> on_token_request_;
  std::unique_ptr<Client> client_;
};

}  // namespace gdconv::testing
