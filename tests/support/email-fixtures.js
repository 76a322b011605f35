// SPDX-License-Identifier: MIT
/**
 * Email messages for the email tests, made here: RFC 822 messages (.eml) as real mail clients write them
 * (MIME multipart, quoted-printable and base64, RFC 2047 and RFC 2231 words, CRLF line ends), Apple Mail's
 * .emlx wrapper, and Outlook .msg files ([MS-OXMSG]) written with tests/support/cfb.js.
 */
import { buildCfb } from './cfb.js';

const crlf = (text) => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
const base64Lines = (buf) => buf.toString('base64').replace(/.{1,76}/g, '$&\n');

/** The facts of MIXED, for assertions. */
export const MIXED_FACTS = Object.freeze({
  from: 'Jürgen Müller <juergen@example.org>',
  to: 'Ada Lovelace <ada@example.com>, bob@example.net',
  cc: 'Grace Hopper <grace@example.com>',
  subject: 'Quarterly résumé – Ωmega',
  date: 'Tue, 14 May 2024 09:30:00 +0200',
  body: 'Plain body: the café opens at nine.',
  attachment: 'rapport été.pdf',
  attachmentBytes: 48,
});

/**
 * multipart/mixed: a text/plain body (quoted-printable, UTF-8) and a PDF attachment (base64, its name in
 * RFC 2231 form); the From and Subject in RFC 2047 words.
 */
export function mixedMessage() {
  return crlf(`Return-Path: <juergen@example.org>
Received: from mail.example.org (mail.example.org [192.0.2.1]) by mx.example.com; Tue, 14 May 2024 07:30:02 +0000
From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.org>
To: Ada Lovelace <ada@example.com>, bob@example.net
Cc: Grace Hopper <grace@example.com>
Subject: =?UTF-8?Q?Quarterly_r=C3=A9sum=C3=A9_=E2=80=93_=CE=A9mega?=
Date: ${MIXED_FACTS.date}
Message-ID: <quarterly-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_mixed_boundary_7f3a"

This is a multi-part message in MIME format.

--=_mixed_boundary_7f3a
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Plain body: the caf=C3=A9 opens at nine.

Second paragraph, with a very long line that a mail client would have folded with a soft line brea=
k right here.
--=_mixed_boundary_7f3a
Content-Type: application/pdf; name="rapport.pdf"
Content-Disposition: attachment; filename*=UTF-8''rapport%20%C3%A9t%C3%A9.pdf
Content-Transfer-Encoding: base64

${base64Lines(Buffer.from('%PDF-1.4\n%\xc7\xec\x8f\xa2\n1 0 obj\n<</Type/Catalog>>\nendobj\n', 'latin1'))}
--=_mixed_boundary_7f3a--
`);
}

/**
 * multipart/alternative whose text/html part (ISO-8859-1, quoted-printable) differs from its text/plain
 * one, inside multipart/related with an inline cid: image; the HTML also holds what must never reach
 * LibreOffice: a script, a style sheet and images that point at `remoteBase`, and a link.
 * @param {string} remoteBase e.g. http://127.0.0.1:PORT, a server the test watches for requests
 */
export function htmlMessage(remoteBase) {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6d5b30000000049454e44ae426082',
    'hex',
  );
  return crlf(`From: Newsletter <news@example.com>
To: reader@example.net
Subject: HTML only, please
Date: Wed, 15 May 2024 18:05:00 -0400
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt-b0undary"

--alt-b0undary
Content-Type: text/plain; charset=us-ascii

PLAIN ALTERNATIVE that a mail client would not show.
--alt-b0undary
Content-Type: multipart/related; boundary="rel-b0undary"

--rel-b0undary
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

<html><head><title>ignored title</title>
<link rel=3D"stylesheet" href=3D"${remoteBase}/sheet.css">
<style>body { background: url(${remoteBase}/style-bg.png) }</style>
<script>document.write("SCRIPT RAN")</script></head>
<body background=3D"${remoteBase}/body-bg.png">
<h1>Spring <i>sale</i> at the caf=E9</h1>
<p style=3D"color: #336699; background-image: url(${remoteBase}/inline-bg.png)">Everything must go &amp; more.</p>
<p><img src=3D"${remoteBase}/pixel.gif" alt=3D"remote pixel"><img src=3D"cid:logo@example.com" alt=3D"logo"></p>
<iframe src=3D"${remoteBase}/frame.html">IFRAME TEXT</iframe>
<p><a href=3D"https://example.com/unsubscribe">Unsubscribe</a></p>
</body></html>
--rel-b0undary
Content-Type: image/png
Content-ID: <logo@example.com>
Content-Transfer-Encoding: base64

${base64Lines(png)}
--rel-b0undary--
--alt-b0undary--
`);
}

/**
 * An HTML message made of ways to make a renderer load something from evil.example: attributes, CSS (with
 * escapes), self-closing frames, srcset, SVG, MathML, forms, base, refresh, comments. Only the link to
 * ok.example is allowed to stay; the texts VISIBLE, ALSO, cell and the data: PNG must.
 */
