// serveDerived(): one template under the real decky runner (strict MSGIDs, in-band TLS via
// ctx.startTls, implicit-TLS listeners) on 127.0.0.1:0 with a persona derived for an archetype and
// distro, for real clients that need the runner (psql sslmode=require, ldapsearch -ZZ, LDAPS).
import type { DecnetRecord } from '@decnet/protocol';
import { derivePersona, type DerivePersonaInput } from '../persona/derive';
import type { Persona } from '../persona/types';
import { startDeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import type { AnyTemplate } from '../template';

export interface DerivedServed {
  persona: Persona;
  /** Port of each listener: the plain one, then the implicit-TLS one when asked. */
  ports: number[];
  records(eventType?: string): DecnetRecord[];
  waitFor(eventType: string, count?: number): Promise<DecnetRecord[]>;
  close(): Promise<void>;
}

export async function serveDerived(
  template: AnyTemplate,
  options: { persona?: Persona; derive?: Partial<DerivePersonaInput>; config?: Record<string, string>; implicitTls?: boolean } = {},
): Promise<DerivedServed> {
  const persona = options.persona ?? derivePersona({ deckyName: `t-${template.name}`, services: [template.name], nowMs: Date.UTC(2026, 0, 1), ...options.derive });
  const sink = new LineSink();
  const base = { service: template.name, template, host: '127.0.0.1', port: 0, config: options.config ?? {} };
  const listeners = options.implicitTls ? [base, { ...base, tls: true }] : [base];
  const runner = await startDeckyRunner({ decky: persona.deckyName, persona, out: sink.out, strictMsgids: true, perIpMaxConnections: 64, listeners });
  return {
    persona,
    ports: runner.ports.map((p) => p.port),
    records: (eventType) => sink.records().filter((r) => eventType === undefined || r.eventType === eventType),
    waitFor: async (eventType, count = 1) => (await sink.waitFor((rs) => rs.filter((r) => r.eventType === eventType).length >= count)).filter((r) => r.eventType === eventType),
    close: () => runner.close(),
  };
}
