// The agent's HTTPS client for the control plane's mutual-TLS URL (undici): presents the host's
// client certificate and trusts only the control plane's CA (pinned at enrollment).
import { Agent, request } from 'undici';
import { probeTls } from './tls-probe';

export interface Identity {
  keyPem: string;
  certPem: string;
  caPem: string;
}

export type CallOutcome =
  | { kind: 'ok'; status: number; body: unknown }
  /** 401/403: our identity was refused (revoked host, unknown certificate). Never drop data on it. */
  | { kind: 'identity'; status: number; code: string; message: string }
  /** 413/422: the request itself is unacceptable (a poison event in a batch). */
  | { kind: 'rejected'; status: number; code: string; message: string }
  /** 5xx, 429, network failure, timeout: try again later. */
  | { kind: 'retry'; status: number; code: string; message: string };

export interface CallOptions {
  method: 'GET' | 'POST';
  path: string;
  body?: string | Buffer;
  signal?: AbortSignal;
  /** Whole-request budget (long polls pass more). */
  timeoutMs?: number;
}

/** Alerts from the server about our certificate, and failures to verify the server's. */
const TLS_IDENTITY_ERRORS =
  /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE)|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|CERT_HAS_EXPIRED/;

const PEER_CLOSED = /UND_ERR_SOCKET|ECONNRESET|EPIPE/;
const PROBE_EVERY_MS = 30_000;

export class MtlsClient {
  private readonly agent: Agent;
  private probe: { atMs: number; refused: boolean; reason: string } | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly identity: Identity,
    connections = 4,
  ) {
    this.agent = new Agent({
      connect: { ca: identity.caPem, cert: identity.certPem, key: identity.keyPem, rejectUnauthorized: true },
      connections,
      keepAliveTimeout: 30_000,
    });
  }

  async call(o: CallOptions): Promise<CallOutcome> {
    const timeoutMs = o.timeoutMs ?? 30_000;
    try {
      const res = await request(new URL(o.path, this.baseUrl), {
        dispatcher: this.agent,
        method: o.method,
        headers: o.body !== undefined ? { 'content-type': 'application/json' } : {},
        body: o.body,
        signal: o.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const status = res.statusCode;
      if (status >= 200 && status < 300) return { kind: 'ok', status, body };
      const err = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = typeof err?.code === 'string' ? err.code : `http_${status}`;
      const message = typeof err?.message === 'string' ? err.message.slice(0, 500) : text.slice(0, 200);
      if (status === 401 || status === 403) return { kind: 'identity', status, code, message };
      if (status === 413 || status === 422) return { kind: 'rejected', status, code, message };
      return { kind: 'retry', status, code, message };
    } catch (e) {
      const err = e as Error & { code?: string; cause?: { code?: string } };
      const code = err.code ?? err.cause?.code ?? err.name;
      // A TLS refusal of either side's certificate is an identity problem, not an outage.
      if (TLS_IDENTITY_ERRORS.test(code)) return { kind: 'identity', status: 0, code, message: `TLS: ${err.message}` };
      if (PEER_CLOSED.test(code) && !o.signal?.aborted && (await this.refusedByTls())) {
        return { kind: 'identity', status: 0, code: 'tls_refused', message: `TLS: ${this.probe!.reason}` };
      }
      return { kind: 'retry', status: 0, code, message: err.message };
    }
  }

  /** A closed connection may be our certificate refused: find out, at most every 30 s. */
  private async refusedByTls(): Promise<boolean> {
    if (!this.probe || Date.now() - this.probe.atMs > PROBE_EVERY_MS) {
      const v = await probeTls(this.baseUrl, this.identity);
      this.probe = { atMs: Date.now(), refused: v.refused, reason: v.refused ? v.reason : '' };
    }
    return this.probe.refused;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Drop every pooled connection at once (stop must not wait for long polls). */
  destroy(): Promise<void> {
    return this.agent.destroy();
  }
}
