// SPDX-License-Identifier: MIT
// The reference parts of the docs are derived from the code, so that they cannot drift (issue 19):
// - docs/api.md's method list is generated here from the facade's rows (bindings/js/methods.js), the core's
//   table (src/core/methods.h: group, verb, route, whether a retry is safe) and the declarations
//   (bindings/index.d.ts: parameters, options, result, description); the test prints the list it expects;
// - docs/api.md's create options and error codes are index.d.ts's;
// - docs/cli.md's exit codes are bin/cli/errors.js's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { METHOD_ROWS } from '../../bindings/js/methods.js';
import { EXIT } from '../../bin/cli/errors.js';

const read = (path) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');
const [dts, methodsH, apiMd, cliMd] = await Promise.all([
  read('bindings/index.d.ts'),
  read('src/core/methods.h'),
  read('docs/api.md'),
  read('docs/cli.md'),
]);

/** The methods written by hand beside the rows, and what they do instead of one request. */
const FLOWS = {
  waitForOperation: '`getOperationStatus`, at growing intervals ([reliability.md](reliability.md))',
  convert:
    'the requests of `uploadFile`, `startConvertAndSave`, `waitForOperation` and `downloadFile`, or with ' +
    '`direct: true` of `startConvert`, `waitForOperation` and `getOperationResult` ([convert()](#convert))',
  close: 'no request',
};

// ----- index.d.ts, read just enough -----

const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** The text between the `{` at `open` and its matching `}`. */
function braced(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces in index.d.ts');
}

/** Splits at `separator` outside (), {}, <>. */
function splitTopLevel(text, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ('({<'.includes(c)) depth++;
    else if (')}>'.includes(c) && !(c === '>' && text[i - 1] === '=')) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, text.slice(start)].map((p) => p.trim()).filter(Boolean);
}

// A type's members: name → whether it is optional, or ABSENT for one typed `never` or `undefined` (which
// removes it from an intersection: `ConvertSettings & { outputPath?: undefined }` has no outputPath).
const ABSENT = null;

/** The members of an object type's body. */
function membersOf(body) {
  const members = new Map();
  for (const member of splitTopLevel(withoutComments(body), ';')) {
    const m = /^(?:readonly\s+)?(\w+)(\??):\s*([\s\S]*)$/.exec(member);
    if (m) members.set(m[1], ['never', 'undefined'].includes(m[3].trim()) ? ABSENT : m[2] === '?');
  }
  return members;
}

const present = (members) => [...members].filter(([, optional]) => optional !== ABSENT);

/** An interface's or type alias's members, with what it extends; null if the name is not declared here. */
function namedMembers(name) {
  const iface = new RegExp(`^(?:export )?interface ${name}\\b(?: extends ([\\w, ]+))?\\s*\\{`, 'm').exec(dts);
  if (iface) {
    const members = new Map();
    for (const base of iface[1]?.split(',').map((s) => s.trim()) ?? [])
      for (const [k, v] of typeMembers(base) ?? []) members.set(k, v);
    for (const [k, v] of membersOf(braced(dts, iface.index + iface[0].length - 1))) members.set(k, v);
    return new Map(present(members));
  }
  const alias = new RegExp(`^export type ${name} = ([^;]+);`, 'm').exec(dts);
  return alias ? typeMembers(alias[1]) : null;
}

/** The members of a type expression (`A & { b?: string }`, `A | B`), or null if they cannot be told. */
function typeMembers(type) {
  type = type.trim();
  const union = splitTopLevel(type, '|');
  if (union.length > 1) {
    const variants = union.map(typeMembers);
    if (variants.some((v) => v === null)) return null;
    // Optional unless every variant requires it.
    const members = new Map();
    for (const variant of variants)
      for (const [k, optional] of present(variant)) members.set(k, (members.get(k) ?? false) || optional);
    for (const [k] of members)
      if (variants.some((v) => v.get(k) === undefined || v.get(k) === ABSENT)) members.set(k, true);
    return members;
  }
  const parts = splitTopLevel(type, '&');
  if (parts.length > 1) {
    const members = new Map();
    for (const part of parts) {
      const more = typeMembers(part);
      if (more === null) return null;
      for (const [k, v] of more) members.set(k, v);
    }
    return new Map(present(members));
  }
  if (type.startsWith('{')) return membersOf(braced(type, 0));
  return /^\w+$/.test(type) ? namedMembers(type) : null;
}

