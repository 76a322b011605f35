// SPDX-License-Identifier: MIT
// The response side of GdConvXHR (xhr-base.pre.js), kept out of copies as the body contract asks
// (body-contract.pre.js), for both adapters alike:
//   - a file's bytes (a 2xx application/octet-stream answer of known length to a request that accepts it: a
//     download) go into a JS array that the caller gets as it is, and never enter the heap
//     (xhr.gdconvFileBody);
//   - any other body of known length is written straight into a heap block malloc'ed for it
//     (xhr.gdconvHeapBody), which the transport takes over, instead of into a JS buffer that Fetch.js would
//     copy into the heap again;
//   - a body of unknown length (or longer or shorter than declared) is kept as JS chunks and copied into one
//     buffer at the end, as xhr.response.
// The adapter calls _beginResponse when the headers are in, _takeChunk for each piece of the body as it
// arrives (each is a download `progress` event) and _endResponse when the body is complete.

GdConvXHR.prototype._resetBody = function () {
  this._file = null; // the file's array being filled
  this._place = 0; // and its placeholder, allocated as the headers arrive (off the critical path)
  this._heap = null; // the heap block being filled: { ptr, size }
  this._chunks = null; // the body as JS chunks, once it fits neither
  this._loaded = 0;
  this._total = 0;
};

// Frees the blocks of a body being received (a request that ends before its body is complete).
GdConvXHR.prototype._dropBody = function () {
  this._dropBlocks();
  this._resetBody();
};

/**
 * The answer's status line and headers are in.
 * @param {{ status: number, statusText: string, url: string, headers: Array<Array<string>>, length: number }} answer
 *   `headers`: [name in lower case, value] pairs; `length`: the body's length in bytes as it will arrive,
 *   0 when unknown
 */
GdConvXHR.prototype._beginResponse = function (answer) {
  this.status = answer.status;
  this.statusText = answer.statusText || '';
  this.responseURL = answer.url;
  this._responseHeaders = answer.headers;
  this._setState(2);
  var total = Number.isSafeInteger(answer.length) && answer.length > 0 ? answer.length : 0;
  this._total = total;
  if (!total || this.responseType !== 'arraybuffer') return;
  var type = String(this.getResponseHeader('content-type') || '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  var isFile =
    this.status >= 200 &&
    this.status < 300 &&
    type === 'application/octet-stream' &&
    String(this._headers.accept || '').indexOf('application/octet-stream') >= 0;
  if (isFile) {
    this._file = new Uint8Array(total);
    // The placeholder now rather than when the body is taken: growing the heap for it takes a few ms,
    // hidden here behind the wait for the body's bytes.
    this._place = _malloc(total);
    if (this._place) HEAPU8[this._place] = 0;
  } else {
    var ptr = _malloc(total);
    if (ptr) this._heap = { ptr: ptr, size: total };
  }
};

/** @param {Uint8Array} chunk the next piece of the body, fresh memory (kept as it is when the body overflows) */
GdConvXHR.prototype._takeChunk = function (chunk) {
  var loaded = this._loaded;
  var heap = this._heap;
  var file = this._file;
  if (file && loaded + chunk.length <= file.length) {
    file.set(chunk, loaded);
  } else if (heap && loaded + chunk.length <= heap.size) {
    HEAPU8.set(chunk, heap.ptr + loaded);
  } else {
    // More than declared: what arrived so far, then chunks.
    if (file) this._chunks = [file.subarray(0, loaded)];
    if (heap) this._chunks = [HEAPU8.slice(heap.ptr, heap.ptr + loaded)];
    if (file || heap) this._dropBlocks();
    (this._chunks = this._chunks || []).push(chunk);
  }
  this._loaded = loaded + chunk.length;
  if (this.readyState !== 3) this._setState(3);
  this._emit('progress', this._loaded, this._total);
};

GdConvXHR.prototype._dropBlocks = function () {
  if (this._heap) _free(this._heap.ptr);
  if (this._place) _free(this._place);
  this._heap = null;
  this._file = null;
  this._place = 0;
};

// The body is complete: its bytes become the body contract's results or xhr.response; DONE, load, loadend.
GdConvXHR.prototype._endResponse = function () {
  var loaded = this._loaded;
  var total = this._total;
  var heap = this._heap;
  var file = this._file;
  if (file && loaded === file.length) {
    this.gdconvFileBody = { bytes: file, place: this._place };
    this._file = null;
    this._place = 0;
    this.response = null;
  } else if (heap && loaded === heap.size) {
    this._heap = null;
    this.gdconvHeapBody = heap;
    this.response = null;
  } else {
    // Shorter than declared (a decoded body can be) or of unknown length: one buffer.
    var bytes = file
      ? file.slice(0, loaded)
      : heap
        ? HEAPU8.slice(heap.ptr, heap.ptr + loaded)
        : gdconvConcat(this._chunks, loaded);
    if (this.responseType === 'arraybuffer') this.response = bytes.buffer;
    else {
      var text = new TextDecoder().decode(bytes);
      if (this.responseType !== 'json') this.response = text;
      else {
        try {
          this.response = JSON.parse(text);
        } catch (e) {
          this.response = null;
        }
      }
    }
  }
  this._req = null;
  this._finish(); // frees a block still held (the body went into JS instead)
  this._setState(4);
  this._emit('load', loaded, total);
  this._emit('loadend', loaded, total);
};

// Frees what a finished request left in the heap and nobody took (the body contract's xhr.gdconvRelease).
GdConvXHR.prototype.gdconvRelease = function () {
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
