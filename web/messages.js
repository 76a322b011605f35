// SPDX-License-Identifier: MIT
// Words for people: sizes, durations, format names, and errors in plain language.

/** @param {number} n bytes */
export function formatBytes(n) {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** @param {number} ms */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s === 0 || min >= 10 ? `${min} min` : `${min} min ${s} s`;
}

const NAMES = {
  pdf: 'PDF document',
  docx: 'Word document',
  doc: 'Word 97–2003 document',
  docm: 'Word macro-enabled document',
  dot: 'Word 97–2003 template',
  dotx: 'Word template',
  odt: 'OpenDocument text',
  ott: 'OpenDocument text template',
  rtf: 'Rich Text',
  txt: 'Plain text',
  html: 'Web page (HTML)',
  epub: 'EPUB e-book',
  xlsx: 'Excel workbook',
  xls: 'Excel 97–2003 workbook',
  ods: 'OpenDocument spreadsheet',
  csv: 'Comma-separated values',
  pptx: 'PowerPoint presentation',
  ppt: 'PowerPoint 97–2003 presentation',
  odp: 'OpenDocument presentation',
  png: 'PNG images, one per page',
  jpg: 'JPEG images, one per page',
  jpeg: 'JPEG images, one per page',
  gif: 'GIF images, one per page',
  bmp: 'BMP images, one per page',
  tif: 'TIFF images, one per page',
  tiff: 'TIFF images, one per page',
  svg: 'SVG images, one per page',
};

/** @param {string} format e.g. 'pdf' @returns {string} e.g. 'PDF document (.pdf)' */
export function formatLabel(format) {
  return `${NAMES[format] ?? format.toUpperCase()} (.${format})`;
}

const STATUS_WORDS = {
  Created: 'Queued on the server',
  Started: 'Converting on the server',
  Finished: 'Converted',
  Failed: 'The conversion failed',
  Canceled: 'The server cancelled the conversion',
};

/** @param {string} status an OperationResult status */
export function statusWords(status) {
  return STATUS_WORDS[status] ?? `Server status: ${status}`;
}

/**
 * An error in plain words, plus the technical line behind it.
 * @param {any} err an ApiError of the package, a PageError of the page, or anything thrown
 * @param {{ baseUrl: string, tokenUrl: string, passwordGiven?: boolean }} context
 * @returns {{ title: string, text: string, details: string }}
 */
export function describeError(err, context) {
  const details = technicalDetails(err);
  const words = plainWords(err, context);
  return { ...words, details };
}

