// For template tests: a TemplateContext over an in-memory stream pair whose emit records events and,
// like the runner in strict mode, throws on a MSGID missing from protocol's catalogue; and a sink
// that parses a runner's output lines with DECNET's collector rules.
import { createHash } from 'node:crypto';
import { duplexPair, type Duplex } from 'node:stream';
import { isKnownMsgid, parseDecnetLine, type DecnetRecord } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import type { Persona } from '../persona/types';
import type { CapturedArtifact, EventFields, SessionLimits, TemplateContext } from '../template';
import { UnknownMsgidError } from './event-log';
import { DEFAULT_LIMITS } from './runner';

export interface RecordedEvent {
  msgid: string;
  fields: Record<string, string>;
  msg?: string;
}

export interface TestSession<C> {
  ctx: TemplateContext<C>;
  /** The template's side: pass to createSession. */
  server: Duplex;
  /** The attacker's side. */
  client: Duplex;
  events: RecordedEvent[];
  captures: Array<{ name: string; data: Uint8Array } & CapturedArtifact>;
}

export function createTestSession<C = Record<string, string>>(opts: { service: string; config: C; persona?: Persona; limits?: Partial<SessionLimits> }): TestSession<C> {
  const [server, client] = duplexPair();
  const events: RecordedEvent[] = [];
  const captures: TestSession<C>['captures'] = [];
  const persona = opts.persona ?? derivePersona({ deckyName: 'test-decky', archetype: 'linux-server', nowMs: Date.UTC(2025, 0, 15) });
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const emit = (msgid: string, fields?: EventFields, msg?: string): void => {
    if (!isKnownMsgid(opts.service, msgid)) throw new UnknownMsgidError(opts.service, msgid);
    const f: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) f[k] = String(v);
    events.push(msg === undefined ? { msgid, fields: f } : { msgid, fields: f, msg });
  };
  const ctx: TemplateContext<C> = {
    decky: 'test-decky',
    service: opts.service,
    sessionId: 'test-session',
    src: { ip: '203.0.113.7', port: 54321 },
    dst: { ip: persona.shell.ip, port: 0 },
    persona,
    config: opts.config,
    limits,
    emit,
    capture: async (name, data) => {
      const kept = data.subarray(0, limits.maxCaptureBytes);
      const art = { sha256: createHash('sha256').update(kept).digest('hex'), size: kept.length };
      captures.push({ name, data: kept, ...art });
      return art;
    },
    now: () => new Date(),
    oversized: (what, sizeBytes, limitBytes) => {
      emit('oversized_input', { what, size_bytes: sizeBytes, limit_bytes: limitBytes ?? limits.maxLineBytes });
      server.destroy();
    },
  };
  return { ctx, server, client, events, captures };
}

/** Collects a runner's output lines, parsed with DECNET's collector rules, for assertions. */
export class LineSink {
  readonly lines: string[] = [];
  readonly out = (line: string): void => {
    this.lines.push(line);
  };

  records(): DecnetRecord[] {
    return this.lines.flatMap((l) => {
      const r = parseDecnetLine(l);
      return r.kind === 'record' ? [r.record] : [];
    });
  }

  of(eventType: string, service?: string): DecnetRecord[] {
    return this.records().filter((r) => r.eventType === eventType && (service === undefined || r.service === service));
  }

  async waitFor(pred: (records: DecnetRecord[]) => boolean, timeoutMs = 5000): Promise<DecnetRecord[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const recs = this.records();
      if (pred(recs)) return recs;
      if (Date.now() > until) throw new Error(`timed out waiting; last lines:\n${this.lines.slice(-10).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
