// Poisoner detection (Responder, Inveigh, NBNS spoofers answer any name): the listener asks now and
// then for one of the persona's names that nothing owns; whoever answers such a name is a poisoner.
// Pending names are few and expire, so a flood of forged answers cannot grow memory.
import { randomInt } from 'node:crypto';
import { encodeQuery } from '../_dns/dns-wire';
import { nbnsNameQuery } from './nbns';
import type { Proto } from './parser';

/** How long an answer to a probe still counts, and how many probes are remembered. */
export const PENDING_TTL_MS = 10 * 60_000;
export const MAX_PENDING = 16;

export interface Probe {
  name: string;
  txid: number;
  sentAtMs: number;
}

export class ProbeBook {
  private readonly pending = new Map<string, Probe>();

  constructor(private readonly names: readonly string[], private readonly now: () => number = Date.now) {}

  /** The next probe: a seeded name, a fresh transaction id. */
  next(): Probe {
    const name = this.names[randomInt(this.names.length)] ?? 'filesrv02';
    const probe = { name, txid: randomInt(1, 0x10000), sentAtMs: this.now() };
    this.pending.delete(name.toLowerCase());
    while (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    this.pending.set(name.toLowerCase(), probe);
    return probe;
  }

  /** The probe this name answers, if it is one of ours and not expired (names compare case-insensitively). */
  match(name: string): Probe | undefined {
    const key = name.toLowerCase().replace(/\.$/, '');
    const p = this.pending.get(key);
    if (!p) return undefined;
    if (this.now() - p.sentAtMs > PENDING_TTL_MS) {
      this.pending.delete(key);
      return undefined;
    }
    return p;
  }
}

/** The query bytes for a probe: LLMNR asks for an A record (RFC 4795 §2.1.1), NBNS a NB name query. */
export function probeQuery(proto: Proto, probe: Probe): Uint8Array {
  if (proto === 'nbns') return nbnsNameQuery(probe.txid, probe.name);
  return encodeQuery(probe.txid, 0, [Buffer.from(probe.name, 'ascii')], 1, 1);
}

/** Next delay: the interval jittered by +-25%, so probes are not a fleet-wide metronome. */
export function jittered(intervalMs: number): number {
  return Math.round(intervalMs * (0.75 + Math.random() * 0.5));
}
