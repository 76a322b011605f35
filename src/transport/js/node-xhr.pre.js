// SPDX-License-Identifier: MIT
// Node glue only: GdConvNodeXHR, the XMLHttpRequest that emscripten_fetch needs and Node lacks, over
// node:http and node:https. The XHR itself is GdConvXHR (xhr-base.pre.js, xhr-response-body.pre.js); this
// file makes the requests, follows redirects and feeds the answer in; node-xhr-bodies.pre.js writes request
// bodies. Registered as gdconvTransport.adapter, so a host's own global XMLHttpRequest still wins
// (glue-xhr.pre.js).
//
// Unlike the xhr2 and xmlhttprequest-ssl packages it honours `timeout` as total time, as browsers do
// (shared/reference/emscripten-3.1.6.md §2). A client's proxy and trusted CAs come with each request as its
// route (xhr.gdconvRoute, glue-xhr.pre.js; made by bindings/js/node-network.js): the agent, and for a plain
// HTTP request through a proxy the proxy's address and the absolute URL, that node:http is given. Without one,
// requests go through Node's global agents as they always did. It is not over Node's fetch() (the web glue's fetch-xhr.pre.js,
// which Deno, Bun, workerd and Service Workers use): undici costs more per call and copies request bodies,
// and its body streams add a promise per chunk (bench/README.md).

var GDCONV_MAX_REDIRECTS = 20;

// node:http and node:https: handed in by the entry (bindings/js/index.node.mjs imports them), else required
// here. An entry bundled as an ES module (esbuild --platform=node --format=esm) has no working `require`.
var gdconvNodeHttp = Module['gdconvNodeHttp'] || null;
var gdconvNodeHttps = Module['gdconvNodeHttps'] || null;

/** @constructor */
function GdConvNodeXHR() {
  GdConvXHR.call(this);
  this._proxy = ''; // the proxy of the current request, by its origin (for failure texts), or ''
}
gdconvInheritXHR(GdConvNodeXHR);
// A client's route (its proxy and CAs) takes effect here (glue-xhr.pre.js tells the facade).
GdConvNodeXHR.gdconvTakesRoutes = true;
// A file source can be an upload's payload: it is read as it is sent (node-xhr-bodies.pre.js).
GdConvNodeXHR.gdconvTakesStreams = true;

// Codes of failures that happen before any byte of the request is written: the server cannot have seen
// it, so the core may send even a non-idempotent request again (src/core/policy.h, the POST rule).
// ERR_PROXY_TUNNEL: the proxy refused the CONNECT or could not reach the server (node-network.js).
var GDCONV_CONNECT_CODES = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'ERR_PROXY_TUNNEL',
];

// Why a request got no response: xhr.gdconvFailure of the body contract (body-contract.pre.js). The text is
// the error's code and Node's description, which name an address at most, never a path, header or body, so
// no token or secret can be in them; and the proxy the request went through, by its origin (a route's
// `proxy`, which carries no credentials). A failed TLS handshake is kind 3 (xhr-base.pre.js).
GdConvNodeXHR.prototype._describe = function (err) {
  var code = String((err && (err.code || err.name)) || 'error');
  var neverSent =
    (err && (err.syscall === 'connect' || err.syscall === 'getaddrinfo')) || GDCONV_CONNECT_CODES.indexOf(code) >= 0;
  var detail = err && typeof err.message === 'string' ? err.message : '';
  // OpenSSL's own errors come as EPROTO with OpenSSL's error line for a message ("write EPROTO
  // 80EC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…/ssl3_record.c:350:", an
  // https:// URL of a plain-HTTP server): a failed handshake, and its reason is what to say.
  var openssl = /SSL routines:[^:]*:([^:]+)/.exec(detail);
  if (openssl) detail = openssl[1];
  var text = (detail && detail !== code ? code + ': ' + detail : code).slice(0, 120);
  if (this._proxy) text += ' (through the proxy ' + this._proxy.slice(0, 100) + ')';
  return { kind: openssl || gdconvIsTlsFailure(code) ? 3 : neverSent ? 1 : 0, text: text };
};

GdConvNodeXHR.prototype._stop = function (req) {
  req.destroy();
};

GdConvNodeXHR.prototype._request = function (method, url, source, current, redirectsLeft) {
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
  var lib = secure
    ? (gdconvNodeHttps = gdconvNodeHttps || require('https'))
    : (gdconvNodeHttp = gdconvNodeHttp || require('http'));
  var size = source ? source.size : 0;
  var headers = Object.assign({}, xhr._headers);
  // Always a length, never chunked encoding: some servers refuse chunked uploads.
  if (source || method === 'POST' || method === 'PUT' || method === 'PATCH') headers['content-length'] = String(size);
  var options = { method: method, headers: headers };
  var req;
  try {
    // The client's route for this URL (a redirect may leave the proxy, NO_PROXY), or else the global agents:
    // keep-alive in Node 20, and whatever the application configured on them.
    var route = xhr.gdconvRoute ? xhr.gdconvRoute.requestOptions(target) : null;
    xhr._proxy = (route && route.proxy) || '';
    if (route) {
      Object.assign(options, route.options);
      options.headers = Object.assign(headers, route.headers);
    }
    req = lib.request(target, options);
  } catch (e) {
    return xhr._failSoon(current, { code: e && e.code, message: 'the request could not be made' });
  }
  xhr._req = req;
  req.on('error', function (err) {
    if (current()) xhr._fail('error', err);
  });
  req.on('response', function (res) {
    if (!current()) return res.resume();
    var status = res.statusCode;
    var location = res.headers.location;
    if (
      location &&
      redirectsLeft > 0 &&
      (status === 301 || status === 302 || status === 303 || status === 307 || status === 308)
    ) {
      res.resume();
      var next;
      try {
        next = new URL(location, target);
      } catch (e) {
        return xhr._fail('error'); // inside an event already: no need to defer
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
  gdconvWriteBody(req, source, current, xhr.upload, function (err) {
    if (current()) xhr._fail('error', err);
  });
};

GdConvNodeXHR.prototype._receive = function (res, req, url, current) {
  var xhr = this;
  var raw = res.rawHeaders;
  var headers = [];
  for (var i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i].toLowerCase(), raw[i + 1]]);
  xhr._beginResponse({
    status: res.statusCode,
    statusText: res.statusMessage,
    url: url,
    headers: headers,
    length: Number(res.headers['content-length']),
  });
  res.on('data', function (chunk) {
    if (!current() || xhr._takeChunk(chunk)) return;
    // A sink's writer is full (a file being written to disk): the socket waits, so memory stays bounded.
    res.pause();
    xhr._whenWritable(function () {
      if (current()) res.resume();
    });
  });
  var cutShort = { code: 'ECONNRESET', message: 'the connection closed before the whole response arrived' };
  var cut = function (err) {
    if (current()) xhr._fail('error', err && err.code ? err : cutShort);
  };
  res.on('aborted', cut);
  res.on('error', cut);
  res.on('close', function () {
    if (!res.complete) cut();
  });
  res.on('end', function () {
    if (!current()) return;
    if (!res.complete) return xhr._fail('error', cutShort); // ended before the declared length
    // A server may answer before it has read the whole body (e.g. 413): that connection cannot be reused.
    if (!req.writableEnded) req.destroy();
    xhr._endResponse();
  });
};

if (GDCONV_IN_NODE) gdconvTransport.adapter = GdConvNodeXHR;
