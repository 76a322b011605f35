// SPDX-License-Identifier: MIT
// GdConvXHR: the part of XMLHttpRequest that Fetch.js uses, shared by this build's two adapters for runtimes
// without an XMLHttpRequest: node-xhr.pre.js (node:http, Node's glue) and fetch-xhr.pre.js (fetch(), the
// web glue in Deno, Bun, Cloudflare Workers and Service Workers). Here: open, setRequestHeader, send,
// abort, readyState and the events (readystatechange, progress, load, error, timeout, abort, loadend; and
// `progress` on xhr.upload), a `timeout` that counts total time as browsers do (a server trickling bytes
// cannot hold a request open), response headers, and the failure side of the body contract
// (body-contract.pre.js: xhr.gdconvFailure). The response body is xhr-response-body.pre.js.
//
// An adapter inherits from GdConvXHR and supplies:
//   _request(method, url, source, current)  start the request and keep what stops it in this._req.
//        `source` is the body: null, or { size, parts } (body-contract.pre.js, gdconvBodyParts);
//        `current()` tells whether the request is still this XHR's (see _generation);
//   _stop(req)                              stop a request that _request started;
//   _describe(err)                          { kind, text } for xhr.gdconvFailure, from one of its errors.
// Once the answer's headers are in, it calls _beginResponse, then _takeChunk per piece of body and
// _endResponse, or _fail('error', err) (xhr-response-body.pre.js).

/** @constructor */
function GdConvXHR() {
  this.readyState = 0; // UNSENT
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this.responseType = '';
  this.responseURL = '';
  this.timeout = 0;
  this.withCredentials = false;
  // Upload progress as browsers report it: `progress` events on xhr.upload (upload-progress.pre.js listens).
  this.upload = new GdConvXHRUpload();
  // The body contract's results (body-contract.pre.js): set on success, taken by the transport.
  this.gdconvHeapBody = null;
  this.gdconvFileBody = null;
  this.gdconvFailure = null;
  this._method = 'GET';
  this._url = '';
  this._headers = {};
  this._responseHeaders = []; // [name in lower case, value] pairs, in the order received
  this._req = null;
  this._timer = null;
  this._sent = false;
  this._generation = 0; // bumped by every end of a request: late events of an old one are dropped
  this._listeners = {};
  this._resetBody();
}

/** @constructor */
function GdConvXHRUpload() {
  this.onprogress = null;
  this._listeners = {};
}

GdConvXHR.UNSENT = 0;
GdConvXHR.OPENED = 1;
GdConvXHR.HEADERS_RECEIVED = 2;
GdConvXHR.LOADING = 3;
GdConvXHR.DONE = 4;

/** Makes `Adapter` a GdConvXHR (its constructor calls GdConvXHR.call(this)). */
function gdconvInheritXHR(Adapter) {
  Adapter.prototype = Object.create(GdConvXHR.prototype);
  Adapter.prototype.constructor = Adapter;
  ['UNSENT', 'OPENED', 'HEADERS_RECEIVED', 'LOADING', 'DONE'].forEach(function (name) {
    Adapter[name] = GdConvXHR[name];
  });
}

GdConvXHR.prototype.open = function (method, url, async) {
  if (async === false) throw new Error('XMLHttpRequest adapter: synchronous requests are not supported');
  this._finish(); // re-open aborts a previous request silently, as XHR does
  this.gdconvRelease();
  this._method = String(method).toUpperCase();
  this._url = String(url);
  this._headers = {};
  this._responseHeaders = [];
  this._sent = false;
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this.responseURL = '';
  this.gdconvFailure = null;
  this._setState(1);
};

GdConvXHR.prototype.setRequestHeader = function (name, value) {
  if (this.readyState !== 1 || this._sent)
    throw new Error('XMLHttpRequest adapter: setRequestHeader before send() only');
  var key = String(name).toLowerCase();
  // XHR combines repeated headers into one, comma-separated.
  this._headers[key] = key in this._headers ? this._headers[key] + ', ' + value : String(value);
};

GdConvXHR.prototype.overrideMimeType = function () {};

GdConvXHR.prototype.getAllResponseHeaders = function () {
  if (this.readyState < 2) return '';
  return this._responseHeaders
    .map(function (h) {
      return h[0] + ': ' + h[1] + '\r\n';
    })
    .join('');
};

GdConvXHR.prototype.getResponseHeader = function (name) {
  if (this.readyState < 2) return null;
  var key = String(name).toLowerCase();
  var values = this._responseHeaders.filter(function (h) {
    return h[0] === key;
  });
  return values.length
    ? values
        .map(function (h) {
          return h[1];
        })
        .join(', ')
    : null;
};

GdConvXHR.prototype.addEventListener = function (type, fn) {
  (this._listeners[type] = this._listeners[type] || []).push(fn);
};

GdConvXHR.prototype.removeEventListener = function (type, fn) {
  var list = this._listeners[type];
  if (list)
    this._listeners[type] = list.filter(function (f) {
      return f !== fn;
    });
};

