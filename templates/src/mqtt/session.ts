// One mosquitto client connection: CONNECT first (protocol checks, client id rules, anonymous/password
// policy, credentials logged), then SUBSCRIBE answered with SUBACK and the matching retained messages,
// PUBLISH logged and acknowledged per QoS, PINGREQ, UNSUBSCRIBE, DISCONNECT; malformed input closes.
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { bytesToHex, credentialFields } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { MqttConfig } from './config';
import { MqttError, PacketReader, parseConnect, parsePublish, parseSubscribe, parseUnsubscribe, topicMatches, TYPE, typeName, validFilter, type Connect, type Packet } from './parser';
import { connack, CONNACK_V3, CONNACK_V5, pingresp, puback, pubcomp, publish, pubrec, suback, unsuback } from './responses';
import { logPublish } from './publish-log';
import { retainedTopics } from './topics';

/** Our bound on one packet (mosquitto's default is 256 MB; nothing legitimate here is close). */
const MAX_PACKET = 256 * 1024;
const MAX_FILTERS_PER_PACKET = 32;
const MAX_SUBSCRIPTIONS = 64;
const MAX_SESSION_RETAINED = 32;
const MAX_DELIVERIES = 4000;
/** mosquitto drops a client that sent nothing for 1.5 x its keep alive. */
const KEEPALIVE_FACTOR = 1.5;

const connectedBy = new Map<string, number>();

