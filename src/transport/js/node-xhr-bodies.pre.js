// SPDX-License-Identifier: MIT
// Node glue only: the request bodies of GdConvNodeXHR (node-xhr.pre.js), kept out of copies as the body
// contract asks (body-contract.pre.js): a body's heap ranges go to the socket a bounded chunk at a time, its
// adopted payload as views of the caller's own array, or, for a file source (bindings/js/node-files.js), as
// the file is read, with back-pressure, so that a file of any size costs a few chunks of memory (issue 13).
// Each attempt reads the file again from its start: a retried upload re-opens it. (fetch() and browsers' XHR
// get the parts as one Blob: blob-bodies.pre.js; Node reads a Blob input into an array first:
// bindings/js/inputs.js.)
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
      if (part.bytes && !(part.bytes instanceof Uint8Array)) {
        index++;
        return gdconvWriteSource(
          req,
          part,
          current,
          function (n, end) {
            written += n;
            sent(written);
            if (end) pump();
          },
          fail,
        );
      }
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

// Writes a file source's bytes (part.bytes.stream(): a Node Readable of the file, opened now) to the socket,
// pausing the file while the socket is full. progress(n, end) after each chunk queued (end: the whole part is
// in), or fail(err) once: the file could not be read, or its size is not the one the upload declared.
function gdconvWriteSource(req, part, current, progress, fail) {
  var stream;
  try {
    stream = part.bytes.stream();
  } catch (e) {
    return fail(e);
  }
  var read = 0;
  var stop = function () {
    stream.destroy();
  };
  req.once('close', stop); // aborted, timed out, failed: the file is closed
  stream.on('error', function (err) {
    req.removeListener('close', stop);
    if (current()) fail(err);
  });
  stream.on('data', function (chunk) {
    if (!current()) return stop();
    read += chunk.length;
    if (read > part.size) {
      stop();
      return fail({ code: 'ERR_BODY_CHANGED', message: 'the file being uploaded changed size' });
    }
    var n = chunk.length;
    if (
      !req.write(chunk, function () {
        progress(n, false);
      })
    ) {
      stream.pause();
      req.once('drain', function () {
        stream.resume();
      });
    }
  });
  stream.on('end', function () {
    req.removeListener('close', stop);
    if (!current()) return;
    if (read !== part.size) return fail({ code: 'ERR_BODY_CHANGED', message: 'the file being uploaded changed size' });
    progress(0, true);
  });
}
