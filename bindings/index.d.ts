// SPDX-License-Identifier: MIT
// Hand-written types of the public API (bindings/js/). Shipped as dist/index.d.ts and dist/index.d.cts.

/**
 * Where the wasm module comes from. It is loaded once per process or page, by the first `create` or
 * `preload`; a later call may pass a `locateFile` that finds the same URL (a new arrow function each time is fine) or equal
 * `wasmBinary` bytes, or leave them out, but one that names another source rejects with `invalid_argument`
 * (a failed load is not kept: the next `create` loads afresh).
 */
export interface ModuleLoadOptions {
  /** Maps 'gdconv.wasm' to the URL (browser) or path (Node) it is served from. */
  locateFile?: (path: string, prefix: string) => string;
  /** The bytes of gdconv.wasm, when the caller already has them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

interface BaseClientOptions extends ModuleLoadOptions {
  /** The API's origin. Default 'https://api.groupdocs.cloud'; the local server: 'http://127.0.0.1:8080'. */
  baseUrl?: string;
  /** The limit of each HTTP request in milliseconds (a call overrides it with `requestTimeoutMs`). Default
   *  300000 (5 min); 0 means none. */
  timeoutMs?: number;
  /** Extra attempts after a network error, a timeout, 408, 429, 500, 502, 503 or 504. Default 2. A request
   *  that starts a conversion is sent again only when the server cannot have started it (see `RetryOptions`).
   *  Same as `retry.maxAttempts` minus one: pass one of them. */
  maxRetries?: number;
  /** The whole retry policy; a call can override any part of it. */
  retry?: RetryOptions;
  /**
   * Node only (elsewhere the runtime's own proxy settings apply, and passing it rejects with
   * `invalid_argument`). The HTTP proxy for every request, e.g. 'http://user:password@proxy.example:3128':
   * http:// URLs go through it as absolute-form requests, https:// ones through a CONNECT tunnel; the user and
   * password become its Proxy-Authorization and never appear in an error. `false`: no proxy, whatever the
   * environment says. Default: the environment's HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case
   * forms), read when the client is created, as undici's EnvHttpProxyAgent reads them.
   */
  proxy?: string | false;
  /**
   * Node only (elsewhere rejects with `invalid_argument`). PEM certificates of the CAs this client trusts for
   * https:// servers, instead of Node's (as node:tls's `ca`): a private CA, or a TLS-inspecting proxy's. To
   * trust them besides Node's, pass `[...tls.rootCertificates, myCa]`, or set NODE_EXTRA_CA_CERTS for the
   * process. A certificate that is not trusted or not for the server's name rejects with `tls_error`.
   */
  ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
}

/**
 * How failed requests are retried: exponential backoff with full jitter (a uniform wait below
 * `min(maxDelayMs, baseDelayMs * 2^n)`), or the server's `Retry-After` when it sends one.
 * Idempotent requests (token, GETs, DELETE, the upload PUT, convertDocumentDirect, copies) retry on network errors, timeouts and
 * 408, 429, 500, 502, 503, 504. Requests that convert or move (startConvertAndSave, startConvert,
 * convertDocument, convertDocumentDownload, move*) retry only when the connection could not be made or the server answered 429 or
 * 503; any other failure rejects at once with `mayHaveStarted: true`.
 */
export interface RetryOptions {
  /** Sends of one request, the first included: 1 to 11. Default 3. */
  maxAttempts?: number;
  /** The first retry waits up to this long (then doubling). Default 250. */
  baseDelayMs?: number;
  /** The cap of one backoff wait. Default 8000. */
  maxDelayMs?: number;
  /** No retry starts later than this after the request's first attempt, whatever Retry-After asks; a
   *  longer wait gives the server's error at once. 0 means no limit. Default 60000. */
  deadlineMs?: number;
}

/** Client credentials: for Node and trusted backends. */
export interface CredentialsOptions extends BaseClientOptions {
  clientId: string;
  clientSecret: string;
  accessToken?: never;
}

/** A bearer token, or a function that supplies one (e.g. from your backend): for browsers. */
export interface AccessTokenOptions extends BaseClientOptions {
  accessToken: string | (() => string | Promise<string>);
  clientId?: never;
  clientSecret?: never;
}

export type ConversionClientOptions = CredentialsOptions | AccessTokenOptions;

