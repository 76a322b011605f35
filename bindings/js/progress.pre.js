// SPDX-License-Identifier: MIT
// Pre-js of both glues (after node-support.pre.js in the Node one): upload progress for emscripten_fetch.
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
// Large bodies go to a browser's XHR as a Blob. Chromium moves an ArrayBuffer body over to its network
// service before it even opens the connection, and upload progress sees none of that: measured here, a
// 50 MB body took 4-4.6 s from send() to load (0.7-1 s of it blocking the page inside send()) with one
// progress event at the very end, against 0.1 s to make the Blob and 0.35-0.4 s to upload it with events
// every 100 ms all the way. Nothing changes for the Node adapter, which streams from the heap itself.
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

var GDCONV_BLOB_BODY_MIN = 1 << 20;
// The platform's own XHR (a browser, a worker), where Blob bodies are streamed.
var gdconvBlobBodies = !!GdConvBaseXHR && GdConvBaseXHR === globalThis.XMLHttpRequest && typeof Blob == 'function' &&
                       !(typeof process == 'object' && process.versions && process.versions.node);

/** @constructor */
function GdConvWatchedXHR() {
  var xhr = new GdConvBaseXHR();
  if (gdconvBlobBodies) {
    var send = xhr.send;
    xhr.send = function(body) {
      // Fetch.js passes a fresh copy of the heap bytes (HEAPU8.slice), or null.
      if (body && ArrayBuffer.isView(body) && body.byteLength >= GDCONV_BLOB_BODY_MIN) body = new Blob([body]);
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

// eslint-disable-next-line no-var, no-unused-vars, no-redeclare
var XMLHttpRequest = GdConvBaseXHR ? GdConvWatchedXHR : undefined;
