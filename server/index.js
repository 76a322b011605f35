// SPDX-License-Identifier: MIT
// The local GroupDocs.Conversion Cloud–compatible server: wiring and the request pipeline.
//
// Pipeline for every request: request id → (fault rule, when --faults) → CORS preflight → health / token /
// admin / API routing → Bearer check for /v2.0 → handler → one JSON or octet-stream response. Errors of any
// kind end as an API error body; a hostile request never takes the server down.

import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError, discardRest, errorBody, preflightHeaders, send, sendError, sendJson } from './http-util.js';
import { TokenService, handleTokenRequest, randomSigningKey, requireBearer } from './auth.js';
import { Storage } from './storage.js';
import { WorkerPool } from './pool.js';
import { ConversionService } from './conversion.js';
import { Operations } from './operations.js';
import { FaultInjector, responseInterceptor, sendStatusFault } from './faults.js';
import { handleAdmin } from './routes/admin.js';
import { health, version } from './routes/health.js';
import { API_PREFIX, matchApiRoute } from './router.js';
import { DEFAULTS, UsageError, checkTimeouts, devCredentialsExposure } from './options.js';
import { logWhenDone, requestIdOf } from './request-log.js';
import { createStaticHandler, prefersHtml } from './static.js';
import { createDemoTokenRoute } from './demo-token.js';