/** Bytes the client returns: a Uint8Array over an ArrayBuffer of its own. TypeScript 5.7+ spells that
 *  `Uint8Array<ArrayBuffer>` (which `new Blob([bytes])` needs); older versions, plain `Uint8Array`. */
export type Bytes = ReturnType<Uint8Array['slice']>;

/** What the client accepts as a document. A string or URL is a local file path (Node, Deno, Bun; in Node it is
 *  read as it is sent, never whole, so it may be larger than memory). */
export type Input = Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL;

export interface CallOptions {
  /** Aborting it cancels the call: its HTTP requests and timers stop and it rejects with `aborted`
   *  (or `timeout` for `AbortSignal.timeout()`). */
  signal?: AbortSignal;
  /** The whole call (every request, retry, wait and poll) in milliseconds; rejects with `timeout`. No
   *  retry is started that could not finish in time: the last error comes at once instead. */
  timeoutMs?: number;
  /** Each HTTP request of this call, overriding the client's `timeoutMs`. */
  requestTimeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides parts of the client's retry policy for this call. */
  retry?: RetryOptions;
}

export type OperationStatus = 'Created' | 'Started' | 'Failed' | 'Canceled' | 'Finished';

// The API's answers. They are read as the official SDK models read them: a field the server leaves out
// (or sends as null) is absent here, and only fields with a default are always present. The core's models
// (src/core/models.h) say the same; tests/unit/declarations_test.cpp holds the two together.

/** A converted file (StoredConvertedResult). The API's data-structure page documents `{ name, size, url }`. */
export interface StoredConvertedResult {
  name?: string;
  /** Where it is stored; null for the results of a `startConvert` operation, which are not in storage. */
  path: string | null;
  size?: number;
  url?: string;
}

/** The state of an asynchronous operation, as the API reports it. Dates are ISO-8601 strings. */
export interface OperationResult {
  id?: string;
  /** A status this client does not know yet is passed through as it is. */
  status?: OperationStatus;
  method?: 'Convert' | 'ConvertAndSave';
  created?: string;
  started?: string;
  failed?: string;
  canceled?: string;
  finished?: string;
  /** The converted files; empty until the operation is `Finished`. */
  result: StoredConvertedResult[];
  error?: string;
}

/** A storage error (the API's `Error` model). A numeric `code` arrives as its digits. */
export interface StorageError {
  code?: string;
  message?: string;
  description?: string;
  innerError?: { requestId?: string; date?: string };
}

export interface FilesUploadResult {
  uploaded: string[];
  errors: StorageError[];
}

// Load and convert options (docs/options.md lists every field, its SDK classes and what the local server does
// with it). Both shapes the official SDKs send are typed: the flat one of the Node 24.x/25.10 SDKs (one object
// with the union of the family classes' fields, e.g. `quality`) and .NET 25.12's nested objects
// (`jpegOptions: { quality }`). There is no discriminator: the API picks the class by the source format
// (load options) and the target format (convert options) and ignores fields that do not apply. Names this
// version does not know are sent as given.

