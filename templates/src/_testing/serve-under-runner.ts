// serveUnderRunner(): one decky runner (the real one: TLS listeners, in-band STARTTLS, strict MSGIDs)
// on 127.0.0.1 port 0 for tests that need what only the runner provides (ctx.startTls, implicit TLS).
import type { DecnetRecord } from '@decnet/protocol';
import type { Persona } from '../persona/types';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import type { AnyTemplate, SessionLimits } from '../template';
import { examplePersona } from './persona';

export interface RunnerListener {
  service: string;
  template: AnyTemplate;
  config?: Record<string, string>;
  tls?: boolean;
}

export interface RunnerServed {
  runner: DeckyRunner;
  sink: LineSink;
  /** Port of the n-th listener. */
  port(index: number): number;
  /** Parsed events of one MSGID (optionally of one service). */
  events(msgid: string, service?: string): DecnetRecord[];
  close(): Promise<void>;
}

export async function serveUnderRunner(listeners: RunnerListener[], opts: { persona?: Persona; limits?: Partial<SessionLimits>; artifactsDir?: string } = {}): Promise<RunnerServed> {
  const persona = opts.persona ?? examplePersona();
  const sink = new LineSink();
  const runner = await startDeckyRunner({
    decky: persona.deckyName, persona, out: sink.out, strictMsgids: true, perIpMaxConnections: 64, maxConnections: 128,
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.artifactsDir ? { artifactsDir: opts.artifactsDir } : {}),
    listeners: listeners.map((l) => ({ service: l.service, template: l.template, host: '127.0.0.1', port: 0, config: l.config ?? {}, ...(l.tls ? { tls: true } : {}) })),
  });
  return {
    runner,
    sink,
    port: (i) => runner.ports[i]?.port ?? 0,
    events: (msgid, service) => sink.of(msgid, service),
    close: () => runner.close(),
  };
}
