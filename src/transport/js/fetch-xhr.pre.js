// SPDX-License-Identifier: MIT
// Web glue only: GdConvFetchXHR, the XMLHttpRequest that emscripten_fetch needs, over fetch(), for every
// runtime that has fetch() and no XMLHttpRequest: Deno, Bun, Cloudflare Workers (workerd), browsers' Service
// Workers (and Node, where the web glue is used). One adapter for all of them (issue 12); Node's own glue
// keeps its node:http adapter, which is faster there (node-xhr.pre.js, bench/README.md). The XHR itself is
// GdConvXHR (xhr-base.pre.js, xhr-response-body.pre.js); this file makes the request and feeds the answer in.
//
// What fetch() allows, and so what this adapter gives:
//   - the request body as one Blob of its parts (blob-bodies.pre.js): the heap envelope copied, the caller's
//     array copied once by the Blob constructor, a caller's Blob/File not at all; always with a length,
//     never chunked;
//   - the answer read from its body stream chunk by chunk into the heap block or file array of the body
//     contract, each chunk a download `progress` event;
//   - upload progress: fetch() reports none while the body goes, so one `progress` event for the whole body
//     when the answer's headers arrive (the body was sent);
//   - `timeout` as total time, and abort(), through one AbortController per request, which also ends the
//     body stream, so no promise is left pending;
//   - why a request failed (xhr.gdconvFailure): a timeout is ours; a refused connection is told by the
//     runtime's error where it says so (kind 1: the request never left, so even a POST may be sent again),
//     and so is a refused certificate (kind 3, where the error carries OpenSSL's code: Node); anything else
//     is a network error that may have reached the server.
// Redirects are fetch()'s own (it follows them, and drops Authorization on a cross-origin one).

/** @constructor */
function GdConvFetchXHR() {
  GdConvXHR.call(this);
}
gdconvInheritXHR(GdConvFetchXHR);
// Request bodies are sent as Blobs, and so a Blob can be an upload's payload (glue-xhr.pre.js).
GdConvFetchXHR.gdconvTakesBlobs = true;

// How runtimes word a connection that was refused or a name that did not resolve (Node/undici: err.cause.code;
// Deno: "tcp connect error", "dns error"; Bun: err.code ConnectionRefused). A browser says only "Failed to
// fetch": a network error, which the core does not send again for a POST.
var GDCONV_FETCH_NEVER_SENT =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ConnectionRefused|Connection refused|tcp connect error|dns error|FailedToOpenSocket/i;

GdConvFetchXHR.prototype._describe = function (err) {
  var cause = err && err.cause;
  var words = [
    err && err.name,
    err && err.code,
    err && err.message,
    cause && cause.code,
    cause && cause.message,
  ].filter(function (w, i, all) {
    return typeof w === 'string' && w && all.indexOf(w) === i;
  });
  // fetch() errors may quote the URL (Deno: "error sending request for url (…)"): keep its origin only, so
  // that no path or query can be in the text.
  var text = words.join(': ').replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/\s)]*)[^\s)]*/gi, '$1') || 'error';
  // A refused certificate: the code of the error or of its cause (Node's undici) is OpenSSL's (xhr-base.pre.js).
  var tls = gdconvIsTlsFailure(err && err.code) || gdconvIsTlsFailure(cause && cause.code);
  return { kind: tls ? 3 : GDCONV_FETCH_NEVER_SENT.test(text) ? 1 : 0, text: text.slice(0, 120) };
};

GdConvFetchXHR.prototype._stop = function (req) {
  req.abort();
};

GdConvFetchXHR.prototype._request = function (method, url, source, current) {
  var xhr = this;
  var controller = new AbortController();
  var init = { method: method, headers: xhr._headers, signal: controller.signal };
  // Only when asked: workerd refuses the `credentials` member, and 'same-origin' is fetch()'s default.
  if (xhr.withCredentials) init.credentials = 'include';
  var answer;
  try {
    if (source) init.body = gdconvBlobOf(source);
    answer = globalThis.fetch(url, init);
  } catch (e) {
    return xhr._failSoon(current, e);
  }
  xhr._req = controller;
  var size = source ? source.size : 0;
  answer.then(
    function (res) {
      if (!current()) return gdconvDiscard(res);
      if (size > 0) xhr.upload._emit('progress', size, size);
      xhr._receive(res, current);
    },
    function (err) {
      if (current()) xhr._fail('error', err);
    },
  );
};

GdConvFetchXHR.prototype._receive = function (res, current) {
  var xhr = this;
  var headers = [];
  res.headers.forEach(function (value, name) {
    headers.push([name.toLowerCase(), value]);
  });
  // fetch() decodes a compressed body: its Content-Length is then not the length that arrives.
  var encoding = res.headers.get('content-encoding');
  var length = encoding && encoding !== 'identity' ? 0 : Number(res.headers.get('content-length'));
  xhr._beginResponse({
    status: res.status,
    statusText: res.statusText,
    url: res.url || xhr._url,
    headers: headers,
    length: length,
  });
  if (!res.body) return xhr._endResponse();
  var reader = res.body.getReader();
  var fail = function (err) {
    if (current()) xhr._fail('error', err);
  };
  var next = function () {
    // An abort (ours, or the timeout's) errors the stream, so this read settles too.
    reader.read().then(function (step) {
      if (!current()) return reader.cancel().catch(function () {});
      if (step.done) return xhr._endResponse();
      if (xhr._takeChunk(step.value)) next();
      else xhr._whenWritable(next); // a sink's writer is full
    }, fail);
  };
  next();
};

// A late answer to a request that was aborted or re-opened meanwhile: its body is not wanted.
function gdconvDiscard(res) {
  if (res.body) res.body.cancel().catch(function () {});
}

if (typeof globalThis.fetch == 'function' && typeof AbortController == 'function') {
  gdconvTransport.adapter = gdconvTransport.adapter || GdConvFetchXHR;
}
