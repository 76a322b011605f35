// SPDX-License-Identifier: MIT
// Turns the raw measurements into rows (value per contender, ratios, target, met) and a markdown table.

const KiB = 1024;
const MiB = 1024 * 1024;
const r3 = (x) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(3)));
const round1 = (x) => Number(x.toFixed(1));
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? r3(a / b) : null);

/**
 * @typedef {object} Row
 * @property {string} id
 * @property {string} label
 * @property {string} unit
 * @property {'lower' | 'higher'} better
 * @property {{ wasm: number | null, sdk: number | null, fetch: number | null }} values
 * @property {{ sdk: number | null, fetch: number | null }} ratios  wasm ÷ sdk, wasm ÷ fetch
 * @property {string | null} target  in words
 * @property {boolean | null} met  null when the row has no target
 * @property {string} [note]
 */

function row(id, label, unit, values, { better = 'lower', target = null, met = null, note } = {}) {
  const v = { wasm: values.wasm ?? null, sdk: values.sdk ?? null, fetch: values.fetch ?? null };
  return {
    id,
    label,
    unit,
    better,
    values: v,
    ratios: { sdk: ratio(v.wasm, v.sdk), fetch: ratio(v.wasm, v.fetch) },
    target,
    met,
    ...(note ? { note } : {}),
  };
}

const notWorse = (v, better = 'lower') =>
  v.wasm === null || v.sdk === null ? null : better === 'lower' ? v.wasm <= v.sdk : v.wasm >= v.sdk;

