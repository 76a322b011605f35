// SPDX-License-Identifier: MIT
// Email sources over raw HTTP with the real converter (issue 18, item 3): .eml, .emlx and Outlook .msg
// become documents with a header block, the decoded body and the attachments by name, to every target
// GET /formats lists for them; HTML from a message never makes LibreOffice fetch anything; and a known
// extension is never traded for a weaker guess from the content.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sniffFormat, supportedFormats } from '../../server/converters/index.js';
import { renderEmail } from '../../server/converters/email.js';
import { Deadline } from '../../server/converters/errors.js';
import { sourceFormats } from '../../server/converters/formats.js';
import {
  MIXED_FACTS,
  emlx,
  hostileHtmlMessage,
  htmlMessage,
  mixedMessage,
  outlookMessage,
} from '../support/email-fixtures.js';
import { fixtureBytes } from '../support/fixtures.js';
import { useLocalServer } from '../support/local-server.js';
import { multipart } from '../support/server.js';
import { assertFormat } from '../support/format-checks.js';
import { unzip } from '../support/zip.js';

const run = promisify(execFile);
const SLOW = { timeout: 180_000 };

const OUTLOOK = {
  subject: 'Budget für 2025 – Ωmega',
  body: 'Hello from Outlook.\nSecond line: Grüße.',
  from: { name: 'Zoë Outlook', email: 'zoe@example.com' },
  to: [
    { name: 'Ada Lovelace', email: 'ada@example.com' },
    { name: 'Bob Müller', email: 'bob@example.net' },
  ],
  sentAt: new Date(Date.UTC(2024, 4, 16, 8, 15, 0)),
  attachments: [
    { name: 'zahlen für Ω.csv', data: Buffer.from('a,b\n1,2\n'), mimeType: 'text/csv' },
    { name: 'big.bin', data: Buffer.alloc(5000, 7), mimeType: 'application/octet-stream' }, // past the mini stream
  ],
};

// What a converter that treats a message as plain text shows: MIME structure, encoded words and payloads.
const RAW_MIME = [
  /Content-Transfer-Encoding/i,
  /_mixed_boundary_/,
  /=\?UTF-8\?/i,
  /=C3=A9/,
  /JVBERi0/,
  /MIME-Version/i,
];

