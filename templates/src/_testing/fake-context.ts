// fakeContext(): a TemplateContext for tests that records every emitted event and hashes captures
// in memory, so session tests can assert on events without a runner.
import { createHash } from 'node:crypto';
import { isKnownMsgid } from '@decnet/protocol';
import type { CapturedArtifact, EventFields, SessionLimits, TemplateContext } from '../template';
import { examplePersona } from './persona';

export interface RecordedEvent {
  msgid: string;
  fields: Record<string, string | number | boolean | undefined>;
  msg?: string;
}

export interface RecordedCapture extends CapturedArtifact {
  name: string;
  data: Uint8Array;
}

export interface FakeContext<C> extends TemplateContext<C> {
  events: RecordedEvent[];
  captures: RecordedCapture[];
  /** Events with this MSGID, in order. */
  eventsOf(msgid: string): RecordedEvent[];
  /** MSGIDs emitted that the protocol catalogue does not list for this service. */
  uncatalogued(): string[];
}

/** The fields the runner binds; a template setting one of them is a bug. */
const RUNNER_FIELDS = ['decky', 'service', 'src_ip', 'src_port', 'session_id'];

export const TEST_LIMITS: SessionLimits = {
  maxLineBytes: 8192,
  maxCaptureBytes: 1024 * 1024,
  idleTimeoutMs: 30_000,
  maxSessionMs: 600_000,
};

let sessionCounter = 0;

export function fakeContext<C = Record<string, string>>(
  overrides: Partial<TemplateContext<C>> & { service: string },
): FakeContext<C> {
  const events: RecordedEvent[] = [];
  const captures: RecordedCapture[] = [];
  const persona = overrides.persona ?? examplePersona();
  const base = {
    decky: persona.deckyName,
    sessionId: `test-${++sessionCounter}`,
    src: { ip: '203.0.113.7', port: 51234 },
    dst: { ip: '192.168.10.20', port: 0 },
    persona,
    config: {} as C,
    limits: TEST_LIMITS,
    now: () => new Date(),
    ...overrides,
  };
  const ctx: FakeContext<C> = {
    ...base,
    events,
    captures,
    emit(msgid: string, fields: EventFields = {}, msg?: string): void {
      for (const k of RUNNER_FIELDS) {
        if (Object.hasOwn(fields, k)) throw new Error(`template set runner-bound field ${k}`);
      }
      events.push(msg === undefined ? { msgid, fields: { ...fields } } : { msgid, fields: { ...fields }, msg });
    },
    async capture(name: string, data: Uint8Array): Promise<CapturedArtifact> {
      const kept = data.subarray(0, base.limits.maxCaptureBytes);
      const sha256 = createHash('sha256').update(kept).digest('hex');
      const storedAs = `${sha256.slice(0, 12)}_${name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64)}`;
      const artifact = { sha256, size: kept.length, storedAs };
      captures.push({ ...artifact, name, data: Uint8Array.from(kept) });
      return artifact;
    },
    eventsOf: (msgid) => events.filter((e) => e.msgid === msgid),
    uncatalogued: () => [...new Set(events.map((e) => e.msgid).filter((m) => !isKnownMsgid(base.service, m)))],
  };
  return ctx;
}