/** LoadOptions: the base class's `format` and every family class's fields (24.4, 25.10, 25.12). */
export interface LoadOptions {
  format?: string;
  password?: string;
  defaultFont?: string;
  fontSubstitutes?: Record<string, string>;
  autoFontSubstitution?: boolean;
  hideWordTrackedChanges?: boolean;
  hideComments?: boolean;
  bookmarksOutlineLevel?: number;
  headingsOutlineLevels?: number;
  expandedOutlineLevels?: number;
  clearCustomDocumentProperties?: boolean;
  clearBuiltInDocumentProperties?: boolean;
  depth?: number;
  convertOwned?: boolean;
  convertOwner?: boolean;
  autoHyphenation?: boolean;
  hyphenateCaps?: boolean;
  pageNumbering?: boolean;
  preserveDocumentStructure?: boolean;
  skipExternalResources?: boolean;
  useTextShaper?: boolean;
  preserveFormFields?: boolean;
  commentDisplayMode?: 'Hidden' | 'Balloon' | 'Annotation';
  keepDateFieldOriginalValue?: boolean;
  updateFields?: boolean;
  updatePageLayout?: boolean;
  embedTrueTypeFonts?: boolean;
  fontInfoSubstitutionEnabled?: boolean;
  fontConfigSubstitutionEnabled?: boolean;
  fontNameSubstitutionEnabled?: boolean;
  showFullCommenterName?: boolean;
  showGridLines?: boolean;
  showHiddenSheets?: boolean;
  onePagePerSheet?: boolean;
  convertRange?: string;
  skipEmptyRowsAndColumns?: boolean;
  rowsPerPage?: number;
  columnsPerPage?: number;
  autoFitRows?: boolean;
  allColumnsInOnePagePerSheet?: boolean;
  cultureInfo?: string;
  checkExcelRestriction?: boolean;
  optimizePdfSize?: boolean;
  sheetIndexes?: number[];
  sheets?: string[];
  printComments?: 'PrintInPlace' | 'PrintNoComments' | 'PrintSheetEnd' | 'PrintWithThreadedComments';
  resetFontFolders?: boolean;
  separator?: string;
  isMultiEncoded?: boolean;
  hasFormula?: boolean;
  convertNumericData?: boolean;
  convertDateTimeData?: boolean;
  encoding?: string;
  showHiddenSlides?: boolean;
  commentsPosition?: 'None' | 'Bottom' | 'Right';
  notesPosition?: 'None' | 'BottomTruncated' | 'BottomFull';
  removeEmbeddedFiles?: boolean;
  hidePdfAnnotations?: boolean;
  flattenAllFields?: boolean;
  removeJavascript?: boolean;
  displayHeader?: boolean;
  displayFromEmailAddress?: boolean;
  displayEmailAddress?: boolean;
  displayToEmailAddress?: boolean;
  displayCcEmailAddress?: boolean;
  displayBccEmailAddress?: boolean;
  displaySent?: boolean;
  displaySubject?: boolean;
  displayAttachments?: boolean;
  displayEmailAddresses?: boolean;
  timeZoneOffset?: string;
  convertAttachments?: boolean;
  preserveOriginalDate?: boolean;
  fieldLabels?: EmailFieldLabel[];
  layoutNames?: string[];
  backgroundColor?: string;
  drawType?: 'UseDrawColor' | 'UseObjectColor';
  drawColor?: string;
  detectNumberingWithWhitespaces?: boolean;
  trailingSpacesOptions?: 'Preserve' | 'Trim';
  leadingSpacesOptions?: 'ConvertToIndent' | 'Preserve' | 'Trim';
  folder?: string;
  basePath?: string;
  renderingMode?: 'Flow' | 'AbsolutePositioning';
  usePdf?: boolean;
  zoom?: number;
  pageLayout?: 'None' | 'ScaleToPageWidth' | 'ScaleToPageHeight';
  customCssStyle?: string;
  xslFo?: string;
  width?: number;
  height?: number;
  [option: string]: unknown;
}

/** EmailLoadOptions.fieldLabels: the label a header field is printed with. */
export interface EmailFieldLabel {
  field?:
    | 'Start'
    | 'TabField'
    | 'Subject'
    | 'ShowTimeAs'
    | 'Sent'
    | 'RequiredAttendees'
    | 'RecurrencePattern'
    | 'Recurrence'
    | 'PageHeader'
    | 'Organizer'
    | 'Location'
    | 'Importance'
    | 'From'
    | 'End'
    | 'Bcc'
    | 'Attachments'
    | 'To';
  label?: string;
}

/** WatermarkOptions, the same in every SDK version. `transparency`: 0 opaque … 1 invisible. */
export interface WatermarkOptions {
  text?: string;
  fontName?: string;
  fontSize?: number;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  width?: number;
  height?: number;
  top?: number;
  left?: number;
  rotationAngle?: number;
  transparency?: number;
  background?: boolean;
  image?: string;
  autoAlign?: boolean;
}

/** .NET 25.12 `ImageConvertOptions.jpegOptions` (JpgConvertOptions); flat: `quality`. */
export interface JpegOptions {
  /** 1–100; the API's default is 100. */
  quality?: number;
}
/** .NET 25.12 `ImageConvertOptions.tiffOptions`; flat: `compression`. */
export interface TiffOptions {
  compression?: 'Lzw' | 'None' | 'Ccitt3' | 'Ccitt4' | 'Rle';
}
/** .NET 25.12 `ImageConvertOptions.webpOptions`; flat: `lossless`. */
export interface WebpOptions {
  lossless?: boolean;
}
/** .NET 25.12 `ImageConvertOptions.psdOptions`; flat: the same five fields. */
export interface PsdOptions {
  channelBitsCount?: number;
  channelsCount?: number;
  colorMode?: 'Bitmap' | 'Grayscale' | 'Indexed' | 'Rgb' | 'Cmyk' | 'Multichannel' | 'Duotone' | 'Lab';
  compressionMethod?: 'Raw' | 'Rle' | 'ZipWithoutPrediction' | 'ZipWithPrediction';
  version?: number;
}
/** .NET 25.12 `WordProcessingConvertOptions.rtfOptions`; flat: `exportImagesForOldReaders`. */
export interface RtfOptions {
  exportImagesForOldReaders?: boolean;
}