export { resolveServerOptions, UsageError, USAGE, DEFAULTS, isLoopbackHost } from './options.js';
export { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from './auth.js';

const SERVER_NAME = 'groupdocs-local-server';
// A Host header we are willing to echo into result URLs: a name or IPv4 or [IPv6], with an optional port.
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The signing key: given, or persisted in the data dir (so tokens survive a restart), or random.
 * @param {{ signingKey?: string | Buffer, dataDir?: string }} options
 * @returns {Promise<Buffer>}
 */
async function signingKeyOf({ signingKey, dataDir }) {
  if (signingKey) return Buffer.from(signingKey);
  if (!dataDir) return randomSigningKey();
  const file = join(dataDir, 'signing-key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  const key = randomSigningKey();
  try {
    // 'wx': of two servers starting on one --data folder, the first writes the key and the other reads it.
    await writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    return signingKeyOf({ dataDir });
  }
  return key;
}

/**
 * Starts the server.
 * @param {Partial<typeof DEFAULTS> & {
 *   converter?: object, sniffFormat?: (buffer: Buffer, hint?: string) => string | null,
 *   log?: (line: string) => void, requestLog?: (entry: import('./request-log.js').RequestLogEntry) => void,
 *   maxOperations?: number,
 *   staticRoutes?: import('./static.js').StaticRoute[], demoToken?: import('./demo-token.js').DemoTokenOptions,
 *   tls?: import('node:https').ServerOptions }} [input]
 *   `staticRoutes` and `demoToken` serve the demo page and its token route (scripts/start.js); both off by default.
 *   `tls` (its `key` and `cert`, as node:https takes them) serves HTTPS instead of HTTP: the clients' TLS and
 *   proxy tests (tests/node/proxy-tls.test.js) put the server behind a certificate of their own CA.
 *   `requestLog` is called once per request with its log entry (server/request-log.js); `log` gets free text.
 *   The public development secret on a host that is not loopback is a UsageError unless `allowDevCredentials`.
 * @returns {Promise<{ url: string, port: number, host: string, server: import('node:http').Server,
 *   options: object, app: object, close: () => Promise<void> }>}
 */
export async function startServer(input = {}) {
  const options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  const log = options.log ?? (() => {});
  checkTimeouts(options);
  const exposure = devCredentialsExposure(options);
  if (exposure.refusal) throw new UsageError(exposure.refusal);
  if (options.fontsDir && !(await stat(options.fontsDir).catch(() => null))?.isDirectory())
    throw new UsageError(`--fonts ${options.fontsDir}: no such folder.`);
  if (exposure.warning) log(exposure.warning);
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  // Demo page hooks (scripts/start.js, tests/browser): checked before anything is started.
  const serveStatic = options.staticRoutes ? await createStaticHandler(options.staticRoutes) : null;
  const scheme = options.tls ? 'https' : 'http';
  const demoToken = options.demoToken ? createDemoTokenRoute(options.demoToken, () => `${scheme}://${address}`) : null;

  const tokens = new TokenService({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    signingKey: await signingKeyOf(options),
    lifetimeSeconds: options.tokenLifetimeSeconds,
  });
  const storage = new Storage({
    dataDir: options.dataDir,
    quotaBytes: options.quotaBytes,
    storageNames: options.storageNames,
  });
  await storage.init();

  let tmpDir;
  let converter = options.converter;
  let sniffFormat = options.sniffFormat ?? converter?.sniffFormat?.bind(converter);
  const ownsConverter = !converter;
  if (!converter || !sniffFormat) {
    // Imported lazily so that tests injecting a fake converter need neither LibreOffice nor the module.
    const mod = await import('./converters/index.js');
    sniffFormat ??= mod.sniffFormat;
    if (!converter) {
      tmpDir = await mkdtemp(join(tmpdir(), `${SERVER_NAME}-`));
      converter = mod.createConverter({
        workers: options.workers,
        timeoutMs: options.conversionTimeoutMs,
        tmpDir,
        sandbox: options.sandbox,
        log,
        restartAfter: options.restartAfter,
        engineMemoryBytes: options.engineMemoryMb * 1024 * 1024,
        idleShutdownMs: options.idleShutdownMs,
        maxInflatedBytes: options.maxInflatedBytes,
        fontsDir: options.fontsDir,
      });
      if (!options.sandbox) {
        log(
          'warning: --no-sandbox: LibreOffice runs unconfined, so a document can make this server fetch URLs ' +
            '(127.0.0.1 and the local network included) and read local files; convert only trusted documents',
        );
      }
    }
  }

  const pool = new WorkerPool(options.workers, { maxQueue: options.maxQueue, queueTimeoutMs: options.queueTimeoutMs });
  const conversions = new ConversionService({ converter, sniffFormat, pool, timeoutMs: options.conversionTimeoutMs });
  const faults = options.faults ? new FaultInjector() : null;
  // Imported only when asked for: prom-client is not loaded otherwise.
  const metrics = options.metrics ? (await import('./metrics.js')).createMetrics({ pool, storage, converter }) : null;
  if (metrics) conversions.onConversion = metrics.conversion;
  const operations = new Operations({
    dataDir: options.dataDir,
    conversions,
    storage,
    faults,
    maxOperations: options.maxOperations,
    log,
  });
  await operations.init();

  const app = {
    options,
    tokens,
    storage,
    conversions,
    operations,
    faults,
    pool,
    stats: { apiCalls: 0 },
    async reset() {
      await storage.reset();
      await operations.reset();
      faults?.reset();
      conversions.stats.conversions = 0;
      conversions.stats.bytesProcessed = 0;
      app.stats.apiCalls = 0;
    },
  };

  const onRequest = (req, res) => {
    handle(req, res).catch((e) => log(`unhandled: ${e.stack}`));
  };
  const httpOptions = {
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    // node:http looks for connections past those timeouts only this often (30 s by default), so a short
    // timeout would otherwise be enforced up to 30 s late.
    connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
  };
  const server = options.tls
    ? createTlsServer({ ...options.tls, ...httpOptions }, onRequest)
    : createServer(httpOptions, onRequest);
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  /** Responses not ended yet: what a graceful shutdown waits for. */
  const inFlight = new Set();
  /** @type {Promise<void> | undefined} set once close() is called */
  let closing;

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const started = Date.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    // `//v2.0/...` is what the Node SDK sends when apiBaseUrl ends in "/" (reference §2).
    const rawPath = (q < 0 ? url : url.slice(0, q)).replace(/^\/{2,}/, '/');
    const host = HOST_HEADER.test(req.headers.host ?? '') ? req.headers.host : address;
    /** @type {import('./http-util.js').RequestContext} */
    const ctx = {
      req,
      res,
      requestId: requestIdOf(req.headers),
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath,
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      baseUrl: `${scheme}://${host}`,
      log,
    };
    if (metrics) res.once('close', () => metrics.request(ctx.route ?? 'other', ctx.method, res.statusCode));
    if (options.requestLog) logWhenDone(ctx, options.requestLog);
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    // A keep-alive connection may bring another request while the server shuts down: this is its last one.
    if (closing) res.setHeader('Connection', 'close');
    const isAdmin = rawPath === '/__admin' || rawPath.startsWith('/__admin/');
    let rule = null;
    if (faults && !isAdmin) {
      rule = faults.take(ctx.method, rawPath);
      res.once('close', () =>
        faults.record({
          requestId: ctx.requestId,
          method: ctx.method,
          path: rawPath,
          query: ctx.query,
          status: ctx.status ?? null,
          time: new Date(started),
          durationMs: Date.now() - started,
          fault: rule?.id,
        }),
      );
    }
    try {
      if (rule) {
        if (rule.delayMs) await faults.delay(rule.delayMs, res);
        if (rule.action === 'status') {
          sendStatusFault(ctx, rule, send);
          discardRest(req);
          return;
        }
        if (rule.action === 'drop' && rule.dropAt === 'request') {
          req.socket.destroy();
          return;
        }
        if (rule.action !== 'delay') ctx.fault = responseInterceptor(rule);
      }
      await route(ctx);
    } catch (err) {
      sendError(ctx, err);
      discardRest(req);
    }
  }

  /** @param {import('./http-util.js').RequestContext} ctx */
  async function route(ctx) {
    const { method, rawPath } = ctx;
    if (method === 'OPTIONS') {
      send(ctx, 204, { ...preflightHeaders(ctx.req), 'Content-Type': 'application/json' }, Buffer.alloc(0));
      return;
    }
    if (rawPath === '/' || rawPath === '/connect/token' || rawPath === '/connect/token/')
      ctx.route = rawPath.replace(/\/$/, '') || '/';
    if (rawPath === '/') {
      if (serveStatic && (method === 'GET' || method === 'HEAD') && prefersHtml(ctx.req) && (await serveStatic(ctx)))
        return;
      if (method !== 'GET' && method !== 'HEAD') throw new ApiError(405, 'MethodNotAllowed', 'Use GET /.');
      sendJson(ctx, 200, { status: 'ok', name: SERVER_NAME, api: '/v2.0', faults: Boolean(faults) });
      return;
    }
    if (rawPath === '/health' || rawPath === '/version' || (metrics && rawPath === '/metrics')) {
      ctx.route = rawPath;
      if (method !== 'GET' && method !== 'HEAD') throw new ApiError(405, 'MethodNotAllowed', `Use GET ${rawPath}.`);
      if (rawPath === '/metrics')
        send(ctx, 200, { 'Content-Type': metrics.contentType }, Buffer.from(await metrics.render()));
      else await (rawPath === '/health' ? health : version)(ctx, app);
      return;
    }
    if (rawPath === '/connect/token' || rawPath === '/connect/token/') {
      await handleTokenRequest(ctx, tokens);
      return;
    }
    if (faults && (rawPath === '/__admin' || rawPath.startsWith('/__admin/'))) {
      await handleAdmin(ctx, app);
      return;
    }
    if (rawPath === '/v2.0' || rawPath.startsWith('/v2.0/')) {
      requireBearer(ctx, tokens);
      app.stats.apiCalls += 1;
      if (rawPath !== API_PREFIX && !rawPath.startsWith(`${API_PREFIX}/`)) {
        throw new ApiError(404, 'NotFound', `No API route ${method} ${rawPath}.`);
      }
      const { handler, param } = matchApiRoute(method, rawPath.slice(API_PREFIX.length), ctx);
      await handler(ctx, app, param);
      return;
    }
    if (demoToken && rawPath === demoToken.path) {
      await demoToken.handle(ctx);
      return;
    }
    if (serveStatic && (await serveStatic(ctx))) return;
    throw new ApiError(404, 'NotFound', `No route ${method} ${rawPath}.`);
  }

  // curl and others send `Expect: 100-continue` for large bodies: say no at once to one that is too big.
  server.on('checkContinue', (req, res) => {
    const declared = Number(req.headers['content-length']);
    if (!(Number.isFinite(declared) && declared > options.maxUploadBytes + 1024 * 1024)) res.writeContinue();
    server.emit('request', req, res);
  });
  // Malformed HTTP, and a client too slow to send its headers or request (--headers-timeout-ms,
  // --request-timeout-ms), never reach a handler; still answer JSON.
  server.on('clientError', (err, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', 'RequestTimeout', 'The request was not received in time.']
        : ['400 Bad Request', 'BadRequest', 'Malformed HTTP request.'];
    const body = JSON.stringify(errorBody(randomUUID(), code, message));
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // Port in use, bad host…: do not leave converter processes or temp files behind.
    pool.close();
    if (ownsConverter) await converter.close?.();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
    throw e;
  }
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const hostForUrl = options.host.includes(':')
    ? `[${options.host}]`
    : options.host === '0.0.0.0'
      ? '127.0.0.1'
      : options.host;
  const address = `${hostForUrl}:${port}`;
  const baseUrl = `${scheme}://${address}`;

  /**
   * Graceful shutdown: stops accepting, ends fault delays, lets running requests and conversions (async
   * operations too) finish for up to `shutdownGraceMs`, then cuts what is left and stops the converter.
   */
  async function close() {
    closing ??= (async () => {
      faults?.releaseDelays();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const busy = () => inFlight.size + pool.stats().active + pool.stats().queued;
      if (busy() > 0) {
        log(
          `shutting down: waiting up to ${options.shutdownGraceMs} ms for ${inFlight.size} request(s) and ` +
            `${pool.stats().active + pool.stats().queued} conversion(s)`,
        );
      }
      const finished = await settled(busy, options.shutdownGraceMs);
      if (!finished) log(`shutting down: grace over, cutting ${inFlight.size} request(s) short`);
      pool.close();
      server.closeAllConnections();
      await closed;
      operations.close();
      await operations.flush();
      await storage.close();
      if (ownsConverter) await converter.close?.();
      if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
    })();
    return closing;
  }

  return { url: baseUrl, port, host: options.host, server, options, app, close };
}

/**
 * Waits until `count()` is 0 or `ms` have passed. Polled: what it counts (requests, the pool's jobs) has no
 * single event, and this runs only during a shutdown.
 * @param {() => number} count
 * @param {number} ms
 * @returns {Promise<boolean>} whether it reached 0 in time
 */
async function settled(count, ms) {
  const deadline = Date.now() + ms;
  while (count() > 0) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(25, deadline - Date.now())));
  }
  return true;
}
