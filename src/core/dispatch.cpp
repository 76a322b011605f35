// SPDX-License-Identifier: MIT
#include "core/dispatch.h"

#include <string>
#include <vector>

#include "core/client.h"
#include "core/convert_flow.h"
#include "core/direct_flow.h"
#include "core/methods.h"
#include "core/requests.h"
#include "core/responses.h"
#include "core/wait.h"

namespace gdconv {
namespace {

// The caller's bytes: their length, and whether the platform sends them itself
// (MultipartBody's payload_apart).
struct Payload {
  std::size_t size = 0;
  bool apart = false;
};
using PayloadSize = std::optional<Payload>;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// A multipart body with a hole of the payload's size that the binding fills with the caller's
// bytes, or, when the platform sends them itself, with none.
std::shared_ptr<MultipartBody> NewUpload(Client& client, const MultipartFileSpec& spec,
                                         const Payload& payload, std::string& content_type) {
  std::uint64_t r1 = client.Random();  // two statements: argument evaluation order is unspecified
  std::uint64_t r2 = client.Random();
  MultipartLayout layout = MultipartForFile(spec, RandomBoundary(r1, r2));
  content_type = layout.content_type;
  return std::make_shared<MultipartBody>(layout, payload.size, payload.apart);
}

bool TakesBytes(const Method& method) {
  return method.body == Body::kFile || method.body == Body::kDocument;
}

// Resolves the call with the answer of a one-request method.
void Answered(Call& call, const Method& method, const HttpResponse& response) {
  if (method.answer.kind == AnswerKind::kBytes) {
    Result<Buffer> bytes = ReadBytes(response);
    if (!bytes) return call.Reject(bytes.error());
    return call.Resolve("null", {std::move(bytes.value())});
  }
  Result<Json> value = ReadAnswer(response, method.answer);
  if (!value) return call.Reject(value.error());
  call.Resolve(DumpJson(value.value()));
}

// Any row of the table: one request, built once, sent (and re-sent) as it is.
Result<PreparedCall> PrepareRow(Client& client, const Method& method, const Json& raw_args,
                                PayloadSize payload_size) {
  Result<Json> args = ReadArgs(method, raw_args);
  if (!args) return std::move(args.error());
  HttpRequest request = BuildRequest(client.config().api, method, args.value());
  PreparedCall prepared;
  TransferReport report;
  if (TakesBytes(method)) {
    std::string content_type;
    prepared.upload =
        NewUpload(client, UploadSpec(method, args.value()), *payload_size, content_type);
    AttachUpload(request, std::move(content_type), *prepared.upload);
    report.upload = true;
  }
  if (method.answer.kind == AnswerKind::kBytes) {
    report.download = true;
    report.fields = {{"index", 0}, {"count", 1}};
  }
  prepared.script = [request = std::move(request), &method,
                     report = std::move(report)](Call& call) {
    call.Send([request] { return request; },
              [&call, &method](const HttpResponse& response) { Answered(call, method, response); },
              report);
  };
  return prepared;
}

// ---- The methods that are several requests, written by hand beside the table ----------------

struct Flow {
  std::string_view name;
  bool takes_bytes;
  Result<PreparedCall> (*prepare)(Client& client, const Json& args, PayloadSize payload_size);
};

Result<PreparedCall> PrepareWaitForOperation(Client& /*client*/, const Json& raw_args,
                                             PayloadSize /*payload_size*/) {
  Result<Json> args = ReadArgs(MethodNamed("getOperationStatus"), raw_args);
  if (!args) return std::move(args.error());
  PreparedCall prepared;
  prepared.script = [id = args.value()["id"].get<std::string>()](Call& call) {
    WaitForOperation(call, id,
                     [&call](const OperationResult& op) { call.Resolve(DumpJson(Encode(op))); });
  };
  return prepared;
}

Result<PreparedCall> PrepareConvert(Client& client, const Json& raw_args,
                                    PayloadSize payload_size) {
  Result<ConvertArgs> args = Decode<ConvertArgs>(raw_args, ErrorCode::kInvalidArgument);
  if (!args) return std::move(args.error());
  std::uint64_t hi = client.Random();
  std::uint64_t lo = client.Random();
  std::string folder = RandomUuid(hi, lo);
  MultipartFileSpec spec;
  spec.file_name = BaseName(args.value().fileName);
  std::string content_type;
  PreparedCall prepared;
  prepared.upload = NewUpload(client, spec, *payload_size, content_type);
  prepared.script = [args = std::move(args.value()), folder = std::move(folder),
                     upload = prepared.upload,
                     content_type = std::move(content_type)](Call& call) mutable {
    RunConvert(call, std::move(args), std::move(folder), std::move(upload),
               std::move(content_type));
  };
  return prepared;
}

Result<PreparedCall> PrepareConvertDirect(Client& client, const Json& raw_args,
                                          PayloadSize payload_size) {
  const Method& start = MethodNamed("startConvert");
  Result<Json> args = ReadArgs(start, raw_args);
  if (!args) return std::move(args.error());
  std::string content_type;
  PreparedCall prepared;
  prepared.upload = NewUpload(client, UploadSpec(start, args.value()), *payload_size, content_type);
  prepared.script = [args = std::move(args.value()), upload = prepared.upload,
                     content_type = std::move(content_type)](Call& call) mutable {
    RunConvertDirect(call, std::move(args), std::move(upload), std::move(content_type));
  };
  return prepared;
}

constexpr Flow kFlows[] = {
    {"waitForOperation", false, PrepareWaitForOperation},
    {"convert", true, PrepareConvert},
    {"convertDirect", true, PrepareConvertDirect},
};

}  // namespace

std::vector<std::string_view> MethodNames() {
  std::vector<std::string_view> names;
  for (const Method& m : kMethods) names.push_back(m.name);
  for (const Flow& f : kFlows) names.push_back(f.name);
  return names;
}

Result<PreparedCall> PrepareCall(Client& client, std::string_view method,
                                 std::string_view args_json,
                                 std::optional<std::size_t> payload_size, bool payload_apart) {
  PayloadSize payload;
  if (payload_size) payload = Payload{*payload_size, payload_apart};
  const Method* row = FindMethod(method);
  const Flow* flow = nullptr;
  for (const Flow& f : kFlows) {
    if (f.name == method) flow = &f;
  }
  if (!row && !flow) return Invalid("unknown method \"" + std::string(method) + "\"");
  const std::string prefix = std::string(method) + ": ";
  auto args = ParseJson(args_json);
  if (!args || !args->is_object()) return Invalid(prefix + "args must be a JSON object");
  bool takes_bytes = row ? TakesBytes(*row) : flow->takes_bytes;
  if (takes_bytes && !payload) return Invalid(prefix + "bytes are required");
  if (!takes_bytes && payload) return Invalid(prefix + "takes no bytes");
  Result<CallOptions> options = ReadCallOptions(*args, client.config().retry);
  Result<PreparedCall> prepared = options ? (row ? PrepareRow(client, *row, *args, payload)
                                                 : flow->prepare(client, *args, payload))
                                          : Result<PreparedCall>(options.error());
  if (!prepared) {
    prepared.error().message = prefix + prepared.error().message;
    return prepared;
  }
  // The bounds apply before the script's first step (its token wait and first request).
  prepared.value().script = [options = options.value(),
                             script = std::move(prepared.value().script)](Call& call) {
    call.Configure(options);
    script(call);
  };
  return prepared;
}

}  // namespace gdconv
