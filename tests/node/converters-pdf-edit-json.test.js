// SPDX-License-Identifier: MIT
// The PDF structure edits of server/converters/pdf-edit.js and outline.js as pure functions over qpdf's JSON
// view (pdf-objects.js), without qpdf: what an update holds, the cases the converter tests do not reach.
// tests/node/converters-pdf-edit.test.js reads their effect back from real conversions.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { PdfObjects } from '../../server/converters/pdf-objects.js';
import { linkDuplicateStreams, removeJavascript, removePdfaIdentification } from '../../server/converters/pdf-edit.js';
import { shapeOutline } from '../../server/converters/outline.js';

describe("the edits on qpdf's JSON, without qpdf", () => {
  /** A PdfObjects of `objects` (number → value, or { stream: { dict, data } }), object 1 the catalog. */
  const docOf = (objects) =>
    new PdfObjects({
      qpdf: [
        { jsonversion: 2, maxobjectid: Object.keys(objects).length },
        {
          ...Object.fromEntries(Object.entries(objects).map(([n, o]) => [`obj:${n} 0 R`, o.stream ? o : { value: o }])),
          trailer: { value: { '/Root': '1 0 R' } },
        },
      ],
    });
  const b64 = (s) => Buffer.from(s).toString('base64');

  test('update() holds exactly the objects that changed, a stream without its unchanged data', () => {
    const doc = docOf({
      1: { '/Type': '/Catalog', '/Pages': '2 0 R' },
      2: { '/Type': '/Pages' },
      3: { stream: { dict: { '/A': 1 }, datafile: '/x' } },
    });
    assert.equal(doc.update(), null);
    doc.resolve('3 0 R')['/A'] = 2;
    doc.catalog['/Lang'] = 'u:en';
    assert.deepEqual(Object.keys(doc.update().qpdf[1]).sort(), ['obj:1 0 R', 'obj:3 0 R']);
    assert.deepEqual(doc.update().qpdf[1]['obj:3 0 R'], { stream: { dict: { '/A': 2 } } });
  });

  test('removeJavascript keeps the actions of a chain that are not JavaScript', () => {
    const doc = docOf({
      1: { '/Type': '/Catalog', '/OpenAction': '2 0 R' },
      2: { '/S': '/GoTo', '/D': [], '/Next': ['3 0 R', '4 0 R'] },
      3: { '/S': '/JavaScript', '/JS': 'u:x()' },
      4: { '/S': '/URI', '/URI': 'u:https://example.org/' },
    });
    removeJavascript(doc);
    assert.equal(doc.catalog['/OpenAction'], '2 0 R', 'a GoTo that chains to a script stays, without it');
    assert.deepEqual(doc.resolve('2 0 R')['/Next'], ['4 0 R']);
  });

  test('linkDuplicateStreams compares the dictionary as well as the data', async () => {
    const doc = docOf({
      1: { '/Type': '/Catalog', '/X': ['2 0 R', '3 0 R', '4 0 R'] },
      2: { stream: { dict: { '/K': 1 }, data: b64('same') } },
      3: { stream: { dict: { '/K': 1 }, data: b64('same') } },
      4: { stream: { dict: { '/K': 2 }, data: b64('same') } },
    });
    await linkDuplicateStreams(doc);
    assert.deepEqual(doc.catalog['/X'], ['2 0 R', '2 0 R', '4 0 R']);
  });

  test('removePdfaIdentification edits Flate-compressed XMP, stored plain afterwards', async () => {
    const xmp =
      '<rdf:RDF><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="B"/><rdf:Description rdf:about=""><dc:title>T</dc:title></rdf:Description></rdf:RDF>';
    const doc = docOf({
      1: { '/Type': '/Catalog', '/Metadata': '2 0 R', '/OutputIntents': ['3 0 R'] },
      2: {
        stream: {
          dict: { '/Type': '/Metadata', '/Filter': '/FlateDecode' },
          data: deflateSync(xmp).toString('base64'),
        },
      },
      3: { '/S': '/GTS_PDFA1' },
    });
    await removePdfaIdentification(doc);
    assert.equal(doc.catalog['/OutputIntents'], undefined);
    const stream = doc.entry('2 0 R').stream;
    assert.deepEqual(stream.dict, { '/Type': '/Metadata' });
    assert.equal(
      Buffer.from(stream.data, 'base64').toString(),
      '<rdf:RDF><rdf:Description rdf:about=""><dc:title>T</dc:title></rdf:Description></rdf:RDF>',
    );
  });

  test('shapeOutline: counts of open and closed items (ISO 32000-1 §12.3.3)', () => {
    // A [A1 [A1a], A2], B: every item open.
    const doc = docOf({
      1: { '/Type': '/Catalog', '/Outlines': '2 0 R' },
      2: { '/First': '3 0 R', '/Last': '7 0 R', '/Count': 5 },
      3: { '/Title': 'u:A', '/First': '4 0 R', '/Last': '6 0 R', '/Next': '7 0 R', '/Count': 3 },
      4: { '/Title': 'u:A1', '/First': '5 0 R', '/Last': '5 0 R', '/Next': '6 0 R', '/Count': 1 },
      5: { '/Title': 'u:A1a' },
      6: { '/Title': 'u:A2', '/Prev': '4 0 R' },
      7: { '/Title': 'u:B', '/Prev': '3 0 R' },
    });
    shapeOutline(doc, { open: 1 });
    assert.equal(doc.resolve('4 0 R')['/Count'], -1, 'A1 closed: one item under it');
    assert.equal(doc.resolve('3 0 R')['/Count'], 2, 'A open: A1 and A2 show');
    assert.equal(doc.resolve('2 0 R')['/Count'], 4, 'A, A1, A2, B show');
    shapeOutline(doc, { keep: 1 });
    assert.equal(doc.resolve('3 0 R')['/First'], undefined);
    assert.equal(doc.resolve('3 0 R')['/Count'], undefined);
    assert.equal(doc.resolve('2 0 R')['/Count'], 2);
  });
});
