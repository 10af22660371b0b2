// Typed fetch wrapper for /api/v1: bearer token, JSON bodies, the `{error:{code,message}}` shape,
// and the two session signals (401 -> log in again, 403 password_change_required -> change it).

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The control plane has no such route yet (an older build): shown as "not available". */
  get missingRoute(): boolean {
    return this.status === 404 && (this.code === 'not_found' || this.code === 'http_404') && /^No route/i.test(this.message);
  }
}

/** `?a=1&b=x` from the defined, non-empty values, in key order; '' when there are none. */
export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function parseRetryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  const n = Number(h);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Builds the ApiError for a non-2xx response from its status, headers and body text. */
export function errorFromResponse(status: number, statusText: string, headers: Headers, bodyText: string): ApiError {
  const retryAfterS = parseRetryAfter(headers.get('retry-after'));
  try {
    const parsed = JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const e = parsed?.error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      return new ApiError(status, e.code, e.message, e.details, retryAfterS);
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  const message = status >= 500 ? `The control plane failed (${status})` : `Request failed (${status} ${statusText})`.trim();
  return new ApiError(status, `http_${status}`, message, undefined, retryAfterS);
}

export interface ClientDeps {
  baseUrl: string;
  fetch: typeof fetch;
  getToken(): string | null;
  /** A request that carried a token got 401: the session is over. */
  onUnauthorized(): void;
  /** 403 password_change_required: the user must change the password first. */
  onPasswordChangeRequired(): void;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<T>;
  /** GET a file (export): the body as a Blob and the server's file name. */
  download(path: string, query?: Query): Promise<{ blob: Blob; filename: string | null }>;
}

function filenameOf(disposition: string | null): string | null {
  const m = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

export function createClient(deps: ClientDeps): ApiClient {
  async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
    const token = deps.getToken();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await deps.fetch(deps.baseUrl + path + buildQuery(opts.query), {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
        credentials: 'same-origin',
      });
    } catch (err) {
      if ((err as { name?: string })?.name === 'AbortError') throw err;
      throw new ApiError(0, 'network_error', 'Cannot reach the control plane');
    }
    if (res.ok) return res;
    const error = errorFromResponse(res.status, res.statusText, res.headers, await res.text().catch(() => ''));
    if (res.status === 401 && token) deps.onUnauthorized();
    if (res.status === 403 && error.code === 'password_change_required') deps.onPasswordChangeRequired();
    throw error;
  }

  return {
    async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
      const res = await send(method, path, opts);
      if (res.status === 204) return undefined as T;
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async download(path, query) {
      const res = await send('GET', path, { query });
      return { blob: await res.blob(), filename: filenameOf(res.headers.get('content-disposition')) };
    },
  };
}
