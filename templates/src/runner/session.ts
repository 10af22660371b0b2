// One accepted connection: admission, optional TLS, the bound context, idle and lifetime timers,
// and the connect/disconnect/error/session_timeout events around the template's session.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Duplex } from 'node:stream';
import { isKnownMsgid } from '@decnet/protocol';
import type { Persona } from '../persona/types';
import type { SessionHandle, SessionLimits, Template, TemplateContext } from '../template';
import type { ArtifactStore } from './artifacts';
import type { ConnLimiter } from './conn-limits';
import type { EventLog } from './event-log';
import { dataScope, type DataCapabilities } from './data-channel';
import { GuardedStream } from './guarded-stream';
import { plainIp } from './session-ip';
import type { Smarthost } from './smarthost';

export { plainIp };

export interface ListenerRuntime {
  decky: string;
  service: string;
  template: Template<any>;
  config: unknown;
  persona: Persona;
  limits: SessionLimits;
  log: EventLog;
  artifacts: ArtifactStore;
  limiter: ConnLimiter;
  secureContext?: SecureContext;
  /** The persona's certificate for in-band upgrades (STARTTLS); made on first use. */
  tlsContext(): Promise<SecureContext>;
  stateDir?: string;
  localPort: number;
  /** The service's real port (ListenerSpec.servicePort); 0 when not given (then the bound port). */
  servicePort: number;
  rateWindowMs: number;
  maxConnections: number;
  perIpMaxConnections: number;
  maxBacklogBytes: number;
  sessions: Set<LiveSession>;
  /** The listener's smarthost (smtp_relay's outbound budget), when its template declared one. */
  smarthost?: Smarthost;
}

export interface LiveSession {
  end(reason: string): void;
  /** Immediate teardown (runner shutdown). */
  kill(): void;
  /** Resolves after the disconnect event was written. */
  closed: Promise<void>;
}

/** Time a session gets to say goodbye after the runner asks it to close. */
const CLOSE_GRACE_MS = 500;

