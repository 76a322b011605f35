// SPDX-License-Identifier: MIT
// The converted files: a download link each, and an inline preview where the browser can show one
// (PDF in its viewer, images as pictures). Object URLs are revoked when the next result replaces them.

import { formatBytes } from './messages.js';

const IMAGE_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};
const TYPES = { ...IMAGE_TYPES, pdf: 'application/pdf', txt: 'text/plain', html: 'text/html' };

const extensionOf = (name) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

export class ResultView {
  /** @param {{ section: HTMLElement, list: HTMLUListElement, preview: HTMLElement, heading: HTMLElement }} els */
  constructor(els) {
    this.els = els;
    /** @type {string[]} */
    this.urls = [];
  }

  clear() {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
    this.els.list.replaceChildren();
    this.els.preview.replaceChildren();
    this.els.section.hidden = true;
  }

  /**
   * @param {{ name: string, size: number, bytes: Uint8Array }[]} files
   * @param {string} summary e.g. "four-pages.docx → PDF in 2.3 s"
   */
  show(files, summary) {
    this.clear();
    const { list, preview, section, heading } = this.els;
    heading.textContent = files.length === 1 ? 'Result' : `Result: ${files.length} files`;
    const caption = document.createElement('li');
    caption.className = 'files-summary';
    caption.textContent = summary;
    list.append(caption);

    const images = [];
    files.forEach((file, i) => {
      const ext = extensionOf(file.name);
      const url = URL.createObjectURL(new Blob([file.bytes], { type: TYPES[ext] ?? 'application/octet-stream' }));
      this.urls.push(url);
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      a.className = 'file-link';
      a.textContent = `Download ${file.name}`;
      const size = document.createElement('span');
      size.className = 'file-size';
      size.textContent = formatBytes(file.size);
      li.append(a, ' ', size);
      list.append(li);
      if (IMAGE_TYPES[ext]) images.push({ url, name: file.name, index: i });
    });

    const pdf = files.findIndex((f) => extensionOf(f.name) === 'pdf');
    if (pdf >= 0) preview.append(pdfPreview(files[pdf].name, this.urls[pdf]));
    if (images.length) preview.append(imagePreview(images, files.length));
    if (pdf < 0 && !images.length) {
      preview.append(note('This browser cannot show this format inline; use the download link.'));
    }
    section.hidden = false;
  }
}

function pdfPreview(name, url) {
  // Chromium, Firefox and Safari set pdfViewerEnabled when they can show a PDF inline; headless and
  // locked-down browsers do not, and get a note instead of an empty frame.
  if (navigator.pdfViewerEnabled === false) {
    return note(`This browser does not show PDFs inline; download ${name} to open it.`);
  }
  const frame = document.createElement('iframe');
  frame.className = 'pdf-preview';
  frame.title = `Preview of ${name}`;
  frame.src = url;
  return frame;
}

function imagePreview(images, total) {
  const grid = document.createElement('ul');
  grid.className = 'pages';
  grid.setAttribute('aria-label', 'Preview');
  for (const { url, name, index } of images) {
    const li = document.createElement('li');
    const figure = document.createElement('figure');
    const img = document.createElement('img');
    img.src = url;
    img.alt = total > 1 ? `Page ${index + 1} of ${total}` : `Preview of ${name}`;
    img.decoding = 'async';
    const caption = document.createElement('figcaption');
    caption.textContent = total > 1 ? `Page ${index + 1}` : name;
    figure.append(img, caption);
    li.append(figure);
    grid.append(li);
  }
  return grid;
}

function note(text) {
  const p = document.createElement('p');
  p.className = 'preview-note';
  p.textContent = text;
  return p;
}
