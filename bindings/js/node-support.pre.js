// SPDX-License-Identifier: MIT
// Pre-js of the Node build (dist/gdconv.cjs). It runs inside the MODULARIZE factory, so the two `var`s at
// the bottom shadow the globals for the glue only: nothing is installed on globalThis.
//
// 1. emscripten_fetch is built on XMLHttpRequest, which Node lacks: GdConvHttpXHR is the part of
//    XMLHttpRequest that Fetch.js uses, over node:http and node:https. Unlike the xhr2 and
//    xmlhttprequest-ssl packages it honours `timeout` as total time, as browsers do
//    (shared/reference/emscripten-3.1.6.md §2). It is not over Node's fetch(): undici costs more per call
//    and copies request bodies, and its body streams add a promise per chunk (bench/README.md).
// 2. Bodies skip Fetch.js's copies (the transport, src/transport/fetch_transport.cpp, asks for this):
//    - a request body is staged (gdconvStageBody, in progress.pre.js, shared with browsers) instead of
//      passed to emscripten_fetch, which would copy it out of the heap with HEAPU8.slice; send() streams
//      it from the heap, a bounded chunk at a time;
//    - an upload's file bytes never enter the heap at all: bindings/embind.cpp leaves their place in the
//      multipart body unfilled and registers the caller's array for it (gdconvPayloads, progress.pre.js),
//      and send() writes that array in its place (browsers send the same parts as one Blob; a Blob input
//      is adopted only there, Node reads it into an array first: bindings/js/inputs.js);
//    - a response body is written straight into a heap block malloc'ed from its Content-Length
//      (xhr.gdconvHeapBody), which the transport takes over, instead of into a JS buffer that Fetch.js
//      would copy into the heap again;
//    - a file's bytes (a 2xx application/octet-stream answer to a request that accepts it: downloads)
//      never enter the heap: they go into a JS array (xhr.gdconvFileBody) that the caller gets as it is;
//      C++ only passes them through, and gets an unfilled placeholder of their size (gdconvFiles).
// 3. The 3.1.6 glue loads the .wasm with fetch() whenever fetch exists, which fails on a file path in
//    Node 18+ (fixed upstream in 3.1.13, emscripten PR #16917). Hiding `fetch` from the glue makes it
//    read the file with fs, still through locateFile.
//
// Not closure-safe (closure rejects the shadowing `var`s); the build does not use --closure.

// Heap bytes are copied into the socket this many at a time: a view of the heap must not outlive the
// call that made it (the heap's ArrayBuffer is replaced when memory grows), and a bounded copy keeps
// a large upload from doubling the process's memory.
var GDCONV_BODY_CHUNK = 1 << 20;
var GDCONV_MAX_REDIRECTS = 20;

// Downloaded files that stay in JS: heap address of the placeholder C++ holds → the bytes
// (src/transport/fetch_transport.cpp adds entries, and deletes them when C++ lets go of the placeholder;
// bindings/embind.cpp hands the bytes out in place of copying the placeholder).
var gdconvFiles = new Map();

var gdconvNodeHttp = null;
var gdconvNodeHttps = null;

/** @constructor */
function GdConvHttpXHR() {
  this.readyState = 0;  // UNSENT
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this.responseType = '';
  this.responseURL = '';
  this.timeout = 0;
  this.withCredentials = false;
  // Upload progress, as browsers report it: `progress` events on xhr.upload as the body is handed to the
  // socket (bindings/js/progress.pre.js listens to them).
  this.upload = new GdConvHttpXHRUpload();
  // Set on success when the body went straight into the heap: { ptr, size }, malloc'ed. Whoever takes it
  // owns it; an untaken block is freed when the request fails, is aborted or re-opened.
  this.gdconvHeapBody = null;
  // Set on success when the body is a file kept in JS: { bytes, place }, `place` its unfilled heap
  // placeholder (malloc'ed, or 0). The transport takes it; gdconvRelease frees an untaken placeholder.
  this.gdconvFileBody = null;
  this._file = null;     // the file's array being filled
  this._place = 0;       // and its placeholder, allocated as the headers arrive (off the critical path)
  this._method = 'GET';
  this._url = '';
  this._headers = {};
  this._req = null;
  this._res = null;
  this._timer = null;
  this._sent = false;
  this._generation = 0;  // bumped by every end of a request: late events of an old one are dropped
  this._heap = null;     // the heap block being filled: { ptr, size }
  this._listeners = {};
}

