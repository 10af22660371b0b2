// An asciinema v2 recording of one terminal session (header line, then [seconds, "o"|"i", text]
// lines): output the attacker saw and input they typed, bounded in bytes and in duration.
export interface CastLimits {
  /** Whole cast, header included, in UTF-8 bytes; later events are dropped (truncated). */
  maxBytes: number;
  /** Events later than this after the start are dropped (truncated). */
  maxDurationMs: number;
}

/** 10 MiB per session as DECNET, uploaded in 3,000-byte pieces (at most 3,496; the control plane stores them apart from events). */
export const CAST_LIMITS: CastLimits = { maxBytes: 10 * 1024 * 1024, maxDurationMs: 60 * 60 * 1000 };

export interface CastHeader {
  width: number;
  height: number;
  term: string;
  /** Session start, ms since the epoch. */
  startMs: number;
}

export interface FinishedCast {
  text: string;
  bytes: number;
  durationS: number;
  truncated: boolean;
  /** Output and input events kept. */
  events: number;
}

const enc = new TextEncoder();
/** Lone surrogates (a read split inside a pair) become U+FFFD so every line is valid UTF-8. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
/** A client without a real terminal sends a 0x0 pty (RFC 4254 §6.2 allows it): that means the default. */
const clampInt = (n: number, lo: number, hi: number, dflt: number) => (Number.isFinite(n) && n >= 1 ? Math.min(hi, Math.max(lo, Math.trunc(n))) : dflt);

export class CastRecorder {
  private readonly lines: string[] = [];
  private bytes = 0;
  private lastMs = 0;
  private kept = 0;
  private cut = false;

  constructor(
    private readonly header: CastHeader,
    private readonly limits: CastLimits = CAST_LIMITS,
    private readonly nowMs: () => number = Date.now,
  ) {
    const head = JSON.stringify({
      version: 2,
      width: clampInt(header.width, 1, 1000, 80),
      height: clampInt(header.height, 1, 1000, 24),
      timestamp: Math.floor(header.startMs / 1000),
      // The client's TERM is attacker text: a JSON value only, bounded.
      env: { TERM: header.term.slice(0, 64), SHELL: '/bin/bash' },
    });
    this.push(head);
  }

  /** What the remote terminal was sent. */
  output(text: string): void {
    this.event('o', text);
  }

  /** What the attacker typed (raw keystrokes, before line editing). */
  input(text: string): void {
    this.event('i', text);
  }

  get truncated(): boolean {
    return this.cut;
  }

  finish(): FinishedCast {
    return { text: this.lines.join(''), bytes: this.bytes, durationS: Math.round(this.lastMs) / 1000, truncated: this.cut, events: this.kept };
  }

  private event(kind: 'o' | 'i', data: string): void {
    if (data === '' || this.cut) return;
    const elapsedMs = Math.max(this.lastMs, this.nowMs() - this.header.startMs);
    if (elapsedMs > this.limits.maxDurationMs) {
      this.cut = true;
      return;
    }
    // toWellFormed: a lone surrogate from a split read must not make the line invalid UTF-8.
    const line = JSON.stringify([Number((elapsedMs / 1000).toFixed(6)), kind, wellFormed(data)]);
    if (!this.push(line)) this.cut = true;
    else {
      this.lastMs = elapsedMs;
      this.kept++;
    }
  }

  private push(line: string): boolean {
    const n = enc.encode(line).length + 1;
    if (this.bytes + n > this.limits.maxBytes) return false;
    this.lines.push(`${line}\n`);
    this.bytes += n;
    return true;
  }
}

/** Splits a cast into base64 pieces of at most `chunkBytes` raw bytes each (one event field apiece). */
export function castChunks(text: string, chunkBytes = 3000): string[] {
  const bytes = enc.encode(text);
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) out.push(Buffer.from(bytes.subarray(i, i + chunkBytes)).toString('base64'));
  return out;
}