function plainWords(err, { baseUrl, tokenUrl, passwordGiven }) {
  const origin = location.origin;
  // A failure of the accessToken function reaches us as auth_failed whose cause is the page's own error.
  const tokenProblem = err?.name === 'PageError' ? err : err?.cause?.name === 'PageError' ? err.cause : null;
  if (tokenProblem) return pageErrorWords(tokenProblem, { baseUrl, tokenUrl, origin });

  const message = String(err?.message ?? err ?? '');
  switch (err?.code) {
    case 'operation_failed': {
      if (/password is incorrect|incorrect password|wrong password|IncorrectPassword/i.test(message)) {
        return {
          title: 'The password is wrong',
          text: 'The document could not be opened with that password. Check it (passwords are case-sensitive) and convert again.',
        };
      }
      if (/password/i.test(message)) {
        return passwordGiven
          ? {
              title: 'The password is wrong',
              text: 'The document could not be opened with that password. Check it and convert again.',
            }
          : {
              title: 'This document needs a password',
              text: 'It is protected. Type its password under Options and convert again.',
            };
      }
      if (err.apiCode === 'Canceled')
        return {
          title: 'The server cancelled the conversion',
          text: 'Try again; if it happens again, the server may be shutting down.',
        };
      if (/time(d)? ?out/i.test(message))
        return {
          title: 'The conversion took too long',
          text: 'The server gave up on this document. A smaller page range may work.',
        };
      if (/corrupt|damaged|cannot be (read|opened)|not a valid/i.test(message)) {
        return {
          title: 'The document could not be read',
          text: 'The server could not open it: it may be damaged, or not really the type its name says.',
        };
      }
      return { title: 'The server could not convert this document', text: `It said: “${tidy(message)}”` };
    }
    case 'auth_failed':
      return {
        title: 'The server did not accept the sign-in',
        text: `The token from ${tokenUrl} is not valid for ${baseUrl}. Check both addresses in Settings.`,
      };
    case 'network':
      return {
        title: 'Could not reach the conversion service',
        text: `Nothing answered at ${baseUrl}. Check that the server is running, that the base URL in Settings is right, and that it allows requests from ${origin} (CORS).`,
      };
    case 'tls_error':
      return {
        title: 'The server’s certificate was refused',
        text: `The secure connection to ${baseUrl} failed: its certificate is not trusted here or names another host. Check the base URL in Settings.`,
      };
    case 'timeout':
      return {
        title: 'The server took too long to answer',
        text: 'It may be busy or the connection slow. Try again in a moment.',
      };
    case 'not_found':
      return {
        title: 'The server could not find a file it needed',
        text: 'The upload or its result went missing in storage. Convert again.',
      };
    case 'http_error':
      return httpWords(err.status, message);
    case 'load_failed':
      if (/Content Security Policy|EvalError|unsafe-eval/i.test(message)) {
        return {
          title: 'The converter could not start in this browser',
          text: "This page’s Content Security Policy blocks it: compiling WebAssembly needs script-src 'wasm-unsafe-eval'.",
        };
      }
      return {
        title: 'The converter could not start in this browser',
        text: 'Its WebAssembly module did not load. Reload the page; if that does not help, check that dist/gdconv.wasm is served as application/wasm.',
      };
    case 'unsupported_runtime':
      return {
        title: 'This browser cannot run the converter',
        text: `It lacks what the converter needs: ${tidy(message)}. A current Chrome, Firefox, Safari or Edge has it.`,
      };
    case 'invalid_argument':
      return { title: 'Something in the request is not valid', text: tidy(message) };
    case 'io_error':
      return {
        title: 'The file could not be read',
        text: 'The browser could not read the file you chose. Choose it again.',
      };
    case 'internal':
      return { title: 'The converter failed', text: `This is a bug in the page: ${tidy(message)}` };
    case 'bad_response':
      return {
        title: 'The server sent an answer this page does not understand',
        text: `Is ${baseUrl} really a GroupDocs.Conversion API?`,
      };
    case 'aborted':
      return {
        title: 'The conversion was stopped',
        text: 'The connection settings changed while it ran. Convert again.',
      };
    case 'closed':
      return { title: 'The connection settings changed during the conversion', text: 'Convert again.' };
    default:
      return { title: 'Something went wrong', text: tidy(message) || 'An unexpected error happened.' };
  }
}

function pageErrorWords(err, { tokenUrl }) {
  switch (err.code) {
    case 'token_unreachable':
      return {
        title: 'Could not get an access token',
        text: `The token endpoint ${tokenUrl} did not answer. Check it in Settings.`,
      };
    case 'token_refused':
      return {
        title: 'Could not get an access token',
        text: `The token endpoint ${tokenUrl} refused (HTTP ${err.status}).`,
      };
    case 'token_unreadable':
      return {
        title: 'Could not get an access token',
        text: `The token endpoint ${tokenUrl} answered without a token.`,
      };
    default:
      return { title: 'Something went wrong', text: tidy(err.message) };
  }
}

function httpWords(status, message) {
  if (status === 413)
    return { title: 'The file is too large for this server', text: 'Its upload limit is lower than the file’s size.' };
  if (status === 507)
    return { title: 'The server’s storage is full', text: 'Delete old files from it, or try another server.' };
  if (status === 429)
    return { title: 'The server is busy', text: 'Too many requests right now. Try again in a moment.' };
  if (status === 400) return { title: 'The server refused the request', text: `It said: “${tidy(message)}”` };
  if (status >= 500)
    return { title: 'The server had a problem', text: `It answered HTTP ${status}. Try again in a moment.` };
  return { title: `The server refused the request (HTTP ${status})`, text: tidy(message) };
}

/** Drops the client's "http 400: " style prefixes, keeps a sentence. */
function tidy(message) {
  return String(message).replace(/\s+/g, ' ').trim().slice(0, 300);
}

function technicalDetails(err) {
  if (!err || typeof err !== 'object') return String(err);
  const fields = ['name', 'code', 'status', 'apiCode', 'requestId', 'url']
    .filter((k) => err[k] !== undefined && err[k] !== '')
    .map((k) => `${k}: ${err[k]}`);
  return [...fields, `message: ${err.message}`, ...(err.cause?.message ? [`cause: ${err.cause.message}`] : [])].join(
    '\n',
  );
}
