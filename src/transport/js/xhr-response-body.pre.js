// SPDX-License-Identifier: MIT
// The response side of GdConvXHR (xhr-base.pre.js), kept out of copies as the body contract asks
// (body-contract.pre.js), for both adapters alike:
//   - a file's bytes (a 2xx application/octet-stream answer of known length to a request that accepts it: a
//     download) go into a JS array that the caller gets as it is, and never enter the heap
//     (xhr.gdconvFileBody);
//   - any other body of known length is written straight into a heap block malloc'ed for it
//     (xhr.gdconvHeapBody), which the transport takes over, instead of into a JS buffer that Fetch.js would
//     copy into the heap again;
//   - a file's bytes for a request that has a sink (xhr.gdconvSink: the call asked for its files on disk or as a
//     Blob; bindings/js/sinks.js) go to the sink's writer chunk by chunk, with back-pressure, and never into an
//     array: xhr.gdconvFileBody then holds what the writer made of them (a saved file, a Blob);
//   - a body of unknown length (or longer or shorter than declared) is kept as JS chunks and copied into one
//     buffer at the end, as xhr.response.
// The adapter calls _beginResponse when the headers are in, _takeChunk for each piece of the body as it
// arrives (each is a download `progress` event) and _endResponse when the body is complete. _takeChunk returns
// false when the adapter must wait (a sink's writer is full) until _whenWritable calls back.

GdConvXHR.prototype._resetBody = function () {
  this._writer = null; // the sink's writer being filled (a file to disk, a Blob)
  this._drained = null; // what to call when that writer can take more
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
    // The file's bytes never enter the heap: C++ holds a one-byte key for them (Buffer::Elsewhere).
    this._place = _malloc(1);
    if (this.gdconvSink) this._writer = this._openWriter(this.gdconvSink, total);
    else this._file = new Uint8Array(total);
  } else {
    var ptr = _malloc(total);
    if (ptr) this._heap = { ptr: ptr, size: total };
  }
};

// The sink's writer for a file of `size` bytes (bindings/js/sinks.js: write(chunk) → false when full,
// onDrain(fn), finish() → a promise of the result, abort()).
GdConvXHR.prototype._openWriter = function (sink, size) {
  return sink.open({ url: this.responseURL || this._url, size: size });
};

/**
 * @param {Uint8Array} chunk the next piece of the body, fresh memory (kept as it is when the body overflows)
 * @returns {boolean} whether the adapter may go on reading now (else: when _whenWritable calls back)
 */
GdConvXHR.prototype._takeChunk = function (chunk) {
  var loaded = this._loaded;
  var heap = this._heap;
  var file = this._file;
  var writer = this._writer;
  var more = true;
  if (writer && loaded + chunk.length <= this._total) {
    more = writer.write(chunk) !== false;
  } else if (file && loaded + chunk.length <= file.length) {
    file.set(chunk, loaded);
  } else if (heap && loaded + chunk.length <= heap.size) {
    HEAPU8.set(chunk, heap.ptr + loaded);
  } else {
    // More than declared: what arrived so far, then chunks (a sink's writer cannot take more than declared).
    if (writer) {
      this._fail('error', { code: 'ERR_BODY_LENGTH', message: 'more bytes than declared' });
      return false;
    }
    if (file) this._chunks = [file.subarray(0, loaded)];
    if (heap) this._chunks = [HEAPU8.slice(heap.ptr, heap.ptr + loaded)];
    if (file || heap) this._dropBlocks();
    (this._chunks = this._chunks || []).push(chunk);
  }
  this._loaded = loaded + chunk.length;
  if (this.readyState !== 3) this._setState(3);
  this._emit('progress', this._loaded, this._total);
  return more;
};

/** Calls `fn` once the sink's writer can take more (at once when there is none). */
GdConvXHR.prototype._whenWritable = function (fn) {
  if (!this._writer) return fn();
  this._writer.onDrain(fn);
};

GdConvXHR.prototype._dropBlocks = function () {
  if (this._heap) _free(this._heap.ptr);
  if (this._place) _free(this._place);
  // A file half written is removed, never left behind (the writer writes to a temporary name).
  if (this._writer) this._writer.abort();
  this._heap = null;
  this._file = null;
  this._writer = null;
  this._place = 0;
};

// The body is complete: its bytes become the body contract's results or xhr.response; DONE, load, loadend.
GdConvXHR.prototype._endResponse = function () {
  var loaded = this._loaded;
  var total = this._total;
  var heap = this._heap;
  var file = this._file;
  var writer = this._writer;
  if (writer) return this._endWriter(writer, loaded);
  if (file && loaded === file.length) {
    this.gdconvFileBody = { bytes: file, size: loaded, place: this._place };
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
  this._done(loaded, total);
};

GdConvXHR.prototype._done = function (loaded, total) {
  this._req = null;
  this._finish(); // frees a block still held (the body went into JS instead)
  this._setState(4);
  this._emit('load', loaded, total);
  this._emit('loadend', loaded, total);
};

// The sink's file is complete once its writer has it in place (flushed, renamed): only then is the request done.
GdConvXHR.prototype._endWriter = function (writer, loaded) {
  var xhr = this;
  var generation = xhr._generation;
  if (loaded !== xhr._total) return xhr._fail('error', { code: 'ECONNRESET', message: 'fewer bytes than declared' });
  writer.finish().then(
    function (result) {
      if (xhr._generation !== generation) return; // aborted meanwhile: abort() removed it
      xhr._writer = null;
      xhr.gdconvFileBody = { bytes: result, size: loaded, place: xhr._place };
      xhr._place = 0;
      xhr.response = null;
      xhr._done(loaded, loaded);
    },
    function (err) {
      if (xhr._generation === generation) xhr._fail('error', err);
    },
  );
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
