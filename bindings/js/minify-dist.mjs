// SPDX-License-Identifier: MIT
// Minifies the JS in dist/ in place (called by scripts/build.sh after build-dist.mjs):
// `node bindings/js/minify-dist.mjs dist`.
//
// What a browser downloads is the glue plus the facade; unminified (JSDoc, long local names) they were
// 34 KB gzip, minified 19 KB (bench/README.md). Local names are mangled, property names never (the glue
// reaches its exports as Module["…"] and the facade's API is its properties), class names are kept
// (ApiError in stack traces), and the SPDX line of each file survives. The readable sources are
// bindings/js/ and the Emscripten link in build/.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { minify } from 'terser';

/** @param {string} file @param {string} code */
async function minifyOne(file, code) {
  const esm = /\.(mjs|js)$/.test(file); // "type": "module": .js is ESM here; .cjs is CommonJS
  const result = await minify(code, {
    ecma: 2020,
    module: esm,
    compress: { passes: 2 },
    mangle: true,
    keep_classnames: true,
    // One statement per line where a semicolon would be: the same size, and each import starts a line (which
    // line-based tools, and tests/node/client-package.test.js, read).
    format: { comments: /SPDX-License-Identifier|@license/, semicolons: false },
  });
  if (typeof result.code !== 'string') throw new Error(`${file}: terser produced nothing`);
  return result.code;
}

/** @param {string} dir */
async function main(dir) {
  const files = (await readdir(dir)).filter((f) => /\.(mjs|cjs|js)$/.test(f));
  let before = 0;
  let after = 0;
  for (const file of files) {
    const path = join(dir, file);
    const code = await readFile(path, 'utf8');
    const small = await minifyOne(file, code);
    await writeFile(path, small);
    before += Buffer.byteLength(code);
    after += Buffer.byteLength(small);
  }
  console.log(`minify-dist: ${files.length} files, ${before} -> ${after} bytes`);
}

main(resolve(process.argv[2] ?? 'dist')).catch((err) => {
  console.error(`minify-dist: ${err?.stack ?? err}`);
  process.exit(1);
});
