// SPDX-License-Identifier: MIT
// GET /metrics in Prometheus' text format (issue 20 item 2), with prom-client: HTTP requests by route and
// status, conversions by source and target format and outcome, their duration, the queue, busy engines,
// engine restarts, the bytes in storage, and prom-client's process metrics (CPU, memory, event loop lag).
// Off unless --metrics: the counts tell which formats are converted, which is nobody's business by default.

import client from 'prom-client';

const PREFIX = 'groupdocs_server_';

/**
 * @param {{ pool: import('./pool.js').WorkerPool, storage: import('./storage.js').Storage, converter: any }} parts
 * @returns {{ contentType: string, render: () => Promise<string>,
 *   request: (route: string, method: string, status: number) => void,
 *   conversion: (source: string, target: string, outcome: string, seconds: number) => void }}
 */
export function createMetrics({ pool, storage, converter }) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const requests = new client.Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const conversions = new client.Counter({
    name: `${PREFIX}conversions_total`,
    help: 'Conversions finished, by source and target format and outcome (ok, or the API error code)',
    labelNames: ['source', 'target', 'outcome'],
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: `${PREFIX}conversion_duration_seconds`,
    help: 'How long a conversion ran once it had an engine, by source and target format',
    labelNames: ['source', 'target'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  new client.Gauge({
    name: `${PREFIX}queue_depth`,
    help: 'Conversions waiting for an engine',
    registers: [registry],
    collect() {
      this.set(pool.stats().queued);
    },
  });
  new client.Gauge({
    name: `${PREFIX}conversions_running`,
    help: 'Conversions holding an engine slot',
    registers: [registry],
    collect() {
      this.set(pool.stats().active);
    },
  });
  const office = async () => (typeof converter.health === 'function' ? (await converter.health()).office : null);
  new client.Gauge({
    name: `${PREFIX}engines_busy`,
    help: 'Office processes converting now',
    registers: [registry],
    async collect() {
      this.set((await office())?.busy ?? 0);
    },
  });
  new client.Gauge({
    name: `${PREFIX}engines_up`,
    help: 'Office processes up (idle or busy)',
    registers: [registry],
    async collect() {
      this.set((await office())?.up ?? 0);
    },
  });
  let restartsSeen = 0;
  new client.Counter({
    name: `${PREFIX}engine_restarts_total`,
    help: 'Office processes replaced after being up: crashed, timed out or recycled',
    registers: [registry],
    async collect() {
      const restarts = (await office())?.restarts ?? 0;
      if (restarts > restartsSeen) this.inc(restarts - restartsSeen);
      restartsSeen = Math.max(restartsSeen, restarts);
    },
  });
  new client.Gauge({
    name: `${PREFIX}storage_bytes`,
    help: 'Bytes held in storage, every storage together',
    registers: [registry],
    async collect() {
      this.set((await storage.status()).bytes);
    },
  });

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    request(route, method, status) {
      requests.inc({ route, method, status: String(status) });
    },
    conversion(source, target, outcome, seconds) {
      conversions.inc({ source, target, outcome });
      duration.observe({ source, target }, seconds);
    },
  };
}
