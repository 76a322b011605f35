// SPDX-License-Identifier: MIT
// Pre-js of the Node build (dist/gdconv.cjs). It runs inside the MODULARIZE factory, so the two `var`s at
// the bottom shadow the globals for the glue only: nothing is installed on globalThis.
//
// 1. emscripten_fetch is built on XMLHttpRequest, which Node lacks: GdConvFetchXHR is the part of
//    XMLHttpRequest that Fetch.js uses, over Node's own fetch() (undici). Unlike the xhr2 and
//    xmlhttprequest-ssl packages it honours `timeout` as total time, as browsers do
//    (shared/reference/emscripten-3.1.6.md §2).
// 2. The 3.1.6 glue loads the .wasm with fetch() whenever fetch exists, which fails on a file path in
//    Node 18+ (fixed upstream in 3.1.13, emscripten PR #16917). Hiding `fetch` from the glue makes it
//    read the file with fs, still through locateFile.
//
// Not closure-safe (closure rejects the shadowing `var`s); the build does not use --closure.

/** @constructor */
function GdConvFetchXHR() {
  this.readyState = 0;  // UNSENT
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this.responseType = '';
  this.responseURL = '';
  this.timeout = 0;
  this.withCredentials = false;
  this.upload = {};  // present for feature checks; upload progress is not reported
  this._method = 'GET';
  this._url = '';
  this._headers = [];
  this._res = null;
  this._controller = null;
  this._timer = null;
  this._sent = false;
  this._listeners = {};
}

GdConvFetchXHR.UNSENT = 0;
GdConvFetchXHR.OPENED = 1;
GdConvFetchXHR.HEADERS_RECEIVED = 2;
GdConvFetchXHR.LOADING = 3;
GdConvFetchXHR.DONE = 4;

GdConvFetchXHR.prototype.open = function(method, url, async) {
  if (async === false) throw new Error('GdConvFetchXHR: synchronous requests are not supported');
  this._finish();  // re-open aborts a previous request silently, as XHR does
  this._method = String(method).toUpperCase();
  this._url = String(url);
  this._headers = [];
  this._res = null;
  this._sent = false;
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this.responseURL = '';
  this._setState(1);
};

GdConvFetchXHR.prototype.setRequestHeader = function(name, value) {
  if (this.readyState !== 1 || this._sent) throw new Error('GdConvFetchXHR: setRequestHeader before send() only');
  this._headers.push([String(name), String(value)]);
};

GdConvFetchXHR.prototype.overrideMimeType = function() {};

GdConvFetchXHR.prototype.getAllResponseHeaders = function() {
  if (!this._res || this.readyState < 2) return '';
  var out = '';
  this._res.headers.forEach(function(value, name) { out += name + ': ' + value + '\r\n'; });
  return out;
};

GdConvFetchXHR.prototype.getResponseHeader = function(name) {
  if (!this._res || this.readyState < 2) return null;
  return this._res.headers.get(name);
};

GdConvFetchXHR.prototype.addEventListener = function(type, fn) {
  (this._listeners[type] = this._listeners[type] || []).push(fn);
};

GdConvFetchXHR.prototype.removeEventListener = function(type, fn) {
  var list = this._listeners[type];
  if (list) this._listeners[type] = list.filter(function(f) { return f !== fn; });
};

GdConvFetchXHR.prototype._emit = function(type, loaded, total) {
  var event = { type: type, target: this, loaded: loaded || 0, total: total || 0, lengthComputable: total > 0 };
  var handler = this['on' + type];
  if (typeof handler === 'function') handler.call(this, event);
  var list = this._listeners[type];
  if (list) list.slice().forEach(function(f) { f.call(this, event); }, this);
};

GdConvFetchXHR.prototype._setState = function(state) {
  this.readyState = state;
  this._emit('readystatechange');
};

// Ends the current request: no later promise settlement may touch this object again.
GdConvFetchXHR.prototype._finish = function() {
  if (this._timer) clearTimeout(this._timer);
  this._timer = null;
  var controller = this._controller;
  this._controller = null;
  return controller;
};