GdConvXHR.prototype._emit = function (type, loaded, total) {
  var handler = this['on' + type];
  var list = this._listeners[type];
  if (typeof handler !== 'function' && !list) return;
  var event = { type: type, target: this, loaded: loaded || 0, total: total || 0, lengthComputable: total > 0 };
  if (typeof handler === 'function') handler.call(this, event);
  if (list)
    list.slice().forEach(function (f) {
      f.call(this, event);
    }, this);
};

GdConvXHRUpload.prototype.addEventListener = GdConvXHR.prototype.addEventListener;
GdConvXHRUpload.prototype.removeEventListener = GdConvXHR.prototype.removeEventListener;
GdConvXHRUpload.prototype._emit = GdConvXHR.prototype._emit;

GdConvXHR.prototype._setState = function (state) {
  this.readyState = state;
  this._emit('readystatechange');
};

// Ends the current request: no later event of it may touch this object again. Returns what stops it (the
// caller decides whether to) and frees the response blocks being filled, not the finished ones the
// transport may still take (xhr-response-body.pre.js).
GdConvXHR.prototype._finish = function () {
  this._generation++;
  if (this._timer) clearTimeout(this._timer);
  this._timer = null;
  var req = this._req;
  this._req = null;
  this._dropBody();
  return req;
};

// The XHR "request error steps": DONE, status 0, then the event (error | timeout | abort) and loadend.
// `err` (the adapter's error, or a description) says why, for xhr.gdconvFailure.
GdConvXHR.prototype._fail = function (type, err) {
  if (type === 'timeout') this.gdconvFailure = { kind: 2, text: 'timed out' };
  else if (type !== 'abort') this.gdconvFailure = this._describe(err);
  var req = this._finish();
  if (req) this._stop(req);
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this._setState(4);
  this._emit(type);
  this._emit('loadend');
};

// A failure found while starting (a URL or header the runtime refuses) is reported later, as XHR does.
GdConvXHR.prototype._failSoon = function (current, err) {
  var xhr = this;
  setTimeout(function () {
    if (current()) xhr._fail('error', err);
  }, 0);
};

GdConvXHR.prototype.abort = function () {
  // Synchronous, as in browsers: Fetch.js and the C++ transport rely on nothing firing afterwards.
  if (this._req) this._fail('abort');
  if (this.readyState === 4) this.readyState = 0; // no event, per the XHR spec
};

GdConvXHR.prototype.send = function (body) {
  if (this.readyState !== 1 || this._sent) throw new Error('XMLHttpRequest adapter: send() needs open()');
  this._sent = true;
  var staged = gdconvTransport.stagedBody;
  gdconvTransport.stagedBody = null;
  var xhr = this;
  var generation = xhr._generation;
  var current = function () {
    return xhr._generation === generation;
  };
  // What goes on the wire: nothing, a staged body's parts, or bytes JS handed over (strings are UTF-8).
  var source = null;
  if (xhr._method !== 'GET' && xhr._method !== 'HEAD') {
    if (body == null && staged) source = gdconvBodyParts(staged.ptr, staged.size);
    else if (body != null) {
      var bytes = gdconvBytesOf(body);
      source = { size: bytes.length, parts: [{ bytes: bytes, size: bytes.length }] };
    }
  }
  if (xhr.timeout > 0) {
    xhr._timer = setTimeout(function () {
      if (current()) xhr._fail('timeout');
    }, xhr.timeout);
  }
  xhr._request(xhr._method, xhr._url, source, current);
};

// Error codes of a failed TLS handshake, in Node (its own transport and its fetch()): OpenSSL's certificate
// verification results, whose X509_V_ERR_* names Node gives as the code (DEPTH_ZERO_SELF_SIGNED_CERT,
// SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE, UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
// CERT_HAS_EXPIRED, CERT_NOT_YET_VALID, HOSTNAME_MISMATCH, INVALID_CA, …: Node's tls docs, "X509 certificate
// error codes"), Node's ERR_TLS_* (ERR_TLS_CERT_ALTNAME_INVALID: a certificate for another host name) and
// ERR_SSL_* (OpenSSL's errors: no common protocol or cipher, an https:// URL of a plain-HTTP server).
var GDCONV_TLS_CODE =
  /^(?:ERR_TLS_|ERR_SSL_)|^[A-Z_]*(?:CERT|SIGNATURE|ISSUER|INVALID_CA|PATH_LENGTH|INVALID_PURPOSE|HOSTNAME_MISMATCH|_CRL)[A-Z_]*$/;

/**
 * Whether an error code says that the TLS handshake failed: xhr.gdconvFailure's kind 3, `tls_error`, which
 * is not retried (src/core/http.h, TransportFailure::kTls).
 * @param {*} code
 */
function gdconvIsTlsFailure(code) {
  return typeof code === 'string' && GDCONV_TLS_CODE.test(code);
}

/** @param {*} body anything XHR accepts that Fetch.js could pass: a typed array, an ArrayBuffer, text */
function gdconvBytesOf(body) {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new TextEncoder().encode(String(body));
}
