// SPDX-License-Identifier: MIT
// Types of the private Embind interface, bindings/RAW_API.md (the C++ side: bindings/embind.cpp), for the
// facade's type check (bindings/tsconfig.json). Not shipped: the public types are bindings/index.d.ts.

import type * as http from 'node:http';
import type * as https from 'node:https';
import type { Bytes, ModuleLoadOptions } from '../index.js';
import type { NodeNetwork } from './node-network.js';

/**
 * What a glue's MODULARIZE factory, createGdConv, takes: where gdconv.wasm is (or the instance itself), where
 * stderr goes, and, for Node's glue, the modules its requests go through (index.node.mjs).
 */
export interface ModuleArg extends ModuleLoadOptions {
  printErr?: (line: string) => void;
  /** Emscripten's hook: instantiate the module with `imports`, hand it to `receive`; `{}` means later. */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
  /** node:http and node:https for Node's glue (src/transport/js/node-xhr.pre.js); it requires them if absent. */
  gdconvNodeHttp?: typeof http;
  gdconvNodeHttps?: typeof https;
}

/** The factory of dist/gdconv.cjs and dist/gdconv.mjs. */
export type ModuleFactory = (moduleArg: ModuleArg) => Promise<RawModule>;

/** The loaded module: one per entry point, shared by every client. */
export interface RawModule {
  RawClient: new (configJson: string, hooks: RawHooks) => RawClient;
  /** Whether RawClient.call takes a Blob as its bytes (set by src/transport/js/glue-xhr.pre.js). */
  gdconvBlobPayloads?: boolean;
  /** Whether `bytes` may be a file source, read as it is sent (Node's glue with its own adapter). */
  gdconvStreamPayloads?: boolean;
  /** Whether the glue's requests go through node:http and follow hooks.route (src/transport/js/glue-xhr.pre.js). */
  gdconvRoutes?: boolean;
  /** The wasm memory's size and the bytes its allocator has handed out (leak tests). */
  heapStats(): { memoryBytes: number; usedBytes: number };
  /** The core's method names (src/core/methods.h and the flows). */
  methodNames(): string[];
}

export interface RawHooks {
  /** Called by the core of a client whose config has `tokenProvider: true`. */
  requestToken(tokenRequestId: number): void;
  /** The client's network route (Node's glue only): how each request reaches its URL (node-network.js). */
  route?: NodeNetwork['route'];
}

/** How a call ends: exactly one of resolve and reject, once; progress only before that. */
export interface RawCallbacks {
  /** `json` is the answer; `bytes` a binary answer's bytes, or convert's files' bytes in order. */
  resolve(json: string, bytes?: FileValue | FileValue[]): void;
  reject(errorJson: string): void;
  progress(eventJson: string): void;
  /** Where the call's downloaded files go (RAW_API.md, callbacks.sink): they then resolve as what it made. */
  sink?: object;
}

/** A downloaded file as the core hands it out: its bytes, or what the call's sink made of it. */
export type FileValue = Bytes | Blob | { path: string; size: number };

/** An upload's payload read as it is sent (RAW_API.md, "file source"; Node). */
export interface FileSourceLike {
  size: number;
  stream(): unknown;
}

export interface RawClient {
  /** '' when the config is usable, else what is wrong with it. */
  configError(): string;
  /** Starts a call; returns its id, a positive integer never reused by this client. */
  call(
    method: string,
    argsJson: string,
    bytes: Uint8Array | Blob | FileSourceLike | null,
    callbacks: RawCallbacks,
  ): number;
  cancel(callId: number): void;
  provideToken(tokenRequestId: number, token: string): void;
  failToken(tokenRequestId: number, errorJson: string): void;
  /** Embind: frees the C++ object. */
  delete(): void;
}