const CALL_OPTIONS = [...namedMembers('CallOptions').keys()];

/** `{ a, b?, c? }`: an object type's members, without those every call takes. */
function objectShape(type) {
  const members = typeMembers(type);
  if (members === null) return null;
  const own = present(members).filter(([k]) => !CALL_OPTIONS.includes(k));
  return own.length === 0 ? null : `{ ${own.map(([k, optional]) => k + (optional ? '?' : '')).join(', ')} }`;
}

/** ConversionClient's methods in index.d.ts: name → { doc, params: [{ name, optional, type }], result }. */
function declaredMethods() {
  const start = dts.indexOf('export declare class ConversionClient {');
  const body = braced(dts, dts.indexOf('{', start));
  const methods = new Map();
  const declaration = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?^ {2}(\w+)\(/gm;
  for (let m; (m = declaration.exec(body));) {
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < body.length; end++) if ((depth += { '(': 1, ')': -1 }[body[end]] ?? 0) === 0) break;
    const params = splitTopLevel(withoutComments(body.slice(m.index + m[0].length, end)), ',').map((p) => {
      const [, name, optional, type] = /^(\w+)(\??):\s*([\s\S]*)$/.exec(p.trim());
      return { name, optional: optional === '?', type };
    });
    const result = /^\s*:\s*(?:Promise<(.+)>|(\w+));/.exec(body.slice(end + 1));
    // The first sentence of its JSDoc.
    const doc =
      /^.*?[.!?](?= |$)/.exec(
        (m[1] ?? '')
          .replace(/^\s*\* ?/gm, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )?.[0] ?? '';
    methods.set(m[2], { doc, params, result: result[1] ?? result[2] });
  }
  return methods;
}

// ----- methods.h: group, verb, route, retry -----

/** The core's rows: name → { group, verb, route, once }. */
function coreRows() {
  const table = methodsH.slice(methodsH.indexOf('kMethods[] = {'));
  const rows = new Map();
  let group = null;
  const entry = /\/\/ ---- (\w+)|\{"(\w+)", Verb::k(\w+), "([^"]*)"[\s\S]*?\b(kRetrySafe|kOnce)\b/g;
  for (const [, heading, name, verb, route, retry] of table.slice(0, table.indexOf('\n};')).matchAll(entry)) {
    if (heading) group = heading;
    else
      rows.set(name, {
        group,
        verb: verb.toUpperCase(),
        route: `/conversion${route ? `/${route}` : ''}`,
        once: retry === 'kOnce',
      });
  }
  return rows;
}

// ----- the list -----

function signature(name, { params }) {
  const shown = params.map((p) => {
    const shape = p.name === 'options' || p.name === 'settings' ? objectShape(p.type) : null;
    if (shape === null) return p.name === 'options' ? null : `${p.name}${p.optional ? '?' : ''}`;
    return p.optional ? `${shape}?` : shape;
  });
  return `${name}(${shown.filter(Boolean).join(', ')})`;
}

const resultOf = ({ result }) => (result === 'void' ? 'nothing' : `\`${result}\``);

/** docs/api.md's method list, as it must read. */
function methodList() {
  const declared = declaredMethods();
  const core = coreRows();
  const lines = [];
  let group = null;
  for (const row of METHOD_ROWS) {
    const { verb, route, once, group: rowGroup } = core.get(row.name);
    if (rowGroup !== group) {
      group = rowGroup;
      lines.push('', `### ${group}`, '');
    }
    const method = declared.get(row.name);
    lines.push(
      `- \`${signature(row.name, method)}\` → ${resultOf(method)}: \`${verb} ${route}\`${once ? ', *once*' : ''}. ${method.doc}`,
    );
  }
  lines.push('', '### Beside the API', '');
  for (const [name, what] of Object.entries(FLOWS)) {
    const method = declared.get(name);
    lines.push(`- \`${signature(name, method)}\` → ${resultOf(method)}: ${what}. ${method.doc}`);
  }
  return `${lines.join('\n').trim()}\n`;
}

