// SPDX-License-Identifier: MIT
// Puts the JS facade into dist/ (called by scripts/build.sh, after it has copied the glues there):
// `node bindings/js/build-dist.mjs dist`.
//
// The facade is written once, as ES modules. Three forms of it go into dist/:
//   - index.web.mjs and index.node.mjs, the browser's and Node's `import`, are each one ES module: the entry,
//     the facade modules it reaches and its glue, bundled by esbuild (issue 13). A browser then fetches one
//     file where it fetched a dozen one after the other (a fresh Chromium context pays ~40 ms for each file
//     it finds only by parsing another: bench/results.md), and Node parses one ES module where it also scanned
//     the CommonJS glue for its exports. `new URL('gdconv.wasm', import.meta.url)` stays as written, for the
//     bundlers that users put these files through.
//   - Deno's, Bun's and workerd's entries read their files from disk or from a deployed bundle, where one file
//     more costs nothing: they are bundled together with code splitting, each entry a small module and what
//     they share (the ES-module glue and most of the facade) in chunks (dist/chunk-*.mjs), held once.
//   - The `groupdocs-convert` CLI (bin/, its readable source) is bundled into dist/groupdocs-convert.mjs, which
//     package.json's `bin` names: one small file in the package instead of five (issue 13: installed size). It
//     imports the client and the local server by package name, so neither is copied into it.
//   - Node's `require` gets dist/index.cjs, made here by a deliberately small transform: each module
//     reachable from index.node.mjs becomes a function scope in one file, its `import`s become `require()`s
//     or references to the earlier scopes, its `export`s become the scope's return value, and
//     `import.meta.url` becomes the file's URL. It accepts only the import/export forms the facade uses and
//     fails the build on anything else, so it cannot silently mistranslate. (A CommonJS file cannot load ESM
//     synchronously in Node 20.)

import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve, relative, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const bindings = dirname(here);
// One per condition of package.json's exports map that needs its own (docs/runtimes.md).
const entries = {
  node: 'index.node.mjs',
  web: 'index.web.mjs',
  deno: 'index.deno.mjs',
  bun: 'index.bun.mjs',
  workerd: 'index.workerd.mjs',
};
// The CLI's entry in bin/.
const CLI = 'groupdocs-convert.js';
// The entries bundled alone, with their platform for esbuild; the others are bundled together, sharing chunks.
const alone = { node: 'node', web: 'browser' };
const split = [entries.deno, entries.bun, entries.workerd];
// The Node bundle holds the CommonJS glue, which reads gdconv.wasm with `require('fs')` when a caller passes
// locateFile, and its own path from `__filename`: an ES module has neither, so the bundle defines both, as
// CommonJS would (`import.meta.url` is the bundle's, which sits where the glue did).
const NODE_BANNER = [
  "import { createRequire as gdconvCreateRequire } from 'node:module';",
  "import { fileURLToPath as gdconvFileURLToPath } from 'node:url';",
  'const require = gdconvCreateRequire(import.meta.url);',
  'const __filename = gdconvFileURLToPath(import.meta.url);',
].join('\n');

// dist/index.d.ts: the types of every entry but `require`'s.
const ES_TYPES = "// SPDX-License-Identifier: MIT\nexport * from './index.cjs';\n";

const IMPORT = /^import\s+(?:(\w+)|\{([^}]*)\}|\*\s+as\s+(\w+))\s+from\s+'([^']+)';\s*$/;
// A source phase import (`import source m from './gdconv.wasm'`, index.deno.mjs): kept as it is, ESM only.
const SOURCE_IMPORT = /^import\s+source\s+\w+\s+from\s+'([^']+)';\s*$/;
const EXPORT_DECL = /^export\s+((?:async\s+)?function\*?|class|const|let)\s+(\w+)/;
const EXPORT_LIST = /^export\s+\{([^}]*)\};\s*$/;
// `import.meta.url` in dist/index.cjs: the URL of that file, which sits where the ES modules do (dist/).
const MODULE_URL = "require('node:url').pathToFileURL(__filename).href";