export function hostileHtmlMessage() {
  return crlf(`From: a@example.com
Date: Wed, 15 May 2024 18:05:00 -0400
Subject: hostile
Content-Type: text/html; charset=utf-8

<HTML><BODY BACKGROUND="http://evil.example/1"><P STYLE="color:red; background:u\\72l(http://evil.example/2); width: calc(1px + 2px); border-color: rgb(1,2,3)">A</P>
<iframe/>VISIBLE<iframe src="http://evil.example/3"/>ALSO<img srcset="http://evil.example/4 2x" src="data:image/png;base64,iVBORw0KGgo="><img src="data:text/html;base64,PHNjcmlwdD4=">
<table background="http://evil.example/5"><tr><td style="background-image:image-set('http://evil.example/6' 1x)">cell</td></tr></table>
<svg><image href="http://evil.example/7"/></svg><video poster="http://evil.example/8"></video><object data="http://evil.example/9"></object>
<embed src="http://evil.example/10"><input type="image" src="http://evil.example/11"><link rel=stylesheet href="http://evil.example/12">
<a href="JAVASCRIPT:alert(1)">js</a><a href=" https://ok.example/x ">ok</a><base href="http://evil.example/13"><meta http-equiv="refresh" content="0;url=http://evil.example/14">
<p style="font-family: 'a' ; color: expression(alert(1))">B</p><math><mi xlink:href="http://evil.example/15">m</mi></math><img src="cid:missing" alt="gone">
<!-- http://evil.example/16 --><![CDATA[ x ]]><p onclick="location='http://evil.example/17'" title="&quot;&gt;<script>">C</p>
<div style="background: url(http://evil.example/18)">D</div><img src=http://evil.example/19 alt="">
</BODY></HTML>
`);
}

/** Apple Mail's .emlx: the message's length in bytes on the first line, the message, then an XML plist. */
export function emlx(message) {
  const plist =
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict><key>flags</key><integer>8590195713</integer></dict></plist>\n';
  return Buffer.concat([Buffer.from(`${message.length}        \n`), message, Buffer.from(plist)]);
}

// [MS-OXPROPS] tags and types used below.
const PT_LONG = 0x0003;
const PT_SYSTIME = 0x0040;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;

const hex4 = (n) => n.toString(16).toUpperCase().padStart(4, '0');
const unicode = (s) => Buffer.from(s, 'utf16le');

/**
 * A property stream and the substorage streams of one object ([MS-OXMSG] 2.4): fixed-size values go in
 * `__properties_version1.0`, variable ones in `__substg1.0_<tag><type>` streams listed there by size.
 * @param {Array<[number, number, any]>} props [id, type, value]
 * @param {Buffer} header the stream's header (32 bytes for the message, 8 for recipients and attachments)
 */
function propertyObject(props, header) {
  const entries = [];
  const streams = [];
  for (const [id, type, value] of props) {
    const entry = Buffer.alloc(16);
    entry.writeUInt16LE(type, 0);
    entry.writeUInt16LE(id, 2);
    entry.writeUInt32LE(0x6, 4); // readable, writable
    if (type === PT_LONG) entry.writeUInt32LE(value, 8);
    else if (type === PT_SYSTIME)
      entry.writeBigUInt64LE(BigInt(value.getTime()) * 10000n + 116444736000000000n, 8); // FILETIME
    else {
      const data = type === PT_UNICODE ? unicode(value) : value;
      entry.writeUInt32LE(data.length + (type === PT_UNICODE ? 2 : 0), 8); // a string's size counts its terminator
      streams.push({ name: `__substg1.0_${hex4(id)}${hex4(type)}`, data });
    }
    entries.push(entry);
  }
  return [...streams, { name: '__properties_version1.0', data: Buffer.concat([header, ...entries]) }];
}

/**
 * An Outlook message (.msg) as Outlook stores a received mail: subject, plain body, sender, recipients
 * (with the "display to" list that names them), the submit time, and attachments by value.
 * @param {{ subject: string, body: string, from: { name: string, email: string },
 *   to: Array<{ name: string, email: string }>, sentAt: Date,
 *   attachments?: Array<{ name: string, data: Buffer, mimeType: string }> }} m
 * @returns {Buffer}
 */
export function outlookMessage({ subject, body, from, to, sentAt, attachments = [] }) {
  const top = Buffer.alloc(32);
  top.writeUInt32LE(to.length, 8); // next recipient id
  top.writeUInt32LE(attachments.length, 12); // next attachment id
  top.writeUInt32LE(to.length, 16);
  top.writeUInt32LE(attachments.length, 20);
  const children = propertyObject(
    [
      [0x001a, PT_UNICODE, 'IPM.Note'],
      [0x0037, PT_UNICODE, subject],
      [0x0039, PT_SYSTIME, sentAt], // PidTagClientSubmitTime
      [0x0c1a, PT_UNICODE, from.name],
      [0x0c1e, PT_UNICODE, 'SMTP'],
      [0x0c1f, PT_UNICODE, from.email],
      [0x0e04, PT_UNICODE, to.map((r) => r.name).join('; ')], // PidTagDisplayTo
      [0x1000, PT_UNICODE, body],
    ],
    top,
  );
  children.push({
    name: '__nameid_version1.0',
    children: [0x0002, 0x0003, 0x0004].map((id) => ({ name: `__substg1.0_${hex4(id)}0102`, data: Buffer.alloc(0) })),
  });
  to.forEach((r, i) =>
    children.push({
      name: `__recip_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`,
      children: propertyObject(
        [
          [0x0c15, PT_LONG, 1], // MAPI_TO
          [0x3001, PT_UNICODE, r.name],
          [0x3002, PT_UNICODE, 'SMTP'],
          [0x3003, PT_UNICODE, r.email],
          [0x39fe, PT_UNICODE, r.email],
        ],
        Buffer.alloc(8),
      ),
    }),
  );
  attachments.forEach((a, i) =>
    children.push({
      name: `__attach_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`,
      children: propertyObject(
        [
          [0x0e21, PT_LONG, i], // PidTagAttachNumber
          [0x3701, PT_BINARY, a.data],
          [0x3705, PT_LONG, 1], // ATTACH_BY_VALUE
          [0x3707, PT_UNICODE, a.name],
          [0x370e, PT_UNICODE, a.mimeType],
        ],
        Buffer.alloc(8),
      ),
    }),
  );
  return buildCfb(children);
}
