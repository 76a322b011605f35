// SPDX-License-Identifier: MIT
// The three contenders, each doing the same work against the same server:
//   wasm  — this package (`groupdocs-conversion-wasm`, imported by name as a user would);
//   sdk   — the official `groupdocs-conversion-cloud` 24.4.0 (no AsyncApi: only the routes it has);
//   fetch — plain `fetch()` with no library, written the way the official samples write it.
// Every method resolves with something checkable (a size, a flag), so that no contender can skip work.

import { createRequire } from 'node:module';
import { CREDENTIALS } from './lib.js';

const require = createRequire(import.meta.url);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The core's status polling schedule (src/core/policy.h, PollPolicy), mirrored so that plain fetch does the
 * same work in the concurrency row. The seed-flow row uses the samples' fixed 1 s loop instead.
 */
export const CORE_POLL = { initialMs: 200, factor: 1.5, maxMs: 3000 };
const pollDelay = (n) => Math.min(CORE_POLL.maxMs, Math.floor(CORE_POLL.initialMs * CORE_POLL.factor ** n));

const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

// ---------------------------------------------------------------------------------------------- wasm
/** @param {string} url @param {{ imported?: number }} [marks] gets the time the module was imported */
export async function createWasm(url, marks = {}) {
  const { ConversionClient } = await import('groupdocs-conversion-wasm');
  marks.imported = performance.now();
  return wasmContender('wasm', await ConversionClient.create({ baseUrl: url, ...CREDENTIALS }));
}

/**
 * This client through the web glue's fetch() adapter (src/transport/js/fetch-xhr.pre.js), the transport of
 * Deno, Bun, workerd and Service Workers, here in Node (which has no XMLHttpRequest), for the overhead row
 * that compares it with Node's own node:http adapter.
 */
export async function createWasmFetchAdapter(url) {
  const { readFile } = await import('node:fs/promises');
  const dist = new URL('../dist/', import.meta.url);
  const { ConversionClient } = await import(new URL('index.web.mjs', dist).href);
  const wasmBinary = await readFile(new URL('gdconv.wasm', dist));
  return wasmContender('wasmFetchAdapter', await ConversionClient.create({ baseUrl: url, ...CREDENTIALS, wasmBinary }));
}

function wasmContender(name, client) {
  return {
    name,
    objectExists: async (path) => (await client.objectExists(path)).exists,
    getOperationStatus: async (id) => (await client.getOperationStatus(id)).status,
    upload: async (path, bytes) => (await client.uploadFile(path, bytes)).uploaded.length,
    download: async (path) => (await client.downloadFile(path)).byteLength,
    startConvertAndSave: (settings) => client.startConvertAndSave(settings),
    async flowAsync(bytes, dir, name) {
      await client.uploadFile(`${dir}/${name}`, bytes);
      const id = await client.startConvertAndSave({
        filePath: `${dir}/${name}`,
        format: 'pdf',
        outputPath: `${dir}/out`,
      });
      const op = await client.waitForOperation(id, { timeoutMs: 300_000 });
      return (await client.downloadFile(op.result[0].path)).byteLength;
    },
    async flowSync(bytes, dir, name) {
      await client.uploadFile(`${dir}/${name}`, bytes);
      const [file] = await client.convertDocument({
        filePath: `${dir}/${name}`,
        format: 'pdf',
        outputPath: `${dir}/out`,
      });
      return (await client.downloadFile(file.path)).byteLength;
    },
    async convertOne(bytes, dir, name) {
      const { files } = await client.convert(bytes, {
        format: 'pdf',
        fileName: name,
        outputPath: `${dir}/out`,
        timeoutMs: 300_000,
      });
      return files[0].bytes.byteLength;
    },
    close: () => client.close(),
  };
}

