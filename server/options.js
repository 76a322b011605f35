// SPDX-License-Identifier: MIT
// Server options: defaults, command-line flags and environment variables (flag > env > default).

import { isIPv4 } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from './auth.js';

const MiB = 1024 * 1024;

/** Defaults for every option of `startServer`. */
export const DEFAULTS = Object.freeze({
  port: 8080,
  host: '127.0.0.1',
  dataDir: undefined,
  clientId: DEV_CLIENT_ID,
  clientSecret: DEV_CLIENT_SECRET,
  signingKey: undefined,
  tokenLifetimeSeconds: 3600,
  maxUploadBytes: 512 * MiB,
  quotaBytes: 2048 * MiB,
  workers: availableParallelism(),
  conversionTimeoutMs: 120000,
  maxQueue: 100,
  queueTimeoutMs: 300000,
  restartAfter: 200,
  engineMemoryMb: 0,
  idleShutdownMs: 0,
  maxInflatedBytes: 512 * MiB,
  fontsDir: undefined,
  metrics: false,
  faults: false,
  storageNames: [],
  sandbox: true,
  // HTTP timeouts of node:http (its own defaults): a client that does not finish its headers, or its whole
  // request, in time is answered 408 and dropped (slow-loris); an idle keep-alive connection is closed.
  headersTimeoutMs: 60000,
  requestTimeoutMs: 300000,
  keepAliveTimeoutMs: 5000,
  // SIGTERM/close(): how long running requests and conversions may take to finish (Gotenberg's default).
  shutdownGraceMs: 30000,
  // The process's request log (server/run.js): 'text' | 'json'; undefined = text on a TTY, else json.
  logFormat: undefined,
  allowDevCredentials: false,
});

