// DECNET collector semantics (inventory §1.1, decnet/collector/worker.py): one RFC 5424 line
// in, one `{timestamp, decky, service, eventType, attackerIp, fields, msg, rawLine}` record out.
import { setOwn } from '../util/record';
import { extractAttackerAddress } from './attacker-address';
import { DECNET_SD_ID } from './constants';
import { parseRfc5424, type Rfc5424ParseError, type SyslogMessage } from './parse';
import { timestampToEpochMs, toDecnetTimestamp } from './timestamp';

/** DECNET_COLLECTOR_DROP_APPS default: host daemons whose lines are not attacker events. */
export const DEFAULT_DROP_APPS: readonly string[] = [
  'sshd', 'pam_unix', 'sudo', 'su', 'CRON', 'cron', 'systemd', 'kernel', 'rsyslogd', 'dbus-daemon',
];

const DEFAULT_DROP_SET: ReadonlySet<string> = new Set(DEFAULT_DROP_APPS);

/** SD-IDs whose params become record fields; `decnet@55555` is what DECNET wrote before 1.0. */
export const RECORD_SD_IDS: readonly string[] = [DECNET_SD_ID, 'decnet@55555'];

export interface DecnetRecord {
  /** ISO 8601 UTC with milliseconds; the receive time when the line carries `-`. */
  timestamp: string;
  decky: string;
  service: string;
  eventType: string;
  attackerIp: string | null;
  fields: Record<string, string>;
  /** '' when the line has no MSG (as DECNET). */
  msg: string;
  rawLine: string;
  severity: number;
}

export type DecnetLineResult =
  | { kind: 'record'; record: DecnetRecord }
  | { kind: 'dropped'; appName: string }
  | { kind: 'invalid'; error: Rfc5424ParseError };

export interface DecnetParseOptions {
  dropApps?: Iterable<string>;
  /** Epoch ms clock for lines whose TIMESTAMP is `-`. */
  now?: () => number;
  maxChars?: number;
}

/** `logger --rfc5424` output re-wrapped by a container's syslog daemon: MSG is itself a line. */
function unwrap(outer: SyslogMessage, maxChars: number): SyslogMessage {
  if (!outer.msg || !/^<\d{1,3}>1 /.test(outer.msg)) return outer;
  const inner = parseRfc5424(outer.msg, { maxChars });
  if (!inner.ok) return outer;
  const m = inner.message;
  return { ...m, hostname: outer.hostname ?? m.hostname, timestamp: m.timestamp ?? outer.timestamp };
}

export function parseDecnetLine(line: string, options: DecnetParseOptions = {}): DecnetLineResult {
  const maxChars = options.maxChars;
  const parsed = parseRfc5424(line, maxChars === undefined ? {} : { maxChars });
  if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
  const m = unwrap(parsed.message, maxChars ?? line.length);

  const drop = options.dropApps ? new Set(options.dropApps) : DEFAULT_DROP_SET;
  const appName = m.appName ?? '-';
  if (drop.has(appName)) return { kind: 'dropped', appName };

  const fields: Record<string, string> = {};
  for (const el of m.structuredData) {
    if (!RECORD_SD_IDS.includes(el.id)) continue;
    for (const [k, v] of el.params) setOwn(fields, k, v);
  }
  const msg = m.msg ?? '';

  // MSGID `-` with a bash PROMPT_COMMAND body (`CMD uid= user= src= pwd= cmd=`) is a command.
  let eventType = m.msgid ?? '-';
  if (m.msgid === null && msg.startsWith('CMD ')) eventType = 'command';

  const addr = extractAttackerAddress(fields, msg);
  if (addr?.port != null && !Object.hasOwn(fields, 'remote_port')) {
    fields.remote_port = String(addr.port);
  }

  const epochMs = (m.timestamp === null ? null : timestampToEpochMs(m.timestamp)) ??
    (options.now ?? Date.now)();
  return {
    kind: 'record',
    record: {
      timestamp: new Date(epochMs).toISOString(),
      decky: m.hostname ?? '-',
      service: appName,
      eventType,
      attackerIp: addr?.ip ?? null,
      fields,
      msg,
      rawLine: line,
      severity: m.severity,
    },
  };
}

/** The JSON line DECNET's collector wrote to `<log>.json` (snake_case, `Unknown` attacker). */
export interface DecnetJsonRecord {
  timestamp: string;
  decky: string;
  service: string;
  event_type: string;
  attacker_ip: string;
  fields: Record<string, string>;
  msg: string;
  raw_line: string;
}

export function toDecnetJson(record: DecnetRecord): DecnetJsonRecord {
  const ms = Date.parse(record.timestamp);
  return {
    timestamp: Number.isNaN(ms) ? record.timestamp : toDecnetTimestamp(ms),
    decky: record.decky,
    service: record.service,
    event_type: record.eventType,
    attacker_ip: record.attackerIp ?? 'Unknown',
    fields: record.fields,
    msg: record.msg,
    raw_line: record.rawLine,
  };
}
