// SPDX-License-Identifier: MIT
// Run by tests/node/proxy-tls.test.js in a child process, so that the proxy variables (HTTPS_PROXY,
// HTTP_PROXY, NO_PROXY) and NODE_EXTRA_CA_CERTS are this process's own and the test runner's environment is
// never touched. Its one argument is JSON: { baseUrl, proxy? (a URL, or false), caPath?, docx? }. With `docx`
// (a file path) it converts that document to PDF, else it asks objectExists. It prints one JSON line:
// { ok, pdfBytes? (the PDF in base64) } or { ok: false, code, message, retryable }.

import { readFile } from 'node:fs/promises';
import { ConversionClient } from 'groupdocs-conversion-wasm';

const { baseUrl, proxy, caPath, docx } = JSON.parse(process.argv[2]);
const options = { baseUrl, clientId: 'local-dev-client', clientSecret: 'local-dev-secret', maxRetries: 0 };
if (proxy !== undefined) options.proxy = proxy;
if (caPath) options.ca = await readFile(caPath);

let client;
try {
  client = await ConversionClient.create(options);
  if (docx) {
    const { files } = await client.convert(docx, { format: 'pdf' });
    console.log(JSON.stringify({ ok: true, pdfBytes: Buffer.from(files[0].bytes).toString('base64') }));
  } else {
    await client.objectExists('proxy-child');
    console.log(JSON.stringify({ ok: true }));
  }
} catch (err) {
  console.log(JSON.stringify({ ok: false, code: err.code, message: err.message, retryable: err.retryable }));
} finally {
  client?.close();
}
