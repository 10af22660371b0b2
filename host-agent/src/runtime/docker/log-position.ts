// Log positions of docker streams: the daemon's nanosecond timestamp of a line times 10^6 plus the
// line's index among lines sharing that timestamp, as a decimal string (strictly increasing).

const SEQ_SPAN = 1_000_000n;

export function encodePosition(tsNs: bigint, seq: number): string {
  return (tsNs * SEQ_SPAN + BigInt(seq)).toString();
}

export function decodePosition(position: string): { tsNs: bigint; seq: number } {
  if (!/^\d{1,40}$/.test(position)) throw new Error(`not a docker log position: ${position.slice(0, 64)}`);
  const p = BigInt(position);
  return { tsNs: p / SEQ_SPAN, seq: Number(p % SEQ_SPAN) };
}

/** RFC 3339 with up to 9 fraction digits (docker's RFC3339Nano drops trailing zeros) -> ns since epoch. */
export function parseDockerTimestamp(ts: string): bigint | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** The `since` query value docker accepts: seconds with a 9-digit fraction (inclusive bound). */
export function sinceParam(tsNs: bigint): string {
  const s = tsNs / 1_000_000_000n;
  const frac = (tsNs % 1_000_000_000n).toString().padStart(9, '0');
  return `${s}.${frac}`;
}
