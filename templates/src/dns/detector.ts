// Per-source query patterns (DECNET's flood_suspect, recon_burst, tunneling_suspect,
// tracking_evicted): windows are computed on arrival (no timers), sources live in a bounded LRU
// shared by the UDP and TCP listeners of one decky, and each report is rate limited per source.

export const MAX_SOURCES = 1024;
export const FLOOD_WINDOW_MS = 1000;
export const FLOOD_QUERIES = 25;
export const RECON_WINDOW_MS = 10_000;
export const RECON_NAMES = 15;
const REPORT_EVERY_MS = 60_000;
const MAX_NAMES = 64;

interface Source {
  floodStart: number;
  floodCount: number;
  floodReported: number;
  reconStart: number;
  names: Set<string>;
  reconReported: number;
}

export type Finding =
  | { msgid: 'flood_suspect'; fields: { qps: number; window_ms: number } }
  | { msgid: 'recon_burst'; fields: { distinct_names: number; window_s: number; sample: string } }
  | { msgid: 'tracking_evicted'; fields: { evicted: number; tracked: number; oldest_ip: string } };

export class QueryTracker {
  private readonly sources = new Map<string, Source>();
  private evicted = 0;
  private evictReported = -Infinity;
  private lastEvicted = '';

  constructor(private readonly now: () => number = Date.now, private readonly maxSources = MAX_SOURCES) {}

  get size(): number {
    return this.sources.size;
  }

  /** Records one query from `ip` for `name` and returns what it newly reveals. */
  observe(ip: string, name: string): Finding[] {
    const t = this.now();
    const out: Finding[] = [];
    let s = this.sources.get(ip);
    if (s) this.sources.delete(ip);
    else {
      s = { floodStart: t, floodCount: 0, floodReported: -Infinity, reconStart: t, names: new Set(), reconReported: -Infinity };
      while (this.sources.size >= this.maxSources) {
        this.lastEvicted = this.sources.keys().next().value as string;
        this.sources.delete(this.lastEvicted);
        this.evicted++;
      }
      if (this.evicted > 0 && t - this.evictReported >= REPORT_EVERY_MS) {
        out.push({ msgid: 'tracking_evicted', fields: { evicted: this.evicted, tracked: this.sources.size, oldest_ip: this.lastEvicted } });
        this.evicted = 0;
        this.evictReported = t;
      }
    }
    this.sources.set(ip, s);
    if (t - s.floodStart >= FLOOD_WINDOW_MS) {
      s.floodStart = t;
      s.floodCount = 0;
    }
    s.floodCount++;
    if (s.floodCount >= FLOOD_QUERIES && t - s.floodReported >= REPORT_EVERY_MS) {
      s.floodReported = t;
      out.push({ msgid: 'flood_suspect', fields: { qps: s.floodCount, window_ms: FLOOD_WINDOW_MS } });
    }
    if (t - s.reconStart >= RECON_WINDOW_MS) {
      s.reconStart = t;
      s.names.clear();
    }
    if (s.names.size < MAX_NAMES) s.names.add(name.toLowerCase());
    if (s.names.size >= RECON_NAMES && t - s.reconReported >= REPORT_EVERY_MS) {
      s.reconReported = t;
      out.push({ msgid: 'recon_burst', fields: { distinct_names: s.names.size, window_s: RECON_WINDOW_MS / 1000, sample: [...s.names].slice(0, 5).join(',').slice(0, 400) } });
    }
    return out;
  }
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Why a name looks like DNS tunnelling (iodine, dnscat2, DNSExfiltrator), or undefined. */
export function tunnelMethod(labels: readonly string[], qtype: number): { method: string; label_len: number; entropy: number } | undefined {
  const longest = labels.reduce((a, l) => (l.length > a.length ? l : a), '');
  const h = Math.round(entropy(longest.toLowerCase()) * 100) / 100;
  const total = labels.reduce((n, l) => n + l.length + 1, 0);
  const base = { label_len: longest.length, entropy: h };
  if (/^[0-9a-f]{24,}$/i.test(longest)) return { method: 'hex_label', ...base };
  if (longest.length >= 24 && /^[a-z2-7]+$/i.test(longest) && /[2-7]/.test(longest)) return { method: 'base32_label', ...base };
  if (longest.length >= 40) return { method: 'long_label', ...base };
  if (total >= 120) return { method: 'long_qname', ...base };
  if (longest.length >= 16 && h >= 3.8) return { method: 'high_entropy', ...base };
  // TXT/NULL to a deep random-looking name: the record types tunnels carry data back in.
  if ((qtype === 16 || qtype === 10) && labels.length >= 4 && longest.length >= 12 && h >= 3.3) return { method: 'txt_null_payload', ...base };
  return undefined;
}
