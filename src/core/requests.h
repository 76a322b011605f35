// SPDX-License-Identifier: MIT
// Requests from the method table (methods.h): the call's arguments checked and normalised
// (ReadArgs), then the HttpRequest a row describes (BuildRequest), plus the token request. Pure:
// typed input in, HttpRequest out (reference/groupdocs-api.md §3-4). Path parameters are
// percent-encoded per segment, unlike the official Node SDK, so names with `#`, `?`, `%`, spaces or
// non-ASCII characters round-trip.
#pragma once

#include <string>
#include <string_view>

#include "core/config.h"
#include "core/errors.h"
#include "core/http.h"
#include "core/json.h"
#include "core/multipart.h"

namespace gdconv {

struct Method;  // methods.h

// RFC 3986: everything but unreserved characters (A-Z a-z 0-9 - . _ ~) becomes %XX (UTF-8 bytes).
std::string PercentEncode(std::string_view text);
// Splits on '/' and '\\' (the API treats both as separators), drops empty segments, encodes each.
std::string EncodeStoragePath(std::string_view path);
// The last segment of a storage path ("a/b.docx" → "b.docx"), "" if none.
std::string BaseName(std::string_view path);

// The arguments of a call to `method`, checked (invalid_argument names the first mistake) and
// normalised: the row's parameters and the body's arguments under their wire names, with their
// types; the reliability options and unknown keys are dropped.
Result<Json> ReadArgs(const Method& method, const Json& args);
// The request for `args` as ReadArgs returns them (the flows build such objects themselves). A
// multipart body is attached by the caller (AttachBody): it holds the caller's bytes.
HttpRequest BuildRequest(const ApiConfig& config, const Method& method, const Json& args);
// The multipart upload of a kFile or kDocument method: its file part's name and trailing parts.
MultipartFileSpec UploadSpec(const Method& method, const Json& args);
void AttachBody(HttpRequest& request, std::string content_type, Buffer body);
// An upload's multipart body, whose payload the platform may insert itself (inserted_size).
void AttachUpload(HttpRequest& request, std::string content_type, const MultipartBody& body);

HttpRequest TokenRequest(const ApiConfig& config, std::string_view client_id,
                         std::string_view client_secret);
void Authorize(HttpRequest& request, std::string_view token);

}  // namespace gdconv
