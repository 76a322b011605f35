// SPDX-License-Identifier: MIT
// Node glue only: GdConvNodeXHR, the XMLHttpRequest that emscripten_fetch needs and Node lacks, over
// node:http and node:https. The XHR itself is GdConvXHR (xhr-base.pre.js, xhr-response-body.pre.js); this
// file makes the requests, follows redirects and feeds the answer in; node-xhr-bodies.pre.js writes request
// bodies. Registered as gdconvTransport.adapter, so a host's own global XMLHttpRequest still wins
// (glue-xhr.pre.js).
//
// Unlike the xhr2 and xmlhttprequest-ssl packages it honours `timeout` as total time, as browsers do
// (shared/reference/emscripten-3.1.6.md §2). It is not over Node's fetch() (the web glue's fetch-xhr.pre.js,
// which Deno, Bun, workerd and Service Workers use): undici costs more per call and copies request bodies,
// and its body streams add a promise per chunk (bench/README.md).

var GDCONV_MAX_REDIRECTS = 20;

var gdconvNodeHttp = null;
var gdconvNodeHttps = null;

/** @constructor */
function GdConvNodeXHR() {
  GdConvXHR.call(this);
}
gdconvInheritXHR(GdConvNodeXHR);

// Codes of failures that happen before any byte of the request is written: the server cannot have seen
// it, so the core may send even a non-idempotent request again (src/core/policy.h, the POST rule).
var GDCONV_CONNECT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
                            'EADDRNOTAVAIL', 'ERR_INVALID_URL'];

// Why a request got no response: xhr.gdconvFailure of the body contract (body-contract.pre.js). The text is
// the error's code and Node's description, which name an address at most, never a path, header or body, so
// no token or secret can be in them.
GdConvNodeXHR.prototype._describe = function(err) {
  var code = String((err && (err.code || err.name)) || 'error');
  var neverSent = (err && (err.syscall === 'connect' || err.syscall === 'getaddrinfo')) ||
                  GDCONV_CONNECT_CODES.indexOf(code) >= 0;
  var detail = err && typeof err.message === 'string' ? err.message : '';
  var text = detail && detail !== code ? code + ': ' + detail : code;
  return { kind: neverSent ? 1 : 0, text: text.slice(0, 120) };
};

GdConvNodeXHR.prototype._stop = function(req) {
  req.destroy();
};

GdConvNodeXHR.prototype._request = function(method, url, source, current, redirectsLeft) {
  var xhr = this;
  if (redirectsLeft === undefined) redirectsLeft = GDCONV_MAX_REDIRECTS;
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
      return xhr._request(method, next.href, source, current, redirectsLeft - 1);
    }
    xhr._receive(res, req, target.href, current);
  });
  gdconvWriteBody(req, source, current, xhr.upload, function(err) { if (current()) xhr._fail('error', err); });
};

GdConvNodeXHR.prototype._receive = function(res, req, url, current) {
  var xhr = this;
  var raw = res.rawHeaders;
  var headers = [];
  for (var i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i].toLowerCase(), raw[i + 1]]);
  xhr._beginResponse({ status: res.statusCode, statusText: res.statusMessage, url: url, headers: headers,
                       length: Number(res.headers['content-length']) });
  res.on('data', function(chunk) { if (current()) xhr._takeChunk(chunk); });
  var cutShort = { code: 'ECONNRESET', message: 'the connection closed before the whole response arrived' };
  var cut = function(err) { if (current()) xhr._fail('error', err && err.code ? err : cutShort); };
  res.on('aborted', cut);
  res.on('error', cut);
  res.on('close', function() { if (!res.complete) cut(); });
  res.on('end', function() {
    if (!current()) return;
    if (!res.complete) return xhr._fail('error', cutShort);  // ended before the declared length
    // A server may answer before it has read the whole body (e.g. 413): that connection cannot be reused.
    if (!req.writableEnded) req.destroy();
    xhr._endResponse();
  });
};

if (GDCONV_IN_NODE) gdconvTransport.adapter = GdConvNodeXHR;