/**
 * ConvertOptions: the base class (pages, watermark), every family class's fields flat (24.4, 25.10), and
 * .NET 25.12's nested objects. Set a field in one shape only: the local server refuses the same field set
 * to different values in both.
 */
export interface ConvertOptions {
  /** First page to convert, 1-based. */
  fromPage?: number;
  /** How many pages from `fromPage`. */
  pagesCount?: number;
  /** The pages to convert, 1-based. */
  pages?: number[];
  watermarkOptions?: WatermarkOptions;
  width?: number;
  height?: number;
  dpi?: number;
  password?: string;
  marginTop?: number;
  marginBottom?: number;
  marginLeft?: number;
  marginRight?: number;
  pdfFormat?:
    | 'Default'
    | 'PdfA_1A'
    | 'PdfA_1B'
    | 'PdfA_2A'
    | 'PdfA_3A'
    | 'PdfA_2B'
    | 'PdfA_2U'
    | 'PdfA_3B'
    | 'PdfA_3U'
    | 'v1_3'
    | 'v1_4'
    | 'v1_5'
    | 'v1_6'
    | 'v1_7'
    | 'PdfX_1A'
    | 'PdfX3';
  removePdfaCompliance?: boolean;
  zoom?: number;
  linearize?: boolean;
  linkDuplicateStreams?: boolean;
  removeUnusedObjects?: boolean;
  removeUnusedStreams?: boolean;
  compressImages?: boolean;
  imageQuality?: number;
  unembedFonts?: boolean;
  grayscale?: boolean;
  centerWindow?: boolean;
  direction?: 'L2R' | 'R2L';
  displayDocTitle?: boolean;
  fitWindow?: boolean;
  hideMenuBar?: boolean;
  hideToolBar?: boolean;
  hideWindowUI?: boolean;
  nonFullScreenPageMode?: 'UseNone' | 'UseOutlines' | 'UseThumbs' | 'FullScreen' | 'UseOC' | 'UseAttachments';
  pageLayout?:
    'Default' | 'SinglePage' | 'OneColumn' | 'TwoColumnLeft' | 'TwoColumnRight' | 'TwoPageLeft' | 'TwoPageRight';
  pageMode?: 'UseNone' | 'UseOutlines' | 'UseThumbs' | 'FullScreen' | 'UseOC' | 'UseAttachments';
  rotate?: 'None' | 'On90' | 'On180' | 'On270';
  pageSize?:
    | 'Default'
    | 'A3'
    | 'Statement'
    | 'Quarto'
    | 'Paper11x17'
    | 'Paper10x14'
    | 'Letter'
    | 'Legal'
    | 'Ledger'
    | 'Folio'
    | 'Executive'
    | 'EnvelopeDL'
    | 'Custom'
    | 'B5'
    | 'B4'
    | 'A5'
    | 'A4'
    | 'Tabloid';
  pageOrientation?: 'Default' | 'Landscape' | 'Portrait';
  horizontalResolution?: number;
  verticalResolution?: number;
  rotateAngle?: number;
  usePdf?: boolean;
  brightness?: number;
  contrast?: number;
  gamma?: number;
  flipMode?: 'None' | 'FlipX' | 'FlipY' | 'FlipXY';
  backgroundColor?: string;
  quality?: number;
  compression?: 'Lzw' | 'None' | 'Ccitt3' | 'Ccitt4' | 'Rle';
  lossless?: boolean;
  channelBitsCount?: number;
  channelsCount?: number;
  colorMode?: 'Bitmap' | 'Grayscale' | 'Indexed' | 'Rgb' | 'Cmyk' | 'Multichannel' | 'Duotone' | 'Lab';
  compressionMethod?: 'Raw' | 'Rle' | 'ZipWithoutPrediction' | 'ZipWithPrediction';
  version?: number;
  pdfRecognitionMode?: 'Textbox' | 'Flow';
  exportImagesForOldReaders?: boolean;
  fixedLayout?: boolean;
  fixedLayoutShowBorders?: boolean;
  autoFitPageToDrawingContent?: boolean;
  // .NET 25.12's nested shape
  jpegOptions?: JpegOptions;
  psdOptions?: PsdOptions;
  tiffOptions?: TiffOptions;
  webpOptions?: WebpOptions;
  rtfOptions?: RtfOptions;
  [option: string]: unknown;
}