export function createMqttSession(stream: Duplex, ctx: TemplateContext<MqttConfig>): SessionHandle {
  const p = { ...ctx.persona.services.mqtt, ...(ctx.config.version ? { brokerVersion: ctx.config.version } : {}) };
  const startedAtMs = ctx.persona.shell.bootedAtMs + 7_000;
  const reader = new PacketReader(MAX_PACKET);
  const subs = new Map<string, number>();
  const own = new Map<string, { topic: string; raw: Buffer }>();
  let level = 4;
  let connected = false;
  let deliveries = 0;
  let keepAliveMs = 0;
  let timer: NodeJS.Timeout | undefined;
  const key = ctx.persona.seed;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      armKeepAlive();
      reader.push(chunk);
      for (let f = reader.next(); f && !io.closed; f = reader.next()) {
        if (f.kind === 'oversized') {
          io.oversized('packet', f.bytes, MAX_PACKET);
          return io.destroy('oversized');
        }
        if (f.kind === 'malformed') return fatal(f.reason);
        try {
          handle(f.packet);
        } catch (e) {
          if (!(e instanceof MqttError)) throw e;
          return fatal(e.message, f.packet);
        }
      }
    },
    onClose() {
      if (timer) clearTimeout(timer);
      if (connected) connectedBy.set(key, Math.max(0, (connectedBy.get(key) ?? 1) - 1));
    },
  });

  function armKeepAlive(): void {
    if (!keepAliveMs) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      ctx.emit('session_timeout', { phase: 'keepalive', timeout_ms: keepAliveMs });
      io.destroy('keepalive');
    }, keepAliveMs);
    timer.unref?.();
  }

  function fatal(reason: string, pk?: Packet): void {
    ctx.emit('protocol_error', { error: reason.slice(0, 120), packet_type: pk ? typeName(pk.type) : undefined, head_hex: pk ? bytesToHex(pk.body.subarray(0, 24)) : undefined });
    io.destroy('protocol_error');
  }

  function handle(pk: Packet): void {
    if (!connected) {
      if (pk.type !== TYPE.CONNECT) throw new MqttError(`${typeName(pk.type)} before CONNECT`);
      return onConnect(parseConnect(pk.body));
    }
    switch (pk.type) {
      case TYPE.PUBLISH: return onPublish(pk);
      case TYPE.SUBSCRIBE: return onSubscribe(pk);
      case TYPE.UNSUBSCRIBE: {
        const u = parseUnsubscribe(pk.flags, pk.body, level, MAX_FILTERS_PER_PACKET);
        for (const f of u.filters) subs.delete(f);
        ctx.emit('packet', { type: 'UNSUBSCRIBE', packet_id: u.packetId, topics: u.filters.join(',').slice(0, 512) });
        return io.write(unsuback(level, u.packetId, u.filters.length));
      }
      case TYPE.PUBREL: {
        if (pk.flags !== 2 || pk.body.length < 2) throw new MqttError('bad PUBREL');
        ctx.emit('packet', { type: 'PUBREL', packet_id: pk.body.readUInt16BE(0) });
        return io.write(pubcomp(pk.body.readUInt16BE(0)));
      }
      case TYPE.PINGREQ:
        ctx.emit('packet', { type: 'PINGREQ' });
        return io.write(pingresp());
      case TYPE.DISCONNECT:
        ctx.emit('packet', { type: 'DISCONNECT', reason_code: level === 5 && pk.body.length > 0 ? pk.body[0] : undefined });
        return io.end();
      case TYPE.PUBACK: case TYPE.PUBREC: case TYPE.PUBCOMP:
        ctx.emit('packet', { type: typeName(pk.type), length: pk.body.length });
        return;
      case TYPE.CONNECT: throw new MqttError('second CONNECT');
      default:
        // Server-to-client types (and AUTH without an auth plugin) are protocol errors for mosquitto.
        ctx.emit('packet', { type: typeName(pk.type), length: pk.body.length });
        throw new MqttError(`unexpected ${typeName(pk.type)}`);
    }
  }

  function onConnect(c: Connect): void {
    const known = (c.protocolName === 'MQTT' && (c.level === 4 || c.level === 5)) || (c.protocolName === 'MQIsdp' && c.level === 3);
    const fields: Record<string, string | number | boolean | undefined> = {
      protocol: c.protocolName.slice(0, 16), protocol_level: c.level, client_id: c.clientId.slice(0, 128), clean_start: c.cleanStart,
      keepalive_s: c.keepAlive, will_topic: c.will?.topic.slice(0, 256), username: c.username?.slice(0, 256), anonymous: c.username === undefined,
    };
    if (!known) {
      ctx.emit('auth', { ...fields, outcome: 'failure', reason: 'unacceptable protocol version' });
      // mosquitto answers a known name with the wrong level with CONNACK 1; anything else is dropped.
      if (c.protocolName === 'MQTT' || c.protocolName === 'MQIsdp') return io.end(connack(4, CONNACK_V3.BAD_PROTOCOL));
      return io.destroy('protocol_error');
    }
    level = c.level;
    const codes = level === 5 ? CONNACK_V5 : CONNACK_V3;
    let assigned: string | undefined;
    if (c.clientId === '') {
      if (level === 3 || (level === 4 && !c.cleanStart)) return deny(fields, c, codes.ID_REJECTED, 'identifier rejected');
      assigned = `auto-${randomUUID().toUpperCase()}`;
    }
    const accepted = authorise(c);
    if (!accepted) return deny(fields, c, codes.NOT_AUTHORIZED, 'not authorised');
    emitAuth(fields, c, 'success');
    connected = true;
    connectedBy.set(key, (connectedBy.get(key) ?? 0) + 1);
    keepAliveMs = c.keepAlive * 1000 * KEEPALIVE_FACTOR;
    armKeepAlive();
    io.write(connack(level, codes.ACCEPTED, level === 5 ? assigned : undefined));
  }

  /** mosquitto.conf semantics: a password file (`users`) checks logins; allow_anonymous gates the rest. */
  function authorise(c: Connect): boolean {
    const users = ctx.config.users;
    const anonymousOk = ctx.config.allow_anonymous !== false;
    if (c.username === undefined) return anonymousOk;
    if (!users || users.length === 0) return anonymousOk;
    const pw = c.password?.toString('utf8');
    return users.some(([u, w]) => u === c.username && w === pw);
  }

  function emitAuth(fields: Record<string, string | number | boolean | undefined>, c: Connect, outcome: 'success' | 'failure', reason?: string): void {
    const user = c.username?.slice(0, 256);
    const cred = user !== undefined && c.password !== undefined ? credentialFields(user, c.password, 'plaintext', outcome, user) : { outcome };
    ctx.emit('auth', { ...fields, ...cred, reason });
  }

  function deny(fields: Record<string, string | number | boolean | undefined>, c: Connect, code: number, reason: string): void {
    emitAuth(fields, c, 'failure', reason);
    io.end(connack(level, code));
  }

  function onPublish(pk: Packet): void {
    const m = parsePublish(pk.flags, pk.body, level);
    logPublish(ctx, m);
    if (m.retain && (own.has(m.topic) || own.size < MAX_SESSION_RETAINED)) {
      if (m.payload.length === 0) own.delete(m.topic);
      else own.set(m.topic, { topic: m.topic, raw: Buffer.from(m.payload.subarray(0, 1024)) });
    }
    if (m.qos === 1 && m.packetId !== undefined) io.write(puback(m.packetId));
    if (m.qos === 2 && m.packetId !== undefined) io.write(pubrec(m.packetId));
    // The broker forwards the message to matching subscriptions, this client's own included.
    if ([...subs.keys()].some((f) => topicMatches(f, m.topic))) deliver(m.topic, m.payload, false);
  }

  function onSubscribe(pk: Packet): void {
    const s = parseSubscribe(pk.flags, pk.body, level, MAX_FILTERS_PER_PACKET);
    // mosquitto: "Invalid subscription string from <addr>, disconnecting."
    const bad = s.filters.find((f) => !validFilter(f.filter));
    ctx.emit('subscribe', { packet_id: s.packetId, topics: s.filters.map((f) => f.filter).join(',').slice(0, 1024), count: s.filters.length, qos: s.filters.map((f) => f.qos).join(',') });
    if (bad) throw new MqttError('invalid subscription string');
    const granted: number[] = [];
    const added: string[] = [];
    for (const f of s.filters) {
      if (!subs.has(f.filter) && subs.size >= MAX_SUBSCRIPTIONS) {
        granted.push(0x80);
        continue;
      }
      subs.set(f.filter, f.qos);
      granted.push(f.qos);
      added.push(f.filter);
    }
    io.write(suback(level, s.packetId, granted));
    const now = ctx.now().getTime();
    const retained = [...retainedTopics(p, now, startedAtMs, connectedBy.get(key) ?? 1).map((r) => ({ topic: r.topic, raw: Buffer.from(r.payload, 'utf8') })), ...own.values()];
    for (const f of added) for (const r of retained) if (topicMatches(f, r.topic)) deliver(r.topic, r.raw, true);
  }

  function deliver(topic: string, payload: Uint8Array, retain: boolean): void {
    if (deliveries++ >= MAX_DELIVERIES) return;
    io.write(publish(level, topic, payload, retain));
  }

  return {
    close: (reason) => {
      if (timer) clearTimeout(timer);
      io.destroy(reason);
    },
  };
}