/** @constructor */
function GdConvHttpXHRUpload() {
  this.onprogress = null;
  this._listeners = {};
}

GdConvHttpXHR.UNSENT = 0;
GdConvHttpXHR.OPENED = 1;
GdConvHttpXHR.HEADERS_RECEIVED = 2;
GdConvHttpXHR.LOADING = 3;
GdConvHttpXHR.DONE = 4;

GdConvHttpXHR.prototype.open = function(method, url, async) {
  if (async === false) throw new Error('GdConvHttpXHR: synchronous requests are not supported');
  this._finish();  // re-open aborts a previous request silently, as XHR does
  this.gdconvRelease();
  this._method = String(method).toUpperCase();
  this._url = String(url);
  this._headers = {};
  this._res = null;
  this._sent = false;
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this.responseURL = '';
  this._gdconvFailure = null;
  this._setState(1);
};

GdConvHttpXHR.prototype.setRequestHeader = function(name, value) {
  if (this.readyState !== 1 || this._sent) throw new Error('GdConvHttpXHR: setRequestHeader before send() only');
  var key = String(name).toLowerCase();
  // XHR combines repeated headers into one, comma-separated.
  this._headers[key] = key in this._headers ? this._headers[key] + ', ' + value : String(value);
};

GdConvHttpXHR.prototype.overrideMimeType = function() {};

GdConvHttpXHR.prototype.getAllResponseHeaders = function() {
  if (!this._res || this.readyState < 2) return '';
  var raw = this._res.rawHeaders;
  var out = '';
  for (var i = 0; i + 1 < raw.length; i += 2) out += raw[i].toLowerCase() + ': ' + raw[i + 1] + '\r\n';
  return out;
};

GdConvHttpXHR.prototype.getResponseHeader = function(name) {
  if (!this._res || this.readyState < 2) return null;
  var value = this._res.headers[String(name).toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
};

GdConvHttpXHR.prototype.addEventListener = function(type, fn) {
  (this._listeners[type] = this._listeners[type] || []).push(fn);
};

GdConvHttpXHR.prototype.removeEventListener = function(type, fn) {
  var list = this._listeners[type];
  if (list) this._listeners[type] = list.filter(function(f) { return f !== fn; });
};

GdConvHttpXHR.prototype._emit = function(type, loaded, total) {
  var handler = this['on' + type];
  var list = this._listeners[type];
  if (typeof handler !== 'function' && !list) return;
  var event = { type: type, target: this, loaded: loaded || 0, total: total || 0, lengthComputable: total > 0 };
  if (typeof handler === 'function') handler.call(this, event);
  if (list) list.slice().forEach(function(f) { f.call(this, event); }, this);
};

GdConvHttpXHRUpload.prototype.addEventListener = GdConvHttpXHR.prototype.addEventListener;
GdConvHttpXHRUpload.prototype.removeEventListener = GdConvHttpXHR.prototype.removeEventListener;
GdConvHttpXHRUpload.prototype._emit = GdConvHttpXHR.prototype._emit;

GdConvHttpXHR.prototype._setState = function(state) {
  this.readyState = state;
  this._emit('readystatechange');
};

// Frees what a finished request left in the heap and nobody took (the transport calls it too).
GdConvHttpXHR.prototype.gdconvRelease = function() {
  var block = this.gdconvHeapBody;
  var file = this.gdconvFileBody;
  this.gdconvHeapBody = null;
  this.gdconvFileBody = null;
  if (block) _free(block.ptr);
  if (file && file.place) _free(file.place);
};

// Ends the current request: no later event of it may touch this object again.
GdConvHttpXHR.prototype._finish = function() {
  this._generation++;
  if (this._timer) clearTimeout(this._timer);
  this._timer = null;
  var req = this._req;
  this._req = null;
  if (this._heap) {
    _free(this._heap.ptr);
    this._heap = null;
  }
  this._file = null;
  if (this._place) {
    _free(this._place);
    this._place = 0;
  }
  return req;
};

// Codes of failures that happen before any byte of the request is written: the server cannot have seen
// it, so the core may send even a non-idempotent request again (src/core/policy.h, the POST rule).
var GDCONV_CONNECT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
                            'EADDRNOTAVAIL', 'ERR_INVALID_URL'];