/**
 * `a, b as c` → [['a', 'a'], ['b', 'c']] (imported name, local/exported name)
 * @param {string} list
 * @returns {[string, string][]}
 */
function names(list) {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(\w+)(?:\s+as\s+(\w+))?$/.exec(s);
      if (!m) throw new Error(`cannot translate the name list: ${list}`);
      return [m[1], m[2] ?? m[1]];
    });
}

// A relative import of a file in bindings/js is part of the facade; anything else (the glue in dist/, Node
// built-ins) is required at run time.
/** @type {(from: string, spec: string) => boolean} */
const isFacadeModule = (from, spec) => spec.startsWith('./') && existsSync(resolve(dirname(from), spec));
/** @type {(file: string) => string} */
const scopeName = (file) =>
  `__${basename(file)
    .replace(/\.m?js$/, '')
    .replace(/\W/g, '_')}`;

/**
 * @typedef {{ body: string, deps: string[], exported: [string, string][], esmOnly: boolean }} ParsedModule
 */

/**
 * Parses one facade module into its body (imports and export keywords removed) and its links.
 * @param {string} file
 * @returns {ParsedModule}
 */
function parse(file) {
  const text = readFileSync(file, 'utf8');
  const code = text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n');
  // import.meta.url has a CommonJS form (MODULE_URL); the rest of import.meta, import() and source imports do not.
  const esmOnly = /\bimport\.meta\b(?!\.url\b)|\bimport\s*\(|^import\s+source\s/m.test(code);
  /** @type {string[]} */
  const deps = [];
  /** @type {[string, string][]} */
  const exported = [];
  const lines = text.split('\n').map((line, i) => {
    if (/^import[\s{*]/.test(line)) {
      const source = SOURCE_IMPORT.exec(line);
      if (source && !isFacadeModule(file, source[1])) return line;
      const m = IMPORT.exec(line);
      if (!m) throw new Error(`${file}:${i + 1}: unsupported import: ${line}`);
      const [, def, list, star, spec] = m;
      if (isFacadeModule(file, spec)) {
        if (!list) throw new Error(`${file}:${i + 1}: import facade modules by name: ${line}`);
        deps.push(spec);
        const binding = names(list)
          .map(([a, b]) => (a === b ? a : `${a}: ${b}`))
          .join(', ');
        return `const { ${binding} } = ${scopeName(spec)};`;
      }
      if (list) {
        const binding = names(list)
          .map(([a, b]) => (a === b ? a : `${a}: ${b}`))
          .join(', ');
        return `const { ${binding} } = require('${spec}');`;
      }
      return `const ${def ?? star} = require('${spec}');`;
    }
    if (/^export[\s{*]/.test(line)) {
      let m = EXPORT_DECL.exec(line);
      if (m) {
        exported.push([m[2], m[2]]);
        return line.replace(/^export\s+/, '');
      }
      m = EXPORT_LIST.exec(line);
      if (m) {
        exported.push(...names(m[1]));
        return '';
      }
      throw new Error(`${file}:${i + 1}: unsupported export: ${line}`);
    }
    return line.replace(/\bimport\.meta\.url\b/g, MODULE_URL);
  });
  return { body: lines.join('\n').trimEnd(), deps, exported, esmOnly };
}

/**
 * The facade modules reachable from `entry`, dependencies first.
 * @param {string} entry
 * @returns {(ParsedModule & { file: string })[]}
 */
function graph(entry) {
  /** @type {(ParsedModule & { file: string })[]} */
  const order = [];
  const seen = new Set();
  /** @param {string} file */
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const mod = parse(file);
    for (const dep of mod.deps) visit(resolve(dirname(file), dep));
    order.push({ file, ...mod });
  };
  visit(join(here, entry));
  return order;
}

/** @param {string} entry */
function commonjs(entry) {
  const modules = graph(entry);
  const out = ["'use strict';", `// Generated from bindings/js/${entry} by bindings/js/build-dist.mjs. Do not edit.`];
  for (const { file, body, exported, esmOnly } of modules) {
    if (esmOnly) throw new Error(`${file}: import.meta and import() have no CommonJS form`);
    const exports = exported.map(([local, name]) => (local === name ? local : `${name}: ${local}`)).join(', ');
    out.push(
      '',
      `// ---- ${relative(bindings, file)}`,
      `const ${scopeName(file)} = (() => {`,
      body,
      `return { ${exports} };`,
      '})();',
    );
  }
  out.push('', `module.exports = ${scopeName(entry)};`, '');
  return out.join('\n');
}

// The glue is a build product, in dist/ rather than beside the facade's sources.
/** @param {string} outDir @returns {import('esbuild').Plugin} */
const glueFromDist = (outDir) => ({
  name: 'glue-from-dist',
  setup(b) {
    b.onResolve({ filter: /^\.\/gdconv\.(mjs|cjs)$/ }, (args) => ({ path: join(outDir, args.path.slice(2)) }));
  },
});

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'esm',
  // What the facade is written in (private fields, static blocks): nothing to lower. `esnext` rather than
  // es2022 only so that Deno's source phase import passes through. Minified afterwards with the rest of dist/
  // (minify-dist.mjs).
  target: 'esnext',
  legalComments: 'inline',
  logLevel: 'warning',
};

/** @param {string} outDir @param {keyof typeof alone} name */
async function bundleAlone(outDir, name) {
  await build({
    ...common,
    entryPoints: [join(here, entries[name])],
    outfile: join(outDir, entries[name]),
    platform: /** @type {'node' | 'browser'} */ (alone[name]),
    banner: name === 'node' ? { js: NODE_BANNER } : undefined,
    plugins: [glueFromDist(outDir)],
  });
}

/** @param {string} outDir */
async function bundleCli(outDir) {
  await build({
    ...common,
    entryPoints: [join(dirname(bindings), 'bin', CLI)],
    outfile: join(outDir, CLI.replace(/\.js$/, '.mjs')),
    platform: 'node',
    // groupdocs-conversion-wasm (the package itself) and the local server stay imports.
    packages: 'external',
  });
}

/** @param {string} outDir @returns {Promise<string[]>} the files written */
async function bundleSplit(outDir) {
  const result = await build({
    ...common,
    entryPoints: split.map((entry) => join(here, entry)),
    outdir: outDir,
    splitting: true,
    // No platform defaults: Bun's and Deno's entries import node: built-ins, the others none.
    platform: 'neutral',
    external: ['node:*', './gdconv.wasm'],
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    plugins: [glueFromDist(outDir)],
  });
  return Object.keys(result.metafile?.outputs ?? {}).map((f) => basename(f));
}

/** @param {string} outDir */
async function main(outDir) {
  mkdirSync(outDir, { recursive: true });
  const made = [];
  for (const name of /** @type {(keyof typeof alone)[]} */ (Object.keys(alone))) {
    await bundleAlone(outDir, name);
    made.push(`${entries[name]} (bundle)`);
  }
  made.push(...(await bundleSplit(outDir)));
  await bundleCli(outDir);
  made.push(`${CLI.replace(/\.js$/, '.mjs')} (bundle)`);
  // Bundled into the files above; index.cjs requires gdconv.cjs, which stays.
  rmSync(join(outDir, 'gdconv.mjs'));
  writeFileSync(join(outDir, 'index.cjs'), commonjs(entries.node));
  // The declarations once, as CommonJS types for the `require` condition (TypeScript reads a .d.ts in a
  // "type": "module" package as ESM, which a CommonJS consumer may not import); the ES-module types re-export
  // them, as an ES module may import CommonJS.
  writeFileSync(join(outDir, 'index.d.cts'), readFileSync(join(bindings, 'index.d.ts')));
  writeFileSync(join(outDir, 'index.d.ts'), ES_TYPES);
  console.log(`build-dist: ${made.join(' ')} index.cjs index.d.ts index.d.cts -> ${outDir}`);
}

main(resolve(process.argv[2] ?? 'dist')).catch((err) => {
  console.error(`build-dist: ${err?.stack ?? err}`);
  process.exit(1);
});
