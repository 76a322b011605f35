// SPDX-License-Identifier: MIT
// Node glue only: the bodies of GdConvNodeXHR (node-xhr.pre.js), kept out of copies as the body contract asks
// (body-contract.pre.js):
//   - a request body's heap ranges go to the socket a bounded chunk at a time, and its adopted payload as
//     views of the caller's own array (browsers send the same parts as one Blob: blob-bodies.pre.js; Node
//     reads a Blob input into an array first: bindings/js/inputs.js);
//   - a response body is written straight into a heap block malloc'ed from its Content-Length
//     (xhr.gdconvHeapBody), which the transport takes over, instead of into a JS buffer that Fetch.js would
//     copy into the heap again;
//   - a file's bytes (xhr.gdconvFileBody) go into a JS array that the caller gets as it is, and never enter
//     the heap.

// Heap bytes are copied into the socket this many at a time: a view of the heap must not outlive the
// call that made it (the heap's ArrayBuffer is replaced when memory grows), and a bounded copy keeps
// a large upload from doubling the process's memory.
var GDCONV_BODY_CHUNK = 1 << 20;

/** @param {*} body anything XHR accepts that Fetch.js could pass: a typed array, an ArrayBuffer, text */
function gdconvBytesOf(body) {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return Buffer.from(String(body), 'utf8');
}

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

GdConvNodeXHR.prototype._receive = function(res, req, url, current) {
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

// Frees what a finished request left in the heap and nobody took (the body contract's xhr.gdconvRelease).
GdConvNodeXHR.prototype.gdconvRelease = function() {
  var block = this.gdconvHeapBody;
  var file = this.gdconvFileBody;
  this.gdconvHeapBody = null;
  this.gdconvFileBody = null;
  if (block) _free(block.ptr);
  if (file && file.place) _free(file.place);
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
