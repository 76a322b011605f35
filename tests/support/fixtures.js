// SPDX-License-Identifier: MIT
/**
 * Test documents, made by the project itself: small hand-written sources in tests/fixtures/sources
 * (flat ODF, CSV) are converted by our own converter into the binary fixtures the tests use (docx, xlsx,
 * an encrypted docx, …), cached in .cache/fixtures and rebuilt when a source (or this file) is newer.
 *
 * Safe under `node --test`, which runs test files in parallel processes: one process builds while the
 * others wait on a lock directory, and every file is written to a temp name and renamed into place, so
 * nobody ever reads half a fixture.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './file-lock.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = join(ROOT, 'tests', 'fixtures', 'sources');
const CACHE = join(ROOT, '.cache', 'fixtures');
const LOCK = join(CACHE, '.lock');
const SELF = fileURLToPath(import.meta.url);

/** Password of every encrypted fixture (the official SDK tests use the same). */
export const FIXTURE_PASSWORD = 'password';

/** The built fixtures of one source, one per format: `${stem}.${format}` → its recipe. */
const builtFrom = (source, formats, convertOptions) =>
  Object.fromEntries(
    formats.map((format) => [
      `${source.slice(0, source.lastIndexOf('.'))}.${format}`,
      { source, format, ...(convertOptions ? { convertOptions } : {}) },
    ]),
  );

/**
 * Built fixtures: name → { source (in tests/fixtures/sources), target format, convertOptions }.
 * password-protected.docx is real ECMA-376 encrypted OOXML (a CFB holding EncryptionInfo), like the
 * official SDK's fixture of the same name.
 */
export const BUILT_FIXTURES = Object.freeze({
  ...builtFrom('four-pages.fodt', ['docx', 'doc', 'odt', 'rtf', 'pdf']),
  ...builtFrom('one-page.fodt', ['docx']),
  ...builtFrom('password-protected.fodt', ['docx', 'pdf'], { password: FIXTURE_PASSWORD }),
  ...builtFrom('sheet.fods', ['xlsx', 'xls', 'ods']),
  ...builtFrom('slides.fodp', ['pptx', 'ppt', 'odp']),
  ...builtFrom('review.fodt', ['docx']),
  ...builtFrom('missing-font.fodt', ['docx']),
  ...builtFrom('commented.fodt', ['docx']),
  ...builtFrom('hidden.fods', ['xlsx']),
  ...builtFrom('hidden-slide.fodp', ['pptx']),
  ...builtFrom('outline.fodt', ['docx']),
});

const mtime = async (path) => (await stat(path).catch(() => null))?.mtimeMs ?? 0;

async function isStale(name) {
  const spec = BUILT_FIXTURES[name];
  const built = await mtime(join(CACHE, name));
  return built === 0 || built < (await mtime(join(SOURCES, spec.source))) || built < (await mtime(SELF));
}

async function staleNames() {
  const names = [];
  for (const name of Object.keys(BUILT_FIXTURES)) if (await isStale(name)) names.push(name);
  return names;
}

async function build(names) {
  // Imported lazily: a process whose fixtures are all cached never starts LibreOffice.
  const { createConverter } = await import('../../server/converters/index.js');
  const converter = createConverter({ workers: 1 });
  try {
    for (const name of names) {
      const spec = BUILT_FIXTURES[name];
      const sourceFormat = spec.source.slice(spec.source.lastIndexOf('.') + 1);
      const [file] = await converter.convert({
        bytes: await readFile(join(SOURCES, spec.source)),
        sourceFormat,
        targetFormat: spec.format,
        baseName: name,
        convertOptions: spec.convertOptions ?? {},
      });
      const tmp = join(CACHE, `.${name}.${process.pid}.tmp`);
      await writeFile(tmp, file.bytes);
      await rename(tmp, join(CACHE, name));
    }
  } finally {
    await converter.close();
  }
}

let ensuring = null;
/** Build every stale fixture once per process (one LibreOffice start for all of them). */
function ensureBuilt() {
  ensuring ??= (async () => {
    if ((await staleNames()).length === 0) return;
    await mkdir(CACHE, { recursive: true });
    await withLock(LOCK, async () => {
      const stale = await staleNames(); // another process may have built them while we waited
      if (stale.length > 0) await build(stale);
    });
  })().catch((err) => {
    ensuring = null; // let a later call retry
    throw err;
  });
  return ensuring;
}

/**
 * Absolute path of a test document: a built fixture (see BUILT_FIXTURES) or a source file as is
 * (four-pages.fodt, one-page.fodt, password-protected.fodt, sheet.fods, slides.fodp, plain.csv).
 * @param {string} name
 * @returns {Promise<string>}
 */
export async function fixturePath(name) {
  if (Object.hasOwn(BUILT_FIXTURES, name)) {
    await ensureBuilt();
    return join(CACHE, name);
  }
  const source = join(SOURCES, name);
  if (dirname(source) === SOURCES && (await mtime(source)) > 0) return source;
  throw new Error(`No test fixture named ${name}`);
}

/** The bytes of a fixture. */
export async function fixtureBytes(name) {
  return readFile(await fixturePath(name));
}
