// What identity resolution knows about one attacker address, loaded from the intelligence tables,
// and the keys it is indexed by (a key shared by two addresses makes them a candidate pair).
export const CLIENT_FINGERPRINT_KINDS = ['ja3', 'ja4', 'hassh'] as const;

export interface SessionTrace {
  decky: string;
  startedAtMs: number;
  phases: string[];
}

export interface AttackerFeatures {
  id: string;
  ip: string;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Client fingerprints by kind (ja3, ja4, hassh). */
  fingerprints: Record<string, string[]>;
  /** sha256 of files the address uploaded. */
  payloads: string[];
  /** host:/url:/c2: keys named in its commands (see infra.ts). */
  infra: string[];
  /** Normalised commands per kill-chain phase. */
  commandsByPhase: Record<string, string[]>;
  /** `principal\u0000secret sha256` of the credentials it tried. */
  credentials: string[];
  asn: string | null;
  country: string | null;
  sessions: SessionTrace[];
}

/** Index keys of one attacker; the prefix names the evidence kind. */
export function keysOf(f: AttackerFeatures): string[] {
  const out: string[] = [];
  for (const [kind, values] of Object.entries(f.fingerprints)) for (const v of values) out.push(`fp:${kind}:${v}`);
  for (const p of f.payloads) out.push(`payload:${p}`);
  for (const k of f.infra) out.push(`infra:${k}`);
  const cmds = new Set<string>();
  for (const list of Object.values(f.commandsByPhase)) for (const c of list) cmds.add(c);
  for (const c of cmds) out.push(`cmd:${c}`);
  for (const c of f.credentials) out.push(`cred:${c}`);
  return out;
}

export function emptyFeatures(id: string, ip: string, firstSeenMs: number, lastSeenMs: number): AttackerFeatures {
  return { id, ip, firstSeenMs, lastSeenMs, fingerprints: {}, payloads: [], infra: [], commandsByPhase: {}, credentials: [], asn: null, country: null, sessions: [] };
}