/** @returns {Row[]} */
export function buildRows(raw) {
  const rows = [];
  const o = raw.overhead;
  if (o) {
    const e = o.objectExists.median;
    rows.push(
      row('overhead.objectExists', `objectExists, ${o.objectExists.calls} sequential calls`, 'ms/call', e, {
        target: '≤ SDK and ≤ 1.10 × fetch',
        met: e.wasm <= e.sdk && e.wasm <= 1.1 * e.fetch,
      }),
    );
    if (e.wasmFetchAdapter !== undefined) {
      rows.push(
        row(
          'overhead.objectExists.fetchAdapter',
          `objectExists through the fetch() adapter, ${o.objectExists.calls} sequential calls`,
          'ms/call',
          { wasm: e.wasmFetchAdapter, fetch: e.fetch },
          {
            note:
              "this client over the web glue's fetch() adapter (Deno, Bun, workerd and Service Workers use it) in Node; " +
              "Node's own entry uses node:http (the row above)",
          },
        ),
      );
    }
    const s = o.getOperationStatus.median;
    rows.push(
      row(
        'overhead.getOperationStatus',
        `getOperationStatus, ${o.getOperationStatus.calls} sequential calls`,
        'ms/call',
        s,
        {
          target: '≤ 1.10 × fetch (the SDK has no AsyncApi)',
          met: s.wasm <= 1.1 * s.fetch,
        },
      ),
    );
  }
  const f = raw.flow;
  if (f) {
    const a = f.async.median;
    rows.push(
      row('flow.async', 'seed flow docx→PDF, time to result (async: upload, start, poll, download)', 'ms', a, {
        target: '≤ 0.75 × the 1 s polling loop (fetch column)',
        met: a.wasm <= 0.75 * a.fetch,
        note: f.async.note,
      }),
    );
    const s = f.sync.median;
    rows.push(
      row('flow.sync', 'docx→PDF through the sync route (upload, POST /conversion, download)', 'ms', s, {
        target: '≤ SDK',
        met: notWorse(s),
        note: f.sync.note,
      }),
    );
  }
  const t = raw.transfer;
  if (t) {
    const mib = t.upload.bytes / MiB;
    // The same three rows each way; only the memory target differs (an upload may hold the file, a download not).
    for (const [dir, d] of [
      ['upload', t.upload],
      ['download', t.download],
    ]) {
      const rssTarget =
        dir === 'upload'
          ? { target: `≤ 3 × the file (${3 * mib} MiB)`, met: d.maxRssMiB.wasm <= 3 * mib }
          : { target: '≤ SDK', met: notWorse(d.maxRssMiB) };
      rows.push(row(`transfer.${dir}.time`, `${dir} ${mib} MiB`, 'ms', d.ms, { target: '≤ SDK', met: notWorse(d.ms) }));
      rows.push(
        row(`transfer.${dir}.throughput`, `${dir} ${mib} MiB, throughput`, 'MiB/s', d.mibPerS, { better: 'higher' }),
      );
      rows.push(
        row(`transfer.${dir}.rss`, `${dir} ${mib} MiB, peak RSS of the process`, 'MiB', d.maxRssMiB, rssTarget),
      );
    }
  }
  const c = raw.concurrency;
  if (c) {
    rows.push(
      row(
        'concurrency.sync',
        `${c.sync.n} concurrent conversions through one client, sync route, total`,
        'ms',
        c.sync.ms,
        {
          target: '≤ SDK, no failures',
          met: notWorse(c.sync.ms) && c.sync.failures.wasm === 0,
          note: c.sync.note,
        },
      ),
    );
    rows.push(
      row(
        'concurrency.async',
        `${c.async.n} concurrent conversions through one client, async route (convert()), total`,
        'ms',
        c.async.ms,
        {
          target: 'no failures',
          met: c.async.failures.wasm === 0,
          note: c.async.note,
        },
      ),
    );
    const failures = Object.fromEntries(
      ['wasm', 'sdk', 'fetch'].map((k) => [k, (c.sync.failures[k] ?? 0) + (c.async.failures[k] ?? 0)]),
    );
    rows.push(
      row('concurrency.failures', 'concurrent conversions: failures, all repetitions', 'count', failures, {
        target: '0',
        met: failures.wasm === 0,
      }),
    );
  }
  const l = raw.load;
  if (l) {
    rows.push(
      row('load.node', 'Node: module load → first answered request (fresh process)', 'ms', l.firstRequestMs, {
        target: '≤ SDK',
        met: notWorse(l.firstRequestMs),
      }),
    );
    rows.push(
      row('load.node.import', 'Node: module load and client set-up only', 'ms', l.loadMs, {
        target: '≤ 15 ms (issue 13)',
        met: l.loadMs.wasm <= 15,
        note: "timed from after the harness's own modules are loaded (bench/child.js), in every column",
      }),
    );
    if (Number.isFinite(l.importMs)) {
      rows.push(
        row(
          'load.node.importOnly',
          'Node: import() of the package only',
          'ms',
          { wasm: l.importMs },
          {
            note: 'the rest of the row above is ConversionClient.create: the wasm compile begun by the import, instantiating it, the client',
          },
        ),
      );
    }
  }
  const b = raw.browser;
  if (b) {
    rows.push(
      row('load.chromium', 'Chromium: module load → first answered request (fresh context)', 'ms', b.firstRequestMs, {
        target: '≤ 2 × fetch (issue 13)',
        met: b.firstRequestMs.wasm <= 2 * b.firstRequestMs.fetch,
        note: 'the official SDK does not run in browsers (CommonJS over node:http)',
      }),
    );
    rows.push(
      row('load.chromium.import', 'Chromium: import() and client set-up only', 'ms', b.loadMs, {
        target: '≤ 30 ms (issue 13)',
        met: b.loadMs.wasm <= 30,
      }),
    );
    // The page's steps (bench/browser.js, measure), so that the next gap is visible: the median of each.
    const st = b.steps;
    if (st) {
      const steps = [
        ['import', 'import() of the module (its request, parse, run)', st.importMs],
        ['wasmFetch', 'gdconv.wasm, request sent → last byte', st.wasmFetchMs],
        [
          'wasmToReady',
          'gdconv.wasm last byte → client ready (the compile not overlapped with the download, instantiate, Embind start, the client)',
          st.wasmToReadyMs,
        ],
        [
          'firstCall',
          'client ready → first answer (token, objectExists: the requests plain fetch makes)',
          st.firstCallMs,
        ],
      ];
      for (const [id, label, ms] of steps) {
        if (Number.isFinite(ms))
          rows.push(row(`load.chromium.step.${id}`, `Chromium, step: ${label}`, 'ms', { wasm: ms }));
      }
    }
    if (b.worker) {
      rows.push(
        row(
          'load.chromium.worker',
          'Chromium, module Web Worker: import() → first answered request (fresh context)',
          'ms',
          b.worker.firstRequestMs,
        ),
      );
    }
    if (b.serviceWorker) {
      rows.push(
        row(
          'load.chromium.serviceWorker',
          'Chromium, module Service Worker: register() → first answered request (fresh context)',
          'ms',
          b.serviceWorker.firstRequestMs,
          {
            note: "the Service Worker's own start is in both columns; it has no XMLHttpRequest, so the package uses its fetch() adapter",
          },
        ),
      );
    }
  }
  const rt = raw.runtimes;
  if (rt) {
    const labels = {
      node22: 'Node 22: module load → first answered request (fresh process)',
      deno: 'Deno 2: module load → first answered request (fresh process)',
      bun: 'Bun 1: module load → first answered request (fresh process)',
      workerd: "Cloudflare workerd: start → a fresh Worker's first answer",
    };
    for (const [target, label] of Object.entries(labels)) {
      if (!rt[target]) continue;
      rows.push(
        row(
          `load.${target}`,
          label,
          'ms',
          rt[target].firstRequestMs,
          target === 'workerd'
            ? {
                note: "workerd's own start is in both columns; the Worker imports the package (dynamic import) only in this client's",
              }
            : {},
        ),
      );
    }
  }
  const bu = raw.bundlers;
  if (bu) {
    const names = {
      vite: 'Vite 8',
      webpack: 'webpack 5',
      esbuild: 'esbuild',
      'esbuild-node': 'esbuild --platform=node',
    };
    for (const [name, label] of Object.entries(names)) {
      const x = bu[name];
      if (!x) continue;
      rows.push(
        row(
          `bundle.${name}.js.gzip`,
          `${label}: the bundle's JS, gzip -9 per file`,
          'KiB',
          { wasm: x.js.gzip / KiB },
          {
            note: `${x.js.files.join(', ')}: ${round1(x.js.raw / KiB)} KiB raw`,
          },
        ),
      );
      rows.push(
        row(
          `bundle.${name}.wasm.gzip`,
          `${label}: the .wasm it emitted, gzip -9`,
          'KiB',
          { wasm: x.wasm.gzip / KiB },
          {
            note: `${x.wasm.files.join(', ')}: ${round1(x.wasm.raw / KiB)} KiB raw`,
          },
        ),
      );
      rows.push(
        row(`bundle.${name}.build`, `${label}: build time (docs/runtimes.md's command)`, 'ms', { wasm: x.buildMs }),
      );
      if (x.firstRequestMs !== undefined) {
        rows.push(
          row(
            `bundle.${name}.firstRequest`,
            `${label}: the built page, load → first answered request in Chromium (fresh browser)`,
            'ms',
            { wasm: x.firstRequestMs },
          ),
        );
      }
    }
  }
  const v = raw.converter;
  if (v) {
    rows.push(
      row(
        'converter.warm',
        "one-page.docx → PDF through the local server's warm office pool",
        'ms',
        { wasm: v.warmMs },
        {
          target: '≤ ⅓ of a cold soffice --convert-to',
          met: v.warmMs * 3 <= v.coldMs,
          note:
            `a cold \`soffice --convert-to\` of the same document: ${v.coldMs} ms (the first, with a new profile, ${v.firstColdMs} ms); ` +
            "the server's converter, not the clients: the other columns are empty",
        },
      ),
    );
  }
  const sv = raw.service;
  if (sv) {
    const [one, four, sixteen] = [sv.levels[1], sv.levels[4], sv.levels[16]];
    rows.push(
      row(
        'service.p50.c1',
        'docx → PDF through the server (PUT /conversion), concurrency 1: p50',
        'ms',
        { wasm: one.p50Ms },
        {
          target: '≤ 0.5 × a cold soffice --convert-to',
          met: one.p50Ms <= 0.5 * sv.coldSofficeMs,
          note: `cold \`soffice --headless --convert-to pdf\` of the same document in the same run: ${sv.coldSofficeMs} ms; p95 ${one.p95Ms} ms`,
        },
      ),
    );
    for (const [level, x] of [
      [1, one],
      [4, four],
      [16, sixteen],
    ]) {
      rows.push(
        row(
          `service.throughput.c${level}`,
          `docx → PDF through the server, concurrency ${level}: conversions per second`,
          '/s',
          { wasm: x.perSecond },
          {
            better: 'higher',
            ...(level === 4
              ? { target: '≥ 1.5 × concurrency 1 (2 cores)', met: x.perSecond >= 1.5 * one.perSecond }
              : {}),
            note: `p50 ${x.p50Ms} ms, p95 ${x.p95Ms} ms over ${x.conversions} conversions; two workers`,
          },
        ),
      );
    }
  }
  const z = raw.sizes;
  if (z) {
    rows.push(row('size.wasm.raw', 'gdconv.wasm', 'KiB', { wasm: z.wasm.raw / KiB }));
    rows.push(
      row(
        'size.wasm.gzip',
        'gdconv.wasm, gzip -9',
        'KiB',
        { wasm: z.wasm.gzip / KiB },
        {
          target: '≤ 80 KiB (issue 13)',
          met: z.wasm.gzip <= 80 * 1024,
        },
      ),
    );
    rows.push(
      row(
        'size.js.web.raw',
        'JS a browser loads (glue + facade)',
        'KiB',
        { wasm: z.js.web.raw / KiB },
        {
          note: z.js.web.files.join(', '),
        },
      ),
    );
    rows.push(
      row(
        'size.js.web.gzip',
        'JS a browser loads, gzip -9 per file',
        'KiB',
        { wasm: z.js.web.gzip / KiB },
        {
          target: '≤ 30 KB (29.3 KiB)',
          met: z.js.web.gzip <= 30_000,
        },
      ),
    );
    rows.push(
      row(
        'size.js.node.raw',
        'JS Node loads (glue + facade)',
        'KiB',
        { wasm: z.js.node.raw / KiB },
        {
          note: z.js.node.files.join(', '),
        },
      ),
    );
    rows.push(
      row(
        'size.js.node.gzip',
        'JS Node loads, gzip -9 per file',
        'KiB',
        { wasm: z.js.node.gzip / KiB },
        {
          target: '≤ 30 KB (29.3 KiB)',
          met: z.js.node.gzip <= 30_000,
        },
      ),
    );
    if (z.footprint) {
      const fp = z.footprint;
      rows.push(
        row(
          'footprint.full',
          'installed footprint of npm install groupdocs-conversion-wasm (du -sb node_modules)',
          'KiB',
          { wasm: fp.wasm.total / KiB, sdk: fp.sdk.total / KiB },
          {
            target: '≤ 0.1 × SDK',
            met: fp.wasm.total <= 0.1 * fp.sdk.total,
            note: fp.wasm.note,
          },
        ),
      );
      rows.push(
        row(
          'footprint.client',
          'installed footprint, the client only (dist/)',
          'KiB',
          { wasm: fp.wasm.client / KiB, sdk: fp.sdk.total / KiB },
          {
            target: '≤ 0.1 × SDK',
            met: fp.wasm.client <= 0.1 * fp.sdk.total,
          },
        ),
      );
    }
  }
  const big = raw.bigfiles;
  if (big) rows.push(...bigFileRows(big));
  return rows;
}

