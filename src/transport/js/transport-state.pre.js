// SPDX-License-Identifier: MIT
// The state that the transport's C++ and its JavaScript share, in one object: the EM_JS helpers of
// src/transport/fetch_transport.cpp and bindings/embind.cpp read and write it, and so do the other files of
// src/transport/js/. No other file declares shared state; they declare functions and their own constants.
//
// Every pre-js runs inside the glue's MODULARIZE factory, as do the EM_JS helpers, so `gdconvTransport` is
// one per module instance and invisible outside it: nothing is installed on globalThis, no eval, so strict
// CSPs and Web Workers are fine. Which files each glue gets, and in what order, is in CMakeLists.txt
// (GDCONV_NODE_PRE_JS, GDCONV_WEB_PRE_JS): this one first, glue-xhr.pre.js last. They are not closure-safe
// (glue-xhr.pre.js shadows a global with `var`); the build does not use --closure.

// Whether this is Node. A pre-js runs before the glue sets ENVIRONMENT_IS_NODE, so it tells for itself.
var GDCONV_IN_NODE =
  typeof process == 'object' && typeof process.versions == 'object' && typeof process.versions.node == 'string';

var gdconvTransport = {
  // The XMLHttpRequest class this build supplies for a runtime that has none, or null. An adapter file sets
  // it (node-xhr.pre.js in Node's glue; fetch-xhr.pre.js in the web glue, wherever fetch() exists);
  // glue-xhr.pre.js uses it when there is no global XMLHttpRequest.
  adapter: null,

  // Whether request bodies are staged and upload payloads adopted (body-contract.pre.js) instead of copied by
  // Fetch.js: true with this build's adapter or a browser's XHR, false with a host's own XMLHttpRequest,
  // which knows nothing of staged bodies. Set by glue-xhr.pre.js; read by gdconv_fetch_stage_body
  // (fetch_transport.cpp) and gdconv_payload_adopt (embind.cpp).
  adopts: false,

  // Whether an upload's payload can be a source read as it is sent (a file: bindings/js/node-files.js):
  // the Node adapter streams it (node-xhr-bodies.pre.js). Set by glue-xhr.pre.js; read by
  // gdconv_payload_size (embind.cpp). The facade sees it as Module.gdconvStreamPayloads.
  streamSources: false,

  // Whether a staged body is sent as one Blob (blob-bodies.pre.js: a browser's own XHR, or the fetch()
  // adapter), which is also where a Blob can be an upload's payload. Set by glue-xhr.pre.js; read by
  // gdconv_payload_size (embind.cpp). The facade sees it as Module.gdconvBlobPayloads.
  blobBodies: false,

  // The request body for the next XHR send(): { ptr, size }, a range of the heap. gdconv_fetch_stage_body
  // sets it right before emscripten_fetch, whose XHR send() runs synchronously inside it and takes it;
  // gdconv_fetch_unstage_body clears it right after, in case that send() did not.
  stagedBody: null,

  // Upload payloads that stay the caller's: heap address of a payload's unfilled place in a multipart body →
  // { bytes: Uint8Array | Blob, size }. gdconv_payload_adopt (embind.cpp) adds an entry instead of copying
  // the bytes into that place, gdconv_payload_release deletes it when the body is freed; gdconvBodyParts
  // (body-contract.pre.js) sends the bytes in the place's stead.
  payloads: new Map(),

  // Downloaded files that stay in JS: heap address of the one-byte key C++ holds → the Uint8Array (or what a
  // sink made of the file: a saved file's description, a Blob).
  // gdconv_fetch_take_body (fetch_transport.cpp) adds an entry, gdconv_fetch_forget_file deletes it when C++
  // lets go of the placeholder; gdconv_file_bytes (embind.cpp) hands the bytes out instead of copying the
  // placeholder. Only an adapter fills it (body-contract.pre.js, xhr.gdconvFileBody).
  files: new Map(),

  // Whether the next XHR the glue constructs reports its upload progress. gdconv_fetch_watch_upload sets it
  // around emscripten_fetch, which constructs the XHR synchronously; glue-xhr.pre.js takes it.
  watchNextUpload: false,

  // Where calls want their downloaded files (bindings/RAW_API.md, callbacks.sink): id → the sink, an object
  // whose open({ url, size }) gives a writer (xhr-response-body.pre.js), or { blob: true } for a browser's
  // XHR. gdconv_sink_open (bindings/embind.cpp) adds one per call that has one (ids from lastSink + 1) and
  // deletes it when the call is over.
  sinks: new Map(),
  lastSink: 0,

  // The sink of the next XHR the glue constructs, or 0. gdconv_fetch_sink (fetch_transport.cpp) sets it
  // around emscripten_fetch of a download, as nextRoute; glue-xhr.pre.js takes it into xhr.gdconvSink.
  nextSink: 0,

  // Clients' network routes (Node: a proxy, trusted CAs; bindings/RAW_API.md, hooks.route): id → the route,
  // an object whose requestOptions(url) the Node adapter asks (node-xhr.pre.js). gdconv_route_open
  // (bindings/embind.cpp) adds one per client that has one (ids from lastRoute + 1), gdconv_route_close
  // deletes it with the client.
  routes: new Map(),
  lastRoute: 0,

  // The route of the next XHR the glue constructs, or 0. gdconv_fetch_route (fetch_transport.cpp) sets it
  // around emscripten_fetch, as watchNextUpload; glue-xhr.pre.js takes it into xhr.gdconvRoute.
  nextRoute: 0,
};
