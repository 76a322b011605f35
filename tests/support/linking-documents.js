// SPDX-License-Identifier: MIT
/**
 * Documents that link to things outside themselves, for the tests that check the converter follows none of
 * those links: remote URLs (`urls`, e.g. on a counting HTTP server) and local files (`files`, absolute
 * `file:` URLs of pictures that must not show up). Each holds `text`, which must.
 *
 * Every kind here does make an unconfined LibreOffice 7.4 fetch the URLs and show the files (checked; see
 * tests/node/server-no-fetch.test.js, whose canary keeps checking the HTML one).
 */
import { zip } from './zip.js';

/**
 * An HTML page using every way of loading that HTML and CSS have: a style sheet, `@import`, CSS and table
 * backgrounds, images, a frame, an object, an embed; and each local file as an image, by absolute and by
 * relative URL. The page's background is `background` (default: one more URL on the remote server): with
 * LibreOffice's BlockUntrustedRefererLinks on, linked images are not loaded, but style sheets and the page's
 * CSS background still are (7.4).
 * @param {{ text: string, base: string, files: string[], relativeFiles?: string[], background?: string }} o
 *   base: the remote server's URL; relativeFiles: the same files as URLs relative to wherever the page sits
 * @returns {Buffer}
 */
export function linkingHtml({ text, base, files, relativeFiles = [], background = `${base}/background.png` }) {
  const images = [...files, ...relativeFiles]
    .map((src) => `<p><img src="${src}" width="300" height="40"></p>`)
    .join('\n');
  return Buffer.from(`<!DOCTYPE html>
<html><head><title>links</title>
<link rel="stylesheet" href="${base}/sheet.css">
<style>@import url("${base}/import.css"); body { background: url(${background}) }</style>
</head><body>
<p>${text}</p>
<p><img src="${base}/image.png" width="20" height="20"></p>
<table background="${base}/table.png"><tr><td style="background-image: url(${base}/cell.png)">cell</td></tr></table>
<iframe src="${base}/frame.html"></iframe>
<object data="${base}/object.html" type="text/html"></object>
<embed src="${base}/embed.svg" type="image/svg+xml">
${images}
</body></html>
`);
}

const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** One externally linked picture of a Word document (DrawingML, `r:link`). */
function linkedPicture(relId, n) {
  return `<w:r><w:drawing><wp:inline><wp:extent cx="2857500" cy="381000"/><wp:docPr id="${n}" name="picture ${n}"/>
<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="${n}" name="picture ${n}"/><pic:cNvPicPr/></pic:nvPicPr>
<pic:blipFill><a:blip r:link="${relId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2857500" cy="381000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>
</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
}

/**
 * A .docx whose pictures are linked, not embedded (`TargetMode="External"`): one per URL, then one per file.
 * @param {{ text: string, urls: string[], files: string[] }} o
 * @returns {Buffer}
 */
export function linkingDocx({ text, urls, files }) {
  const targets = [...urls, ...files];
  const rels = targets
    .map(
      (target, i) =>
        `<Relationship Id="rId${i + 1}" Type="${OFFICE_REL}/image" Target="${target}" TargetMode="External"/>`,
    )
    .join('');
  const pictures = targets.map((_, i) => `<w:p>${linkedPicture(`rId${i + 1}`, i + 1)}</w:p>`).join('');
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${OFFICE_REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ],
    [
      'word/_rels/document.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    ],
    [
      'word/document.xml',
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
        `xmlns:r="${OFFICE_REL}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>` +
        `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>${pictures}</w:body></w:document>`,
    ],
  ]);
}

const ODF_NAMESPACES =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"';

/** An ODF frame holding a linked (not embedded) picture. */
const odfPicture = (href, y) =>
  `<draw:frame svg:x="1cm" svg:y="${y}cm" svg:width="8cm" svg:height="1cm">` +
  `<draw:image xlink:href="${href}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>`;

/**
 * A flat ODF spreadsheet (.fods) with linked pictures on its sheet.
 * @param {{ text: string, urls: string[], files: string[] }} o
 * @returns {Buffer}
 */
export function linkingFods({ text, urls, files }) {
  const cells = [...urls, ...files]
    .map((href, i) => `<table:table-cell>${odfPicture(href, 1 + 2 * i)}</table:table-cell>`)
    .join('');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<office:document ${ODF_NAMESPACES} office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row>
<table:table-cell office:value-type="string"><text:p>${text}</text:p></table:table-cell>${cells}
</table:table-row></table:table></office:spreadsheet></office:body></office:document>
`);
}

/**
 * A flat ODF presentation (.fodp): one slide with the text and linked pictures.
 * @param {{ text: string, urls: string[], files: string[] }} o
 * @returns {Buffer}
 */
export function linkingFodp({ text, urls, files }) {
  const pictures = [...urls, ...files].map((href, i) => odfPicture(href, 4 + 2 * i)).join('\n');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<office:document ${ODF_NAMESPACES} office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:body><office:presentation><draw:page draw:name="slide1">
<draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="2cm"><draw:text-box><text:p>${text}</text:p></draw:text-box></draw:frame>
${pictures}
</draw:page></office:presentation></office:body></office:document>
`);
}

/**
 * An SVG picture that is nothing but `text`: when a converter shows it, pdftotext finds the text.
 * @param {string} text
 * @returns {string}
 */
export function textPicture(text) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="4" y="28" font-size="20">${text}</text></svg>\n`;
}
