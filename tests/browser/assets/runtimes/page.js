// SPDX-License-Identifier: MIT
// The package on a page's main thread (tests/browser/runtimes.test.js): the same calls as every runtime test.
import { ConversionClient } from 'groupdocs-conversion-wasm';

/** @param {{ api: string, documentUrl: string }} params */
export async function convertHere({ api, documentUrl }) {
  const client = await ConversionClient.create({
    baseUrl: api,
    accessToken: () => fetch('/api/groupdocs-token').then((answer) => answer.text()),
  });
  try {
    const [docx] = await client.getSupportedConversionTypes({ format: 'docx' });
    const file = new File([await (await fetch(documentUrl)).blob()], 'report.docx');
    const { files } = await client.convert(file, { format: 'pdf' });
    return { formats: docx.targetFormats.length, name: files[0].name, bytes: Array.from(files[0].bytes) };
  } finally {
    client.close();
  }
}
