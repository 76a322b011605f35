// SPDX-License-Identifier: MIT
// Pre-js of both glues (after node-support.pre.js in the Node one): upload progress and request bodies for
// emscripten_fetch.
//
// Fetch.js never listens to xhr.upload, and an XHR reports upload progress only to listeners that were
// registered before send(). So the glue's XMLHttpRequest is wrapped: when the transport
// (src/transport/fetch_transport.cpp) asks for a request's upload progress, it sets
// gdconvWatchNextUpload right before emscripten_fetch, which constructs the XHR and sends it
// synchronously; the XHR constructed next gets an upload `progress` listener at once. Each event goes to
// the exported _gdconv_on_upload_progress(fetch id, loaded, total): the fetch id is the XHR's place in
// Fetch.xhrs plus one (Fetch.js pushes the XHR there before send() and stores that as
// emscripten_fetch_t.id).
//
// Request bodies skip Fetch.js's copy (HEAPU8.slice) in both glues: the transport
// (src/transport/fetch_transport.cpp) stages a body (gdconvStageBody) instead of passing it to
// emscripten_fetch, and an upload's payload is the caller's own object, registered for its unfilled place
// in the multipart body (gdconvPayloads, by bindings/embind.cpp), never copied into the heap. The Node
// adapter (node-support.pre.js) writes such a body to its socket; in a browser or worker the wrapped send()
// below makes it one Blob: the heap bytes around the payload (a few hundred bytes of envelope; the Blob
// constructor copies them at once, so the heap may grow afterwards) and the payload itself, a Uint8Array or,
// for a Blob/File input, that Blob, which the browser then streams from disk: a 50 MB File is not read into
// memory at all. A retry stages the body again and gets a new Blob of the same parts.
//
// Large bodies go to a browser's XHR as a Blob anyway. Chromium moves an ArrayBuffer body over to its
// network service before it even opens the connection, and upload progress sees none of that: measured
// here, a 50 MB body took 4-4.6 s from send() to load (0.7-1 s of it blocking the page inside send()) with
// one progress event at the very end, against 0.1 s to make the Blob and 0.35-0.4 s to upload it with
// events every 100 ms all the way. A body under 1 MiB with nothing adopted is sent as a copy of its bytes.
//
// Only requests that asked get a listener: in a browser an upload listener makes even a "simple"
// cross-origin request preflighted (XHR spec, "upload listener flag"); the ones that ask carry an
// Authorization header, so they are preflighted anyway.
//
// Like node-support.pre.js it shadows a global for the glue alone (`var XMLHttpRequest` in the
// MODULARIZE factory's scope): nothing is installed on globalThis, no eval, so strict CSPs and Web
// Workers are fine; not closure-safe, and the build does not use --closure.

var gdconvWatchNextUpload = false;
// The XHR class the glue would have used: the Node adapter (or a host's own XHR) when node-support.pre.js
// ran first and set the scoped XMLHttpRequest, else the global one (browsers, workers).
// eslint-disable-next-line no-use-before-define
var GdConvBaseXHR = (typeof XMLHttpRequest == 'function' && XMLHttpRequest) || globalThis.XMLHttpRequest;

// The body staged for the next send(): { ptr, size } in the heap. Set by the transport right before
// emscripten_fetch (whose XHR send() runs synchronously inside it) and taken by that send().
var gdconvStagedBody = null;
/** @param {number} ptr @param {number} size */
function gdconvStageBody(ptr, size) { gdconvStagedBody = { ptr: ptr, size: size }; }

// Upload payloads that stay the caller's: heap address of the payload's place in a multipart body →
// { bytes, size }. bindings/embind.cpp adds an entry instead of copying the bytes into that place (which
// stays untouched, so it costs no memory) and deletes it when the body is freed.
var gdconvPayloads = new Map();

/** A staged body as parts: heap ranges { ptr, size } and, in its place, an adopted payload { bytes, size }. */
function gdconvBodyParts(ptr, size) {
  var parts = [];
  var at = ptr;
  var end = ptr + size;
  if (gdconvPayloads.size > 0) {
    gdconvPayloads.forEach(function(payload, place) {
      if (place < at || place + payload.size > end) return;
      if (place > at) parts.push({ ptr: at, size: place - at });
      parts.push(payload);
      at = place + payload.size;
    });
  }
  if (end > at) parts.push({ ptr: at, size: end - at });
  return { size: size, parts: parts };
}

var GDCONV_BLOB_BODY_MIN = 1 << 20;
// The platform's own XHR (a browser, a worker), where Blob bodies are streamed.
var gdconvBlobBodies = !!GdConvBaseXHR && GdConvBaseXHR === globalThis.XMLHttpRequest && typeof Blob == 'function' &&
                       !(typeof process == 'object' && process.versions && process.versions.node);
// Whether bodies are staged and payloads adopted (read by the EM_JS helpers of the transport and
// bindings/embind.cpp): with the Node adapter, or a browser's XHR. A host's own XHR gets Fetch.js's copies.
// eslint-disable-next-line no-undef
var gdconvAdopts = gdconvBlobBodies || (typeof GdConvHttpXHR == 'function' && GdConvBaseXHR === GdConvHttpXHR);
// For the facade (bindings/js/inputs.js): a Blob/File input can be passed to RawClient.call unread.
Module['gdconvBlobPayloads'] = gdconvBlobBodies;

/** @constructor */
function GdConvWatchedXHR() {
  var xhr = new GdConvBaseXHR();
  if (gdconvBlobBodies) {
    var send = xhr.send;
    xhr.send = function(body) {
      var staged = gdconvStagedBody;
      gdconvStagedBody = null;
      if (staged && body == null) body = gdconvBlobBody(staged.ptr, staged.size);
      return send.call(xhr, body);
    };
  }
  if (gdconvWatchNextUpload && xhr.upload) {
    gdconvWatchNextUpload = false;
    var id = 0;
    xhr.upload.onprogress = function(e) {
      if (!id) {
        // Normally the last entry: nothing else is pushed between this XHR's send() and its first event
        // unless other requests started meanwhile.
        var i = Fetch.xhrs.lastIndexOf(xhr);
        if (i < 0) return;  // released: the request is over
        id = i + 1;
      }
      if (Fetch.xhrs[id - 1] !== xhr) return;
      _gdconv_on_upload_progress(id, e.loaded, e.lengthComputable ? e.total : 0);
    };
  }
  return xhr;  // a constructor that returns an object: `new` gives the real XHR, not a wrapper
}

/** A staged body for a browser's XHR: its parts in one Blob, or a copy of a small heap-only body. */
function gdconvBlobBody(ptr, size) {
  var parts = gdconvBodyParts(ptr, size).parts;
  if (parts.length === 1 && !parts[0].bytes && size < GDCONV_BLOB_BODY_MIN) return HEAPU8.slice(ptr, ptr + size);
  return new Blob(parts.map(function(part) {
    var bytes = part.bytes;
    if (!bytes) return HEAPU8.subarray(part.ptr, part.ptr + part.size);  // copied by the Blob constructor
    // The caller's array or Blob as it is now: it must not change while the call runs (bindings/RAW_API.md).
    // Fetch.js turns the throw into a network error.
    if ((bytes instanceof Blob ? bytes.size : bytes.length) !== part.size) throw new Error('the bytes being uploaded changed size');
    return bytes;
  }));
}

// eslint-disable-next-line no-var, no-unused-vars, no-redeclare
var XMLHttpRequest = GdConvBaseXHR ? GdConvWatchedXHR : undefined;
