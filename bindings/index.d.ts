// SPDX-License-Identifier: MIT
// Hand-written types of the public API (bindings/js/). Shipped as dist/index.d.ts and dist/index.d.cts.

/** Where the wasm module comes from; only the first successful load of a process or page uses it. */
export interface ModuleLoadOptions {
  /** Maps 'gdconv.wasm' to the URL (browser) or path (Node) it is served from. */
  locateFile?: (path: string, prefix: string) => string;
  /** The bytes of gdconv.wasm, when the caller already has them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

interface BaseClientOptions extends ModuleLoadOptions {
  /** The API's origin. Default 'https://api.groupdocs.cloud'; the local server: 'http://127.0.0.1:8080'. */
  baseUrl?: string;
  /** Per-request timeout in milliseconds; 0 (the default) means none. */
  timeoutMs?: number;
  /** Extra attempts of idempotent requests after a network error, a timeout, 408, 429 or 5xx. Default 2. */
  maxRetries?: number;
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

/** What the client accepts as a document. A string or URL is a local file path (Node only). */
export type Input = Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string | URL;

export interface CallOptions {
  /** Aborting it cancels the call: its HTTP requests and timers stop and it rejects with `aborted`
   *  (or `timeout` for `AbortSignal.timeout()`). */
  signal?: AbortSignal;
}

export type OperationStatus = 'Created' | 'Started' | 'Failed' | 'Canceled' | 'Finished';

/** A file the API wrote to storage (StoredConvertedResult). */
export interface StoredConvertedResult {
  name: string;
  size: number;
  path: string;
  url?: string;
}

/** The state of an asynchronous operation, as the API reports it. Dates are ISO-8601 strings. */
export interface OperationResult {
  id: string;
  method?: 'Convert' | 'ConvertAndSave';
  status: OperationStatus;
  created?: string;
  started?: string;
  failed?: string;
  canceled?: string;
  finished?: string;
  result?: StoredConvertedResult[] | null;
  error?: string | null;
}

export interface FilesUploadResult {
  uploaded: string[];
  errors: { code?: string; message?: string; description?: string }[];
}

/** Load options; the API picks the concrete class by the source format. */
export interface LoadOptions {
  format?: string;
  password?: string;
  [option: string]: unknown;
}

/** Convert options; the API picks the concrete class by the target format. */
export interface ConvertOptions {
  fromPage?: number;
  pagesCount?: number;
  pages?: number[];
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

export type ProgressEvent =
  | { type: 'stage'; stage: 'token' | 'upload' | 'convert' | 'download' }
  | { type: 'status'; status: OperationStatus }
  | { type: 'download'; index: number; count: number };

export interface WaitOptions extends CallOptions {
  /** Overall limit in milliseconds; rejects with `timeout` when reached. */
  timeoutMs?: number;
  /** Called with the first status seen and with every change. */
  onStatus?: (status: OperationStatus) => void;
}

export interface ConvertCallOptions extends CallOptions {
  /** Target format, e.g. 'pdf', 'jpg'. */
  format: string;
  /** The document's name; its extension tells the source format. Taken from a File or a path when omitted;
   *  required for bytes (Uint8Array, Buffer, ArrayBuffer, Blob). */
  fileName?: string;
  /** Storage folder for the results. */
  outputPath?: string;
  storageName?: string;
  loadOptions?: LoadOptions;
  convertOptions?: ConvertOptions;
  /** Overall limit in milliseconds for the whole flow. */
  timeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ConvertedFile {
  name: string;
  /** Storage path of the result. */
  path: string;
  size: number;
  bytes: Bytes;
}

export interface ConvertResult {
  operation: OperationResult;
  files: ConvertedFile[];
}

/** A client for the GroupDocs.Conversion Cloud API v2.0, or the local server that speaks it. */
export declare class ConversionClient {
  /** Use `ConversionClient.create()`. */
  private constructor();

  /** Loads the wasm module (once) and creates a client. */
  static create(options: ConversionClientOptions): Promise<ConversionClient>;

  /** Uploads a document to storage. A refusal the server reports in `errors` rejects with `http_error`. */
  uploadFile(path: string, data: Input, options?: CallOptions & { storageName?: string }): Promise<FilesUploadResult>;

  /** Starts converting a stored document, saving the result to storage; resolves with the operation id. */
  startConvertAndSave(settings: ConvertSettings, options?: CallOptions): Promise<string>;

  /** Reads an operation's state once. */
  getOperationStatus(id: string, options?: CallOptions): Promise<OperationResult>;

  /** Downloads a stored file. */
  downloadFile(path: string, options?: CallOptions & { storageName?: string; versionId?: string }): Promise<Bytes>;

  /** Polls until the operation is Finished; rejects with `operation_failed` on Failed or Canceled. */
  waitForOperation(id: string, options?: WaitOptions): Promise<OperationResult>;

  /** Upload, start, wait and download in one call. */
  convert(input: Input, options: ConvertCallOptions): Promise<ConvertResult>;

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
  | 'timeout'
  | 'aborted'
  | 'operation_failed'
  | 'bad_response'
  | 'invalid_argument'
  | 'closed'
  | 'load_failed'
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
  cause?: unknown;
}

/** Node only: writes bytes to a local path, creating parent folders. Rejects with `invalid_argument` in
 *  a browser. */
export declare function saveFile(data: Uint8Array | ArrayBuffer, path: string | URL): Promise<void>;
