// SPDX-License-Identifier: MIT
// Structure edits of PDFs (issue 21 item 2, server/converters/pdf-edit.js), read back with Poppler and qpdf:
// PdfLoadOptions on a PDF source (removeJavascript: pdfinfo -js; removeEmbeddedFiles: pdfdetach -list;
// hidePdfAnnotations: pdftotext; flattenAllFields: the form's fields gone, their values still printed) and
// PdfConvertOptions on a PDF target (direction and nonFullScreenPageMode: the viewer preferences;
// removePdfaCompliance: the XMP and output intents; unembedFonts: pdffonts; linkDuplicateStreams: pdfimages'
// object ids; removeUnusedObjects and removeUnusedStreams: what the output still holds), optimizePdfSize
// (a spreadsheet's PDF smaller, same text) and the outline of a Word document (headingsOutlineLevels,
// expandedOutlineLevels, bookmarksOutlineLevel: qpdf's view of the outline).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appliedOptions } from '../../server/converters/index.js';
import { pdfText, useConverter } from '../support/converter-env.js';
import { decryptedPdf, withPdfFile } from '../support/pdf-tools.js';
import { PdfBuilder, pdfJson, pdfObjectsText } from '../support/pdf-build.js';

const run = promisify(execFile);
const SLOW = { timeout: 120_000 };

/** A tool's standard output on the PDF (its exit code ignored: pdfinfo -js, pdfdetach). */
const toolOutput = (tool, args, bytes) =>
  withPdfFile(bytes, async (file) => (await run(tool, [...args, file], { maxBuffer: 64 << 20 })).stdout);

/**
 * One page with every structure the options edit: text drawn in the content, two identical images (drawn),
 * a font and a form XObject the content never uses, an object nothing references, document JavaScript (name
 * tree, open action, document and page events, a link's action), an attachment (name tree and annotation),
 * a free-text annotation with its appearance, and a text form field with a value.
 */
async function richPdf() {
  const b = new PdfBuilder();
  const font = b.add({ '/Type': '/Font', '/Subtype': '/Type1', '/BaseFont': '/Helvetica' });
  const unusedFont = b.add({ '/Type': '/Font', '/Subtype': '/Type1', '/BaseFont': '/Courier' });
  const content = b.stream(
    {},
    'BT /F1 18 Tf 72 720 Td (Visible page text) Tj ET q 50 0 0 50 72 300 cm /Im1 Do Q /Im2 Do\n',
  );
  const image = () =>
    b.stream(
      {
        '/Type': '/XObject',
        '/Subtype': '/Image',
        '/Width': 2,
        '/Height': 2,
        '/ColorSpace': '/DeviceGray',
        '/BitsPerComponent': 8,
      },
      Buffer.from([0, 255, 255, 0]),
    );
  const [im1, im2] = [image(), image()];
  const unusedForm = b.stream(
    { '/Type': '/XObject', '/Subtype': '/Form', '/BBox': [0, 0, 10, 10] },
    '% UNUSED-RESOURCE-MARKER\n',
  );
  const script = b.stream({}, "app.alert('document script');");
  const jsAction = b.add({ '/S': '/JavaScript', '/JS': script });
  const attached = b.stream({ '/Type': '/EmbeddedFile' }, 'attached content');
  const spec = b.add({
    '/Type': '/Filespec',
    '/F': 'u:attached.txt',
    '/UF': 'u:attached.txt',
    '/EF': { '/F': attached },
  });
  const appearance = b.stream(
    { '/Type': '/XObject', '/Subtype': '/Form', '/BBox': [0, 0, 200, 30], '/Resources': { '/Font': { '/F1': font } } },
    'BT /F1 12 Tf 2 10 Td (Annotation note text) Tj ET',
  );
  const note = b.add({
    '/Type': '/Annot',
    '/Subtype': '/FreeText',
    '/Rect': [72, 600, 272, 630],
    '/Contents': 'u:Annotation note text',
    '/DA': 'u:/Helv 12 Tf 0 g',
    '/AP': { '/N': appearance },
  });
  const clip = b.add({ '/Type': '/Annot', '/Subtype': '/FileAttachment', '/Rect': [300, 600, 320, 620], '/FS': spec });
  const link = b.add({
    '/Type': '/Annot',
    '/Subtype': '/Link',
    '/Rect': [72, 500, 200, 520],
    '/A': { '/S': '/JavaScript', '/JS': 'u:app.alert(1)' },
  });
  const page = b.add(null);
  const field = b.add({
    '/Type': '/Annot',
    '/Subtype': '/Widget',
    '/FT': '/Tx',
    '/T': 'u:name',
    '/V': 'u:Filled field value',
    '/Rect': [72, 400, 300, 430],
    '/DA': 'u:/Helv 12 Tf 0 g',
    '/F': 4,
    '/P': page,
  });
  const pages = b.add({ '/Type': '/Pages', '/Kids': [page], '/Count': 1 });
  b.set(page, {
    '/Type': '/Page',
    '/Parent': pages,
    '/MediaBox': [0, 0, 612, 792],
    '/Contents': content,
    '/Resources': {
      '/Font': { '/F1': font, '/F2': unusedFont },
      '/XObject': { '/Im1': im1, '/Im2': im2, '/Fx': unusedForm },
    },
    '/Annots': [note, clip, link, field],
    '/AA': { '/O': jsAction },
  });
  b.add({ '/Note': 'u:UNREFERENCED-OBJECT-MARKER' });
  const helv = b.add({
    '/Type': '/Font',
    '/Subtype': '/Type1',
    '/BaseFont': '/Helvetica',
    '/Encoding': '/WinAnsiEncoding',
  });
  const catalog = b.add({
    '/Type': '/Catalog',
    '/Pages': pages,
    '/OpenAction': jsAction,
    '/AA': { '/WC': jsAction },
    '/Names': {
      '/JavaScript': { '/Names': ['u:doc', jsAction] },
      '/EmbeddedFiles': { '/Names': ['u:attached.txt', spec] },
    },
    '/AcroForm': { '/Fields': [field], '/DA': 'u:/Helv 12 Tf 0 g', '/DR': { '/Font': { '/Helv': helv } } },
  });
  return b.build(catalog);
}

