// SPDX-License-Identifier: MIT
// Flat ODF documents (one XML file: fodt, fods, fodp) written by the tests that need a document of a precise
// shape: a field, a style, a font no machine has, a row height.

const NAMESPACES = {
  office: 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',
  text: 'urn:oasis:names:tc:opendocument:xmlns:text:1.0',
  table: 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',
  draw: 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0',
  style: 'urn:oasis:names:tc:opendocument:xmlns:style:1.0',
  fo: 'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0',
  svg: 'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0',
  dc: 'http://purl.org/dc/elements/1.1/',
  field: 'urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0',
};
const KINDS = { text: 'text', spreadsheet: 'spreadsheet', presentation: 'presentation' };

/**
 * @param {'text' | 'spreadsheet' | 'presentation'} kind
 * @param {{ body: string, styles?: string, automaticStyles?: string, fonts?: string[] }} parts body: the content
 *   of office:text, office:spreadsheet or office:presentation; styles and automaticStyles: style elements;
 *   fonts: font face names to declare (style:font-name refers to them)
 * @returns {string} the document, to convert as fodt, fods or fodp
 */
export function flatOdf(kind, { body, styles = '', automaticStyles = '', fonts = [] }) {
  const xmlns = Object.entries(NAMESPACES)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join('\n  ');
  const faces = fonts.map((name) => `<style:font-face style:name="${name}" svg:font-family="'${name}'"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${xmlns}
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.${KINDS[kind]}">
 <office:font-face-decls>${faces}</office:font-face-decls>
 <office:styles>${styles}</office:styles>
 <office:automatic-styles>${automaticStyles}</office:automatic-styles>
 <office:body><office:${kind}>${body}</office:${kind}></office:body>
</office:document>`;
}
