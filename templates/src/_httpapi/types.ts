// Shapes shared by the HTTP-API personas (elasticsearch, k8s, docker_api): one parsed request as the
// API handler sees it, its answer, and what a product-specific wire writer needs to serialise it.
export interface ApiRequest {
  method: string;
  /** Request-target as received (bounded by the parser's request-line limit). */
  target: string;
  /** Decoded path (bounded). */
  path: string;
  query: URLSearchParams;
  /** Raw query string (bounded), for logging. */
  rawQuery: string;
  version: '0.9' | '1.0' | '1.1';
  headers: Array<[string, string]>;
  header(name: string): string | undefined;
  /** The body as kept (at most the session's capture limit). */
  body: Buffer;
  /** The body's full size on the wire (may exceed what was kept). */
  bodySize: number;
  keepAlive: boolean;
}

export interface ApiResponse {
  status: number;
  /** Product headers in the order the product writes them (wire writers may add Date/length). */
  headers: Array<[string, string]>;
  body: Buffer;
  /** Close the connection after this answer. */
  close?: boolean;
  /** Bytes written as they are instead of a serialised response (a hijacked stream's 101 UPGRADED). */
  raw?: Buffer;
}

export interface WireContext {
  version: '0.9' | '1.0' | '1.1';
  method: string;
  keepAlive: boolean;
  now: Date;
}

/** How one product writes responses: header order and case, framing, keep-alive, parser errors. */
export interface WireStyle {
  /** Serialises a response; `close` says whether the connection ends after it. */
  write(res: ApiResponse, w: WireContext): { bytes: Buffer; close: boolean };
  /** What the product answers to a request its HTTP layer refuses (status and parser reason). */
  malformed(status: number, reason: string, now: Date): Buffer;
}

export const json = (v: unknown, pretty = false): Buffer => Buffer.from(pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v));
