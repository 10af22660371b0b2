// DECNET-compatible RFC 5424 formatter: `<PRI>1 TS HOST APP - MSGID [relay@55555 k="v"...] MSG`.
// Total: whatever the input, the result is exactly one parsable line within SYSLOG_LIMITS.lineMaxBytes.
import { truncateUtf8, utf8ByteLength, utf8CodePointBytes } from '../util/bytes';
import { DECNET_SD_ID, FACILITY_LOCAL0, NILVALUE, Severity, SYSLOG_LIMITS } from './constants';
import { isRfc5424Timestamp } from './timestamp';
import {
  escapeParamValue,
  sanitizeHeaderToken,
  sanitizeParamName,
  sanitizeText,
  stringifyParamValue,
} from './sanitize';

export type SdValue = string | number | boolean | bigint | null | undefined;
/** Parameters in insertion order; null/undefined values are skipped. */
export type SdParams = Readonly<Record<string, SdValue>> | Iterable<readonly [string, SdValue]>;

export interface SyslogInput {
  hostname: string;
  appName: string;
  msgid: string;
  /** 0..7, default info (6). Out-of-range values fall back to info. */
  severity?: number;
  /** Default: now. A string must already be an RFC 5424 TIMESTAMP or it becomes `-`. */
  timestamp?: Date | string | number;
  /** Default `-` (DECNET always writes NILVALUE). */
  procId?: string;
  params?: SdParams;
  msg?: string | null;
}

/** lineMaxBytes must leave room for the header (up to ~520 bytes with maximal header fields). */
export interface FormatOptions {
  lineMaxBytes?: number;
  paramValueMaxChars?: number;
  maxParams?: number;
  sdId?: string;
}

function formatTimestamp(ts: SyslogInput['timestamp']): string {
  if (ts === undefined) return new Date().toISOString();
  if (typeof ts === 'string') return isRfc5424Timestamp(ts) ? ts : NILVALUE;
  const d = typeof ts === 'number' ? new Date(ts) : ts;
  return Number.isNaN(d.getTime()) ? NILVALUE : d.toISOString();
}

function entriesOf(params: SdParams | undefined): Iterable<readonly [string, SdValue]> {
  if (!params) return [];
  if (Symbol.iterator in params) return params as Iterable<readonly [string, SdValue]>;
  return Object.entries(params);
}

/** Escape `value` keeping at most maxBytes of output; never splits a code point or an escape. */
function escapeWithin(value: string, maxBytes: number): { text: string; bytes: number; cut: boolean } {
  let used = 0;
  let end = 0;
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    const b = utf8CodePointBytes(cp) + (cp === 0x5c || cp === 0x22 || cp === 0x5d ? 1 : 0);
    if (used + b > maxBytes) return { text: escapeParamValue(value.slice(0, end)), bytes: used, cut: true };
    used += b;
    end += ch.length;
  }
  return { text: escapeParamValue(value), bytes: used, cut: false };
}

export function formatRfc5424(input: SyslogInput, options: FormatOptions = {}): string {
  const lineMax = options.lineMaxBytes ?? SYSLOG_LIMITS.lineMaxBytes;
  const valueMax = options.paramValueMaxChars ?? SYSLOG_LIMITS.paramValueMaxChars;
  const maxParams = options.maxParams ?? SYSLOG_LIMITS.maxParams;
  const sdId = sanitizeHeaderToken(options.sdId ?? DECNET_SD_ID, SYSLOG_LIMITS.sdNameMaxChars)
    .replace(/[=\]"]/g, '_');

  const sev = Number.isInteger(input.severity) && input.severity! >= 0 && input.severity! <= 7
    ? input.severity!
    : Severity.info;
  const header =
    `<${FACILITY_LOCAL0 * 8 + sev}>1 ${formatTimestamp(input.timestamp)} ` +
    `${sanitizeHeaderToken(input.hostname, SYSLOG_LIMITS.hostnameMaxChars)} ` +
    `${sanitizeHeaderToken(input.appName, SYSLOG_LIMITS.appNameMaxChars)} ` +
    `${sanitizeHeaderToken(input.procId ?? NILVALUE, SYSLOG_LIMITS.procIdMaxChars)} ` +
    `${sanitizeHeaderToken(input.msgid, SYSLOG_LIMITS.msgidMaxChars)} `;

  let msg = input.msg ? sanitizeText(input.msg, lineMax) : '';
  // A leading U+FEFF would be read back as the optional BOM (§6.4); double it to survive.
  if (msg.startsWith('\uFEFF')) msg = `\uFEFF${msg}`;
  const msgReserve = msg ? Math.min(utf8ByteLength(msg) + 1, SYSLOG_LIMITS.msgReserveBytes) : 0;

  // Header is ASCII, so its length is its byte count.
  const sdBudget = lineMax - header.length - msgReserve;
  let used = sdId.length + 2; // `[` + SD-ID + `]`
  const parts: string[] = [];
  for (const [rawName, rawValue] of entriesOf(input.params)) {
    if (parts.length >= maxParams) break;
    const value = stringifyParamValue(rawValue);
    const name = sanitizeParamName(rawName, SYSLOG_LIMITS.sdNameMaxChars);
    if (value === null || name === '') continue;
    const overhead = name.length + 4; // SP name = " ... "
    const room = sdBudget - used - overhead;
    if (room < 0) break;
    const fitted = escapeWithin(sanitizeText(value, valueMax), room);
    parts.push(` ${name}="${fitted.text}"`);
    used += overhead + fitted.bytes;
    if (fitted.cut) break;
  }
  const sd = parts.length > 0 ? `[${sdId}${parts.join('')}]` : NILVALUE;

  let line = header + sd;
  const sdBytes = parts.length > 0 ? used : sd.length;
  const msgRoom = lineMax - header.length - sdBytes - 1; // -1 for the SP before MSG
  if (msg && msgRoom > 0) {
    const cut = truncateUtf8(msg, msgRoom);
    if (cut) line += ` ${cut}`;
  }
  return line;
}
