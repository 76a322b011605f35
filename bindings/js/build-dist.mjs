// SPDX-License-Identifier: MIT
// Puts the JS facade into dist/ (called by scripts/build.sh, after it has copied the glues there):
// `node bindings/js/build-dist.mjs dist`.
//
// The facade is written once, as ES modules. Three forms of it go into dist/:
//   - index.web.mjs and index.node.mjs, the browser's and Node's `import`, are each one ES module: the entry,
//     the facade modules it reaches and its glue, bundled by esbuild (issue 13). A browser then fetches one
//     file where it fetched a dozen one after the other, and Node parses one ES module where it also scanned
//     the CommonJS glue for its exports. `new URL('gdconv.wasm', import.meta.url)` stays as written, for the
//     bundlers that users put these files through.
//   - The Deno, Bun and workerd entries are copied as they are, with the facade modules they import: server
//     runtimes read files from disk, and one bundle more would add the glue to the package again.
//   - Node's `require` gets dist/index.cjs, made here by a deliberately small transform: each module
//     reachable from index.node.mjs becomes a function scope in one file, its `import`s become `require()`s
//     or references to the earlier scopes, its `export`s become the scope's return value, and
//     `import.meta.url` becomes the file's URL. It accepts only the import/export forms the facade uses and
//     fails the build on anything else, so it cannot silently mistranslate. (A CommonJS file cannot load ESM
//     synchronously in Node 20.)

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
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
// The entries bundled into one ES module each, with their platform for esbuild.
const bundled = { node: 'node', web: 'browser' };
// The Node bundle holds the CommonJS glue, which reads gdconv.wasm with `require('fs')` when a caller passes
// locateFile, and its own path from `__filename`: an ES module has neither, so the bundle defines both, as
// CommonJS would (`import.meta.url` is the bundle's, which sits where the glue did).
const NODE_BANNER = [
  "import { createRequire as gdconvCreateRequire } from 'node:module';",
  "import { fileURLToPath as gdconvFileURLToPath } from 'node:url';",
  'const require = gdconvCreateRequire(import.meta.url);',
  'const __filename = gdconvFileURLToPath(import.meta.url);',
].join('\n');

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

/**
 * One entry, its facade modules and its glue (already in outDir) bundled into outDir/<entry>.
 * @param {string} outDir @param {keyof typeof bundled} name
 */
async function bundle(outDir, name) {
  const entry = entries[name];
  await build({
    entryPoints: [join(here, entry)],
    outfile: join(outDir, entry),
    bundle: true,
    format: 'esm',
    platform: /** @type {'node' | 'browser'} */ (bundled[name]),
    // What the facade is written in (private fields, static blocks): nothing to lower. Minified afterwards
    // with the rest of dist/ (minify-dist.mjs).
    target: 'es2022',
    banner: name === 'node' ? { js: NODE_BANNER } : undefined,
    legalComments: 'inline',
    logLevel: 'warning',
    plugins: [
      {
        // The glue is a build product, in dist/ rather than beside the facade's sources.
        name: 'glue-from-dist',
        setup(b) {
          b.onResolve({ filter: /^\.\/gdconv\.(mjs|cjs)$/ }, (args) => ({ path: join(outDir, args.path.slice(2)) }));
        },
      },
    ],
  });
}

/** @param {string} outDir */
async function main(outDir) {
  mkdirSync(outDir, { recursive: true });
  const files = new Set();
  for (const [name, entry] of Object.entries(entries)) {
    if (Object.hasOwn(bundled, name)) continue;
    for (const { file } of graph(entry)) files.add(file);
  }
  for (const file of files) writeFileSync(join(outDir, basename(file)), readFileSync(file));
  for (const name of /** @type {(keyof typeof bundled)[]} */ (Object.keys(bundled))) await bundle(outDir, name);
  writeFileSync(join(outDir, 'index.cjs'), commonjs(entries.node));
  const types = readFileSync(join(bindings, 'index.d.ts'));
  writeFileSync(join(outDir, 'index.d.ts'), types);
  // The same declarations as CommonJS types for the `require` condition (TypeScript reads a .d.ts in a
  // "type": "module" package as ESM).
  writeFileSync(join(outDir, 'index.d.cts'), types);
  const made = [...files].map((f) => basename(f));
  for (const [name, entry] of Object.entries(entries)) if (Object.hasOwn(bundled, name)) made.push(`${entry} (bundle)`);
  console.log(`build-dist: ${made.join(' ')} index.cjs index.d.ts index.d.cts -> ${outDir}`);
}

main(resolve(process.argv[2] ?? 'dist')).catch((err) => {
  console.error(`build-dist: ${err?.stack ?? err}`);
  process.exit(1);
});
