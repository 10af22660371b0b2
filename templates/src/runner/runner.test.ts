// startDeckyRunner against real sockets on port 0: the event lines, reserved fields, failures that
// stay in their session, timeouts, connection limits, captures, TLS and shutdown.
import { createConnection, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRfc5424 } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import type { SessionLimits } from '../template';
import { echoTemplate, throwingTemplate, tlsEchoTemplate } from './runner-fixtures';
import { startDeckyRunner, type DeckyRunner, type DeckyRunnerOptions } from './runner';
import { LineSink } from './test-harness';

const persona = derivePersona({ deckyName: 'decky-rt', archetype: 'database-server', nowMs: Date.UTC(2026, 0, 10) });
const running: DeckyRunner[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(over: Partial<DeckyRunnerOptions> & { limits?: Partial<SessionLimits> } = {}): Promise<{ runner: DeckyRunner; sink: LineSink; port: number }> {
  const sink = new LineSink();
  const runner = await startDeckyRunner({ decky: 'decky-rt', persona, listeners: [{ service: 'redis', template: echoTemplate, host: '127.0.0.1', port: 0 }], out: sink.out, ...over });
  running.push(runner);
  return { runner, sink, port: runner.ports[0]?.port ?? 0 };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
  });
}

function readUntil(s: Socket, text: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const t = setTimeout(() => reject(new Error(`no "${text}" in ${JSON.stringify(got.slice(-200))}`)), timeoutMs);
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes(text)) {
        clearTimeout(t);
        resolve(got);
      }
    });
  });
}

const closed = (s: Socket): Promise<void> => new Promise((r) => (s.destroyed ? r() : s.once('close', () => r())));