// Why a request got no response, read by the C++ transport (gdconv_fetch_failure in
// src/transport/fetch_transport.cpp): kind 0 = network (may have reached the server), 1 = never sent
// (the connection was not made), 2 = timeout; and a short text for the error message: the error's code
// and Node's description, which name an address at most, never a path, header or body, so no token or
// secret can be in them.
function gdconvDescribeFailure(type, err) {
  if (type === 'timeout') return { kind: 2, text: 'timed out' };
  var code = String((err && (err.code || err.name)) || 'error');
  var neverSent = (err && (err.syscall === 'connect' || err.syscall === 'getaddrinfo')) ||
                  GDCONV_CONNECT_CODES.indexOf(code) >= 0;
  var detail = err && typeof err.message === 'string' ? err.message : '';
  var text = detail && detail !== code ? code + ': ' + detail : code;
  return { kind: neverSent ? 1 : 0, text: text.slice(0, 120) };
}

// The XHR "request error steps": DONE, status 0, then the event (error | timeout | abort) and loadend.
// `err` (a Node error, or a description) says why, for gdconvDescribeFailure.
GdConvHttpXHR.prototype._fail = function(type, err) {
  if (type !== 'abort') this._gdconvFailure = gdconvDescribeFailure(type, err);
  var req = this._finish();
  if (req) req.destroy();
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this._setState(4);
  this._emit(type);
  this._emit('loadend');
};

// A failure found while starting (a URL or header node:http refuses) is reported later, as XHR does.
GdConvHttpXHR.prototype._failSoon = function(current, err) {
  var xhr = this;
  setTimeout(function() { if (current()) xhr._fail('error', err); }, 0);
};

GdConvHttpXHR.prototype.abort = function() {
  // Synchronous, as in browsers: Fetch.js and the C++ transport rely on nothing firing afterwards.
  if (this._req) this._fail('abort');
  if (this.readyState === 4) this.readyState = 0;  // no event, per the XHR spec
};

GdConvHttpXHR.prototype.send = function(body) {
  if (this.readyState !== 1 || this._sent) throw new Error('GdConvHttpXHR: send() needs open()');
  this._sent = true;
  var staged = gdconvStagedBody;
  gdconvStagedBody = null;
  var xhr = this;
  var generation = xhr._generation;
  var current = function() { return xhr._generation === generation; };
  // What goes on the wire: nothing, a staged range of the heap, or bytes JS handed over (strings are UTF-8).
  var source = null;
  if (xhr._method !== 'GET' && xhr._method !== 'HEAD') {
    if (body == null && staged) source = gdconvBodyParts(staged.ptr, staged.size);
    else if (body != null) {
      var bytes = gdconvBytesOf(body);
      source = { size: bytes.length, parts: [{ bytes: bytes, size: bytes.length }] };
    }
  }
  if (xhr.timeout > 0) {
    // Total time, like browsers: a server trickling bytes cannot hold the request open forever.
    xhr._timer = setTimeout(function() { if (current()) xhr._fail('timeout'); }, xhr.timeout);
  }
  xhr._request(xhr._method, xhr._url, source, GDCONV_MAX_REDIRECTS, current);
};

/** @param {*} body anything XHR accepts that Fetch.js could pass: a typed array, an ArrayBuffer, text */
function gdconvBytesOf(body) {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return Buffer.from(String(body), 'utf8');
}

