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
  return xhr; // a constructor that returns an object: `new` gives the real XHR, not a wrapper
}

var XMLHttpRequest = GdConvBaseXHR ? GdConvGlueXHR : undefined;