/** The size in words: `1 GiB`, `2.5 GiB`, `8 MiB`. */
const sizeWords = (bytes) =>
  bytes >= 1024 * MiB ? `${round1(bytes / (1024 * MiB))} GiB` : `${round1(bytes / MiB)} MiB`;

/** Files bigger than memory (issue 13, bench/bigfiles.js). @returns {Row[]} */
function bigFileRows(big) {
  const { node } = big;
  const size = sizeWords(node.bytes);
  const rssTarget = { target: '≤ 100 MiB above the idle process', met: (v) => v !== null && v <= 100 };
  const c = node.convert;
  const w = node.roundtrip.wasm;
  const s = node.roundtrip.sdk;
  const rows = [
    row(
      'bigfile.node.convert.rss',
      `Node: convert a ${size} file given as a path, result written to a path: peak RSS above idle`,
      'MiB',
      { wasm: c.aboveIdleMiB },
      {
        target: rssTarget.target,
        met: rssTarget.met(c.aboveIdleMiB),
        note:
          `convert(path, { format: 'pdf', outDir }), fresh process each, median of ${big.reps}: idle ${c.idleRssMiB} MiB ` +
          `(after import, set-up and token), peak (VmHWM) ${c.maxRssMiB} MiB, ${round1(c.ms / 1000)} s. The stub converter ` +
          'answers a small PDF: this row shows the upload side, the next one the download side',
      },
    ),
    row(
      'bigfile.node.roundtrip.rss',
      `Node: upload a ${size} file from a path, download it to a path: peak RSS above idle`,
      'MiB',
      { wasm: w.aboveIdleMiB, sdk: s.aboveIdleMiB },
      {
        target: rssTarget.target,
        met: rssTarget.met(w.aboveIdleMiB),
        note:
          `this client: uploadFile(path) + downloadFile(path, { to }); the SDK takes and answers a Buffer, so fs.readFile ` +
          `and fs.writeFile around it. The result is the input (size and SHA-256, every run). Medians of ${big.reps}: ` +
          `idle ${w.idleRssMiB} / ${s.idleRssMiB} MiB, peak ${w.maxRssMiB} / ${s.maxRssMiB} MiB (this client / SDK)`,
      },
    ),
    row('bigfile.node.roundtrip.time', `Node: upload a ${size} file from a path, download it to a path`, 'ms', {
      wasm: w.ms,
      sdk: s.ms,
    }),
  ];
  const MB = (x) => (Number.isFinite(x) ? round1(x / MiB) : null);
  big.browser.forEach((b, i) => {
    const heap = MB(b.heapGrowthBytes);
    const within = b.ok && heap !== null && heap <= 16;
    const timing = b.ok
      ? `upload ${round1(b.uploadMs / 1000)} s, download ${round1(b.downloadMs / 1000)} s; heap ${MB(b.heapBytes)} MiB ` +
        `after, malloc's bytes in use ${MB(b.heapUsedGrowthBytes)} MiB more`
      : `failed: ${b.error ?? 'the Blob that came back is not the File sent'}`;
    rows.push(
      row(
        i === 0 ? 'bigfile.chromium.heap' : 'bigfile.chromium.huge.heap',
        `Chromium: a ${sizeWords(b.size)} File uploaded, downloaded as a Blob: wasm heap growth`,
        'MiB',
        { wasm: heap },
        {
          target: i === 0 ? '≤ 16 MiB' : 'works (0 failures), ≤ 16 MiB',
          met: within,
          note:
            `${b.size > 2048 * MiB ? "past the wasm32 heap's 2 GiB limit; " : ''}uploadFile(path, file), then ` +
            `downloadFile(path, { as: 'blob' }) checked by size and its first and last MiB; ${timing}`,
        },
      ),
    );
  });
  return rows;
}

