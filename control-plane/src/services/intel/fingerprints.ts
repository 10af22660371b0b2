// Conclusions from an attacker's fingerprint record: one source whose TLS (JA3/JA4) or SSH (HASSH)
// client fingerprint changes within a window is `fingerprint_rotated`: a tool switch, or several
// actors behind one address (NAT, a shared VPN exit).
import type { AttackerFinding } from '@decnet/protocol';

export const ROTATION_WINDOW_MS = 3_600_000;
const ROTATING_KINDS = ['ja3', 'ja4', 'hassh'] as const;

export interface FingerprintSighting {
  kind: string;
  value: string;
  firstSeenMs: number;
  lastSeenMs: number;
}

export function rotationFindings(rows: readonly FingerprintSighting[], windowMs = ROTATION_WINDOW_MS): AttackerFinding[] {
  const out: AttackerFinding[] = [];
  for (const kind of ROTATING_KINDS) {
    const seen = rows.filter((r) => r.kind === kind).sort((a, b) => a.firstSeenMs - b.firstSeenMs);
    // Values whose sighting spans come within the window of another value's: the fingerprint changed
    // (and maybe changed back) while the address stayed.
    const rotated = new Set<string>();
    for (let i = 0; i < seen.length; i++) {
      for (let j = i + 1; j < seen.length; j++) {
        const a = seen[i]!;
        const b = seen[j]!;
        if (b.firstSeenMs - a.lastSeenMs <= windowMs) rotated.add(a.value).add(b.value);
      }
    }
    if (rotated.size >= 2) {
      const values = [...rotated].slice(0, 20);
      out.push({ type: 'fingerprint_rotated', kind, values, windowS: windowMs / 1000, detail: `${rotated.size} different ${kind.toUpperCase()} values within ${windowMs / 60_000} min from one address` });
    }
  }
  return out;
}
