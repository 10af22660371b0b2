// The datagram (UDP) side of the template contract: a UDP template never opens sockets either; the
// runner binds one dgram socket per port, enforces size, per-source rate and reply bounds, and hands
// each datagram to the listener the template created, with a context bound to that datagram's source.
import type { z } from 'zod';
import type { Persona } from './persona/types';
import type { EventFields, PrepareInfo } from './template';

export interface DatagramLimits {
  /** Larger datagrams are dropped with one `oversized_input` (they are rate limited like the rest). */
  maxDatagramBytes: number;
  /** Token bucket per source address: refill per second and burst. */
  perSourcePerSecond: number;
  perSourceBurst: number;
  /** Sources tracked at once (least recently seen evicted first). */
  maxTrackedSources: number;
  /** A reply is at most this many times the request's size unless the template vouches for it. */
  replyFactor: number;
  /** Datagrams the listener may originate itself (`sendDatagram`) per minute, and their size. */
  sendPerMinute: number;
  maxSendBytes: number;
}

export interface Endpoint {
  ip: string;
  port: number;
}

/** What a listener gets once: its identity, the multicast outcome and the narrow send capability. */
export interface DatagramListenerContext<C = Record<string, string>> {
  decky: string;
  service: string;
  persona: Persona;
  config: C;
  limits: DatagramLimits;
  /** The address and port actually bound. */
  local: Endpoint;
  /** The service's real port (5355, 137 ...) even when the local runtime mapped it elsewhere. */
  servicePort: number;
  /** Groups joined; empty when listening unicast only (then `unicastOnly` says why). */
  joinedGroups: readonly string[];
  unicastOnly?: string;
  /** Service-level event (no source): `startup`-like notes, detector state. */
  emit(msgid: string, fields?: EventFields, msg?: string): void;
  /**
   * Sends one datagram from this listener's socket (so answers come back to it). Bounded by
   * limits.sendPerMinute and limits.maxSendBytes; false when refused or the socket is gone.
   */
  sendDatagram(to: Endpoint, bytes: Uint8Array): boolean;
  now(): Date;
}

/** One received datagram's context: emit is bound to its source (src_ip, src_port, session_id). */
export interface DatagramContext<C = Record<string, string>> {
  decky: string;
  service: string;
  /** Pseudo session: the same for every datagram of one source address and port while it is tracked. */
  sessionId: string;
  src: Endpoint;
  dst: Endpoint;
  servicePort: number;
  persona: Persona;
  config: C;
  limits: DatagramLimits;
  emit(msgid: string, fields?: EventFields, msg?: string): void;
  /**
   * Answers the source. Refused (false) when larger than replyFactor x the request, unless
   * `protocolBehaviour` says the real daemon answers that large (then still at most maxDatagramBytes).
   */
  reply(bytes: Uint8Array, opts?: { protocolBehaviour?: boolean }): boolean;
  now(): Date;
}

export interface DatagramListener<C = Record<string, string>> {
  /** Must not throw asynchronously; a throw ends only this datagram's handling (an `error` event). */
  onDatagram(msg: Uint8Array, ctx: DatagramContext<C>): void;
  /** Clears the listener's timers; called on shutdown. */
  close?(): void;
}

export interface UdpTemplate<C = Record<string, string>> {
  name: string;
  transport: 'udp';
  /** UDP ports (the first is the primary). */
  defaultPorts: number[];
  configSchema: z.ZodType<C>;
  prepare?(info: PrepareInfo<C>): Promise<void> | void;
  /** Multicast groups to join on a port (by its service port), where the interface allows. */
  multicastGroups?(servicePort: number): string[];
  /** Whether the socket may send to broadcast addresses (NBNS). */
  broadcast?(servicePort: number): boolean;
  /** One listener per bound port. */
  createDatagramListener(ctx: DatagramListenerContext<C>): DatagramListener<C>;
}
