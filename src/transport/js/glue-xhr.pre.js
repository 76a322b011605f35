// SPDX-License-Identifier: MIT
// The XMLHttpRequest that Fetch.js constructs, chosen and fitted out here; the last pre-js of both glues.
//
// The class underneath is the runtime's own (browsers, dedicated workers, or a host that installed one
// globally) or else the adapter this build supplies (gdconvTransport.adapter: node-xhr.pre.js in Node's glue,
// fetch-xhr.pre.js in the web glue wherever fetch() exists and XMLHttpRequest does not: Deno, Bun, workerd,
// Service Workers). The glue sees it through a `var XMLHttpRequest` of the MODULARIZE factory's scope, which
// shadows the global for the glue alone: nothing is installed on globalThis. Each XHR constructed gets what
// the transport asked for: the staged body sent as a Blob (blob-bodies.pre.js), an upload listener
// (upload-progress.pre.js) and its client's network route (node-xhr.pre.js).

var gdconvOwnXHR = globalThis.XMLHttpRequest;
var GdConvBaseXHR = gdconvOwnXHR || gdconvTransport.adapter;

// Request bodies go as one Blob of their parts (blob-bodies.pre.js), and a Blob can be an upload's payload,
// with a browser's XHR (not one a Node host installed) and with the fetch() adapter.
gdconvTransport.blobBodies =
  typeof Blob == 'function' &&
  !!GdConvBaseXHR &&
  (GdConvBaseXHR === gdconvOwnXHR ? !GDCONV_IN_NODE : !!GdConvBaseXHR.gdconvTakesBlobs);
// Bodies are staged and payloads adopted only where someone sends them: this build's adapters, or a browser's
// XHR through Blob bodies. A host's own XHR gets Fetch.js's copies.
gdconvTransport.adopts = gdconvTransport.blobBodies || (!!GdConvBaseXHR && GdConvBaseXHR === gdconvTransport.adapter);
// For the facade (bindings/js/inputs.js): a Blob/File input can be passed to RawClient.call unread.
Module['gdconvBlobPayloads'] = gdconvTransport.blobBodies;
// A file source (bindings/js/node-files.js) can be an upload's payload: the Node adapter reads it as it sends.
gdconvTransport.streamSources =
  !!GdConvBaseXHR && GdConvBaseXHR === gdconvTransport.adapter && !!GdConvBaseXHR.gdconvTakesStreams;
Module['gdconvStreamPayloads'] = gdconvTransport.streamSources;
// For the facade (bindings/js/client.js): a client's `proxy` and `ca` take effect, that is, its requests go
// through the Node adapter (and not a host's own global XMLHttpRequest).
Module['gdconvRoutes'] =
  !!GdConvBaseXHR && GdConvBaseXHR === gdconvTransport.adapter && !!GdConvBaseXHR.gdconvTakesRoutes;

/** @constructor */
function GdConvGlueXHR() {
  var xhr = new GdConvBaseXHR();
  if (gdconvTransport.blobBodies && GdConvBaseXHR === gdconvOwnXHR) gdconvSendStagedAsBlob(xhr);
  if (gdconvTransport.watchNextUpload) {
    gdconvTransport.watchNextUpload = false;
    gdconvWatchUpload(xhr);
  }
  if (gdconvTransport.nextRoute) {
    // The client's network settings go with its request (only the Node adapter reads them).
    xhr.gdconvRoute = gdconvTransport.routes.get(gdconvTransport.nextRoute) || null;
    gdconvTransport.nextRoute = 0;
  }
  if (gdconvTransport.nextSink) {
    // Where a download's file goes: this build's adapters write it to the sink (xhr-response-body.pre.js); a
    // browser's XHR is asked for a Blob instead (gdconvAnswerAsBlob).
    xhr.gdconvSink = gdconvTransport.sinks.get(gdconvTransport.nextSink) || null;
    gdconvTransport.nextSink = 0;
    if (xhr.gdconvSink && GdConvBaseXHR === gdconvOwnXHR && !GDCONV_IN_NODE) gdconvAnswerAsBlob(xhr);
  }
  return xhr; // a constructor that returns an object: `new` gives the real XHR, not a wrapper
}

var XMLHttpRequest = GdConvBaseXHR ? GdConvGlueXHR : undefined;

// A browser's XHR keeps a file answer as a Blob, which the browser holds outside the page's memory (on disk
// when large) and which never enters the heap. Only a file: Fetch.js sets responseType 'arraybuffer', and an
// error's JSON must stay readable, so the switch is made when the headers are in (the XHR standard allows
// setting responseType until LOADING).
function gdconvAnswerAsBlob(xhr) {
  xhr.addEventListener('readystatechange', function () {
    if (xhr.readyState !== 2 || xhr.status < 200 || xhr.status > 299) return;
    var type = String(xhr.getResponseHeader('content-type') || '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type === 'application/octet-stream') xhr.responseType = 'blob';
  });
}