/** The API's ConvertSettings. */
export interface ConvertSettings {
  /** Storage path of the source document. */
  filePath: string;
  /** Target format, e.g. 'pdf'. */
  format: string;
  outputPath?: string;
  storageName?: string;
  loadOptions?: LoadOptions;
  convertOptions?: ConvertOptions;
  fontsPath?: string;
}

/** A step of `convert()` started. */
export interface StageEvent {
  type: 'stage';
  stage: 'token' | 'upload' | 'convert' | 'download';
}

/** The operation's status: the first one seen, then every change. */
export interface StatusEvent {
  type: 'status';
  status: OperationStatus;
}

/** Bytes of the request body (the document plus its multipart envelope) handed to the network. Grows
 *  during a request (one sent again counts from 0 again); the last event has `loaded === total`, and
 *  comes before anything that follows the upload. */
export interface UploadProgressEvent {
  type: 'upload';
  loaded: number;
  total: number;
}

/** Result file `index` of `count` is about to be downloaded (no byte counts yet). */
export interface DownloadStartEvent {
  type: 'download';
  index: number;
  count: number;
  loaded?: undefined;
  total?: undefined;
}

/** Bytes of result file `index` of `count` received so far. `total` is 0 while the size is not known;
 *  the last event has `loaded === total`. */
export interface DownloadProgressEvent {
  type: 'download';
  index: number;
  count: number;
  loaded: number;
  total: number;
}

/** What `onProgress` receives; narrow it on `type` (and on `loaded !== undefined` for downloads). */
export type ProgressEvent = StageEvent | StatusEvent | UploadProgressEvent | DownloadStartEvent | DownloadProgressEvent;

export interface WaitOptions extends CallOptions {
  /** Overall limit in milliseconds; rejects with `timeout` when reached. */
  timeoutMs?: number;
  /** Called with the first status seen and with every change. */
  onStatus?: (status: OperationStatus) => void;
}

interface ConvertCallOptionsBase extends CallOptions {
  /** Target format, e.g. 'pdf', 'jpg'. */
  format: string;
  /** The document's name; its extension tells the source format. Taken from a File or a path when omitted;
   *  required for bytes (Uint8Array, Buffer, ArrayBuffer, Blob) unless `direct` is true. */
  fileName?: string;
  loadOptions?: LoadOptions;
  convertOptions?: ConvertOptions;
  /** Overall limit in milliseconds for the whole flow. */
  timeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Node, Deno, Bun: write each result into this local folder, under its name, as it downloads (files[].file
   *  instead of bytes); created if missing. A failed or aborted download leaves no partial file. */
  outDir?: string | URL;
  /** `'blob'`: each result as a Blob (files[].blob instead of bytes), never through the wasm heap. */
  as?: 'blob' | 'bytes';
}

/** convert() through storage: upload, startConvertAndSave, wait, download (the default). */
export interface StorageConvertCallOptions extends ConvertCallOptionsBase {
  direct?: false;
  /** Storage folder for the results. */
  outputPath?: string;
  storageName?: string;
  /**
   * Keep what the call stored. By default convert() removes its own storage folder, `<uuid>/` (the uploaded
   * document and, without `outputPath`, the results), right after the promise settles, also when the call
   * fails, times out or is aborted after the upload began — so the returned `files[].path` then names a
   * deleted file. Results written to your `outputPath` always stay. The removal is best-effort and does not
   * delay the result: a failure is retried briefly, then ignored (the promise has already settled), and in
   * Node it keeps the process alive until done (30 s at most per attempt). Not done when the conversion may
   * have started without the client learning of it (`error.mayHaveStarted`, or an abort or timeout before the
   * start was answered): it may still read its input.
   * @default false
   */
  keepFiles?: boolean;
}

/** convert() without storage: startConvert (the document goes with the request), wait, getOperationResult. */
export interface DirectConvertCallOptions extends ConvertCallOptionsBase {
  direct: true;
  outputPath?: never;
  storageName?: never;
  /** Nothing is stored: there is nothing to keep. */
  keepFiles?: boolean;
}

