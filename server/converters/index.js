// SPDX-License-Identifier: MIT
/**
 * The local server's real document converters: LibreOffice (through UNO, a warm pool of office
 * processes) for documents, spreadsheets and presentations, Poppler for PDF sources and for images,
 * one file per page. See README.md in this folder for the format table and the honoured options.
 *
 * Importing this module does no work; createConverter() starts the office processes.
 */
export { createConverter } from './converter.js';
export { ConversionError, ERROR_CODES } from './errors.js';
export { sniffFormat } from './sniff.js';
export { appliedOptions } from './applied-options.js';
export { supportedFormats, isRasterTarget, unreadableReason } from './formats.js';