GdConvHttpXHR.prototype._request = function(method, url, source, redirectsLeft, current) {
  var xhr = this;
  var target;
  try {
    target = new URL(url);
  } catch (e) {
    return xhr._failSoon(current, e);
  }
  var secure = target.protocol === 'https:';
  var unsupported = { code: 'ERR_INVALID_URL', message: 'only http and https are supported' };
  if (!secure && target.protocol !== 'http:') return xhr._failSoon(current, unsupported);
  var lib = secure ? (gdconvNodeHttps = gdconvNodeHttps || require('https'))
                   : (gdconvNodeHttp = gdconvNodeHttp || require('http'));
  var size = source ? source.size : 0;
  var headers = Object.assign({}, xhr._headers);
  // Always a length, never chunked encoding: some servers refuse chunked uploads.
  if (source || method === 'POST' || method === 'PUT' || method === 'PATCH') headers['content-length'] = String(size);
  var req;
  try {
    // The global agents: keep-alive in Node 20, and whatever the application configured on them.
    req = lib.request(target, { method: method, headers: headers });
  } catch (e) {
    return xhr._failSoon(current, { code: e && e.code, message: 'the request could not be made' });
  }
  xhr._req = req;
  req.on('error', function(err) { if (current()) xhr._fail('error', err); });
  req.on('response', function(res) {
    if (!current()) return res.resume();
    var status = res.statusCode;
    var location = res.headers.location;
    if (location && redirectsLeft > 0 && (status === 301 || status === 302 || status === 303 || status === 307 || status === 308)) {
      res.resume();
      var next;
      try {
        next = new URL(location, target);
      } catch (e) {
        return xhr._fail('error');  // inside an event already: no need to defer
      }
      // As fetch() does: 303, and 301/302 after a POST, turn into a GET without a body; a redirect to
      // another origin drops the credentials.
      var toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
      if (toGet) {
        method = 'GET';
        source = null;
        delete xhr._headers['content-type'];
      }
      if (next.origin !== target.origin) delete xhr._headers.authorization;
      return xhr._request(method, next.href, source, redirectsLeft - 1, current);
    }
    xhr._receive(res, req, target.href, current);
  });
  gdconvWriteBody(req, source, current, xhr.upload, function(err) { if (current()) xhr._fail('error', err); });
};

// Writes the body: heap ranges in bounded copies with back-pressure; an adopted payload as views of the
// caller's array (no copy, so no back-pressure is needed: the socket queues references). Each chunk's write
// callback (the chunk went to the socket) is an upload `progress` event.
function gdconvWriteBody(req, source, current, upload, fail) {
  var size = source ? source.size : 0;
  if (size === 0) return req.end();
  var sent = function(loaded) {
    if (current()) upload._emit('progress', loaded, size);
  };
  var parts = source.parts;
  var only = parts.length === 1 ? parts[0] : null;
  if (only && !only.bytes && only.size <= GDCONV_BODY_CHUNK) {
    return req.end(Buffer.from(HEAPU8.subarray(only.ptr, only.ptr + only.size)), function() { sent(size); });
  }
  var index = 0;
  var offset = 0;
  var written = 0;
  function pump() {
    while (current()) {
      if (index >= parts.length) return req.end();
      var part = parts[index];
      var n = Math.min(GDCONV_BODY_CHUNK, part.size - offset);
      var chunk;
      if (part.bytes) {
        // The caller's array as it is now: it must not change while the call runs (bindings/RAW_API.md).
        if (part.bytes.length !== part.size) {
          return fail({ code: 'ERR_BODY_CHANGED', message: 'the bytes being uploaded changed size' });
        }
        chunk = part.bytes.subarray(offset, offset + n);
      } else {
        // Buffer.from copies: the chunk may wait in the socket's queue while the heap grows.
        chunk = Buffer.from(HEAPU8.subarray(part.ptr + offset, part.ptr + offset + n));
      }
      offset += n;
      if (offset >= part.size) {
        index++;
        offset = 0;
      }
      written += n;
      if (!req.write(chunk, sent.bind(null, written)) && !part.bytes) return req.once('drain', pump);
    }
  }
  pump();
}

