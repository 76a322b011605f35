// SPDX-License-Identifier: MIT
// A user's script, run by tests/node/client-convert-cleanup.test.js in a child process: one convert(), its
// storage folder printed, and then nothing — no close(), no process.exit — so the process ends only when
// the client has nothing left to do (the cleanup's DELETE included).

import { ConversionClient } from 'groupdocs-conversion-wasm';

const client = await ConversionClient.create({
  baseUrl: process.env.BASE_URL,
  clientId: 'local-dev-client',
  clientSecret: 'local-dev-secret',
});
const { files } = await client.convert(new TextEncoder().encode('FAKEDOC pages=1 child'), {
  format: 'pdf',
  fileName: 'doc.docx',
});
console.log(JSON.stringify({ folder: files[0].path.split('/')[0] }));