describe('email sources', { timeout: 600_000 }, () => {
  const t = useLocalServer({ converter: 'real' });
  let tmp;
  before(async () => {
    tmp = await mkdtemp(join(os.tmpdir(), 'gdcw-email-'));
    for (const [path, bytes] of [
      ['Email/mixed.eml', mixedMessage()],
      ['Email/mixed.emlx', emlx(mixedMessage())],
      ['Email/outlook.msg', outlookMessage(OUTLOOK)],
    ])
      assert.equal((await t.upload(path, bytes)).status, 200, path);
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  const convert = (filePath, format, loadOptions) =>
    t.call({ method: 'POST', path: '/v2.0/conversion', json: { filePath, format, loadOptions } });
  const ok = (r) => {
    assert.equal(r.status, 200, r.body.toString());
    return r.body;
  };
  let seq = 0;
  async function pdfText(pdf) {
    const path = join(tmp, `${++seq}.pdf`);
    await writeFile(path, pdf);
    return (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout;
  }
  const lines = (text) => text.split(/\r?\n/).map((l) => l.trim());

  test('GET /formats lists eml, emlx and msg with the Writer targets and the images', async () => {
    const r = await t.call({ path: '/v2.0/conversion/formats' });
    const docx = r.json.find((f) => f.sourceFormat === 'docx').targetFormats;
    for (const source of ['eml', 'emlx', 'msg']) {
      const entry = r.json.find((f) => f.sourceFormat === source);
      assert.ok(entry, `${source} is listed`);
      for (const target of ['pdf', 'docx', 'html', 'txt', 'png', 'jpg', 'tiff'])
        assert.ok(entry.targetFormats.includes(target), `${source} → ${target}`);
      assert.deepEqual(entry.targetFormats, docx, `${source}: what Writer writes, as for docx`);
    }
    const byFile = await t.call({ path: '/v2.0/conversion/formats?filePath=Email/mixed.eml' });
    assert.deepEqual(byFile.json, [supportedFormats().find((f) => f.sourceFormat === 'eml')]);
  });

  test('.eml → pdf: From/To/Cc/Subject/Date, the decoded body and the attachment, never raw MIME', SLOW, async () => {
    const text = await pdfText(ok(await convert('Email/mixed.eml', 'pdf')));
    for (const raw of RAW_MIME) assert.doesNotMatch(text, raw);
    assert.doesNotMatch(text, /Received:|Message-ID/i, 'only the header block, not every header');
    const shown = lines(text);
    for (const line of [
      `From: ${MIXED_FACTS.from}`,
      `To: ${MIXED_FACTS.to}`,
      `Cc: ${MIXED_FACTS.cc}`,
      `Subject: ${MIXED_FACTS.subject}`,
      `Date: ${MIXED_FACTS.date}`,
      `Attachments: ${MIXED_FACTS.attachment} (${MIXED_FACTS.attachmentBytes} bytes)`,
      MIXED_FACTS.body,
    ])
      assert.ok(shown.includes(line), `"${line}" in:\n${text}`);
    assert.match(text, /soft line break right here/, 'quoted-printable soft breaks are joined');
  });

  test('an .eml converts to every target GET /formats lists for it, each a valid file of its type', SLOW, async () => {
    const [{ targetFormats }] = (await t.call({ path: '/v2.0/conversion/formats?format=eml' })).json;
    const subject = Buffer.from(MIXED_FACTS.subject);
    const has = (bytes, what) => bytes.includes(Buffer.from(what));
    const checks = {
      pdf: async (b) => assert.ok(lines(await pdfText(b)).includes(`Subject: ${MIXED_FACTS.subject}`)),
      txt: (b) => assert.ok(lines(b.toString('utf8')).includes(`Subject: ${MIXED_FACTS.subject}`)),
      html: (b) => {
        assert.equal(sniffFormat(b), 'html');
        assert.ok(b.includes(subject) && has(b, 'the café opens at nine'));
      },
      rtf: (b) =>
        assert.ok(b.subarray(0, 5).toString() === '{\\rtf' && has(b, 'Quarterly r') && has(b, 'opens at nine')),
      doc: (b) => assert.ok(b.includes(Buffer.from('opens at nine', 'utf16le')) || has(b, 'opens at nine')),
      epub: (b) =>
        assert.ok([...unzip(b).entries()].some(([name, data]) => name.endsWith('.xhtml') && data.includes(subject))),
      docx: (b) => assert.ok(unzip(b).get('word/document.xml').includes(subject)),
      odt: (b) => assert.ok(unzip(b).get('content.xml').includes(subject)),
      png: (b) => assert.ok(b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))),
      jpg: (b) => assert.ok(b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff),
      tif: (b) => assert.ok(['II*\0', 'MM\0*'].includes(b.subarray(0, 4).toString('latin1'))),
      md: (b) => assert.match(b.toString('utf8'), /opens at nine/),
      // The header block is a table: it becomes a sheet.
      xlsx: (b) => assert.ok(unzip(b).get('xl/sharedStrings.xml').includes(subject)),
      pptx: (b) => assert.ok(has(unzip(b).get('ppt/slides/slide1.xml'), 'opens at nine')),
    };
    const KIND = { dot: 'doc', docm: 'docx', dotx: 'docx', ott: 'odt', jpeg: 'jpg', tiff: 'tif' };
    // What our own sniffer names each package (the OOXML/ODF content types, the CFB streams), as a type check.
    const SNIFFED = {
      doc: 'doc',
      dot: 'doc',
      docx: 'docx',
      docm: 'docm',
      dotx: 'dotx',
      odt: 'odt',
      ott: 'ott',
      epub: 'epub',
      rtf: 'rtf',
    };
    await Promise.all(
      targetFormats.map(async (format) => {
        const r = await convert('Email/mixed.eml', format);
        assert.equal(r.status, 200, `${format}: ${r.body}`);
        await assertFormat(format, r.body);
        await checks[KIND[format] ?? format]?.(r.body);
        if (SNIFFED[format]) assert.equal(sniffFormat(r.body), SNIFFED[format], format);
        if (['bmp', 'gif', 'png', 'jpg', 'jpeg', 'svg', 'tif', 'tiff', 'webp'].includes(format))
          assert.equal(r.headers['x-groupdocs-page-count'], '1', format);
      }),
    );
  });

  test(
    'an HTML message shows its HTML part as text (no tags, no plain alternative) and fetches nothing',
    SLOW,
    async () => {
      const requests = [];
      const watcher = createServer((req, res) => {
        requests.push(req.url);
        res.end('x');
      });
      await new Promise((resolve) => watcher.listen(0, '127.0.0.1', resolve));
      try {
        const base = `http://127.0.0.1:${watcher.address().port}`;
        assert.equal((await t.upload('Email/html.eml', htmlMessage(base))).status, 200);
        const text = await pdfText(ok(await convert('Email/html.eml', 'pdf')));
        assert.deepEqual(requests, [], 'LibreOffice fetched nothing');
        for (const line of [
          'From: Newsletter <news@example.com>',
          'To: reader@example.net',
          'Subject: HTML only, please',
          'Date: Wed, 15 May 2024 18:05:00 -0400',
          'Spring sale at the café',
          'Everything must go & more.',
          'Unsubscribe',
        ]) {
          assert.ok(lines(text).includes(line), `"${line}" in:\n${text}`);
        }
        for (const absent of [
          /<\/?[a-z]+[\s>]/i,
          /PLAIN ALTERNATIVE/,
          /SCRIPT RAN/,
          /IFRAME TEXT/,
          /ignored title/,
          /Attachments:/,
          /=E9/,
        ]) {
          assert.doesNotMatch(text, absent);
        }
        const html = ok(await convert('Email/html.eml', 'html')).toString('utf8');
        assert.match(html, /<img [^>]*src="data:image\/png;base64,/, 'the cid: image is embedded');
        assert.ok(!html.includes(base) && !/<script|<iframe|<link/i.test(html), 'nothing remote or active is left');
        assert.deepEqual(requests, [], 'nor while writing HTML');
      } finally {
        await new Promise((resolve) => watcher.close(resolve));
      }
    },
  );

  test("the message's HTML is rebuilt from an allow-list: nothing that could load anything is left", async () => {
    const dir = await mkdtemp(join(tmp, 'page-'));
    await writeFile(join(dir, 'hostile.eml'), hostileHtmlMessage());
    const page = await readFile(
      await renderEmail(join(dir, 'hostile.eml'), { format: 'eml', dir, deadline: new Deadline(60_000) }),
      'utf8',
    );
    assert.ok(!page.includes('evil.example'), page);
    assert.doesNotMatch(
      page,
      /<(script|iframe|svg|math|object|embed|input|link|base|video)\b|javascript:|\son\w+=|\\/i,
      page,
    );
    for (const kept of [
      'VISIBLE',
      'ALSO',
      '>cell<',
      '<a href="https://ok.example/x">ok</a>',
      'src="data:image/png;base64,',
      'width: calc(1px + 2px)',
      'border-color: rgb(1,2,3)',
      '[gone]',
      'title="&quot;&gt;&lt;script&gt;"',
    ]) {
      assert.ok(page.includes(kept), `${kept} in:\n${page}`);
    }
  });

  test('malformed messages still render what they hold', async () => {
    const dir = await mkdtemp(join(tmp, 'malformed-'));
    const head = 'From: a@example.com\r\nDate: Wed, 15 May 2024 18:05:00 -0400\r\n';
    const cases = [
      // A multipart without its boundary makes the email package's get_body() raise.
      [`${head}Subject: no boundary\r\nContent-Type: multipart/mixed\r\n\r\nbody\r\n`, /Subject:<\/b> no boundary/],
      // Marked sections that make HTMLParser raise.
      [
        `${head}Subject: marked\r\nContent-Type: text/html\r\n\r\n<p>before<![ bogus</p><![CDATA[ x ]]><p>after</p>`,
        /before[\s\S]*after/,
      ],
      // 8-bit bytes that are not UTF-8 in a header, and a charset nobody knows.
      [
        `${head}Subject: caf\xe9 ok\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nbody text\r\n`,
        /Subject:<\/b> caf\uFFFD ok[\s\S]*body text/,
      ],
    ];
    for (const [i, [message, expected]] of cases.entries()) {
      const file = join(dir, `${i}.eml`);
      await writeFile(file, Buffer.from(message, 'latin1'));
      const page = await readFile(
        await renderEmail(file, { format: 'eml', dir, deadline: new Deadline(60_000) }),
        'utf8',
      );
      assert.match(page, expected, page);
    }
  });

  test('an Outlook .msg converts likewise', SLOW, async () => {
    const text = await pdfText(ok(await convert('Email/outlook.msg', 'pdf')));
    for (const line of [
      'From: Zoë Outlook <zoe@example.com>',
      'To: Ada Lovelace <ada@example.com>, Bob Müller <bob@example.net>',
      `Subject: ${OUTLOOK.subject}`,
      'Date: Thu, 16 May 2024 08:15:00 +0000',
      'Attachments: zahlen für Ω.csv (8 bytes), big.bin (4.9 KB)',
      'Hello from Outlook.',
      'Second line: Grüße.',
    ])
      assert.ok(lines(text).includes(line), `"${line}" in:\n${text}`);
    const docx = unzip(ok(await convert('Email/outlook.msg', 'docx'))).get('word/document.xml');
    assert.ok(docx.includes(Buffer.from(OUTLOOK.subject)));
  });

  test('convertAttachments: each attachment that converts to the target is a result of its own', SLOW, async () => {
    const convertTo = (outputPath, loadOptions) =>
      t.call({
        method: 'POST',
        path: '/v2.0/conversion',
        json: { filePath: 'Email/outlook.msg', format: 'pdf', outputPath, loadOptions },
      });
    const plain = await convertTo('Converted/plain', {});
    assert.deepEqual(
      plain.json.map((f) => f.name),
      ['outlook.pdf'],
    );
    const r = await convertTo('Converted/attachments', { convertAttachments: true });
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.headers['x-groupdocs-ignored-options'], undefined);
    // The CSV converts; big.bin is no document, so it is left out.
    assert.deepEqual(
      r.json.map((f) => f.name),
      ['outlook.pdf', 'outlook-attachment-1.pdf'],
    );
    const message = await pdfText(ok(await t.call({ path: new URL(r.json[0].url).pathname })));
    assert.match(message, /Hello from Outlook\./);
    const csv = await pdfText(ok(await t.call({ path: new URL(r.json[1].url).pathname })));
    assert.match(csv, /a\s+b\s+1\s+2/, 'the CSV attachment as a sheet');
  });

  test(".emlx: Apple Mail's wrapper is taken off, its plist is not shown", SLOW, async () => {
    const text = ok(await convert('Email/mixed.emlx', 'txt')).toString('utf8');
    assert.ok(lines(text).includes(`Subject: ${MIXED_FACTS.subject}`), text);
    assert.ok(lines(text).includes(MIXED_FACTS.body), text);
    assert.doesNotMatch(text, /plist|8590195713/);
  });

  test(
    'GET /info reads an email: the subject is the title, the sender the author, Date the creation date',
    SLOW,
    async () => {
      const r = await t.call({ path: '/v2.0/conversion/info?filePath=Email/mixed.eml' });
      assert.equal(r.status, 200, r.body.toString());
      assert.equal(r.json.fileType, 'Eml');
      assert.equal(r.json.pageCount, 1);
      assert.equal(r.json.title, MIXED_FACTS.subject);
      assert.equal(r.json.author, 'Jürgen Müller');
      assert.equal(r.json.createdDate, '2024-05-14T07:30:00Z');
    },
  );

  test('EmailLoadOptions: displayHeader, display*EmailAddress, fieldLabels, timeZoneOffset', SLOW, async () => {
    const txt = async (loadOptions) => lines(ok(await convert('Email/mixed.eml', 'txt', loadOptions)).toString('utf8'));
    const hidden = await txt({ displayHeader: false });
    assert.ok(!hidden.some((l) => /^(From|To|Subject|Date):/.test(l)), hidden.join('\n'));
    assert.ok(hidden.includes(MIXED_FACTS.body));
    const names = await txt({ displayToEmailAddress: false, displayCcEmailAddress: false });
    assert.ok(names.includes('To: Ada Lovelace, bob@example.net'), 'a recipient without a name keeps the address');
    assert.ok(names.includes('Cc: Grace Hopper'));
    assert.ok(names.includes(`From: ${MIXED_FACTS.from}`));
    const noAddresses = await txt({ displayEmailAddress: false });
    assert.ok(noAddresses.includes('From: Jürgen Müller'));
    const labelled = await txt({
      fieldLabels: [
        { field: 'From', label: 'Absender' },
        { field: 'Sent', label: 'Gesendet' },
        { field: 'Location', label: 'x' },
      ],
      timeZoneOffset: '-04:00:00',
    });
    assert.ok(labelled.includes(`Absender: ${MIXED_FACTS.from}`), labelled.join('\n'));
    assert.ok(labelled.includes('Gesendet: Tue, 14 May 2024 03:30:00 -0400'), labelled.join('\n'));
    const bad = await convert('Email/mixed.eml', 'txt', { timeZoneOffset: 'soon' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'InvalidOptions');
    assert.match(bad.json.error.message, /timeZoneOffset/);
  });

  test('displayFromEmailAddress and displayBccEmailAddress: the name alone when false', SLOW, async () => {
    const bcc = Buffer.from(
      'From: Ada Lovelace <ada@example.com>\r\nTo: bob@example.net\r\nBcc: Grace Hopper <grace@example.com>\r\n' +
        'Subject: Blind copy\r\nDate: Tue, 14 May 2024 09:30:00 +0200\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n',
    );
    assert.equal((await t.upload('Email/bcc.eml', bcc)).status, 200);
    const txt = async (loadOptions) => lines(ok(await convert('Email/bcc.eml', 'txt', loadOptions)).toString('utf8'));
    const all = await txt({});
    assert.ok(all.includes('From: Ada Lovelace <ada@example.com>'), all.join('\n'));
    assert.ok(all.includes('Bcc: Grace Hopper <grace@example.com>'), all.join('\n'));
    const names = await txt({ displayFromEmailAddress: false, displayBccEmailAddress: false });
    assert.ok(names.includes('From: Ada Lovelace'), names.join('\n'));
    assert.ok(names.includes('Bcc: Grace Hopper'), names.join('\n'));
    assert.ok(names.includes('To: bob@example.net'), 'the other addresses stay');
  });

  test('25.x: displaySubject, displaySent, displayAttachments and displayEmailAddresses', SLOW, async () => {
    const txt = async (loadOptions) => lines(ok(await convert('Email/mixed.eml', 'txt', loadOptions)).toString('utf8'));
    const all = await txt({});
    for (const label of ['Subject:', 'Date:', 'Attachments:']) {
      assert.ok(
        all.some((l) => l.startsWith(label)),
        `${label} shown by default: ${all.join('\n')}`,
      );
    }
    const fewer = await txt({ displaySubject: false, displaySent: false, displayAttachments: false });
    for (const label of ['Subject:', 'Date:', 'Attachments:']) {
      assert.ok(!fewer.some((l) => l.startsWith(label)), `${label} left out: ${fewer.join('\n')}`);
    }
    assert.ok(fewer.includes(`From: ${MIXED_FACTS.from}`), 'the other lines stay');
    assert.ok((await txt({ displayEmailAddresses: false })).includes('From: Jürgen Müller'));
  });

  test('what is not a message is a 400 CorruptDocument, not a page of junk', SLOW, async () => {
    const cases = [
      ['Email/not-outlook.msg', await fixtureBytes('four-pages.doc')], // a compound file, but Word's
      ['Email/no-length.emlx', mixedMessage()],
      ['Email/binary.eml', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 7])],
    ];
    for (const [path, bytes] of cases) {
      assert.equal((await t.upload(path, bytes)).status, 200);
      const r = await convert(path, 'pdf');
      assert.equal(r.status, 400, `${path}: ${r.body}`);
      assert.equal(r.json.error.code, 'CorruptDocument', path);
    }
  });

  test('a known extension is never replaced by a weaker guess from the content', SLOW, async () => {
    const put = async (filename, data) => {
      const { body, contentType } = multipart([
        { name: 'File', filename, contentType: 'application/octet-stream', data },
      ]);
      return t.call({
        method: 'PUT',
        path: '/v2.0/conversion?format=txt',
        headers: { 'Content-Type': contentType },
        body,
      });
    };
    // Direct conversion (the bytes are sniffed): named .eml, or unnamed as the Node SDK sends it, it is an email.
    for (const name of ['mail.eml', 'file.name']) {
      const text = ok(await put(name, mixedMessage())).toString('utf8');
      assert.ok(lines(text).includes(`Subject: ${MIXED_FACTS.subject}`), `${name}:\n${text}`);
      for (const raw of RAW_MIME) assert.doesNotMatch(text, raw, name);
    }
    // Named .txt, the same bytes are text: the name is the caller's word.
    assert.match(ok(await put('notes.txt', mixedMessage())).toString('utf8'), /Content-Transfer-Encoding/);

    // Every known source extension outranks what text merely looks like; a signature of another format still wins.
    const prose = Buffer.from('Just words, and more words.\nAnother line.\n');
    for (const ext of sourceFormats()) assert.equal(sniffFormat(prose, `upload/x.${ext}`), ext, ext);
    assert.equal(sniffFormat(mixedMessage(), 'message.eml'), 'eml');
    assert.equal(sniffFormat(mixedMessage(), 'file.name'), 'eml');
    assert.equal(sniffFormat(emlx(mixedMessage())), 'emlx');
    assert.equal(sniffFormat(outlookMessage(OUTLOOK)), 'msg');
    assert.equal(sniffFormat(outlookMessage(OUTLOOK), 'file.name'), 'msg');
    assert.equal(sniffFormat(Buffer.from('From: me\nSubject: lunch?\n\nAt noon.\n')), 'txt', 'a memo is not a message');
    assert.equal(
      sniffFormat(await fixtureBytes('four-pages.doc'), 'mail.eml'),
      'doc',
      'a Word file named .eml is Word',
    );
  });
});
