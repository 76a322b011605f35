// SPDX-License-Identifier: MIT
// Upload progress for emscripten_fetch. Fetch.js never listens to xhr.upload, and an XHR reports upload
// progress only to listeners registered before send(). So when the transport
// (src/transport/fetch_transport.cpp) asks for a request's upload progress, it sets
// gdconvTransport.watchNextUpload right before emscripten_fetch, which constructs the XHR and sends it
// synchronously, and glue-xhr.pre.js gives the XHR constructed next an upload `progress` listener at once.
// Each event goes to the exported _gdconv_on_upload_progress(fetch id, loaded, total).
//
// Only requests that asked get a listener: in a browser an upload listener makes even a "simple" cross-origin
// request preflighted (XHR spec, "upload listener flag"); the ones that ask carry an Authorization header, so
// they are preflighted anyway.

/** @param {XMLHttpRequest} xhr a new XHR, not sent yet */
function gdconvWatchUpload(xhr) {
  if (!xhr.upload) return;
  var id = 0;
  xhr.upload.onprogress = function (e) {
    // Fetch.js registers the XHR just before send(): its id is looked up at the first event.
    if (!id) id = gdconvFetchIdOf(xhr);
    if (!id || gdconvXhrOfFetch(id) !== xhr) return; // released: the request is over
    _gdconv_on_upload_progress(id, e.loaded, e.lengthComputable ? e.total : 0);
  };
}