/** A bad flag or value; the CLI prints the usage and exits 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: groupdocs-local-server [options]

A local server that speaks the GroupDocs.Conversion Cloud REST API v2.0 and converts for real.

Options (environment variable in brackets; a flag wins over the variable):
  --port N                     port to listen on, 0 picks a free one      [GROUPDOCS_SERVER_PORT]   (8080)
  --host ADDR                  address to bind                            [GROUPDOCS_SERVER_HOST]   (127.0.0.1)
  --data DIR                   keep storage, operations and the token
                               signing key in DIR (default: memory)       [GROUPDOCS_SERVER_DATA]
  --client-id ID               client id accepted by /connect/token       [GROUPDOCS_SERVER_CLIENT_ID]     (${DEV_CLIENT_ID})
  --client-secret SECRET       client secret accepted by /connect/token   [GROUPDOCS_SERVER_CLIENT_SECRET] (${DEV_CLIENT_SECRET})
  --signing-key KEY            HS256 key for tokens (default: random per
                               process, or persisted in --data)           [GROUPDOCS_SERVER_SIGNING_KEY]
  --token-lifetime-seconds N   token lifetime                             [GROUPDOCS_SERVER_TOKEN_LIFETIME_SECONDS] (3600)
  --max-upload-bytes SIZE      largest accepted upload, e.g. 512MiB       [GROUPDOCS_SERVER_MAX_UPLOAD_BYTES] (512MiB)
  --quota-bytes SIZE           size of each storage, e.g. 2GiB            [GROUPDOCS_SERVER_QUOTA_BYTES] (2GiB)
  --workers N                  conversions run at once                    [GROUPDOCS_SERVER_WORKERS] (one per core)
  --conversion-timeout-ms N    a conversion running longer is killed      [GROUPDOCS_SERVER_CONVERSION_TIMEOUT_MS] (120000)
  --max-queue N                conversions that may wait for an engine;
                               past it a request gets 429 + Retry-After   [GROUPDOCS_SERVER_MAX_QUEUE] (100)
  --queue-timeout-ms N         a conversion waiting longer for an engine
                               gives up with 503 (0: no limit)            [GROUPDOCS_SERVER_QUEUE_TIMEOUT_MS] (300000)
  --metrics                    serve Prometheus metrics at GET /metrics   [GROUPDOCS_SERVER_METRICS=1]
  --restart-after N            replace an office process after N
                               conversions                                [GROUPDOCS_SERVER_RESTART_AFTER] (200)
  --engine-memory-mb N         kill an office process that uses more
                               while converting; its conversion fails
                               (0: no limit)                              [GROUPDOCS_SERVER_ENGINE_MEMORY_MB] (0)
  --idle-shutdown-ms N         stop an office process idle that long; it
                               starts again on demand (0: never)          [GROUPDOCS_SERVER_IDLE_SHUTDOWN_MS] (0)
  --fonts DIR                  a folder of fonts LibreOffice also draws
                               with (ttf, otf …)                          [GROUPDOCS_SERVER_FONTS]
  --max-inflated-bytes SIZE    refuse a docx/xlsx/odt… whose parts inflate
                               to more (zip bombs), e.g. 512MiB           [GROUPDOCS_SERVER_MAX_INFLATED_BYTES] (512MiB)
  --storage NAME               a storage name that exists from the start
                               (repeatable; env: comma-separated)         [GROUPDOCS_SERVER_STORAGES]
  --faults                     enable the fault-injection admin routes
                               under /__admin (tests only)                [GROUPDOCS_SERVER_FAULTS=1]
  --no-sandbox                 run LibreOffice without network and file
                               isolation: documents can then make it
                               fetch URLs and read local files (trusted
                               documents only)                            [GROUPDOCS_SERVER_NO_SANDBOX=1]
  --log-format json|text       one line per request on stderr (default:
                               text on a terminal, else json)             [GROUPDOCS_SERVER_LOG_FORMAT]
  --headers-timeout-ms N       a client must send its headers within N ms [GROUPDOCS_SERVER_HEADERS_TIMEOUT_MS] (60000)
  --request-timeout-ms N       ... and its whole request (0 = no limit)   [GROUPDOCS_SERVER_REQUEST_TIMEOUT_MS] (300000)
  --keep-alive-timeout-ms N    idle keep-alive connections close after N  [GROUPDOCS_SERVER_KEEP_ALIVE_TIMEOUT_MS] (5000)
  --shutdown-grace-ms N        on SIGTERM/SIGINT, running requests and
                               conversions get N ms to finish             [GROUPDOCS_SERVER_SHUTDOWN_GRACE_MS] (30000)
  --allow-dev-credentials      serve the development secret on a host
                               that is not loopback (warns at start)      [GROUPDOCS_SERVER_ALLOW_DEV_CREDENTIALS=1]
  -h, --help                   show this help
`;

const FLAGS = {
  port: { type: 'string', env: 'PORT', key: 'port', parse: (v) => integer(v, 'port', 0, 65535) },
  host: { type: 'string', env: 'HOST', key: 'host', parse: (v) => nonEmpty(v, 'host') },
  data: { type: 'string', env: 'DATA', key: 'dataDir', parse: (v) => nonEmpty(v, 'data') },
  'client-id': { type: 'string', env: 'CLIENT_ID', key: 'clientId', parse: (v) => nonEmpty(v, 'client-id') },
  'client-secret': {
    type: 'string',
    env: 'CLIENT_SECRET',
    key: 'clientSecret',
    parse: (v) => nonEmpty(v, 'client-secret'),
  },
  'signing-key': { type: 'string', env: 'SIGNING_KEY', key: 'signingKey', parse: (v) => nonEmpty(v, 'signing-key') },
  'token-lifetime-seconds': {
    type: 'string',
    env: 'TOKEN_LIFETIME_SECONDS',
    key: 'tokenLifetimeSeconds',
    parse: (v) => integer(v, 'token-lifetime-seconds', 1, 10 * 365 * 86400),
  },
  'max-upload-bytes': {
    type: 'string',
    env: 'MAX_UPLOAD_BYTES',
    key: 'maxUploadBytes',
    parse: (v) => size(v, 'max-upload-bytes'),
  },
  'quota-bytes': { type: 'string', env: 'QUOTA_BYTES', key: 'quotaBytes', parse: (v) => size(v, 'quota-bytes') },
  workers: { type: 'string', env: 'WORKERS', key: 'workers', parse: (v) => integer(v, 'workers', 1, 256) },
  'conversion-timeout-ms': {
    type: 'string',
    env: 'CONVERSION_TIMEOUT_MS',
    key: 'conversionTimeoutMs',
    parse: (v) => integer(v, 'conversion-timeout-ms', 1, 24 * 3600 * 1000),
  },
  'max-queue': {
    type: 'string',
    env: 'MAX_QUEUE',
    key: 'maxQueue',
    parse: (v) => integer(v, 'max-queue', 0, 1_000_000),
  },
  'queue-timeout-ms': {
    type: 'string',
    env: 'QUEUE_TIMEOUT_MS',
    key: 'queueTimeoutMs',
    parse: (v) => integer(v, 'queue-timeout-ms', 0, 24 * 3600 * 1000),
  },
  metrics: { type: 'boolean', env: 'METRICS', key: 'metrics' },
  'restart-after': {
    type: 'string',
    env: 'RESTART_AFTER',
    key: 'restartAfter',
    parse: (v) => integer(v, 'restart-after', 1, 1_000_000),
  },
  'engine-memory-mb': {
    type: 'string',
    env: 'ENGINE_MEMORY_MB',
    key: 'engineMemoryMb',
    parse: (v) => integer(v, 'engine-memory-mb', 0, 1_048_576),
  },
  'idle-shutdown-ms': {
    type: 'string',
    env: 'IDLE_SHUTDOWN_MS',
    key: 'idleShutdownMs',
    parse: (v) => integer(v, 'idle-shutdown-ms', 0, 7 * 24 * 3600 * 1000),
  },
  fonts: { type: 'string', env: 'FONTS', key: 'fontsDir', parse: (v) => nonEmpty(v, 'fonts') },
  'max-inflated-bytes': {
    type: 'string',
    env: 'MAX_INFLATED_BYTES',
    key: 'maxInflatedBytes',
    parse: (v) => size(v, 'max-inflated-bytes'),
  },
  storage: { type: 'string', multiple: true, env: 'STORAGES', key: 'storageNames', parse: (v) => v },
  faults: { type: 'boolean', env: 'FAULTS', key: 'faults' },
  'no-sandbox': { type: 'boolean', env: 'NO_SANDBOX', key: 'sandbox', negate: true },
  'log-format': {
    type: 'string',
    env: 'LOG_FORMAT',
    key: 'logFormat',
    parse: (v) => oneOf(v, 'log-format', LOG_FORMATS),
  },
  'headers-timeout-ms': {
    type: 'string',
    env: 'HEADERS_TIMEOUT_MS',
    key: 'headersTimeoutMs',
    parse: (v) => integer(v, 'headers-timeout-ms', 1, 3600 * 1000),
  },
  'request-timeout-ms': {
    type: 'string',
    env: 'REQUEST_TIMEOUT_MS',
    key: 'requestTimeoutMs',
    parse: (v) => integer(v, 'request-timeout-ms', 0, 24 * 3600 * 1000),
  },
  'keep-alive-timeout-ms': {
    type: 'string',
    env: 'KEEP_ALIVE_TIMEOUT_MS',
    key: 'keepAliveTimeoutMs',
    parse: (v) => integer(v, 'keep-alive-timeout-ms', 1, 3600 * 1000),
  },
  'shutdown-grace-ms': {
    type: 'string',
    env: 'SHUTDOWN_GRACE_MS',
    key: 'shutdownGraceMs',
    parse: (v) => integer(v, 'shutdown-grace-ms', 0, 24 * 3600 * 1000),
  },
  'allow-dev-credentials': { type: 'boolean', env: 'ALLOW_DEV_CREDENTIALS', key: 'allowDevCredentials' },
};
const LOG_FORMATS = ['json', 'text'];
const ENV_PREFIX = 'GROUPDOCS_SERVER_';

/** @param {string} v @param {string} name @param {number} min @param {number} max */
function integer(v, name, min, max) {
  const n = Number(v);
  if (!/^\d+$/.test(String(v).trim()) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${v}".`);
  return n;
}

/** @param {string} v @param {string} name @param {string[]} allowed */
function oneOf(v, name, allowed) {
  const value = String(v).trim().toLowerCase();
  if (!allowed.includes(value)) throw new UsageError(`--${name} must be ${allowed.join(' or ')}, got "${v}".`);
  return value;
}

/** @param {string} v @param {string} name */
function nonEmpty(v, name) {
  if (String(v).trim() === '') throw new UsageError(`--${name} must not be empty.`);
  return v;
}

const UNITS = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: MiB,
  mb: MiB,
  mib: MiB,
  g: 1024 * MiB,
  gb: 1024 * MiB,
  gib: 1024 * MiB,
  t: 1024 * 1024 * MiB,
  tb: 1024 * 1024 * MiB,
  tib: 1024 * 1024 * MiB,
};

