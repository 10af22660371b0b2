// Deterministic loopback addresses for local deckies: 127.x.y.z from a hash of the decky name, never
// in 127.0.0.0/16 (127.0.0.1, systemd-resolved's 127.0.0.53, Debian's 127.0.1.1) and never shared.
// Linux routes all of 127.0.0.0/8 to `lo`, so binding one needs no setup; elsewhere all use 127.0.0.1.
import { createHash } from 'node:crypto';
import { isIPv4 } from '@decnet/protocol';

export const SHARED_LOOPBACK = '127.0.0.1';

/** Candidate number `attempt` for `name`: 127.(1-254).(0-255).(1-254). */
export function loopbackCandidate(name: string, attempt = 0): string {
  const h = createHash('sha256').update(attempt === 0 ? name : `${name}#${attempt}`).digest();
  return `127.${1 + (h[0]! % 254)}.${h[1]!}.${1 + (h[2]! % 254)}`;
}

/** True for a loopback address a decky may use as its own (127/8 minus 127.0/16). */
export function isDeckyLoopback(ip: string): boolean {
  if (!isIPv4(ip)) return false;
  const [a, b] = ip.split('.').map(Number);
  return a === 127 && b !== 0;
}

/**
 * Addresses for `names`, keeping those already assigned in `current`. New names are placed in
 * sorted order so the same set of names always gets the same addresses. `preferred` (a spec's own
 * `ip=`) is honoured when it is a free decky loopback address.
 */
export function assignLoopback(
  names: readonly string[],
  current: ReadonlyMap<string, string>,
  preferred: (name: string) => string | undefined = () => undefined,
  perDecky = process.platform === 'linux',
  /** Hashed candidates that must be skipped (topology LAN blocks); a preferred address is not checked. */
  reserved: (ip: string) => boolean = () => false,
): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of names) {
    const ip = current.get(n);
    if (ip !== undefined && (!perDecky || !used.has(ip))) {
      out.set(n, ip);
      used.add(ip);
    }
  }
  for (const n of [...names].sort()) {
    if (out.has(n)) continue;
    if (!perDecky) {
      out.set(n, SHARED_LOOPBACK);
      continue;
    }
    const want = preferred(n);
    let ip = want !== undefined && isDeckyLoopback(want) && !used.has(want) ? want : loopbackCandidate(n);
    for (let attempt = 1; used.has(ip) || (ip !== want && reserved(ip)); attempt++) ip = loopbackCandidate(n, attempt);
    out.set(n, ip);
    used.add(ip);
  }
  return out;
}
