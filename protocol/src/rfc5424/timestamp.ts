// RFC 5424 §6.2.3 TIMESTAMP checks and conversion to the forms we store.
// Fractions of up to 9 digits are accepted (RFC: 6) because some relays emit nanoseconds.

const TS_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/;

export function isRfc5424Timestamp(s: string): boolean {
  const m = TS_RE.exec(s);
  if (!m) return false;
  const [mo, d, h, mi, sec] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return !Number.isNaN(Date.parse(toParsableIso(s)));
}

/** Date.parse handles at most millisecond fractions portably; trim the rest, and a leap second. */
function toParsableIso(s: string): string {
  return s.replace(/(\.\d{3})\d+/, '$1').replace(/:60(?=[.Z+-])/, ':59');
}

/** Epoch milliseconds of a valid RFC 5424 timestamp, else null. */
export function timestampToEpochMs(s: string): number | null {
  if (!isRfc5424Timestamp(s)) return null;
  const ms = Date.parse(toParsableIso(s));
  return Number.isNaN(ms) ? null : ms;
}

/** DECNET's collector form: `YYYY-mm-dd HH:MM:SS` in UTC. */
export function toDecnetTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