GdConvHttpXHR.prototype._receive = function(res, req, url, current) {
  var xhr = this;
  xhr._res = res;
  xhr.status = res.statusCode;
  xhr.statusText = res.statusMessage || '';
  xhr.responseURL = url;
  xhr._setState(2);
  // Content-Length known: a file's bytes into a JS array of that size, anything else straight into a
  // heap block of that size. Otherwise (or if the server sends more than it declared), JS chunks, copied
  // into one buffer at the end.
  var declared = Number(res.headers['content-length']);
  var total = Number.isSafeInteger(declared) && declared > 0 ? declared : 0;
  var type = String(res.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  var isFile = total > 0 && xhr.responseType === 'arraybuffer' && xhr.status >= 200 && xhr.status < 300 &&
               type === 'application/octet-stream' &&
               String(xhr._headers.accept || '').indexOf('application/octet-stream') >= 0;
  if (isFile) {
    xhr._file = new Uint8Array(total);
    // The placeholder now rather than when the body is taken: growing the heap for it takes a few ms,
    // hidden here behind the wait for the body's bytes.
    xhr._place = _malloc(total);
    if (xhr._place) HEAPU8[xhr._place] = 0;
  } else if (total > 0 && xhr.responseType === 'arraybuffer') {
    var ptr = _malloc(total);
    if (ptr) xhr._heap = { ptr: ptr, size: total };
  }
  var chunks = null;
  var loaded = 0;
  res.on('data', function(chunk) {
    if (!current()) return;
    var heap = xhr._heap;
    var file = xhr._file;
    if (file && loaded + chunk.length <= file.length) {
      file.set(chunk, loaded);
    } else if (heap && loaded + chunk.length <= heap.size) {
      HEAPU8.set(chunk, heap.ptr + loaded);
    } else {
      if (file) {
        chunks = [file.subarray(0, loaded)];
        xhr._file = null;
        if (xhr._place) _free(xhr._place);
        xhr._place = 0;
      }
      if (heap) {
        chunks = [HEAPU8.slice(heap.ptr, heap.ptr + loaded)];
        _free(heap.ptr);
        xhr._heap = null;
      }
      (chunks = chunks || []).push(chunk);
    }
    loaded += chunk.length;
    if (xhr.readyState !== 3) xhr._setState(3);
    xhr._emit('progress', loaded, total);
  });
  var cutShort = { code: 'ECONNRESET', message: 'the connection closed before the whole response arrived' };
  var cut = function(err) { if (current()) xhr._fail('error', err && err.code ? err : cutShort); };
  res.on('aborted', cut);
  res.on('error', cut);
  res.on('close', function() { if (!res.complete) cut(); });
  res.on('end', function() {
    if (!current()) return;
    if (!res.complete) return xhr._fail('error', cutShort);  // ended before the declared length
    var heap = xhr._heap;
    if (xhr._file && loaded === xhr._file.length) {
      xhr.gdconvFileBody = { bytes: xhr._file, place: xhr._place };
      xhr._file = null;
      xhr._place = 0;
      xhr.response = null;
    } else if (heap && loaded === heap.size) {
      xhr._heap = null;
      xhr.gdconvHeapBody = heap;
      xhr.response = null;
    } else {
      var bytes = heap ? HEAPU8.slice(heap.ptr, heap.ptr + loaded) : gdconvConcat(chunks, loaded);
      if (xhr.responseType === 'arraybuffer') xhr.response = bytes.buffer;
      else {
        var text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        if (xhr.responseType !== 'json') xhr.response = text;
        else {
          try { xhr.response = JSON.parse(text); } catch (e) { xhr.response = null; }
        }
      }
    }
    // A server may answer before it has read the whole body (e.g. 413): that connection cannot be reused.
    if (!req.writableEnded) req.destroy();
    xhr._req = null;
    xhr._finish();  // frees a heap block still held (a short body went into JS instead)
    xhr._setState(4);
    xhr._emit('load', loaded, total);
    xhr._emit('loadend', loaded, total);
  });
};

function gdconvConcat(chunks, length) {
  var out = new Uint8Array(length);
  if (!chunks) return out;
  var offset = 0;
  for (var i = 0; i < chunks.length; i++) {
    out.set(chunks[i], offset);
    offset += chunks[i].length;
  }
  return out;
}

var GDCONV_IS_NODE = typeof process == 'object' && typeof process.versions == 'object' &&
                     typeof process.versions.node == 'string';
// eslint-disable-next-line no-var, no-unused-vars
var XMLHttpRequest = globalThis.XMLHttpRequest || (GDCONV_IS_NODE ? GdConvHttpXHR : undefined);
// eslint-disable-next-line no-var, no-unused-vars
var fetch = GDCONV_IS_NODE ? undefined : globalThis.fetch && globalThis.fetch.bind(globalThis);