export function handleConnection(raw: Socket, rt: ListenerRuntime): void {
  const srcIp = plainIp(raw.remoteAddress);
  const srcPort = raw.remotePort ?? 0;
  const sessionId = randomBytes(8).toString('hex');
  raw.on('error', () => {
    // Resets and timeouts end the session through 'close'; they are not template failures.
  });
  const admission = rt.limiter.admit(srcIp);
  if (!admission.ok) {
    if (admission.report) {
      const limit = admission.limit === 'total' ? rt.maxConnections : rt.perIpMaxConnections;
      rt.log.write({ service: rt.service, srcIp, srcPort, sessionId }, 'rate_limited', { limit: admission.limit, max_connections: limit, window_ms: rt.rateWindowMs });
    }
    raw.destroy();
    return;
  }

  const emit = rt.log.bind({ service: rt.service, srcIp, srcPort, sessionId });
  const startedAt = Date.now();
  let lastInputAt = startedAt;
  let handle: SessionHandle | undefined;
  let endReason: string | undefined;
  let faulted = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  const timers: NodeJS.Timeout[] = [];
  const stopTimers = (): void => {
    for (const t of timers) clearTimeout(t);
    clearTimeout(idleTimer);
  };
  let markClosed = (): void => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });

  const live: LiveSession = {
    closed,
    end(reason) {
      if (endReason !== undefined) return;
      endReason = reason;
      stopTimers();
      try {
        handle?.close?.(reason);
      } catch {
        // A failing close must not keep the connection open.
      }
      graceTimer = setTimeout(() => raw.destroy(), CLOSE_GRACE_MS);
    },
    kill() {
      endReason ??= 'shutdown';
      stopTimers();
      try {
        handle?.close?.('shutdown');
      } catch {
        // Shutting down regardless.
      }
      raw.destroy();
    },
  };
  rt.sessions.add(live);

  const fault = (err: unknown, stage: string): void => {
    if (faulted) return;
    faulted = true;
    const message = err instanceof Error ? err.message : String(err);
    try {
      emit('error', { stage, error: message.slice(0, 300) });
    } catch {
      // Strict-mode MSGID checks cannot fail for `error`; never let reporting throw.
    }
    live.end('error');
  };

  const armIdle = (): void => {
    if (endReason !== undefined) return;
    const due = lastInputAt + rt.limits.idleTimeoutMs - Date.now();
    idleTimer = setTimeout(() => {
      if (Date.now() - lastInputAt >= rt.limits.idleTimeoutMs) {
        emit('session_timeout', { reason: 'idle', idle_ms: rt.limits.idleTimeoutMs });
        live.end('idle_timeout');
      } else armIdle();
    }, Math.max(10, due));
  };
  armIdle();
  timers.push(
    setTimeout(() => {
      emit('session_timeout', { reason: 'max_session', max_session_ms: rt.limits.maxSessionMs });
      live.end('max_session');
    }, rt.limits.maxSessionMs),
  );

  const data = dataScope(plainIp(raw.localAddress), srcIp);
  raw.once('close', () => {
    data.release();
    stopTimers();
    clearTimeout(graceTimer);
    admission.release();
    rt.sessions.delete(live);
    emit('disconnect', { duration_ms: Date.now() - startedAt, bytes_in: raw.bytesRead, bytes_out: raw.bytesWritten, reason: endReason ?? 'closed' });
    markClosed();
  });

  emit('connect', { dst_port: rt.localPort });

  const hooks = {
    onFault: (err: unknown) => fault(err, 'session'),
    onInput: () => {
      lastInputAt = Date.now();
    },
    onBacklog: () => live.end('output_backlog'),
  };
  const tlsFailed = (err: Error): void => {
    const msgid = isKnownMsgid(rt.service, 'tls_handshake_failed') ? 'tls_handshake_failed' : 'protocol_error';
    emit(msgid, { reason: err.message.slice(0, 200) });
    raw.destroy();
  };

  const start = (stream: Duplex): void => {
    const guarded = new GuardedStream(stream, hooks, rt.maxBacklogBytes);
    let upgraded = stream !== raw;
    // In-band TLS (STARTTLS, RDP, LDAP StartTLS): the TLS socket takes the connection over; input
    // the template has not read yet is dropped, so nothing sent in clear leaks into the TLS session.
    const startTls = async (): Promise<Duplex | undefined> => {
      if (upgraded || endReason !== undefined) return undefined;
      upgraded = true;
      guarded.detach();
      const secureContext = await rt.tlsContext();
      return new Promise((resolve) => {
        const tlsSocket = new TLSSocket(raw, { isServer: true, secureContext });
        let secured = false;
        tlsSocket.on('error', (err: Error) => {
          if (secured) return;
          tlsFailed(err);
          resolve(undefined);
        });
        tlsSocket.once('secure', () => {
          secured = true;
          resolve(new GuardedStream(tlsSocket, hooks, rt.maxBacklogBytes));
        });
      });
    };
    const ctx: TemplateContext<unknown> & DataCapabilities = {
      decky: rt.decky,
      service: rt.service,
      sessionId,
      src: { ip: srcIp, port: srcPort },
      dst: { ip: plainIp(raw.localAddress), port: rt.localPort },
      servicePort: rt.servicePort || rt.localPort,
      persona: rt.persona,
      config: rt.config,
      limits: rt.limits,
      emit,
      capture: (name, data) => rt.artifacts.capture(rt.service, name, data, new Date()),
      now: () => new Date(),
      oversized: (what, sizeBytes, limitBytes) => {
        // Once per session: a template may keep noticing while the close grace runs.
        if (endReason === 'oversized_input') return;
        emit('oversized_input', { what: what.slice(0, 64), size_bytes: sizeBytes, limit_bytes: limitBytes ?? rt.limits.maxLineBytes });
        live.end('oversized_input');
      },
      stateDir: rt.stateDir,
      secure: stream !== raw,
      startTls,
      ...(rt.smarthost ? { relayMail: rt.smarthost.deliver.bind(rt.smarthost) } : {}),
      openDataListener: data.openDataListener,
      connectData: data.connectData,
    };
    try {
      handle = rt.template.createSession(guarded, ctx) ?? undefined;
    } catch (err) {
      fault(err, 'create_session');
    }
  };

  if (!rt.secureContext) return start(raw);
  const tlsSocket = new TLSSocket(raw, { isServer: true, secureContext: rt.secureContext });
  let secured = false;
  tlsSocket.on('error', (err: Error) => {
    if (!secured) tlsFailed(err);
  });
  tlsSocket.once('secure', () => {
    secured = true;
    start(tlsSocket);
  });
}