const between = (text, begin, end) => {
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  assert.ok(from >= 0 && to > from, `${begin} … ${end} not found`);
  return text.slice(from + begin.length, to).trim();
};

/** The first column of the table that follows `heading`, backticks removed, split at commas. */
function firstColumn(text, heading) {
  const section = text.slice(text.indexOf(heading));
  const table = /\n\|[^\n]*\|\n\|[-| :]+\|\n((?:\|[^\n]*\|\n)+)/.exec(section);
  assert.ok(table, `no table after ${heading}`);
  return table[1]
    .trim()
    .split('\n')
    .flatMap((line) =>
      line
        .split('|')[1]
        .split(',')
        .map((c) => c.replace(/`/g, '').trim()),
    );
}

test('docs/api.md lists every method as the rows, the core and index.d.ts say', () => {
  const expected = methodList();
  const actual = between(apiMd, '<!-- methods: begin -->', '<!-- methods: end -->');
  assert.equal(`${actual}\n`, expected, `docs/api.md's method list should read:\n\n${expected}`);
  // The list covers every declared method, so a method without a row or a flow entry fails here.
  for (const name of declaredMethods().keys()) if (name !== 'create') assert.ok(expected.includes(`\`${name}(`), name);
});

test('the method list reads the declarations it is built from', () => {
  const list = methodList();
  assert.match(
    list,
    /^- `copyFile\(srcPath, destPath, \{ srcStorageName\?, destStorageName\?, versionId\? \}\?\)` → nothing: `PUT \/conversion\/storage\/file\/copy\/\{srcPath\}`\. Copies/m,
  );
  assert.match(
    list,
    /^- `startConvertAndSave\(\{ filePath, format, outputPath\?, storageName\?, loadOptions\?, convertOptions\?, fontsPath\? \}\)` → `string`: `POST \/conversion\/async`, \*once\*\./m,
  );
  assert.match(
    list,
    /^- `convertDocumentDirect\(input, \{ format, fileName\?, fromPage\?, pagesCount\?, loadOptions\?, convertOptions\?, onProgress\? \}\)` → `Bytes`: `PUT \/conversion`\. /m,
  );
  assert.match(
    list,
    /^- `convert\(input, \{ format, fileName\?, loadOptions\?, convertOptions\?, onProgress\?, outDir\?, as\?, direct\?, outputPath\?, storageName\?, keepFiles\? \}\)` → `ConvertResult`/m,
  );
  assert.match(list, /^- `getFilesList\(path\?, \{ storageName\? \}\?\)` → `FilesList`/m);
  assert.match(list, /^- `getLicenseInfo\(\)` → `LicenseInfo`/m);
  assert.equal(list.match(/^### /gm).length, 8, 'seven API classes and the rest');
});

test("docs/api.md's create options are index.d.ts's", () => {
  const declared = new Set(
    ['CredentialsOptions', 'AccessTokenOptions'].flatMap((name) => [...namedMembers(name).keys()]),
  );
  assert.deepEqual(firstColumn(apiMd, '## Creating a client').sort(), [...declared].sort());
});

test("docs/api.md's error codes are index.d.ts's ErrorCode", () => {
  const union = /export type ErrorCode =([^;]+);/.exec(dts)[1];
  const codes = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]);
  assert.ok(codes.length >= 10);
  assert.deepEqual(firstColumn(apiMd, '## Errors'), codes);
});

test("docs/cli.md's exit codes are the CLI's", () => {
  assert.deepEqual(firstColumn(cliMd, '## groupdocs-convert').map(Number), Object.values(EXIT));
});