/**
 * Parses a byte size: `1048576`, `512MiB`, `2G` (units are binary: K = 1024).
 * @param {string} v
 * @param {string} name
 * @returns {number}
 */
export function size(v, name = 'size') {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(v));
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const n = unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a size such as 1048576, 512MiB or 2GiB, got "${v}".`);
  return n;
}

/** @param {string | undefined} v @returns {boolean} */
function truthy(v) {
  return /^(1|true|yes|on)$/i.test(String(v ?? '').trim());
}

/**
 * Resolves server options from command-line arguments and the environment.
 * @param {string[]} [argv] arguments after the script name
 * @param {Record<string, string | undefined>} [env]
 * @returns {typeof DEFAULTS & { help: boolean }} options for `startServer`
 * @throws {UsageError} on an unknown flag or a bad value
 */
export function resolveServerOptions(argv = [], env = {}) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(
          Object.entries(FLAGS).map(([name, f]) => [name, { type: f.type, multiple: Boolean(f.multiple) }]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(e.message);
  }
  const options = { ...DEFAULTS, storageNames: [], help: Boolean(parsed.help) };
  for (const [name, flag] of Object.entries(FLAGS)) {
    const envValue = env[ENV_PREFIX + flag.env];
    const flagValue = parsed[name];
    if (flag.type === 'boolean') {
      let value;
      if (flagValue !== undefined) value = flagValue;
      else if (envValue !== undefined && envValue !== '') value = truthy(envValue);
      if (value !== undefined) options[flag.key] = flag.negate ? !value : value;
    } else if (flag.multiple) {
      const values =
        flagValue ??
        (envValue
          ? envValue
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : []);
      options[flag.key] = values.map((v) => flag.parse(v));
    } else if (flagValue !== undefined) {
      options[flag.key] = flag.parse(flagValue);
    } else if (envValue !== undefined && envValue !== '') {
      options[flag.key] = flag.parse(envValue);
    }
  }
  checkTimeouts(options);
  return options;
}

/**
 * node:http refuses a headers timeout longer than the request timeout (the headers are part of the request).
 * @param {{ headersTimeoutMs: number, requestTimeoutMs: number }} options
 * @throws {UsageError}
 */
export function checkTimeouts({ headersTimeoutMs, requestTimeoutMs }) {
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs)
    throw new UsageError(
      `--headers-timeout-ms (${headersTimeoutMs}) must not be longer than --request-timeout-ms (${requestTimeoutMs}).`,
    );
}

/**
 * Whether a --host value binds only this machine: 127.0.0.0/8 (also IPv4-mapped), ::1 or localhost.
 * A name that merely resolves to loopback is not trusted to stay so.
 * @param {string} host
 * @returns {boolean}
 */
export function isLoopbackHost(host) {
  const h = String(host)
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.replace(/^::ffff:/, '');
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * The development secret is public (it is in the README and printed at start), so serving it on an address
 * other machines can reach hands storage and CPU to anyone there (issue 20, "Credentials on a network").
 * @param {{ host: string, clientSecret: string, allowDevCredentials?: boolean }} options
 * @returns {{ refusal?: string, warning?: string }} `refusal`: do not start; `warning`: start, but say this
 */
export function devCredentialsExposure({ host, clientSecret, allowDevCredentials }) {
  if (clientSecret !== DEV_CLIENT_SECRET || isLoopbackHost(host)) return {};
  if (allowDevCredentials)
    return {
      warning:
        `warning: --allow-dev-credentials: anyone who can reach ${host} can use the public development secret ` +
        'to read and write storage and run conversions',
    };
  return {
    refusal:
      `--host ${host} is reachable from other machines, and the client secret is the public development one. ` +
      'Set a secret of your own with --client-secret or GROUPDOCS_SERVER_CLIENT_SECRET, ' +
      'or pass --allow-dev-credentials to serve the development secret anyway.',
  };
}