// The XHR "request error steps": DONE, status 0, then the event (error | timeout | abort) and loadend.
GdConvFetchXHR.prototype._fail = function(type) {
  var controller = this._finish();
  if (controller) controller.abort();
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this._setState(4);
  this._emit(type);
  this._emit('loadend');
};

GdConvFetchXHR.prototype.abort = function() {
  // Synchronous, as in browsers: Fetch.js and the C++ transport rely on nothing firing afterwards.
  if (this._controller) this._fail('abort');
  if (this.readyState === 4) this.readyState = 0;  // no event, per the XHR spec
};

GdConvFetchXHR.prototype.send = function(body) {
  if (this.readyState !== 1 || this._sent) throw new Error('GdConvFetchXHR: send() needs open()');
  this._sent = true;
  var xhr = this;
  var controller = new AbortController();
  xhr._controller = controller;
  var current = function() { return xhr._controller === controller; };
  if (xhr.timeout > 0) {
    // Total time, like browsers: a server trickling bytes cannot hold the request open forever.
    xhr._timer = setTimeout(function() { if (current()) xhr._fail('timeout'); }, xhr.timeout);
  }
  var init = { method: xhr._method, headers: xhr._headers, signal: controller.signal, redirect: 'follow' };
  // Typed arrays, ArrayBuffers, Blobs and strings all go to undici as they are: binary-safe, no re-encoding.
  if (body != null && xhr._method !== 'GET' && xhr._method !== 'HEAD') init.body = body;

  globalThis.fetch(xhr._url, init).then(function(res) {
    if (!current()) return;
    xhr._res = res;
    xhr.status = res.status;
    xhr.statusText = res.statusText;
    xhr.responseURL = res.url;
    xhr._setState(2);
    // Preallocate from Content-Length; it counts encoded bytes, so a compressed body may not fit and
    // then falls back to chunks.
    var declared = Number(res.headers.get('content-length'));
    var total = Number.isSafeInteger(declared) && declared > 0 ? declared : 0;
    var buffer = new Uint8Array(total);
    var chunks = null;
    var loaded = 0;
    var reader = res.body ? res.body.getReader() : null;
    function pump() {
      if (!reader) return Promise.resolve();
      return reader.read().then(function(step) {
        if (!current()) { reader.cancel().catch(function() {}); return; }
        if (step.done) return;
        var chunk = step.value;
        if (!chunks && loaded + chunk.length <= buffer.length) {
          buffer.set(chunk, loaded);
        } else {
          if (!chunks) chunks = [buffer.subarray(0, loaded)];
          chunks.push(chunk);
        }
        loaded += chunk.length;
        if (xhr.readyState !== 3) xhr._setState(3);
        xhr._emit('progress', loaded, total);
        return pump();
      });
    }
    return pump().then(function() {
      if (!current()) return;
      var bytes;
      if (chunks) {
        bytes = new Uint8Array(loaded);
        var offset = 0;
        chunks.forEach(function(c) { bytes.set(c, offset); offset += c.length; });
      } else {
        bytes = loaded === buffer.length ? buffer : buffer.slice(0, loaded);
      }
      if (xhr.responseType === 'arraybuffer') xhr.response = bytes.buffer;
      else if (xhr.responseType === 'json') {
        try { xhr.response = JSON.parse(new TextDecoder().decode(bytes)); } catch (e) { xhr.response = null; }
      } else xhr.response = new TextDecoder().decode(bytes);
      xhr._finish();
      xhr._setState(4);
      xhr._emit('load', loaded, total);
      xhr._emit('loadend', loaded, total);
    });
  }).catch(function(err) {
    // Connection refused, reset, DNS, TLS, a body cut short: no HTTP response, so status 0.
    if (!current()) return;
    xhr._error = err;
    xhr._fail('error');
  });
};

var GDCONV_IS_NODE = typeof process == 'object' && typeof process.versions == 'object' &&
                     typeof process.versions.node == 'string';
// eslint-disable-next-line no-var, no-unused-vars
var XMLHttpRequest = globalThis.XMLHttpRequest || (GDCONV_IS_NODE ? GdConvFetchXHR : undefined);
// eslint-disable-next-line no-var, no-unused-vars
var fetch = GDCONV_IS_NODE ? undefined : globalThis.fetch && globalThis.fetch.bind(globalThis);