export type ConvertCallOptions = StorageConvertCallOptions | DirectConvertCallOptions;

/** The arguments of the direct routes (convertDocumentDirect, startConvert). */
export interface DirectOptions extends CallOptions {
  /** Target format, e.g. 'pdf'. */
  format: string;
  /** The document's name: its extension tells the format and names the result. Taken from a File or a
   *  path when omitted; without one the server tells the format from the bytes. */
  fileName?: string;
  /** First page to convert (1-based). */
  fromPage?: number;
  /** How many pages to convert. */
  pagesCount?: number;
  loadOptions?: LoadOptions;
  convertOptions?: ConvertOptions;
}

/** Where a copy or move reads from and writes to. */
export interface TransferOptions extends CallOptions {
  srcStorageName?: string;
  destStorageName?: string;
}

/** A file or folder in storage (StorageFile, and FileVersion's fields). Folder paths end with '/'. */
export interface StorageFile {
  name?: string;
  path?: string;
  isFolder?: boolean;
  /** ISO-8601 */
  modifiedDate?: string;
  size?: number;
  /** getFileVersions: the version ("null" on storage without versions). */
  versionId?: string;
  isLatest?: boolean;
}

/** A folder listing, or a file's versions (FilesList, FileVersions). */
export interface FilesList {
  value: StorageFile[];
}

export type FileVersion = StorageFile;
export type FileVersions = FilesList;

export interface ObjectExist {
  exists: boolean;
  isFolder?: boolean;
}

export interface StorageExist {
  exists: boolean;
}

/** Bytes used and available. */
export interface DiscUsage {
  usedSize?: number;
  totalSize?: number;
}

export interface SupportedFormat {
  sourceFormat?: string;
  targetFormats: string[];
}

export interface DocumentMetadata {
  fileType?: string;
  pageCount?: number;
  size?: number;
  width?: number;
  height?: number;
  horizontalResolution?: number;
  verticalResolution?: number;
  bitsPerPixel?: number;
  title?: string;
  author?: string;
  createdDate?: string;
  modifiedDate?: string;
  layers?: string[];
  isPasswordProtected?: boolean;
}

export interface ConsumptionResult {
  credit?: number;
  /** Megabytes processed. */
  quantity?: number;
  billedApiCalls?: number;
}

export interface LicenseInfo {
  isLicensed: boolean;
}

export interface ConvertedFile {
  name: string;
  /** Storage path of the result; null for `direct` conversions, which store nothing. */
  path: string | null;
  size: number;
  /** The result's bytes; absent with `outDir` or `as: 'blob'`. */
  bytes: Bytes;
  /** With `outDir` (Node, Deno, Bun): the local file the result was written to; `bytes` is then absent. */
  file?: string;
  /** With `as: 'blob'`: the result as a Blob, which never passed through the wasm heap; `bytes` is then absent. */
  blob?: Blob;
}

/** A downloaded file written to a local path (`downloadFile(path, { to })`). */
export interface SavedFile {
  /** The absolute path of the file, complete. */
  path: string;
  size: number;
}

/** downloadFile's options. The bytes of a file sent `to` a path or `as` a Blob never pass through the wasm
 *  heap, so it may be larger than memory (and than wasm32's 2 GiB). */
export interface DownloadOptions extends CallOptions {
  storageName?: string;
  versionId?: string;
  /** The bytes as they arrive (`index` 0 of `count` 1). */
  onProgress?: (event: DownloadProgressEvent) => void;
  /** Node, Deno, Bun: write the file to this path, creating parent folders. It is written to a temporary
   *  name beside it and renamed when complete; a failed or aborted download leaves nothing behind. A file
   *  that cannot be written (a folder in the way, disk full) rejects with `io_error`. */
  to?: string | URL;
  /** `'blob'`: resolve with a Blob (in a browser, the XHR's own, held out of the page's memory). */
  as?: 'blob' | 'bytes';
}

export interface ConvertResult {
  operation: OperationResult;
  files: ConvertedFile[];
  /** The options the server says it did not apply (its `x-groupdocs-ignored-options` header, which the
   *  local server sends: `convertOptions.watermarkOptions.image`, …); empty when it applied them all or
   *  does not say (the cloud API does not). */
  ignoredOptions: string[];
}

