// SPDX-License-Identifier: MIT
// Clients that are slow or send too much (issue 20 item 6): idle connections that never finish their headers
// (slow-loris) neither block real requests nor stay open past --headers-timeout-ms; an idle keep-alive
// connection is closed after --keep-alive-timeout-ms; an upload over --max-upload-bytes gets its 413 as soon
// as it crosses the limit, and its connection is closed without the rest being read.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { useLocalServer } from '../support/local-server.js';
import { request } from '../support/server.js';
import { waitFor } from '../support/wait-for.js';

const IDLE_SOCKETS = 200;

/**
 * Opens `count` connections that each send the start of a request and never finish its headers.
 * @returns {Promise<Array<{ socket: import('node:net').Socket, closed: boolean, reply: string }>>}
 */
async function openIdleSockets(url, count) {
  const { hostname, port } = new URL(url);
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const idle = { socket: null, closed: false, reply: '' };
          idle.socket = connect(Number(port), hostname, () => {
            idle.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', () => resolve(idle));
          });
          idle.socket.on('data', (c) => {
            idle.reply += c;
          });
          idle.socket.on('close', () => {
            idle.closed = true;
          });
          idle.socket.on('error', (e) => {
            if (!idle.socket.writable && e.code === 'ECONNRESET') return;
            reject(e);
          });
        }),
    ),
  );
}

describe('slow-loris: 200 connections that never finish their headers', () => {
  describe('while they are open', () => {
    const t = useLocalServer({ converter: 'fake', headersTimeoutMs: 60_000 });

    test('real requests are answered normally', { timeout: 60_000 }, async () => {
      const idle = await openIdleSockets(t.url, IDLE_SOCKETS);
      try {
        assert.equal((await request(t.url, { path: '/' })).status, 200);
        assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/nothing' })).status, 200);
        assert.equal((await t.upload('a.txt', 'real work')).status, 200);
        assert.equal(idle.filter((s) => s.closed).length, 0, 'the idle connections were still open');
      } finally {
        for (const s of idle) s.socket.destroy();
      }
    });
  });

  describe('with --headers-timeout-ms 300', () => {
    const t = useLocalServer({ converter: 'fake', headersTimeoutMs: 300, requestTimeoutMs: 1000 });

    test('they are answered 408 (JSON) and dropped; the server keeps serving', { timeout: 60_000 }, async () => {
      const idle = await openIdleSockets(t.url, IDLE_SOCKETS);
      try {
        await waitFor(() => idle.every((s) => s.closed), 'every idle connection closed by the server');
        for (const s of idle) {
          assert.match(s.reply, /^HTTP\/1\.1 408 Request Timeout\r\n/);
          assert.match(s.reply, /\r\nContent-Type: application\/json\r\n/);
          assert.match(s.reply, /"code":"RequestTimeout"/);
        }
        assert.equal((await request(t.url, { path: '/' })).status, 200);
      } finally {
        for (const s of idle) s.socket.destroy();
      }
    });
  });
});

describe('--keep-alive-timeout-ms', () => {
  const t = useLocalServer({ converter: 'fake', keepAliveTimeoutMs: 2000 });

  test(
    'is advertised, and an idle keep-alive connection is closed by the server after it',
    { timeout: 30_000 },
    async () => {
      const { hostname, port } = new URL(t.url);
      const socket = connect(Number(port), hostname);
      let reply = '';
      socket.on('data', (c) => {
        reply += c;
      });
      const closed = new Promise((resolve) => socket.on('close', resolve));
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await waitFor(() => reply.includes('"status":"ok"'), 'the answer');
      assert.match(reply, /\r\nConnection: keep-alive\r\nKeep-Alive: timeout=2\r\n/);
      await closed;
    },
  );
});

/**
 * Streams a chunked multipart upload of `total` bytes, `chunk` bytes at a time, each write after the previous
 * one was flushed and `pauseMs` later (0: as fast as the connection takes them), until the server answers and
 * closes the connection or everything is sent.
 * @returns {Promise<{ status: number | null, body: string, flushedAtAnswer: number | null, flushedAtClose: number }>}
 */
function streamUpload(t, { total, chunk, pauseMs }) {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve) => {
    let flushed = 0;
    const result = { status: null, body: '', flushedAtAnswer: null, flushedAtClose: 0 };
    const req = httpRequest({
      host: hostname,
      port,
      method: 'PUT',
      path: '/v2.0/conversion/storage/file/slow/big.bin',
      agent: false,
      headers: {
        'Content-Type': 'multipart/form-data; boundary=b',
        'Transfer-Encoding': 'chunked',
        Authorization: `Bearer ${t.token}`,
      },
    });
    req.on('response', (res) => {
      result.status = res.statusCode;
      result.flushedAtAnswer = flushed;
      res.on('data', (c) => {
        result.body += c;
      });
    });
    req.on('error', () => {}); // EPIPE / ECONNRESET: the server closed the connection, which is the point
    req.on('close', () => {
      result.flushedAtClose = flushed;
      resolve(result);
    });
    req.write('--b\r\nContent-Disposition: form-data; name="File"; filename="big.bin"\r\n\r\n');
    const bytes = Buffer.alloc(chunk, 7);
    const next = () => {
      if (req.destroyed || flushed >= total) return;
      req.write(bytes, (err) => {
        if (err) return;
        flushed += bytes.length;
        if (pauseMs) setTimeout(next, pauseMs);
        else next();
      });
    };
    next();
  });
}

describe('an upload over --max-upload-bytes', () => {
  const LIMIT = 4096;
  const t = useLocalServer({ converter: 'fake', maxUploadBytes: LIMIT });

  test(
    'streamed slowly: the 413 comes once the limit is crossed, and the connection closes',
    { timeout: 60_000 },
    async () => {
      const total = 8 * 1024 * 1024; // 1 KiB every 5 ms: 40 s to send it all
      const r = await streamUpload(t, { total, chunk: 1024, pauseMs: 5 });
      assert.equal(r.status, 413);
      assert.equal(JSON.parse(r.body).error.code, 'RequestTooLarge');
      assert.ok(r.flushedAtAnswer > LIMIT, `answered after ${r.flushedAtAnswer} bytes`);
      assert.ok(r.flushedAtAnswer < 1024 * 1024, `answered only after ${r.flushedAtAnswer} bytes`);
      assert.ok(r.flushedAtClose < 1024 * 1024, `the connection stayed open for ${r.flushedAtClose} bytes`);
      assert.equal((await t.call({ path: '/v2.0/conversion/storage/exist/slow/big.bin' })).json.exists, false);
    },
  );

  test('streamed as fast as possible: the rest is not read', { timeout: 60_000 }, async () => {
    const total = 256 * 1024 * 1024;
    const r = await streamUpload(t, { total, chunk: 64 * 1024, pauseMs: 0 });
    assert.equal(r.status, 413);
    // What the client could hand over is what the two sockets' kernel buffers hold (a few MiB on loopback).
    assert.ok(r.flushedAtClose < 32 * 1024 * 1024, `${r.flushedAtClose} of ${total} bytes were taken`);
  });
});