// ----------------------------------------------------------------------------------------------- sdk
export async function createSdk(url) {
  const sdk = require('groupdocs-conversion-cloud');
  const config = new sdk.Configuration(CREDENTIALS.clientId, CREDENTIALS.clientSecret);
  config.apiBaseUrl = url;
  const storage = sdk.StorageApi.fromConfig(config);
  const file = sdk.FileApi.fromConfig(config);
  const convert = sdk.ConvertApi.fromConfig(config);
  const syncFlow = async (bytes, dir, name) => {
    await file.uploadFile(
      new sdk.UploadFileRequest(`${dir}/${name}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    );
    const settings = new sdk.ConvertSettings();
    settings.filePath = `${dir}/${name}`;
    settings.format = 'pdf';
    settings.outputPath = `${dir}/out`;
    const [result] = await convert.convertDocument(new sdk.ConvertDocumentRequest(settings));
    return (await file.downloadFile(new sdk.DownloadFileRequest(result.path))).length;
  };
  return {
    name: 'sdk',
    objectExists: async (path) => (await storage.objectExists(new sdk.ObjectExistsRequest(path))).exists,
    getOperationStatus: null, // 24.4.0 has no AsyncApi
    upload: async (path, bytes) =>
      (
        await file.uploadFile(
          new sdk.UploadFileRequest(path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        )
      ).uploaded.length,
    download: async (path) => (await file.downloadFile(new sdk.DownloadFileRequest(path))).length,
    flowAsync: null,
    flowSync: syncFlow,
    convertOne: syncFlow, // its only conversion route that stores a result: POST /conversion (sync)
    close: () => {},
  };
}

// --------------------------------------------------------------------------------------------- fetch
/**
 * @param {string} url
 * @param {{ poll?: 'samples' | 'core' }} [options] `samples`: the official samples' loop, a fixed 1 s sleep
 *   before every status request; `core`: the core's backoff schedule (CORE_POLL)
 */
export async function createFetch(url, { poll = 'core' } = {}) {
  const api = `${url}/v2.0/conversion`;
  let auth = null;
  const headers = async () => {
    if (!auth) {
      const res = await fetch(`${url}/connect/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: CREDENTIALS.clientId,
          client_secret: CREDENTIALS.clientSecret,
        }),
      });
      if (!res.ok) throw new Error(`token: ${res.status}`);
      auth = { Authorization: `Bearer ${(await res.json()).access_token}` };
    }
    return auth;
  };
  const json = async (path, init = {}) => {
    const res = await fetch(`${api}${path}`, { ...init, headers: { ...(await headers()), ...init.headers } });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const bytesOf = async (path) => {
    const res = await fetch(`${api}${path}`, { headers: await headers() });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const upload = async (path, bytes) => {
    const form = new FormData();
    form.append('File', new Blob([bytes]), path.split('/').at(-1));
    return json(`/storage/file/${encodePath(path)}`, { method: 'PUT', body: form });
  };
  const start = (settings) =>
    json('/async', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(settings) });
  const wait = async (id, how) => {
    for (let n = 0; ; n++) {
      await sleep(how === 'samples' ? 1000 : pollDelay(n));
      const op = await json(`/async?id=${encodeURIComponent(id)}`);
      if (op.status === 'Finished') return op;
      if (op.status === 'Failed' || op.status === 'Canceled') throw new Error(`operation ${op.status}: ${op.error}`);
    }
  };
  const asyncFlow = (how) => async (bytes, dir, name) => {
    await upload(`${dir}/${name}`, bytes);
    const id = await start({ filePath: `${dir}/${name}`, format: 'pdf', outputPath: `${dir}/out` });
    const op = await wait(id, how);
    return (await bytesOf(`/storage/file/${encodePath(op.result[0].path)}`)).byteLength;
  };
  return {
    name: 'fetch',
    objectExists: async (path) => (await json(`/storage/exist/${encodePath(path)}`)).exists,
    getOperationStatus: async (id) => (await json(`/async?id=${encodeURIComponent(id)}`)).status,
    upload: async (path, bytes) => (await upload(path, bytes)).uploaded.length,
    download: async (path) => (await bytesOf(`/storage/file/${encodePath(path)}`)).byteLength,
    flowAsync: asyncFlow(poll),
    async flowSync(bytes, dir, name) {
      await upload(`${dir}/${name}`, bytes);
      const [file] = await json('', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ filePath: `${dir}/${name}`, format: 'pdf', outputPath: `${dir}/out` }),
      });
      return (await bytesOf(`/storage/file/${encodePath(file.path)}`)).byteLength;
    },
    convertOne: asyncFlow('core'),
    close: () => {},
  };
}

export const CREATE = { wasm: createWasm, sdk: createSdk, fetch: createFetch };