describe('PdfLoadOptions: a PDF source edited before any target is made', { timeout: 300_000 }, () => {
  const env = useConverter();
  let source;
  const convert = async (targetFormat, loadOptions = {}, convertOptions = {}) => {
    source ??= await richPdf();
    const files = await env.converter.convert({
      bytes: source,
      sourceFormat: 'pdf',
      targetFormat,
      loadOptions,
      convertOptions,
    });
    return files[0].bytes;
  };

  test('removeJavascript: no script is left (pdfinfo -js), the page is the same', SLOW, async () => {
    const before = await toolOutput('pdfinfo', ['-js'], await convert('pdf'));
    assert.match(before, /document script/);
    assert.match(before, /app\.alert\(1\)/);
    const after = await convert('pdf', { removeJavascript: true });
    const scripts = await toolOutput('pdfinfo', ['-js'], after);
    assert.doesNotMatch(scripts, /alert/);
    assert.doesNotMatch(await pdfObjectsText(after), /\/JavaScript|\/JS\b|\/AA\b/);
    assert.match(await pdfText(after), /Visible page text/);
  });

  test('removeEmbeddedFiles: no attachment is left (pdfdetach -list)', SLOW, async () => {
    assert.match(await toolOutput('pdfdetach', ['-list'], await convert('pdf')), /^2 embedded files/);
    const after = await convert('pdf', { removeEmbeddedFiles: true });
    assert.match(await toolOutput('pdfdetach', ['-list'], after), /^0 embedded files/);
    assert.doesNotMatch(await pdfObjectsText(after), /attached content/);
  });

  test('hidePdfAnnotations: the annotations do not show, in a text target and a PDF target', SLOW, async () => {
    const plain = (await convert('txt')).toString('utf8');
    assert.match(plain, /Annotation note text/);
    const hidden = (await convert('txt', { hidePdfAnnotations: true })).toString('utf8');
    assert.doesNotMatch(hidden, /Annotation note text/);
    assert.match(hidden, /Visible page text/);
    assert.match(hidden, /Filled field value/, 'form fields are not hidden');
    const pdf = await pdfJson(await convert('pdf', { hidePdfAnnotations: true }));
    const subtypes = Object.values(pdf.objects)
      .map((o) => o.value?.['/Subtype'])
      .filter((s) => ['/FreeText', '/FileAttachment', '/Link', '/Widget'].includes(s))
      .sort();
    assert.deepEqual(subtypes, ['/Link', '/Widget']);
  });

  test(
    'flattenAllFields: the form has no field left, its value still prints, other annotations stay',
    SLOW,
    async () => {
      const before = await pdfJson(await convert('pdf'));
      assert.equal(before.acroform.fields.length, 1);
      const bytes = await convert('pdf', { flattenAllFields: true });
      const after = await pdfJson(bytes);
      assert.equal(after.acroform.hasacroform, false);
      assert.equal(after.acroform.fields.length, 0);
      const subtypes = Object.values(after.objects).map((o) => o.value?.['/Subtype']);
      assert.ok(!subtypes.includes('/Widget'), 'no widget');
      assert.ok(subtypes.includes('/FreeText') && subtypes.includes('/Link'), 'the other annotations kept');
      const text = await pdfText(bytes);
      assert.match(text, /Filled field value/);
      assert.match(text, /Annotation note text/);
    },
  );

  test('every option together, on an image target and with a password-protected output', SLOW, async () => {
    const all = { removeJavascript: true, removeEmbeddedFiles: true, hidePdfAnnotations: true, flattenAllFields: true };
    const [png] = await env.converter.convert({
      bytes: await richPdf(),
      sourceFormat: 'pdf',
      targetFormat: 'png',
      loadOptions: all,
    });
    assert.equal(png.page, 1);
    const locked = await convert('pdf', all, { password: 'pw' });
    const text = await pdfText(locked, { password: 'pw' });
    assert.match(text, /Filled field value/);
    assert.doesNotMatch(text, /Annotation note text/);
  });
});