/** A client for the GroupDocs.Conversion Cloud API v2.0, or the local server that speaks it. */
export declare class ConversionClient {
  /** Use `ConversionClient.create()`. */
  private constructor();

  /** Loads the wasm module (once) and creates a client. */
  static create(options: ConversionClientOptions): Promise<ConversionClient>;

  /** Uploads a document to storage. A refusal the server reports in `errors` rejects with `http_error`. */
  uploadFile(
    path: string,
    data: Input,
    options?: CallOptions & {
      storageName?: string;
      /** The body's bytes as they go out. */
      onProgress?: (event: UploadProgressEvent) => void;
    },
  ): Promise<FilesUploadResult>;

  /** Starts converting a stored document, saving the result to storage; resolves with the operation id. */
  startConvertAndSave(settings: ConvertSettings, options?: CallOptions): Promise<string>;

  /** Reads an operation's state once. */
  getOperationStatus(id: string, options?: CallOptions): Promise<OperationResult>;

  /** Downloads a stored file to a local path (Node, Deno, Bun), chunk by chunk: memory stays flat whatever
   *  its size. Resolves when the file is complete under its name. */
  downloadFile(path: string, options: DownloadOptions & { to: string | URL; as?: undefined }): Promise<SavedFile>;
  /** Downloads a stored file as a Blob, which never passes through the wasm heap. */
  downloadFile(path: string, options: DownloadOptions & { as: 'blob'; to?: undefined }): Promise<Blob>;
  /** Downloads a stored file. */
  downloadFile(path: string, options?: DownloadOptions & { as?: 'bytes'; to?: undefined }): Promise<Bytes>;

  /** Polls until the operation is Finished; rejects with `operation_failed` on Failed or Canceled. */
  waitForOperation(id: string, options?: WaitOptions): Promise<OperationResult>;

  /** Upload, start, wait and download in one call; with `direct: true`, without storage. A path input (Node)
   *  is read as it is sent, never whole; with `outDir` the results are written there (files[].file), with
   *  `as: 'blob'` they are Blobs (files[].blob): the call's memory does not grow with the files. */
  convert(input: Input, options: ConvertCallOptions): Promise<ConvertResult>;

  // ConvertApi

  /** Converts a stored document into storage and waits (POST /conversion with `outputPath`). */
  convertDocument(
    settings: ConvertSettings & { outputPath: string },
    options?: CallOptions,
  ): Promise<StoredConvertedResult[]>;

  /** Converts a stored document and returns the exact bytes of the result (POST /conversion, no `outputPath`). */
  convertDocumentDownload(
    settings: ConvertSettings & { outputPath?: undefined },
    options?: CallOptions & { onProgress?: (event: DownloadProgressEvent) => void },
  ): Promise<Bytes>;

  /** Converts a document sent with the request, storing nothing (PUT /conversion). */
  convertDocumentDirect(
    input: Input,
    options: DirectOptions & {
      /** The document's bytes going up, then the result's coming back. */
      onProgress?: (event: UploadProgressEvent | DownloadProgressEvent) => void;
    },
  ): Promise<Bytes>;

  // AsyncApi

  /** Starts converting a document sent with the request (PUT /conversion/async); resolves with the operation id. */
  startConvert(
    input: Input,
    options: DirectOptions & {
      onProgress?: (event: UploadProgressEvent) => void;
    },
  ): Promise<string>;

  /** The result of a finished `startConvert` operation: the first file, or the one called `name`. */
  getOperationResult(
    id: string,
    options?: CallOptions & {
      name?: string;
      onProgress?: (event: DownloadProgressEvent) => void;
    },
  ): Promise<Bytes>;

  // FileApi

  /** Copies a stored file; missing folders are created. */
  copyFile(srcPath: string, destPath: string, options?: TransferOptions & { versionId?: string }): Promise<void>;

  /** Moves a stored file. */
  moveFile(srcPath: string, destPath: string, options?: TransferOptions & { versionId?: string }): Promise<void>;

  /** Deletes a stored file. */
  deleteFile(path: string, options?: CallOptions & { storageName?: string; versionId?: string }): Promise<void>;

  // FolderApi

  /** Lists a folder ('' or omitted: the storage root). */
  getFilesList(path?: string, options?: CallOptions & { storageName?: string }): Promise<FilesList>;

  /** Creates a folder and its missing parents. */
  createFolder(path: string, options?: CallOptions & { storageName?: string }): Promise<void>;

