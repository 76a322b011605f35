// SPDX-License-Identifier: MIT
// The zero-copy body contract between the transport (src/transport/fetch_transport.cpp) and the XHR under
// emscripten_fetch. Fetch.js copies a request body out of the heap (HEAPU8.slice) before send(), and a
// response from the XHR's buffer into a fresh heap block: a 100 MB upload or download would cost two more
// copies of itself (shared/reference/emscripten-3.1.6.md §2). So, wherever gdconvTransport.adopts:
//
// Request bodies
//   - The transport stages a body (gdconvTransport.stagedBody: { ptr, size } in the heap) instead of passing
//     it to emscripten_fetch; the XHR's send(), called with no body, takes it.
//   - An upload's payload never enters the heap, nor takes room in it: the multipart body holds only the
//     envelope (src/core/multipart.h, payload apart), and bindings/embind.cpp registers the caller's
//     Uint8Array (or, where gdconvTransport.blobBodies, Blob; where gdconvTransport.streamSources, a file
//     source: bindings/js/node-files.js) for the place between its prefix and suffix
//     (gdconvTransport.payloads). gdconvBodyParts below turns a staged body into what goes on the wire: heap
//     ranges and, inserted at their places, the payloads; so a file bigger than the heap can be sent (issue
//     13). The caller's bytes must not change while the call runs (bindings/RAW_API.md): a payload whose
//     size changed fails the request.
//   - Who sends the parts: the Node adapter itself (node-xhr-bodies.pre.js writes them to its socket), or, for
//     a browser's XHR and the fetch() adapter (fetch-xhr.pre.js), blob-bodies.pre.js, which makes them one Blob.
//
// Response bodies (this build's adapters only, xhr-response-body.pre.js; a browser's XHR gives its ArrayBuffer,
// which Fetch.js copies once)
//   - xhr.gdconvHeapBody: { ptr, size }, a malloc'ed heap block the adapter received the body straight into.
//     gdconv_fetch_take_body takes it over (it becomes the response's buffer) instead of copying.
//   - xhr.gdconvFileBody: { bytes, size, place }: a file's bytes (a 2xx application/octet-stream answer to
//     a request that accepts it: a download) kept in a JS array, or what the request's sink made of them (a
//     file written to disk, a Blob: xhr.gdconvSink), `size` their length, and `place`, a one-byte heap
//     block (or 0) that names them to C++ (Buffer::Elsewhere). C++ only passes a file through;
//     gdconv_fetch_take_body registers the value under the place (gdconvTransport.files) and
//     bindings/embind.cpp hands out the value itself. A browser's XHR gives a sink's file as a Blob
//     (glue-xhr.pre.js), which is taken the same way.
//   - xhr.gdconvRelease(): frees whichever of the two nobody took; the transport calls it when it is done
//     with the XHR, and the adapter when a request fails, is aborted or re-opened.
//   - xhr.gdconvFailure: { kind, text } when a request got no response: kind 0 network (it may have reached
//     the server), 1 never sent (no connection was made: even a POST may be sent again), 2 timeout, 3 TLS
//     (the handshake failed: a certificate refused; not retried); `text` a short description (under 256
//     bytes) naming no path, header or body. A browser's XHR cannot say: the transport then tells a timeout
//     by the time it took.

/**
 * A staged body as the parts that go on the wire: heap ranges { ptr, size } and, inserted at their places,
 * adopted payloads { bytes, size }; `size` is the whole.
 * @param {number} ptr @param {number} size
 * @returns {{ size: number, parts: Array<{ ptr?: number, bytes?: (Uint8Array|Blob|GdConvSource), size: number }> }}
 */
function gdconvBodyParts(ptr, size) {
  var parts = [];
  var at = ptr;
  var end = ptr + size;
  var total = size;
  if (gdconvTransport.payloads.size > 0) {
    gdconvTransport.payloads.forEach(function (payload, place) {
      if (place < at || place > end) return;
      if (place > at) parts.push({ ptr: at, size: place - at });
      parts.push(payload);
      total += payload.size;
      at = place;
    });
  }
  if (end > at) parts.push({ ptr: at, size: end - at });
  return { size: total, parts: parts };
}

/**
 * A payload that is read from somewhere when it is sent (a file: bindings/js/node-files.js), once per attempt.
 * @typedef {{ size: number, stream: function(): any }} GdConvSource
 */
