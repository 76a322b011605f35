// SPDX-License-Identifier: MIT
// Node glue only: the XMLHttpRequest that emscripten_fetch needs and Node lacks, over node:http and
// node:https: the part of XHR that Fetch.js uses, plus the transport's body contract (body-contract.pre.js;
// its bodies are in node-xhr-bodies.pre.js). Registered as gdconvTransport.adapter, so a host's own global
// XMLHttpRequest still wins (glue-xhr.pre.js).
//
// Unlike the xhr2 and xmlhttprequest-ssl packages it honours `timeout` as total time, as browsers do
// (shared/reference/emscripten-3.1.6.md §2). It is not over Node's fetch(): undici costs more per call and
// copies request bodies, and its body streams add a promise per chunk (bench/README.md). A runtime without
// node:http but with fetch() (Deno, Bun, workerd, a Service Worker) would get its adapter as a sibling file
// that registers itself the same way.

var GDCONV_MAX_REDIRECTS = 20;

var gdconvNodeHttp = null;
var gdconvNodeHttps = null;

/** @constructor */
function GdConvNodeXHR() {
  this.readyState = 0;  // UNSENT
  this.status = 0;
  this.statusText = '';
  this.response = null;
  this.responseType = '';
  this.responseURL = '';
  this.timeout = 0;
  this.withCredentials = false;
  // Upload progress, as browsers report it: `progress` events on xhr.upload as the body is handed to the
  // socket (upload-progress.pre.js listens to them).
  this.upload = new GdConvNodeXHRUpload();
  // The body contract's results (body-contract.pre.js): set on success, taken by the transport.
  this.gdconvHeapBody = null;
  this.gdconvFileBody = null;
  this.gdconvFailure = null;
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
function GdConvNodeXHRUpload() {
  this.onprogress = null;
  this._listeners = {};
}

GdConvNodeXHR.UNSENT = 0;
GdConvNodeXHR.OPENED = 1;
GdConvNodeXHR.HEADERS_RECEIVED = 2;
GdConvNodeXHR.LOADING = 3;
GdConvNodeXHR.DONE = 4;

GdConvNodeXHR.prototype.open = function(method, url, async) {
  if (async === false) throw new Error('GdConvNodeXHR: synchronous requests are not supported');
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
  this.gdconvFailure = null;
  this._setState(1);
};

GdConvNodeXHR.prototype.setRequestHeader = function(name, value) {
  if (this.readyState !== 1 || this._sent) throw new Error('GdConvNodeXHR: setRequestHeader before send() only');
  var key = String(name).toLowerCase();
  // XHR combines repeated headers into one, comma-separated.
  this._headers[key] = key in this._headers ? this._headers[key] + ', ' + value : String(value);
};

GdConvNodeXHR.prototype.overrideMimeType = function() {};

GdConvNodeXHR.prototype.getAllResponseHeaders = function() {
  if (!this._res || this.readyState < 2) return '';
  var raw = this._res.rawHeaders;
  var out = '';
  for (var i = 0; i + 1 < raw.length; i += 2) out += raw[i].toLowerCase() + ': ' + raw[i + 1] + '\r\n';
  return out;
};

GdConvNodeXHR.prototype.getResponseHeader = function(name) {
  if (!this._res || this.readyState < 2) return null;
  var value = this._res.headers[String(name).toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
};

GdConvNodeXHR.prototype.addEventListener = function(type, fn) {
  (this._listeners[type] = this._listeners[type] || []).push(fn);
};

GdConvNodeXHR.prototype.removeEventListener = function(type, fn) {
  var list = this._listeners[type];
  if (list) this._listeners[type] = list.filter(function(f) { return f !== fn; });
};

GdConvNodeXHR.prototype._emit = function(type, loaded, total) {
  var handler = this['on' + type];
  var list = this._listeners[type];
  if (typeof handler !== 'function' && !list) return;
  var event = { type: type, target: this, loaded: loaded || 0, total: total || 0, lengthComputable: total > 0 };
  if (typeof handler === 'function') handler.call(this, event);
  if (list) list.slice().forEach(function(f) { f.call(this, event); }, this);
};

GdConvNodeXHRUpload.prototype.addEventListener = GdConvNodeXHR.prototype.addEventListener;
GdConvNodeXHRUpload.prototype.removeEventListener = GdConvNodeXHR.prototype.removeEventListener;
GdConvNodeXHRUpload.prototype._emit = GdConvNodeXHR.prototype._emit;

GdConvNodeXHR.prototype._setState = function(state) {
  this.readyState = state;
  this._emit('readystatechange');
};

// Ends the current request: no later event of it may touch this object again. Frees the response blocks
// being filled (node-xhr-bodies.pre.js), not the finished ones the transport may still take.
GdConvNodeXHR.prototype._finish = function() {
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

// Why a request got no response: xhr.gdconvFailure of the body contract (body-contract.pre.js). The text is
// the error's code and Node's description, which name an address at most, never a path, header or body, so
// no token or secret can be in them.
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
GdConvNodeXHR.prototype._fail = function(type, err) {
  if (type !== 'abort') this.gdconvFailure = gdconvDescribeFailure(type, err);
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
GdConvNodeXHR.prototype._failSoon = function(current, err) {
  var xhr = this;
  setTimeout(function() { if (current()) xhr._fail('error', err); }, 0);
};

GdConvNodeXHR.prototype.abort = function() {
  // Synchronous, as in browsers: Fetch.js and the C++ transport rely on nothing firing afterwards.
  if (this._req) this._fail('abort');
  if (this.readyState === 4) this.readyState = 0;  // no event, per the XHR spec
};

GdConvNodeXHR.prototype.send = function(body) {
  if (this.readyState !== 1 || this._sent) throw new Error('GdConvNodeXHR: send() needs open()');
  this._sent = true;
  var staged = gdconvTransport.stagedBody;
  gdconvTransport.stagedBody = null;
  var xhr = this;
  var generation = xhr._generation;
  var current = function() { return xhr._generation === generation; };
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
    // Total time, like browsers: a server trickling bytes cannot hold the request open forever.
    xhr._timer = setTimeout(function() { if (current()) xhr._fail('timeout'); }, xhr.timeout);
  }
  xhr._request(xhr._method, xhr._url, source, GDCONV_MAX_REDIRECTS, current);
};

GdConvNodeXHR.prototype._request = function(method, url, source, redirectsLeft, current) {
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

if (GDCONV_IN_NODE) gdconvTransport.adapter = GdConvNodeXHR;
