// Hostile peers against a runner serving the real ssh and telnet templates: random, truncated and
// oversized input, a peer sending one byte per 100 ms, a connection flood - the runner never
// crashes, never reports a template fault, keeps memory bounded and keeps serving everyone else.
import { createConnection, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { sshTemplate } from '../ssh/index';
import { telnetTemplate } from '../telnet/index';
import { echoTemplate } from './runner-fixtures';
import { startDeckyRunner, type DeckyRunner } from './runner';
import { LineSink } from './test-harness';

const persona = derivePersona({ deckyName: 'fuzz-1', archetype: 'iot-device', services: ['ssh', 'telnet'], nowMs: Date.UTC(2026, 1, 1) });
const sink = new LineSink();
let runner: DeckyRunner;
const port = (service: string): number => runner.ports.find((p) => p.service === service)?.port ?? 0;

beforeAll(async () => {
  runner = await startDeckyRunner({
    decky: 'fuzz-1', persona, out: sink.out, perIpMaxConnections: 64, maxConnections: 128, limits: { idleTimeoutMs: 4000, maxSessionMs: 20_000, maxLineBytes: 4096 },
    listeners: [
      { service: 'ssh', template: sshTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } },
      { service: 'telnet', template: telnetTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } },
      { service: 'redis', template: echoTemplate, host: '127.0.0.1', port: 0 },
    ],
  });
}, 30_000);
afterAll(() => runner.close());

function open(p: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port: p }, () => resolve(s));
    s.on('error', () => undefined);
    s.once('error', reject);
  });
}

async function echoRoundTrip(): Promise<number> {
  const started = Date.now();
  const s = await open(port('redis'));
  await new Promise<void>((resolve) => {
    s.on('data', (d: Buffer) => d.includes('pong\n') && resolve());
    s.write('pong\n');
  });
  s.destroy();
  return Date.now() - started;
}

const noFaults = (): void => {
  expect(sink.of('error')).toEqual([]);
  expect(runner.unknownMsgids()).toEqual([]);
};

describe('runner under hostile input', () => {
  it('survives random and truncated byte streams on ssh and telnet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('ssh', 'telnet'), fc.array(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.constant(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')), fc.constant(Uint8Array.of(255, 250, 24))), { maxLength: 6 }), async (service, chunks) => {
        const s = await open(port(service));
        for (const c of chunks) s.write(c);
        await new Promise((r) => setTimeout(r, 5));
        s.destroy();
      }),
      { numRuns: 40 },
    );
    await sink.waitFor(() => runner.activeSessions() === 0, 5000);
    noFaults();
    expect(await echoRoundTrip()).toBeLessThan(1000);
  });

  it('keeps serving others while a peer sends one byte per 100 ms', async () => {
    const slow = await open(port('telnet'));
    let received = '';
    slow.on('data', (d: Buffer) => (received += d.toString('latin1')));
    const text = 'root\r\nwrong\r\n';
    let i = 0;
    const drip = setInterval(() => {
      if (i < text.length) slow.write(text.charAt(i++));
    }, 100);
    await new Promise((r) => setTimeout(r, 300));
    const times = await Promise.all(Array.from({ length: 20 }, () => echoRoundTrip()));
    expect(Math.max(...times)).toBeLessThan(500);
    expect(slow.destroyed).toBe(false);
    await new Promise((r) => setTimeout(r, (text.length - i) * 100 + 300));
    clearInterval(drip);
    expect(received).toContain('Login incorrect');
    slow.destroy();
    noFaults();
  }, 10_000);

  it('bounds memory under an 8 MiB blast with no line end', async () => {
    const before = process.memoryUsage().heapUsed;
    const blast = Buffer.alloc(8 * 1024 * 1024, 0x61);
    for (const service of ['telnet', 'ssh', 'redis']) {
      const s = await open(port(service));
      await new Promise<void>((resolve) => s.write(blast, () => resolve()));
      await new Promise((r) => setTimeout(r, 50));
      s.destroy();
    }
    await sink.waitFor(() => runner.activeSessions() === 0, 5000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    expect(sink.of('oversized_input', 'redis')).toHaveLength(1);
    noFaults();
    expect(await echoRoundTrip()).toBeLessThan(1000);
  });

  it('admits a flood only up to the limits and reports it once', async () => {
    const before = sink.of('rate_limited').length;
    const socks = await Promise.all(Array.from({ length: 150 }, () => open(port('redis')).catch(() => undefined)));
    await new Promise((r) => setTimeout(r, 200));
    expect(runner.activeSessions()).toBeLessThanOrEqual(64);
    expect(sink.of('rate_limited').length - before).toBe(1);
    for (const s of socks) s?.destroy();
    await sink.waitFor(() => runner.activeSessions() === 0, 5000);
    expect(await echoRoundTrip()).toBeLessThan(1000);
  });
});