const fmt = (x) => {
  if (x === null || x === undefined) return '–';
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
};
const fmtRatio = (x) => (x === null ? '–' : `${x.toFixed(2)}×`);

/** The markdown summary: one line per row, ratios as this client ÷ the other. */
export function markdown(results) {
  const m = results.machine;
  const merged = results.merged
    ? ` The suites ${results.merged.suites.join(', ')} are from this run; the others from the run of ${results.merged.from}.`
    : '';
  const lines = [
    '# Benchmark results',
    '',
    `${results.date}${results.quick ? ' — **quick mode: not real numbers**' : ''}. ${results.versions.package}` +
      `${results.versions.commit ? ` (${results.versions.commit})` : ''} against ` +
      `${results.versions.sdk} and plain \`fetch\`, one run of ${results.durationS} s.${merged}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. ` +
      `Load average (1/5/15 min) before: ${m.loadavgBefore.join(' / ')}, after: ${m.loadavgAfter.join(' / ')}.`,
    '',
    'Ratios are this client ÷ the other: below 1× is better for times, sizes and memory, above 1× for throughput. ' +
      'Medians of interleaved repetitions; see bench/README.md for the method.',
    '',
    '| Measure | unit | this client | official SDK | plain fetch | ÷ SDK | ÷ fetch | target | met |',
    '|---|---|---:|---:|---:|---:|---:|---|:---:|',
  ];
  for (const r of results.rows) {
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.label} | ${r.unit} | ${fmt(r.values.wasm)} | ${fmt(r.values.sdk)} | ${fmt(r.values.fetch)} | ` +
        `${fmtRatio(r.ratios.sdk)} | ${fmtRatio(r.ratios.fetch)} | ${r.target ?? ''} | ${met} |`,
    );
  }
  const notes = results.rows.filter((r) => r.note);
  if (notes.length) {
    lines.push('', 'Notes:', '');
    for (const r of notes) lines.push(`- ${r.label}: ${r.note}`);
  }
  lines.push('');
  return lines.join('\n');
}