describe('startDeckyRunner', () => {
  it('binds port 0, writes DECNET RFC 5424 lines and reports connect/disconnect with duration_ms', async () => {
    const { sink, port } = await start();
    expect(port).toBeGreaterThan(0);
    const s = await open(port);
    s.write('hello\n');
    await readUntil(s, 'hello\n');
    s.end();
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'disconnect'));
    const types = recs.map((r) => r.eventType);
    expect(types).toEqual(['startup', 'connect', 'command', 'disconnect']);
    const connect = recs[1];
    expect(connect).toMatchObject({ decky: 'decky-rt', service: 'redis', attackerIp: '127.0.0.1' });
    expect(connect?.fields['session_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(recs[3]?.fields['duration_ms']).toMatch(/^\d+$/);
    expect(recs[3]?.fields['session_id']).toBe(connect?.fields['session_id']);
    const line = sink.lines[1] ?? '';
    expect(line).toMatch(/^<134>1 \S+ decky-rt redis - connect \[relay@55555 src_ip="127\.0\.0\.1" src_port="\d+" session_id="[0-9a-f]+"/);
    expect(parseRfc5424(line).ok).toBe(true);
  });

  it('never lets template fields overwrite src_ip, src_port or session_id', async () => {
    const { sink, port } = await start();
    const s = await open(port);
    s.write('spoof\nok\n');
    await readUntil(s, 'ok\n');
    s.destroy();
    const [cmd] = (await sink.waitFor((r) => r.some((x) => x.eventType === 'command'))).filter((r) => r.eventType === 'command');
    expect(cmd?.fields['src_ip']).toBe('127.0.0.1');
    expect(cmd?.fields['session_id']).not.toBe('forged');
    expect(cmd?.fields['SESSION_ID']).toBeUndefined();
    const line = sink.lines.find((l) => l.includes('cmd="spoof"')) ?? '';
    expect(line.match(/src_ip=/g)).toHaveLength(1);
    expect(line).not.toContain('6.6.6.6');
  });

  it('ends only the failing session with an error event and keeps serving', async () => {
    const { sink, port, runner } = await start();
    const bad = await open(port);
    const good = await open(port);
    bad.write('boom\n');
    await closed(bad);
    good.write('still\n');
    await readUntil(good, 'still\n');
    good.destroy();
    const errs = (await sink.waitFor((r) => r.filter((x) => x.eventType === 'disconnect').length === 2)).filter((r) => r.eventType === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0]?.fields['error']).toBe('template bug');
    expect(runner.activeSessions()).toBe(0);
  });

  it('reports a createSession that throws', async () => {
    const sink = new LineSink();
    const runner = await startDeckyRunner({ decky: 'd', persona, out: sink.out, listeners: [{ service: 'redis', template: throwingTemplate, host: '127.0.0.1', port: 0 }] });
    running.push(runner);
    const s = await open(runner.ports[0]?.port ?? 0);
    await closed(s);
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'disconnect'));
    expect(recs.find((r) => r.eventType === 'error')?.fields).toMatchObject({ stage: 'create_session', error: 'create failed' });
  });

  it('records unknown MSGIDs (strict mode throws into the template, ending that session)', async () => {
    const { sink, port, runner } = await start({ strictMsgids: true });
    const s = await open(port);
    s.write('bogus\n');
    await closed(s);
    await sink.waitFor((r) => r.some((x) => x.eventType === 'disconnect'));
    expect(runner.unknownMsgids()).toEqual(['redis:not_in_catalogue']);
    expect(sink.of('error')[0]?.fields['error']).toMatch(/not in @decnet\/protocol's catalogue/);
  });

  it('times out idle and over-long sessions', async () => {
    const { sink, port } = await start({ limits: { idleTimeoutMs: 150, maxSessionMs: 600 } });
    const idle = await open(port);
    await closed(idle);
    const busy = await open(port);
    const keepAlive = setInterval(() => busy.write('x\n'), 50);
    await closed(busy);
    clearInterval(keepAlive);
    const recs = await sink.waitFor((r) => r.filter((x) => x.eventType === 'disconnect').length === 2);
    expect(recs.filter((r) => r.eventType === 'session_timeout').map((r) => r.fields['reason'])).toEqual(['idle', 'max_session']);
    expect(recs.filter((r) => r.eventType === 'disconnect').map((r) => r.fields['reason'])).toEqual(['idle_timeout', 'max_session']);
  });

  it('limits connections per source address and reports rate_limited once per window', async () => {
    const { sink, port } = await start({ perIpMaxConnections: 3, rateLimitWindowMs: 60_000 });
    const socks = await Promise.all(Array.from({ length: 3 }, () => open(port)));
    for (const s of socks) s.write('up\n');
    await Promise.all(socks.map((s) => readUntil(s, 'up\n')));
    const refused = await Promise.all(Array.from({ length: 6 }, () => open(port).then(async (s) => (await closed(s), s))));
    expect(refused.every((s) => s.destroyed)).toBe(true);
    const limited = sink.of('rate_limited');
    expect(limited).toHaveLength(1);
    expect(limited[0]?.fields).toMatchObject({ limit: 'per_ip', max_connections: '3' });
    socks[0]?.destroy();
    await sink.waitFor((r) => r.some((x) => x.eventType === 'disconnect'));
    const again = await open(port);
    again.write('back\n');
    await readUntil(again, 'back\n');
    for (const s of [...socks, again]) s.destroy();
  });

  it('limits total connections for the decky', async () => {
    const { sink, port } = await start({ perIpMaxConnections: 10, maxConnections: 2 });
    const a = await open(port);
    const b = await open(port);
    a.write('a\n');
    b.write('b\n');
    await Promise.all([readUntil(a, 'a\n'), readUntil(b, 'b\n')]);
    const c = await open(port);
    await closed(c);
    expect(sink.of('rate_limited')[0]?.fields['limit']).toBe('total');
    a.destroy();
    b.destroy();
  });

  it('stores captures with their sha256 under the artifacts directory, within the quota', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-art-'));
    dirs.push(dir);
    const { port } = await start({ artifactsDir: dir, artifactQuotaBytes: 10 });
    const s = await open(port);
    s.write('capture payload-1\n');
    const first = await readUntil(s, '\n');
    const [sha, size, storedAs] = first.trim().split(' ');
    expect(sha).toBe(createHash('sha256').update('payload-1').digest('hex'));
    expect(size).toBe('9');
    expect(storedAs).toMatch(/^redis\/\d{8}T\d{6}Z_[0-9a-f]{12}_up_load\.bin$/);
    expect(readFileSync(join(dir, storedAs ?? '')).toString()).toBe('payload-1');
    s.write('capture payload-2\n');
    const second = await readUntil(s, ' -\n');
    expect(second).toContain(' -\n');
    s.destroy();
  });

  it('ends a session whose peer does not read output (bounded backlog)', async () => {
    const { sink, port } = await start({ maxOutputBacklogBytes: 256 * 1024 });
    const s = await open(port);
    s.pause();
    s.write('flood\n');
    await sink.waitFor((r) => r.some((x) => x.eventType === 'disconnect'), 8000);
    expect(sink.of('disconnect')[0]?.fields['reason']).toBe('output_backlog');
    s.destroy();
  });

  it('reports oversized input through ctx.oversized and closes', async () => {
    const { sink, port } = await start({ limits: { maxLineBytes: 64 } });
    const s = await open(port);
    s.write('y'.repeat(200));
    await closed(s);
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'disconnect'));
    expect(recs.find((r) => r.eventType === 'oversized_input')?.fields).toMatchObject({ what: 'line', size_bytes: '200', limit_bytes: '64' });
  });

  it('wraps TLS templates with a snakeoil certificate for the persona host name, cached on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-tls-'));
    dirs.push(dir);
    const sink = new LineSink();
    const runner = await startDeckyRunner({ decky: 'decky-rt', persona, out: sink.out, artifactsDir: dir, listeners: [{ service: 'https', template: { ...tlsEchoTemplate, name: 'https' }, host: '127.0.0.1', port: 0 }] });
    running.push(runner);
    expect(runner.ports[0]?.tls).toBe(true);
    const fqdn = `${persona.hostname}.${persona.domain}`;
    const cert = await new Promise<{ cn: string; san: string; days: number }>((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port: runner.ports[0]?.port ?? 0, rejectUnauthorized: false }, () => {
        const c = s.getPeerCertificate();
        s.write('over-tls\n');
        s.once('data', () => {
          s.destroy();
          resolve({ cn: String(c.subject.CN), san: c.subjectaltname ?? '', days: (Date.parse(c.valid_to) - Date.parse(c.valid_from)) / 86_400_000 });
        });
      });
      s.on('error', reject);
    });
    expect(cert).toEqual({ cn: fqdn, san: `DNS:${fqdn}`, days: 3650 });
    const bad = await open(runner.ports[0]?.port ?? 0);
    bad.write('GET / HTTP/1.0\r\n\r\n');
    await closed(bad);
    await sink.waitFor((r) => r.some((x) => x.eventType === 'tls_handshake_failed'));
    expect(readFileSync(join(dir, '.state', 'tls', (await import('node:fs')).readdirSync(join(dir, '.state', 'tls')).find((f) => f.endsWith('.crt')) ?? ''), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('close() ends sessions and writes shutdown', async () => {
    const { sink, port, runner } = await start();
    const s = await open(port);
    s.write('x\n');
    await readUntil(s, 'x\n');
    await runner.close();
    await closed(s);
    expect(sink.of('shutdown')).toHaveLength(1);
    await expect(open(port)).rejects.toThrow();
  });

  it('rejects bad listener config and services missing from the catalogue', async () => {
    const sink = new LineSink();
    await expect(startDeckyRunner({ decky: 'd', persona, out: sink.out, strictMsgids: true, listeners: [{ service: 'gopher', template: echoTemplate, host: '127.0.0.1', port: 0 }] })).rejects.toThrow(/not in protocol's catalogue/);
  });
});
