// One UDP port of a decky: binds a dgram socket, joins multicast groups where the address allows,
// admits each datagram (size, per-source token bucket, decky-wide budget), binds its context and
// hands it to the template's listener; replies are bounded against amplification (DESIGN §2.1 events).
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { DatagramContext, DatagramLimits, DatagramListener, DatagramListenerContext, Endpoint, UdpTemplate } from '../datagram';
import type { Persona } from '../persona/types';
import type { EventLog } from './event-log';
import { plainIp } from './session-ip';
import { SourceTable, TokenBucket } from './source-table';

export const DEFAULT_DATAGRAM_LIMITS: DatagramLimits = {
  maxDatagramBytes: 4096,
  perSourcePerSecond: 20,
  perSourceBurst: 40,
  maxTrackedSources: 4096,
  replyFactor: 3,
  sendPerMinute: 30,
  maxSendBytes: 512,
};

export interface DatagramListenerSpec {
  decky: string;
  service: string;
  template: UdpTemplate<any>;
  config: unknown;
  persona: Persona;
  host: string;
  port: number;
  servicePort: number;
  limits: DatagramLimits;
  log: EventLog;
  rateWindowMs: number;
  /** Decky-wide datagram budget shared by every UDP listener. */
  budget: TokenBucket;
}

export interface BoundDatagramListener {
  port: number;
  joinedGroups: string[];
  unicastOnly?: string;
  close(): Promise<void>;
}

const WILDCARD = new Set(['0.0.0.0', '::']);

function bind(socket: Socket, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve(socket.address().port);
    });
  });
}

/** Joins what can be joined: only a wildcard-bound socket receives multicast on Linux. */
function joinGroups(socket: Socket, host: string, groups: readonly string[], family: 4 | 6): { joined: string[]; unicastOnly?: string } {
  if (groups.length === 0) return { joined: [] };
  if (!WILDCARD.has(host)) return { joined: [], unicastOnly: `bound to unicast address ${host}` };
  const joined: string[] = [];
  const failed: string[] = [];
  for (const g of groups) {
    if (isIP(g) !== family) continue;
    try {
      socket.addMembership(g);
      joined.push(g);
    } catch (err) {
      failed.push(`${g}:${(err as NodeJS.ErrnoException).code ?? 'failed'}`);
    }
  }
  return joined.length ? { joined } : { joined, unicastOnly: `join failed ${failed.join(',') || 'no group of this family'}` };
}

export async function startDatagramListener(spec: DatagramListenerSpec): Promise<BoundDatagramListener> {
  const family = isIP(spec.host) === 6 ? 6 : 4;
  const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4' });
  socket.on('error', () => {
    // ICMP-driven send errors and the like: never fatal for the runner.
  });
  const port = await bind(socket, spec.host, spec.port);
  const { joined, unicastOnly } = joinGroups(socket, spec.host, spec.template.multicastGroups?.(spec.servicePort) ?? [], family);
  if (spec.template.broadcast?.(spec.servicePort)) {
    try {
      socket.setBroadcast(true);
    } catch {
      // Reported nowhere: a failed broadcast send is just refused later.
    }
  }
  const L = spec.limits;
  const service = { service: spec.service };
  const local: Endpoint = { ip: spec.host, port };
  let closed = false;
  const sends = new TokenBucket(L.sendPerMinute / 60, Math.max(1, Math.min(L.sendPerMinute, 10)));
  const send = (to: Endpoint, bytes: Uint8Array): boolean => {
    if (closed || bytes.length > L.maxSendBytes || isIP(to.ip) === 0 || to.port < 1 || to.port > 65535 || !sends.take()) return false;
    socket.send(bytes, to.port, to.ip, () => undefined);
    return true;
  };
  const lctx: DatagramListenerContext<unknown> = {
    decky: spec.decky, service: spec.service, persona: spec.persona, config: spec.config, limits: L, local, servicePort: spec.servicePort,
    joinedGroups: joined, ...(unicastOnly ? { unicastOnly } : {}),
    emit: spec.log.bind(service), sendDatagram: send, now: () => new Date(),
  };
  let listener: DatagramListener<unknown>;
  try {
    listener = spec.template.createDatagramListener(lctx);
  } catch (err) {
    socket.close();
    throw err;
  }
  const sources = new SourceTable({ perSecond: L.perSourcePerSecond, burst: L.perSourceBurst, maxSources: L.maxTrackedSources, reportWindowMs: spec.rateWindowMs });
  let budgetReportedAt = 0;

  socket.on('message', (msg, rinfo) => {
    if (closed) return;
    const srcIp = plainIp(rinfo.address);
    const srcPort = rinfo.port;
    const verdict = sources.admit(srcIp, srcPort);
    if (!verdict.ok) {
      if (verdict.report) spec.log.write({ service: spec.service, srcIp, srcPort }, 'rate_limited', { limit: 'per_source_rate', per_second: L.perSourcePerSecond, window_ms: spec.rateWindowMs, transport: 'udp' });
      return;
    }
    const emit = spec.log.bind({ service: spec.service, srcIp, srcPort, sessionId: verdict.sessionId });
    if (!spec.budget.take()) {
      const t = Date.now();
      if (t - budgetReportedAt >= spec.rateWindowMs) {
        budgetReportedAt = t;
        emit('rate_limited', { limit: 'total', window_ms: spec.rateWindowMs, transport: 'udp' });
      }
      return;
    }
    if (msg.length > L.maxDatagramBytes) {
      emit('oversized_input', { what: 'datagram', size_bytes: msg.length, limit_bytes: L.maxDatagramBytes });
      return;
    }
    let replies = 0;
    const ctx: DatagramContext<unknown> = {
      decky: spec.decky, service: spec.service, sessionId: verdict.sessionId, src: { ip: srcIp, port: srcPort }, dst: local,
      servicePort: spec.servicePort, persona: spec.persona, config: spec.config, limits: L, emit, now: () => new Date(),
      reply: (bytes, opts) => {
        const cap = opts?.protocolBehaviour ? L.maxDatagramBytes : Math.min(L.maxDatagramBytes, L.replyFactor * msg.length);
        // One answer per request: several would multiply the factor.
        if (closed || replies >= 1 || bytes.length > cap) return false;
        replies++;
        socket.send(bytes, srcPort, rinfo.address, () => undefined);
        return true;
      },
    };
    try {
      listener.onDatagram(new Uint8Array(msg.buffer, msg.byteOffset, msg.length), ctx);
    } catch (err) {
      try {
        emit('error', { stage: 'datagram', error: (err instanceof Error ? err.message : String(err)).slice(0, 300) });
      } catch {
        // `error` is always catalogued; never let reporting throw out of the socket handler.
      }
    }
  });

  return {
    port,
    joinedGroups: joined,
    ...(unicastOnly ? { unicastOnly } : {}),
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      try {
        listener.close?.();
      } catch {
        // Shutting down regardless.
      }
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}
