// Test support for the conpot tests (not shipped code): a decky runner with conpot's listeners on
// mapped ports (servicePort set, as on the local runtime), industrial-control personas, raw exchanges.
import { createConnection } from 'node:net';
import { derivePersona } from '../persona/derive';
import type { Persona } from '../persona/types';
import { registeredServices } from '../registry';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import { allListeners } from '../_testing/probes';

/** Sends bytes, collects the reply until `done` says it is complete (or the peer closes). */
export function exchange(port: number, data: Uint8Array, done: (b: Buffer) => boolean = (b) => b.length > 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => s.write(data));
    let got = Buffer.alloc(0);
    const finish = (): void => {
      s.destroy();
      resolve(got);
    };
    s.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c]);
      if (done(got)) finish();
    });
    s.on('close', finish);
    s.on('error', reject);
  });
}

export function conpotPersonaFor(name: string, config: Record<string, string> = {}): Persona {
  return derivePersona({ deckyName: name, archetype: 'industrial-control', distro: 'debian', services: registeredServices(), nowMs: Date.UTC(2026, 0, 1), serviceConfig: { conpot: config } });
}

export async function startConpot(persona: Persona): Promise<{ runner: DeckyRunner; sink: LineSink; port(key: string): number }> {
  const sink = new LineSink();
  const runner = await startDeckyRunner({ decky: persona.deckyName, persona, out: sink.out, strictMsgids: true, perIpMaxConnections: 64, listeners: allListeners(['conpot']) });
  return { runner, sink, port: (key) => runner.ports.find((p) => p.key === key)?.port ?? 0 };
}
