// SPDX-License-Identifier: MIT
// Web glue only: a staged request body (body-contract.pre.js) goes to a browser's own XHR, or to fetch()
// (fetch-xhr.pre.js), as one Blob of its parts: the heap bytes around the payload (a few hundred bytes of
// envelope; the Blob constructor copies them at once, so the heap may grow afterwards) and the payload
// itself, a Uint8Array or, for a Blob/File input, that Blob, which the runtime then streams from disk: a
// 50 MB File is not read into memory at all. A retry stages the body again and gets a new Blob of the same
// parts. (A Uint8Array payload is copied once, by the Blob constructor: fetch() and XHR copy any
// BufferSource body anyway, and a Blob is a copy that nothing makes again.)
//
// Large bodies go to a browser's XHR as a Blob anyway. Chromium moves an ArrayBuffer body over to its
// network service before it even opens the connection, and upload progress sees none of that: measured
// here, a 50 MB body took 4-4.6 s from send() to load (0.7-1 s of it blocking the page inside send()) with
// one progress event at the very end, against 0.1 s to make the Blob and 0.35-0.4 s to upload it with
// events every 100 ms all the way. A body under 1 MiB with nothing adopted is sent as a copy of its bytes.
//
// Whether bodies go this way (gdconvTransport.blobBodies) is decided in glue-xhr.pre.js.

var GDCONV_BLOB_BODY_MIN = 1 << 20;

/** Makes `xhr.send()` with no body send the staged body as one Blob (glue-xhr.pre.js calls it). */
function gdconvSendStagedAsBlob(xhr) {
  var send = xhr.send;
  xhr.send = function (body) {
    var staged = gdconvTransport.stagedBody;
    gdconvTransport.stagedBody = null;
    if (staged && body == null) body = gdconvBlobOf(gdconvBodyParts(staged.ptr, staged.size));
    return send.call(xhr, body);
  };
}

/**
 * A body's parts (gdconvBodyParts) as what XHR and fetch() send: one Blob, or a copy of a small heap-only body.
 * @param {{ size: number, parts: Array<{ ptr?: number, bytes?: (Uint8Array|Blob), size: number }> }} source
 * @returns {Blob | Uint8Array}
 */
function gdconvBlobOf(source) {
  var parts = source.parts;
  var only = parts.length === 1 ? parts[0] : null;
  if (only && !only.bytes && source.size < GDCONV_BLOB_BODY_MIN) return HEAPU8.slice(only.ptr, only.ptr + only.size);
  return new Blob(
    parts.map(function (part) {
      var bytes = part.bytes;
      if (!bytes) return HEAPU8.subarray(part.ptr, part.ptr + part.size); // copied by the Blob constructor
      // The caller's array or Blob as it is now: it must not change while the call runs (bindings/RAW_API.md).
      // The adapter, or Fetch.js, turns the throw into a network error.
      if ((bytes instanceof Blob ? bytes.size : bytes.length) !== part.size)
        throw new Error('the bytes being uploaded changed size');
      return bytes;
    }),
  );
}