describe('PdfConvertOptions: a PDF target edited', { timeout: 300_000 }, () => {
  const env = useConverter();
  const fromRich = async (convertOptions) => {
    const [file] = await env.converter.convert({
      bytes: await richPdf(),
      sourceFormat: 'pdf',
      targetFormat: 'pdf',
      convertOptions,
    });
    return file.bytes;
  };
  const viewerPreferences = async (bytes) => {
    const { objects } = await pdfJson(bytes);
    const catalog = Object.values(objects).find((o) => o.value?.['/Type'] === '/Catalog').value;
    const prefs = catalog['/ViewerPreferences'];
    return typeof prefs === 'string' ? objects[`obj:${prefs}`].value : (prefs ?? {});
  };

  test('direction and nonFullScreenPageMode: the viewer preferences, from a document and a PDF', SLOW, async () => {
    const [plain] = await env.convert('four-pages.docx', 'pdf');
    assert.equal((await viewerPreferences(plain.bytes))['/Direction'], undefined);
    const [set] = await env.convert('four-pages.docx', 'pdf', {
      convertOptions: { direction: 'R2L', nonFullScreenPageMode: 'UseOutlines', centerWindow: true },
    });
    const prefs = await viewerPreferences(set.bytes);
    assert.equal(prefs['/Direction'], '/R2L');
    assert.equal(prefs['/NonFullScreenPageMode'], '/UseOutlines');
    assert.equal(prefs['/CenterWindow'], true, "LibreOffice's own preferences are kept");
    const pdf = await viewerPreferences(await fromRich({ direction: 'R2L', nonFullScreenPageMode: 'UseThumbs' }));
    assert.deepEqual(pdf, { '/Direction': '/R2L', '/NonFullScreenPageMode': '/UseThumbs' });
  });

  test('direction and nonFullScreenPageMode: values no PDF has are refused or reported', () => {
    const job = (convertOptions) => ({ sourceFormat: 'docx', targetFormat: 'pdf', convertOptions });
    assert.throws(
      () => appliedOptions(job({ direction: 'TopDown' })),
      /convertOptions\.direction must be one of L2R, R2L/,
    );
    assert.throws(
      () => appliedOptions(job({ nonFullScreenPageMode: 'Sideways' })),
      /convertOptions\.nonFullScreenPageMode/,
    );
    // ISO 32000 allows UseNone, UseOutlines, UseThumbs and UseOC only.
    assert.ok(
      !appliedOptions(job({ nonFullScreenPageMode: 'FullScreen' })).has('convertOptions.nonFullScreenPageMode'),
    );
    assert.ok(appliedOptions(job({ nonFullScreenPageMode: 'UseOC' })).has('convertOptions.nonFullScreenPageMode'));
    assert.ok(!appliedOptions({ ...job({ direction: 'R2L' }), targetFormat: 'png' }).has('convertOptions.direction'));
  });

  test('removePdfaCompliance: a PDF/A export loses its identification, keeps its other metadata', SLOW, async () => {
    const meta = (bytes) => toolOutput('pdfinfo', ['-meta'], bytes);
    const [pdfa] = await env.convert('four-pages.docx', 'pdf', { convertOptions: { pdfFormat: 'PdfA_2B' } });
    assert.match(await meta(pdfa.bytes), /pdfaid:part/);
    assert.match(await pdfObjectsText(pdfa.bytes), /\/OutputIntents/);
    const [plain] = await env.convert('four-pages.docx', 'pdf', {
      convertOptions: { pdfFormat: 'PdfA_2B', removePdfaCompliance: true },
    });
    const xmp = await meta(plain.bytes);
    assert.doesNotMatch(xmp, /pdfaid/);
    assert.match(xmp, /<x:xmpmeta|<rdf:RDF/, 'the rest of the XMP stays');
    assert.doesNotMatch(await pdfObjectsText(plain.bytes), /\/OutputIntents/);
  });

  test('unembedFonts: no font program is embedded (pdffonts), the text is the same', SLOW, async () => {
    const embedded = async (bytes) => {
      const lines = (await toolOutput('pdffonts', [], bytes)).split('\n').slice(2).filter(Boolean);
      return lines.map((line) => line.match(/\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/)[1]);
    };
    const [plain] = await env.convert('four-pages.docx', 'pdf');
    const [bare] = await env.convert('four-pages.docx', 'pdf', { convertOptions: { unembedFonts: true } });
    assert.ok((await embedded(plain.bytes)).every((e) => e === 'yes'));
    const after = await embedded(bare.bytes);
    assert.ok(after.length > 0 && after.every((e) => e === 'no'), after.join());
    assert.ok(bare.bytes.length < plain.bytes.length);
    assert.equal(await pdfText(bare.bytes), await pdfText(plain.bytes));
  });

  test('linkDuplicateStreams: the two identical images become one object (pdfimages)', SLOW, async () => {
    const imageIds = async (bytes) =>
      (await toolOutput('pdfimages', ['-list'], bytes))
        .split('\n')
        .slice(2)
        .filter(Boolean)
        .map((line) => line.trim().split(/\s+/)[10]);
    const before = await imageIds(await fromRich({}));
    assert.equal(before.length, 2);
    assert.notEqual(before[0], before[1]);
    const after = await imageIds(await fromRich({ linkDuplicateStreams: true }));
    assert.equal(after.length, 2, 'both still drawn');
    assert.equal(after[0], after[1]);
  });

  test('removeUnusedObjects: an object nothing references is not written', SLOW, async () => {
    assert.match((await fromRich({})).toString('latin1'), /UNREFERENCED-OBJECT-MARKER/);
    const after = await fromRich({ removeUnusedObjects: true });
    assert.doesNotMatch(after.toString('latin1'), /UNREFERENCED-OBJECT-MARKER/);
    assert.match(await pdfText(after), /Visible page text/);
  });

  test('removeUnusedStreams: resources the page does not use are dropped, the used ones kept', SLOW, async () => {
    const before = await pdfObjectsText(await fromRich({}));
    assert.match(before, /UNUSED-RESOURCE-MARKER/);
    assert.match(before, /\/Courier/);
    const locked = await fromRich({ removeUnusedStreams: true, password: 'pw' });
    const after = await pdfObjectsText(await decryptedPdf(locked, 'pw'));
    assert.doesNotMatch(after, /UNUSED-RESOURCE-MARKER/);
    assert.doesNotMatch(after, /\/Courier/);
    assert.match(after, /\/Im1/);
  });
});

