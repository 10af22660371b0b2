// The bound event log (CONVENTIONS §4): one DECNET RFC 5424 line per event with decky as HOSTNAME,
// the service as APP-NAME, the event type as MSGID, and src_ip/src_port/session_id first in the SD,
// where template fields can never overwrite them. Unknown MSGIDs throw in strict (test) mode.
import { formatRfc5424, isKnownMsgid, Severity, SYSLOG_LIMITS, type SdValue } from '@decnet/protocol';
import type { EventFields } from '../template';

/** Field names the runner owns; a template field with one of these names is dropped. */
export const RESERVED_FIELDS: ReadonlySet<string> = new Set(['src_ip', 'src_port', 'session_id', 'decky', 'service']);

export interface EventLogOptions {
  decky: string;
  out: (line: string) => void;
  /** Throw on a MSGID missing from protocol's catalogue (default: under vitest or NODE_ENV=test). */
  strictMsgids?: boolean;
  now?: () => Date;
}

export interface SessionBinding {
  service: string;
  srcIp?: string;
  srcPort?: number;
  sessionId?: string;
}

export type BoundEmit = (msgid: string, fields?: EventFields, msg?: string) => void;

/** What protocol's formatter does to SD-PARAM names (RFC 5424 §6.3.3 SD-NAME), done first here. */
function paramName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, SYSLOG_LIMITS.sdNameMaxChars);
}

export class UnknownMsgidError extends Error {
  constructor(readonly service: string, readonly msgid: string) {
    super(`template "${service}" emitted MSGID "${msgid}", which is not in @decnet/protocol's catalogue`);
  }
}

export function defaultStrict(): boolean {
  return process.env['VITEST'] !== undefined || process.env['NODE_ENV'] === 'test';
}

export class EventLog {
  readonly unknownMsgids = new Set<string>();
  private readonly strict: boolean;
  private readonly now: () => Date;

  constructor(private readonly opts: EventLogOptions) {
    this.strict = opts.strictMsgids ?? defaultStrict();
    this.now = opts.now ?? (() => new Date());
  }

  /** An emit bound to one service (and optionally one connection). */
  bind(b: SessionBinding): BoundEmit {
    return (msgid, fields, msg) => this.write(b, msgid, fields, msg);
  }

  write(b: SessionBinding, msgid: string, fields?: EventFields, msg?: string): void {
    if (!isKnownMsgid(b.service, msgid)) {
      this.unknownMsgids.add(`${b.service}:${msgid}`);
      if (this.strict) throw new UnknownMsgidError(b.service, msgid);
    }
    const params: Array<[string, SdValue]> = [];
    if (b.srcIp !== undefined) params.push(['src_ip', b.srcIp]);
    if (b.srcPort !== undefined) params.push(['src_port', b.srcPort]);
    if (b.sessionId !== undefined) params.push(['session_id', b.sessionId]);
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        // Compare the name as the formatter will write it ("src-ip" becomes "src_ip").
        const name = paramName(k);
        if (v !== undefined && name !== '' && !RESERVED_FIELDS.has(name.toLowerCase())) params.push([name, v]);
      }
    }
    const line = formatRfc5424({
      hostname: this.opts.decky,
      appName: b.service,
      msgid,
      severity: msgid === 'error' ? Severity.err : Severity.info,
      timestamp: this.now(),
      params,
      msg: msg ?? null,
    });
    this.opts.out(line);
  }
}
