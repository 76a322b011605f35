// SPDX-License-Identifier: MIT
// ESLint: correctness rules only (issue 19, item 5); the layout is Prettier's (.prettierrc.json). A gate of
// scripts/lint.sh. Each folder gets the globals of where it runs: Node, the browser, or both.

import { readdirSync, readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';

// The transport's pre-js files (src/transport/js/) are classic scripts that Emscripten pastes, in the order
// of CMakeLists.txt, into the glue's MODULARIZE factory: they see the glue's own names and each other's
// top-level `var`s and functions (see transport-state.pre.js). The node-*.pre.js files are in the Node glue only.
const PRE_JS = readdirSync(new URL('src/transport/js/', import.meta.url))
  .filter((name) => name.endsWith('.pre.js'))
  .map((name) => `src/transport/js/${name}`);

/** The names a pre-js file declares at its top level (`var X` or `function X`, at the start of a line). */
function topLevelNames(file) {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  return [...source.matchAll(/^(?:var|function) +([\w$]+)/gm)].map((m) => m[1]);
}

// What the pre-js files use of Emscripten 3.1.6's glue (its src/preamble.js, Fetch.js, the MODULARIZE wrapper's
// _scriptDir (src/shell.js, emcc.py) and the exported functions of bindings/embind.cpp and
// src/transport/fetch_transport.cpp).
const GLUE_GLOBALS = ['Module', 'Fetch', 'HEAPU8', '_malloc', '_free', '_gdconv_on_upload_progress', '_scriptDir'];

const readonly = (names) => Object.fromEntries(names.map((name) => [name, 'readonly']));

export default [
  {
    ignores: ['dist/', 'build/', 'build-*/', 'test-output/', '.cache/', 'node_modules/'],
  },
  // Deno's entry imports gdconv.wasm with a source phase import (`import source`, a stage 3 proposal), which
  // ESLint's parser (espree) cannot read yet; its calls are those of the other entries. tsc skips it too
  // (bindings/tsconfig.json), Prettier reads it.
  {
    ignores: ['bindings/js/index.deno.mjs'],
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.node },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': ['error', { destructuring: 'all' }],
      'no-constant-binary-expression': 'error',
      'no-self-compare': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
      // A use before the declaration in the same scope (a temporal dead zone error); a closure that runs
      // later may name a binding declared below it.
      'no-use-before-define': ['error', { functions: false, classes: false, variables: false }],
      'no-template-curly-in-string': 'error',
      'no-constructor-return': 'error',
      'no-new-native-nonconstructor': 'error',
      'no-unused-private-class-members': 'error',
      'no-useless-assignment': 'error',
      'no-shadow-restricted-names': 'error',
      'no-throw-literal': 'error',
      'prefer-promise-reject-errors': 'error',
      'no-return-assign': ['error', 'except-parens'],
      'array-callback-return': 'error',
      'no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      'no-sequences': 'error',
      'no-new-wrappers': 'error',
      'no-extend-native': 'error',
      'default-case-last': 'error',
      // The package runs under a strict CSP (no 'unsafe-eval'): no code from strings anywhere.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      // Off: its findings here were all false positives or idioms.
      //  - require-atomic-updates reports any assignment after an await to a property read before it.
      //  - no-promise-executor-return reports `new Promise((r) => setTimeout(r, ms))`.
      //  - no-control-regex: every control character in a regex here is meant (ANSI escapes, the
      //    characters a storage path must not contain).
      'require-atomic-updates': 'off',
      'no-promise-executor-return': 'off',
      'no-control-regex': 'off',
    },
  },
  // The facade's shared files run in Node and in browsers alike: only the globals the two have in common.
  {
    files: ['bindings/js/*.js'],
    languageOptions: { globals: globals['shared-node-browser'] },
  },
  {
    files: ['bindings/js/index.web.mjs', 'web/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  // The browser tests drive a page from Node: their page.evaluate() callbacks run in the page.
  {
    files: ['tests/browser/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['tests/browser/assets/**/*.js'],
    languageOptions: { globals: globals.worker },
  },
  ...PRE_JS.map((file) => ({
    files: [file],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: {
        ...(file.includes('/node-') ? globals.node : globals['shared-node-browser']),
        ...readonly(GLUE_GLOBALS),
        ...readonly(PRE_JS.filter((other) => other !== file).flatMap(topLevelNames)),
      },
    },
    rules: {
      // The glue's dialect: `var`, as Emscripten's own JS. Top-level names are for the other files.
      'no-var': 'off',
      'no-unused-vars': ['error', { vars: 'local', args: 'after-used', caughtErrors: 'none' }],
    },
  })),
];
