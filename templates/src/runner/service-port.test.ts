// ctx.servicePort: a TCP listener bound on a mapped port (port 0 here, the local runtime's mapped
// ports in production) tells its template the service's real port; without one, the bound port.
import { createConnection } from 'node:net';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import type { Template } from '../template';
import { startDeckyRunner, type DeckyRunner } from './runner';
import { LineSink } from './test-harness';

const portTemplate: Template = {
  name: 'conpot',
  defaultPorts: [502, 102],
  configSchema: z.record(z.string(), z.string()),
  createSession(stream, ctx) {
    stream.end(`${ctx.servicePort ?? 'none'} ${ctx.dst.port}\n`);
  },
};

function ask(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port });
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('close', () => resolve(got.trim()));
    s.on('error', reject);
  });
}

describe('TemplateContext.servicePort', () => {
  let runner: DeckyRunner;
  afterAll(() => runner.close());

  it('is the listener spec servicePort on a mapped port, else the bound port', async () => {
    const persona = derivePersona({ deckyName: 'decky-sp', archetype: 'industrial-control', nowMs: Date.UTC(2026, 0, 10) });
    runner = await startDeckyRunner({
      decky: 'decky-sp', persona, out: new LineSink().out,
      listeners: [
        { service: 'conpot', key: 'conpot', template: portTemplate, host: '127.0.0.1', port: 0, servicePort: 502 },
        { service: 'conpot', key: 'conpot/102', template: portTemplate, host: '127.0.0.1', port: 0, servicePort: 102 },
        { service: 'conpot', key: 'conpot/x', template: portTemplate, host: '127.0.0.1', port: 0 },
      ],
    });
    const [a, b, c] = runner.ports.map((p) => p.port);
    expect(await ask(a!)).toBe(`502 ${a}`);
    expect(await ask(b!)).toBe(`102 ${b}`);
    expect(await ask(c!)).toBe(`${c} ${c}`);
  });
});
