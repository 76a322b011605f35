// SPDX-License-Identifier: MIT
// A module worker that uses the package the way an application's worker would: it imports the web entry
// (workers have no import maps, so by URL), converts a document it fetches, and posts the result back.
// Used by tests/browser/worker.test.js; served at /test-assets/.

import { ConversionClient } from '/dist/index.web.mjs';

self.onmessage = async ({ data: { documentUrl, fileName, format, tokenUrl } }) => {
  const events = [];
  let client;
  try {
    const bytes = new Uint8Array(await (await fetch(documentUrl)).arrayBuffer());
    client = await ConversionClient.create({
      baseUrl: self.location.origin,
      accessToken: () =>
        fetch(tokenUrl, { method: 'POST' })
          .then((r) => r.json())
          .then((j) => j.access_token),
    });
    const { files, operation } = await client.convert(bytes, {
      fileName,
      format,
      // Byte counts (upload, download with `loaded`) only where a transfer ends: how many come in between
      // depends on timing.
      onProgress: (e) => {
        if (e.type === 'stage') events.push(e.stage);
        else if (e.type === 'status') events.push(e.status);
        else if (e.type === 'upload')
          e.loaded === e.total && events.push(`uploaded ${e.loaded > bytes.length ? 'all' : e.loaded}`);
        else if (e.loaded === undefined) events.push(`download ${e.index + 1}/${e.count}`);
        else if (e.loaded === e.total) events.push(`downloaded ${e.index + 1}/${e.count}`);
      },
    });
    self.postMessage({
      ok: true,
      status: operation.status,
      events,
      inWorker: typeof document === 'undefined' && typeof WorkerGlobalScope !== 'undefined',
      files: files.map((f) => ({
        name: f.name,
        size: f.size,
        length: f.bytes.length,
        head: Array.from(f.bytes.slice(0, 8)),
      })),
    });
  } catch (e) {
    self.postMessage({ ok: false, code: e.code, message: e.message, events });
  } finally {
    client?.close();
  }
};
