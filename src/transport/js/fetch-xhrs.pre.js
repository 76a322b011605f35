// SPDX-License-Identifier: MIT
// The XMLHttpRequest behind an emscripten_fetch id (emscripten_fetch_t.id, what C++ knows a request by).
// Fetch.js keeps its XHRs in Fetch.xhrs, whose shape is an internal that changed: an array indexed by id - 1
// in 3.1.6 (the Emscripten this project builds with, shared/reference/emscripten-3.1.6.md), a HandleAllocator
// (get/has/free, `allocated` indexed by id, freed ids reused) in later releases. These are the only functions
// that read it. The HandleAllocator branch follows upstream's Fetch.js (fetchXHR, fetchFree) and is not
// exercised by this project's build; with a shape neither branch knows they find no XHR, which costs upload
// progress and the early release of a response, never a request.

/** @param {number} id an emscripten_fetch id @returns {?XMLHttpRequest} */
function gdconvXhrOfFetch(id) {
  var xhrs = Fetch.xhrs;
  if (Array.isArray(xhrs)) return xhrs[id - 1] || null;
  if (xhrs && typeof xhrs.has == 'function') return xhrs.has(id) ? xhrs.get(id) : null;
  return null;
}

/** @param {XMLHttpRequest} xhr @returns {number} its emscripten_fetch id, 0 when Fetch.js has let go of it */
function gdconvFetchIdOf(xhr) {
  var xhrs = Fetch.xhrs;
  // From the end: normally the request is the latest one.
  if (Array.isArray(xhrs)) return xhrs.lastIndexOf(xhr) + 1;
  if (xhrs && Array.isArray(xhrs.allocated)) return Math.max(xhrs.allocated.lastIndexOf(xhr), 0);
  return 0;
}

/**
 * Drops Fetch.js's reference to a finished request's XHR (and so its copy of the response) while C++ still
 * holds the emscripten_fetch_t. 3.1.6 never reuses an id, and emscripten_fetch_close deletes the entry again,
 * harmlessly. A HandleAllocator would give the freed id to the next request, whose XHR the close of this one
 * would then abort: there the XHR stays until emscripten_fetch_close.
 * @param {number} id
 */
function gdconvForgetFetchXhr(id) {
  if (Array.isArray(Fetch.xhrs)) delete Fetch.xhrs[id - 1];
}