  /** Deletes a folder (a missing one is fine); a non-empty one needs `recursive: true`. */
  deleteFolder(path: string, options?: CallOptions & { storageName?: string; recursive?: boolean }): Promise<void>;

  /** Copies a folder with its contents. */
  copyFolder(srcPath: string, destPath: string, options?: TransferOptions): Promise<void>;

  /** Moves a folder with its contents. */
  moveFolder(srcPath: string, destPath: string, options?: TransferOptions): Promise<void>;

  // StorageApi

  /** Whether a file or folder exists. */
  objectExists(
    path: string,
    options?: CallOptions & { storageName?: string; versionId?: string },
  ): Promise<ObjectExist>;

  /** Whether a storage exists. */
  storageExists(storageName: string, options?: CallOptions): Promise<StorageExist>;

  /** Used and total space of a storage, in bytes. */
  getDiscUsage(options?: CallOptions & { storageName?: string }): Promise<DiscUsage>;

  /** A stored file's versions. */
  getFileVersions(path: string, options?: CallOptions & { storageName?: string }): Promise<FileVersions>;

  // InfoApi

  /** Which formats convert to which; `format` (a source extension) or `filePath` narrows it. */
  getSupportedConversionTypes(
    options?: CallOptions & { filePath?: string; storageName?: string; format?: string },
  ): Promise<SupportedFormat[]>;

  /** A stored document's metadata (type, page count, size, title, author…). */
  getDocumentMetadata(filePath: string, options?: CallOptions & { storageName?: string }): Promise<DocumentMetadata>;

  // LicenseApi

  /** Credits and megabytes used (self-hosted API, local server). */
  getConsumptionCredit(options?: CallOptions): Promise<ConsumptionResult>;

  /** Whether the server is licensed (self-hosted API, local server). */
  getLicenseInfo(options?: CallOptions): Promise<LicenseInfo>;

  /** Aborts the calls in flight and frees the client's wasm memory. Idempotent. Where the runtime has
   *  `Symbol.dispose`/`Symbol.asyncDispose`, the client also has them (`using client = ...`); they are not
   *  declared here so that the types work with TypeScript versions that lack those symbols. */
  close(): void;
}

export type ErrorCode =
  | 'auth_failed'
  | 'not_found'
  | 'http_error'
  | 'network'
  | 'tls_error'
  | 'timeout'
  | 'aborted'
  | 'operation_failed'
  | 'bad_response'
  | 'invalid_argument'
  | 'closed'
  | 'load_failed'
  | 'unsupported_runtime'
  | 'io_error'
  | 'internal'
  | (string & {});

/** Every rejection of the client. Never contains a client secret or an access token. */
export declare class ApiError extends Error {
  name: 'ApiError';
  code: ErrorCode;
  /** HTTP status behind the error; 0 when there was no response. */
  status: number;
  /** The API's own error code (for `operation_failed`: 'Failed' or 'Canceled'), or ''. */
  apiCode: string;
  /** The server's request id, or ''. */
  requestId: string;
  /** Whether trying the same call again later may succeed. */
  retryable: boolean;
  /** A conversion request failed after it may have reached the server (timeout, dropped connection, 500,
   *  502, 504): the conversion may be running, so it was not sent again. Check the output before retrying.
   *  Always with `retryable: false`. */
  mayHaveStarted: boolean;
  cause?: unknown;
}

/**
 * Loads the wasm module now, as the first `ConversionClient.create` would, and resolves when it is ready; a
 * later `create` then starts at once. Optional: `create` loads the module itself. Useful to begin at a page's
 * start, before there are credentials or a token to make a client with, and to say where gdconv.wasm comes
 * from before anything else loads it (the same rules as `create`'s `locateFile` and `wasmBinary` apply).
 *
 * Importing the package already starts fetching (browsers) or reading (Node, Bun) and compiling the default
 * gdconv.wasm, beside the module. A first `preload` or `create` with `locateFile` or `wasmBinary` aborts that
 * (in the task of the import, before its request is sent).
 * Rejects as `create` does when the module cannot load: `load_failed`, `unsupported_runtime`,
 * `invalid_argument`.
 */
export declare function preload(options?: ModuleLoadOptions): Promise<void>;

/** Node only: writes bytes to a local path, creating parent folders. Rejects with `invalid_argument` in
 *  a browser. */
export declare function saveFile(data: Uint8Array | ArrayBuffer, path: string | URL): Promise<void>;