describe('a PDF made smaller, and the outline of a Word document', { timeout: 300_000 }, () => {
  const env = useConverter();

  test('optimizePdfSize: a spreadsheet PDF written smaller (object streams), the same text', SLOW, async () => {
    const [plain] = await env.convert('sheet.xlsx', 'pdf');
    const [small] = await env.convert('sheet.xlsx', 'pdf', { loadOptions: { optimizePdfSize: true } });
    assert.ok(small.bytes.length < plain.bytes.length, `${small.bytes.length} B < ${plain.bytes.length} B`);
    assert.match(small.bytes.toString('latin1'), /\/ObjStm/);
    assert.equal(await pdfText(small.bytes), await pdfText(plain.bytes));
    const applied = (sourceFormat) =>
      appliedOptions({ sourceFormat, targetFormat: 'pdf', loadOptions: { optimizePdfSize: true } });
    assert.ok(applied('xlsx').has('loadOptions.optimizePdfSize'));
    assert.ok(!applied('docx').has('loadOptions.optimizePdfSize'));
  });

  /** The outline as [title, open, kids] trees (qpdf's JSON view; `open` only for items with kids). */
  const outline = async (loadOptions) => {
    const [file] = await env.convert('outline.docx', 'pdf', { loadOptions });
    const tree = (items) =>
      items.map((item) => (item.kids.length ? [item.title, item.open, tree(item.kids)] : [item.title]));
    return tree((await pdfJson(file.bytes)).outlines);
  };

  test('LibreOffice exports the headings, all levels open, and no bookmark', SLOW, async () => {
    assert.deepEqual(await outline({}), [
      ['Chapter One', true, [['Section One A', true, [['Detail One A i']]]]],
      ['Chapter Two', true, [['Section Two A']]],
    ]);
  });

  test('headingsOutlineLevels and expandedOutlineLevels: levels kept, levels open', SLOW, async () => {
    assert.deepEqual(await outline({ headingsOutlineLevels: 2 }), [
      ['Chapter One', true, [['Section One A']]],
      ['Chapter Two', true, [['Section Two A']]],
    ]);
    assert.deepEqual(await outline({ headingsOutlineLevels: 1 }), [['Chapter One'], ['Chapter Two']]);
    assert.deepEqual(await outline({ expandedOutlineLevels: 1 }), [
      ['Chapter One', true, [['Section One A', false, [['Detail One A i']]]]],
      ['Chapter Two', true, [['Section Two A']]],
    ]);
  });

  test('bookmarksOutlineLevel: the bookmarks become items of that level, in document order', SLOW, async () => {
    assert.deepEqual(await outline({ bookmarksOutlineLevel: 1 }), [
      ['Chapter One', true, [['Section One A', true, [['Detail One A i']]]]],
      ['MarkAlpha'],
      ['Chapter Two', true, [['Section Two A']]],
      ['MarkBeta'],
    ]);
    assert.deepEqual(await outline({ bookmarksOutlineLevel: 2, expandedOutlineLevels: 1 }), [
      ['Chapter One', true, [['MarkAlpha'], ['Section One A', false, [['Detail One A i']]]]],
      ['Chapter Two', true, [['Section Two A'], ['MarkBeta']]],
    ]);
  });

  test('outline levels: a negative one is refused, other families do not apply them', () => {
    const job = (sourceFormat, loadOptions) => ({ sourceFormat, targetFormat: 'pdf', loadOptions });
    assert.throws(
      () => appliedOptions(job('docx', { headingsOutlineLevels: -1 })),
      /loadOptions\.headingsOutlineLevels must be a whole number/,
    );
    const applied = appliedOptions(job('docx', { expandedOutlineLevels: 2 }));
    assert.ok(applied.has('loadOptions.expandedOutlineLevels') && applied.has('loadOptions.bookmarksOutlineLevel'));
    assert.ok(!appliedOptions(job('xlsx', { headingsOutlineLevels: 2 })).has('loadOptions.headingsOutlineLevels'));
  });
});
