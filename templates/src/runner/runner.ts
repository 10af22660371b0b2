// startDeckyRunner: listens for every service of one decky, hands accepted connections to their
// templates, and owns limits, TLS, timeouts, the event log and artifact storage (CONVENTIONS §3).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { isServiceSlug } from '@decnet/protocol';
import type { Persona } from '../persona/types';
import type { DatagramLimits } from '../datagram';
import type { SessionLimits, AnyTemplate } from '../template';
import { ArtifactStore } from './artifacts';
import { ConnLimiter } from './conn-limits';
import { DEFAULT_DATAGRAM_LIMITS, startDatagramListener, type BoundDatagramListener } from './datagram-listener';
import { defaultStrict, EventLog } from './event-log';
import { handleConnection, type ListenerRuntime, type LiveSession } from './session';
import { Smarthost } from './smarthost';
import { TokenBucket } from './source-table';
import { snakeoilFor } from './tls-cert';

export const DEFAULT_LIMITS: SessionLimits = {
  maxLineBytes: 8192,
  maxCaptureBytes: 8 * 1024 * 1024,
  idleTimeoutMs: 5 * 60_000,
  maxSessionMs: 60 * 60_000,
};

export interface ListenerSpec {
  service: string;
  template: AnyTemplate;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Raw `[decky.service]` keys; validated by the template's configSchema. */
  config?: Readonly<Record<string, string>>;
  /** Names this listener in port maps and reports when a service has several (`imap/993`); default the service. */
  key?: string;
  /** Wrap accepted sockets in TLS first (default: the template's `tls`); set for implicit-TLS ports. */
  tls?: boolean;
  /** The service's real port when `port` is a mapped one (UDP templates tell NBNS 137 from LLMNR 5355 by it). */
  servicePort?: number;
}

export interface DeckyRunnerOptions {
  decky: string;
  persona: Persona;
  listeners: readonly ListenerSpec[];
  limits?: Partial<SessionLimits>;
  out: (line: string) => void;
  artifactsDir?: string;
  /** Concurrent connections per source address across this decky's services (default 8). */
  perIpMaxConnections?: number;
  /** Concurrent connections for the whole decky (default 256). */
  maxConnections?: number;
  /** One `rate_limited` line per source address per window (default 60 s). */
  rateLimitWindowMs?: number;
  /** Bytes of artifacts this runner may store (default 256 MiB). */
  artifactQuotaBytes?: number;
  /** Unsent output allowed per session before it is closed (default 4 MiB). */
  maxOutputBacklogBytes?: number;
  strictMsgids?: boolean;
  /** Size, per-source rate, reply and send bounds of UDP listeners. */
  datagramLimits?: Partial<DatagramLimits>;
  /** Datagrams per second the whole decky handles (default 500, burst twice that). */
  maxDatagramsPerSecond?: number;
}

export interface BoundListener {
  service: string;
  /** The listener's key: the service for its primary port, `service/port` for the others. */
  key: string;
  host: string;
  port: number;
  tls: boolean;
  transport: 'tcp' | 'udp';
}

export interface DeckyRunner {
  persona: Persona;
  ports: BoundListener[];
  activeSessions(): number;
  /** `service:msgid` pairs emitted that protocol's catalogue lacks (always empty in a healthy build). */
  unknownMsgids(): string[];
  close(): Promise<void>;
}

