// The contract between the runner and every emulated service (CONVENTIONS §2-4): a template never
// opens sockets; the runner accepts a connection, enforces limits, and hands the stream to
// `createSession` with a context whose `emit` is already bound to decky, service and peer.
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import type { UdpTemplate } from './datagram';
import type { Persona } from './persona/types';

/** Fields a template passes to emit; the runner adds decky, service, src_ip, src_port, session_id. */
export type EventFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface SessionLimits {
  /** Largest line or frame a parser may buffer before the session is ended (`oversized_input`). */
  maxLineBytes: number;
  /** Largest upload/body a session may capture. */
  maxCaptureBytes: number;
  /** Session ended (`session_timeout`) after this long without input. */
  idleTimeoutMs: number;
  /** Hard cap on a session's lifetime. */
  maxSessionMs: number;
}

export interface CapturedArtifact {
  sha256: string;
  size: number;
  /** Where the runner stored it (relative to its artifacts directory), or undefined when not kept. */
  storedAs?: string;
}

export interface TemplateContext<C = Record<string, string>> {
  decky: string;
  service: string;
  sessionId: string;
  src: { ip: string; port: number };
  dst: { ip: string; port: number };
  /**
   * The service's real port when the listener is bound on a mapped one (local runtime, tests on
   * port 0): a template with several defaultPorts tells its protocols apart by it. The runner sets it.
   */
  servicePort?: number;
  persona: Persona;
  /** The service's validated config (INI `[decky.service]` keys). */
  config: C;
  limits: SessionLimits;
  /**
   * Writes one RFC 5424 event line. Attacker-supplied values are fine here (the formatter bounds and
   * escapes them); they can never overwrite decky, service, src_ip, src_port or session_id.
   */
  emit(msgid: string, fields?: EventFields, msg?: string): void;
  /** Stores bytes an attacker uploaded (bounded by limits.maxCaptureBytes) and returns their hash. */
  capture(name: string, data: Uint8Array): Promise<CapturedArtifact>;
  now(): Date;
  /**
   * Reports input past a limit (`oversized_input` with what, size_bytes, limit_bytes) and ends the
   * session. Optional so hand-built test contexts need not provide it; the runner always does.
   */
  oversized?(what: string, sizeBytes: number, limitBytes?: number): void;
  /** The connection arrived over TLS already (an implicit-TLS port: IMAPS 993, POP3S 995, SMTPS 465). */
  secure?: boolean;
  /** Per-decky directory for persistent template state (SSH host keys); undefined when none. */
  stateDir?: string;
  /**
   * Upgrades the connection to TLS in band (SMTP/IMAP/POP3 STARTTLS, LDAP StartTLS, RDP, PostgreSQL
   * SSLRequest) with the persona's certificate (or the service's `tls_cert`/`tls_key`). Resolves with
   * the stream to use from then on, or undefined when the handshake failed (logged; the session
   * ends). The old stream goes quiet; unread bytes sent in clear are dropped. The runner always
   * provides it; optional for hand-built test contexts.
   */
  startTls?(): Promise<Duplex | undefined>;
  /**
   * Set only for a listener whose template declared `outbound` with a budget: delivers one message
   * through that smarthost (never any other host), bounded in size, recipients and time, while the
   * listener's budget lasts. Templates never open sockets themselves.
   */
  relayMail?(msg: RelayMessage): Promise<RelayResult>;
}

/** One probe message a relay template hands to the runner's smarthost (DECNET's smtp_relay driver). */
export interface RelayMessage {
  from: string;
  to: string[];
  data: Uint8Array;
  /** Name for EHLO (the persona's mail host). */
  heloName: string;
}

export interface RelayResult {
  delivered: boolean;
  /** Why not: budget_exhausted, too_many_recipients, timeout, upstream_rejected, connect_failed ... */
  reason?: string;
  /** The smarthost's last reply line. */
  reply?: string;
  /** Deliveries left in this listener's budget. */
  remaining: number;
}

/** The only egress a template may have: one SMTP smarthost and a delivery budget, from its config. */
export interface OutboundSmtp {
  host: string;
  port: number;
  maxDeliveries: number;
}

/** What `Template.prepare` gets once per listener before the runner accepts connections. */
export interface PrepareInfo<C = Record<string, string>> {
  decky: string;
  persona: Persona;
  config: C;
  stateDir?: string;
}

export interface SessionHandle {
  /** Called by the runner on idle timeout, limit breach or shutdown; must release everything. */
  close?(reason: string): void;
}

export interface Template<C = Record<string, string>> {
  /** Service slug, one of protocol's SERVICE_SLUGS. */
  name: string;
  /** Stream templates are TCP (the default); UDP templates are `UdpTemplate` (datagram.ts). */
  transport?: 'tcp';
  /** Ports the service listens on, every one bound (the first is the primary). */
  defaultPorts: number[];
  /** The runner wraps accepted sockets in TLS (a certificate for the persona hostname) first. */
  tls?: boolean;
  /** Those of defaultPorts served with implicit TLS (IMAPS 993, POP3S 995, SMTPS 465, LDAPS 636). */
  tlsPorts?: number[];
  /**
   * The same service over UDP (DNS, SIP): the runner also binds these UDP ports with this datagram
   * template (same config). Listener keys `<slug>/udp` for the first port, `<slug>/udp/<port>` for others.
   */
  udp?: UdpTemplate<C>;
  /** Validates `[decky.service]` config; unknown keys are dropped, bad values give a clear error. */
  configSchema: z.ZodType<C>;
  /** Optional slow setup (key generation) done before listening, so the first connection is not delayed. */
  prepare?(info: PrepareInfo<C>): Promise<void> | void;
  /** The smarthost this listener may deliver through (smtp_relay), from its validated config; none when undefined. */
  outbound?(config: C): OutboundSmtp | undefined;
  /** Takes over one accepted connection. Must never throw asynchronously; errors end this session only. */
  createSession(stream: Duplex, ctx: TemplateContext<C>): SessionHandle | void;
}

/** A template of any config type and transport, for registries and runner listener lists. */
export type AnyTemplate = Template<any> | UdpTemplate<any>;
