// SPDX-License-Identifier: MIT
// Node glue only: the request bodies of GdConvNodeXHR (node-xhr.pre.js), kept out of copies as the body
// contract asks (body-contract.pre.js): a body's heap ranges go to the socket a bounded chunk at a time, and
// its adopted payload as views of the caller's own array (fetch() and browsers' XHR get the same parts as
// one Blob: blob-bodies.pre.js; Node reads a Blob input into an array first: bindings/js/inputs.js).
// Responses are xhr-response-body.pre.js, shared with the fetch() adapter.

// Heap bytes are copied into the socket this many at a time: a view of the heap must not outlive the
// call that made it (the heap's ArrayBuffer is replaced when memory grows), and a bounded copy keeps
// a large upload from doubling the process's memory.
var GDCONV_BODY_CHUNK = 1 << 20;

// Writes the body: heap ranges in bounded copies with back-pressure; an adopted payload as views of the
// caller's array (no copy, so no back-pressure is needed: the socket queues references). Each chunk's write
// callback (the chunk went to the socket) is an upload `progress` event.
function gdconvWriteBody(req, source, current, upload, fail) {
  var size = source ? source.size : 0;
  if (size === 0) return req.end();
  var sent = function (loaded) {
    if (current()) upload._emit('progress', loaded, size);
  };
  var parts = source.parts;
  var only = parts.length === 1 ? parts[0] : null;
  if (only && !only.bytes && only.size <= GDCONV_BODY_CHUNK) {
    return req.end(Buffer.from(HEAPU8.subarray(only.ptr, only.ptr + only.size)), function () {
      sent(size);
    });
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