async function secureContextFor(spec: ListenerSpec, persona: Persona, stateDir: string | undefined): Promise<SecureContext> {
  const cfg = spec.config ?? {};
  if (cfg['tls_cert'] && cfg['tls_key']) return createSecureContext({ cert: cfg['tls_cert'], key: cfg['tls_key'] });
  const cn = cfg['tls_cn']?.trim() || (persona.domain === 'localdomain' ? persona.hostname : `${persona.hostname}.${persona.domain}`);
  // Issued when the OS was installed: weeks to a year before the current boot.
  const days = 30 + (parseInt(createHash('sha256').update(`${persona.seed}:tls`).digest('hex').slice(0, 6), 16) % 370);
  const pair = await snakeoilFor(cn, new Date(persona.shell.bootedAtMs - days * 86_400_000), stateDir);
  return createSecureContext({ cert: pair.cert, key: pair.key });
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

export async function startDeckyRunner(opts: DeckyRunnerOptions): Promise<DeckyRunner> {
  const limits: SessionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const strict = opts.strictMsgids ?? defaultStrict();
  const log = new EventLog({ decky: opts.decky, out: opts.out, strictMsgids: strict });
  const stateDir = opts.artifactsDir ? join(opts.artifactsDir, '.state') : undefined;
  if (stateDir) await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const artifacts = new ArtifactStore({ dir: opts.artifactsDir, maxFileBytes: limits.maxCaptureBytes, quotaBytes: opts.artifactQuotaBytes ?? 256 * 1024 * 1024 });
  const perIp = opts.perIpMaxConnections ?? 8;
  const total = opts.maxConnections ?? 256;
  const windowMs = opts.rateLimitWindowMs ?? 60_000;
  const limiter = new ConnLimiter({ perIpMaxConnections: perIp, maxConnections: total, reportWindowMs: windowMs });
  const sessions = new Set<LiveSession>();
  const servers: Array<{ server: Server; service: string }> = [];
  const udp: Array<{ listener: BoundDatagramListener; service: string }> = [];
  const datagramLimits: DatagramLimits = { ...DEFAULT_DATAGRAM_LIMITS, ...opts.datagramLimits };
  const udpRate = opts.maxDatagramsPerSecond ?? 500;
  const udpBudget = new TokenBucket(udpRate, udpRate * 2);
  const ports: BoundListener[] = [];

  const closeAll = async (): Promise<void> => {
    const live = [...sessions];
    for (const s of live) s.kill();
    await Promise.all([
      ...servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))),
      ...udp.map(({ listener }) => listener.close()),
      ...live.map((s) => s.closed),
    ]);
  };

  try {
    for (const spec of opts.listeners) {
      if (strict && !isServiceSlug(spec.service)) throw new Error(`listener service "${spec.service}" is not in protocol's catalogue`);
      const parsed = spec.template.configSchema.safeParse(spec.config ?? {});
      if (!parsed.success) throw new Error(`[${opts.decky}.${spec.service}] invalid config: ${parsed.error.message}`);
      await spec.template.prepare?.({ decky: opts.decky, persona: opts.persona, config: parsed.data, stateDir });
      if (spec.template.transport === 'udp') {
        const servicePort = spec.servicePort ?? (spec.port || spec.template.defaultPorts[0] || 0);
        const listener = await startDatagramListener({
          decky: opts.decky, service: spec.service, template: spec.template, config: parsed.data, persona: opts.persona, host: spec.host, port: spec.port,
          servicePort, limits: datagramLimits, log, rateWindowMs: windowMs, budget: udpBudget,
        });
        udp.push({ listener, service: spec.service });
        ports.push({ service: spec.service, key: spec.key ?? spec.service, host: spec.host, port: listener.port, tls: false, transport: 'udp' });
        log.write({ service: spec.service }, 'startup', {
          port: listener.port, tls: 0, transport: 'udp', multicast: listener.joinedGroups.join(',') || undefined, unicast_only: listener.unicastOnly,
        });
        continue;
      }
      const secureContext = (spec.tls ?? spec.template.tls) ? await secureContextFor(spec, opts.persona, stateDir) : undefined;
      let inBand: Promise<SecureContext> | undefined;
      const tlsContext = (): Promise<SecureContext> => (inBand ??= secureContext ? Promise.resolve(secureContext) : secureContextFor(spec, opts.persona, stateDir));
      const outbound = spec.template.outbound?.(parsed.data);
      const smarthost = outbound && outbound.maxDeliveries > 0 ? new Smarthost(outbound) : undefined;
      const rt: ListenerRuntime = {
        decky: opts.decky, service: spec.service, template: spec.template, config: parsed.data, persona: opts.persona,
        limits, log, artifacts, limiter, secureContext, tlsContext, stateDir, localPort: spec.port, servicePort: spec.servicePort ?? spec.port, rateWindowMs: windowMs,
        maxConnections: total, perIpMaxConnections: perIp, maxBacklogBytes: opts.maxOutputBacklogBytes ?? 4 * 1024 * 1024, sessions,
        ...(smarthost ? { smarthost } : {}),
      };
      const server = createServer({ noDelay: true }, (socket) => handleConnection(socket, rt));
      server.on('error', () => {
        // Accept errors (EMFILE) must not take the runner down; the listener keeps trying.
      });
      servers.push({ server, service: spec.service });
      rt.localPort = await listen(server, spec.host, spec.port);
      ports.push({ service: spec.service, key: spec.key ?? spec.service, host: spec.host, port: rt.localPort, tls: Boolean(secureContext), transport: 'tcp' });
      log.write({ service: spec.service }, 'startup', { port: rt.localPort, tls: secureContext ? 1 : 0 });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    persona: opts.persona,
    ports,
    activeSessions: () => sessions.size,
    unknownMsgids: () => [...log.unknownMsgids],
    close() {
      closing ??= closeAll().then(() => {
        for (const { service } of servers) log.write({ service }, 'shutdown');
      });
      return closing;
    },
  };
}
