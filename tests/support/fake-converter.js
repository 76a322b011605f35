// SPDX-License-Identifier: MIT
// A converter that obeys the server/converters contract without LibreOffice, for fast server tests.
// Documents are text: "FAKEDOC pages=4 ..." (sniffed as docx), "%PDF ..." (pdf); a document containing
// "ENCRYPTED" needs loadOptions.password === "password".

const TABLE = {
  docx: ['doc', 'docx', 'html', 'jpeg', 'jpg', 'pdf', 'png', 'tif', 'txt'],
  pdf: ['docx', 'jpg', 'png', 'txt'],
  txt: ['docx', 'pdf'],
};
const RASTER = new Set(['jpg', 'jpeg', 'png', 'tif', 'tiff', 'bmp', 'gif']);

/** Mimics ConversionError of server/converters. */
export class FakeConversionError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** @param {Buffer} bytes @returns {number} */
function pagesOf(bytes) {
  const m = /pages=(\d+)/.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 200)));
  return m ? Number(m[1]) : 1;
}

/**
 * @returns {object} a fake converter; set `gate` (a promise) to hold conversions, `hang` to never finish,
 *   `failNext` to a FakeConversionError to fail the next conversion
 */
export function createFakeConverter() {
  const fake = {
    calls: [],
    gate: null,
    hang: false,
    failNext: null,
    closed: false,
    active: 0,
    maxActive: 0,
    supportedFormats() {
      return Object.entries(TABLE).map(([sourceFormat, targetFormats]) => ({ sourceFormat, targetFormats }));
    },
    isRasterTarget(format) {
      return RASTER.has(format);
    },
    sniffFormat(buffer, hint) {
      const head = buffer.toString('latin1', 0, 8);
      if (head.startsWith('FAKEDOC') || head.startsWith('PK')) return 'docx';
      if (head.startsWith('%PDF')) return 'pdf';
      const ext = /\.([a-z0-9]+)$/i.exec(hint ?? '')?.[1]?.toLowerCase();
      return ext && TABLE[ext] ? ext : null;
    },
    async convert(job) {
      fake.calls.push(job);
      fake.active += 1;
      fake.maxActive = Math.max(fake.maxActive, fake.active);
      try {
        if (fake.gate) await fake.gate;
        if (fake.hang) await new Promise(() => {});
        if (fake.failNext) {
          const err = fake.failNext;
          fake.failNext = null;
          throw err;
        }
        const text = job.bytes.toString('latin1');
        if (text.includes('ENCRYPTED')) {
          if (job.loadOptions?.password === undefined)
            throw new FakeConversionError(
              'password_required',
              'The document is password protected; set loadOptions.password.',
            );
          if (job.loadOptions.password !== 'password')
            throw new FakeConversionError('wrong_password', 'The password is incorrect.');
        }
        const { sourceFormat: s, targetFormat: t, baseName } = job;
        if (RASTER.has(t)) {
          return Array.from({ length: pagesOf(job.bytes) }, (_, i) => ({
            name: `${baseName}-page-${i + 1}.${t}`,
            bytes: Buffer.from(`FAKE ${s}->${t} page ${i + 1}`),
            page: i + 1,
          }));
        }
        return [{ name: `${baseName}.${t}`, bytes: Buffer.from(`FAKE ${s}->${t} of ${job.bytes.length} bytes`) }];
      } finally {
        fake.active -= 1;
      }
    },
    /** The only option it applies is the load password (it checks it); the server reports any other set. */
    appliedOptions() {
      return ['loadOptions.password'];
    },
    async info({ bytes, sourceFormat }) {
      return {
        fileType: sourceFormat,
        pageCount: pagesOf(bytes),
        size: bytes.length,
        title: 'Fake title',
        author: 'Fake author',
        isPasswordProtected: bytes.includes('ENCRYPTED'),
      };
    },
    async close() {
      fake.closed = true;
    },
  };
  return fake;
}
