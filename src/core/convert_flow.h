// SPDX-License-Identifier: MIT
// convert(): the whole conversion flow through storage, upload → startConvertAndSave → wait →
// download every result, and what it and convertDirect (direct_flow.h) resolve with.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/call.h"
#include "core/codec.h"
#include "core/models.h"
#include "core/multipart.h"

namespace gdconv {

struct ConvertArgs {
  std::string fileName;
  std::string format;
  std::optional<std::string> outputPath;
  std::optional<std::string> storageName;
  std::optional<LoadOptions> loadOptions;
  std::optional<ConvertOptions> convertOptions;
  std::optional<bool> keepFiles;  // true: leave the call's storage folder in place
};
template <>
struct RecordOf<ConvertArgs> : RecordDefaults {
  using M = ConvertArgs;
  static constexpr auto kFields =
      FieldsOf<M>(Field<&M::fileName>("fileName", kRequired),
                  Field<&M::format>("format", kRequired), Field<&M::outputPath>("outputPath"),
                  Field<&M::storageName>("storageName"), Field<&M::loadOptions>("loadOptions"),
                  Field<&M::convertOptions>("convertOptions"), Field<&M::keepFiles>("keepFiles"));
  static Status Validate(const M& args, ErrorCode code);
};

// `folder` is the per-call storage folder (a random UUID: see bindings/RAW_API.md, "Default storage
// layout"); the document goes to `<folder>/<fileName>`, the results to outputPath, else
// `<folder>/converted`.
//
// Unless keepFiles, the call then removes what it stored: however it ends after the upload went
// out (resolved, rejected, aborted, timed out, its client destroyed), one DELETE of `<folder>`
// (recursive; just the input file should outputPath lie inside it) follows — after the outcome is
// reported, so nobody waits for it. The one exception is a start whose fate is unknown
// (mayHaveStarted, or cut off before its answer): that conversion may still read its input. The
// DELETE is best-effort (detached_request.h), and its failure is reported nowhere (the call has
// already settled).
void RunConvert(Call& call, ConvertArgs args, std::string folder,
                std::shared_ptr<MultipartBody> upload, std::string content_type);

// A version-4 UUID from 128 random bits.
std::string RandomUuid(std::uint64_t hi, std::uint64_t lo);

// The options a start's answer says the server ignored (x-groupdocs-ignored-options, issue 18:
// the local server reports what it cannot apply; the API sends nothing).
std::vector<std::string> IgnoredOptions(const HttpResponse& start);

// What convert and convertDirect resolve with: {"operation", "files": [{name, path, size}],
// "ignoredOptions"} and the files' bytes in the same order.
void ResolveConverted(Call& call, const OperationResult& operation,
                      const std::vector<std::string>& paths, std::vector<Buffer> files,
                      const std::vector<std::string>& ignored_options);

// The operation's results, with a storage path for each: the API's data-structure page shows a
// result as {name, size, url} without it, and the API stores a result at <outputPath>/<name>.
Result<std::vector<std::string>> ResultPaths(const OperationResult& operation,
                                             const std::string& output_path);

}  // namespace gdconv
