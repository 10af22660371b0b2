import { mkdtempSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactStore } from '../runner/artifacts';
import { EventLog } from '../runner/event-log';
import { parseRfc5424, sdParamsOf } from '@decnet/protocol';
import { HiReporter } from './reporter';
import { SessionTracker, stripScriptBanners } from './sessions';

describe('stripScriptBanners', () => {
  it("drops script(1)'s own first and last lines only", () => {
    expect(stripScriptBanners('Script started on 2026-12-05 07:30:23+00:00 [COMMAND="x"]\nid\n', true)).toBe('id\n');
    expect(stripScriptBanners('Script started on 2026-12-05 07:30:23+00:00 [COMMAND="x"]\nid\n', false)).toContain('Script started');
    expect(stripScriptBanners('logout\r\n\nScript done on 2026-12-05 07:30:23+00:00 [COMMAND_EXIT_CODE="0"]\n', false)).toBe('logout\r\n');
  });
});

describe('SessionTracker', () => {
  it('tails the logs into commands and a cast uploaded as recording_chunk + session_recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hi-sess-'));
    const lines: string[] = [];
    let now = 1_000_000;
    const reporter = new HiReporter(new EventLog({ decky: 'd1', out: (l) => lines.push(l), strictMsgids: true }), new ArtifactStore({ dir, maxFileBytes: 1 << 20, quotaBytes: 1 << 22 }));
    let running = true;
    const t = new SessionTracker({ dir, reporter, alive: () => running, now: () => now });
    const src = { ip: '10.0.0.5', port: 40000 };
    t.start({ kind: 'start', service: 'ssh', pid: 42, id: '123', user: 'root', client: '10.0.0.5 40000 22', term: 'xterm', cols: 100, rows: 30 }, src);
    writeFileSync(join(dir, '123.i'), 'Script started on 2026-12-05 07:30:23+00:00 [x]\nunam\x7fme -a\r');
    writeFileSync(join(dir, '123.o'), 'Script started on 2026-12-05 07:30:23+00:00 [x]\nroot@h:~# ');
    await t.poll();
    now += 1500;
    appendFileSync(join(dir, '123.o'), 'Linux h 6.1.0\r\n');
    await t.poll();
    running = false;
    await t.poll(); // nothing new and the process is gone: finished
    expect(t.count).toBe(0);
    expect(existsSync(join(dir, '123.o'))).toBe(false);
    const ev = lines.map((l) => {
      const r = parseRfc5424(l);
      if (!r.ok) throw new Error(r.error.message);
      return { msgid: r.message.msgid, params: sdParamsOf(r.message, 'relay@55555') };
    });
    expect(ev.map((e) => e.msgid)).toEqual(['command', 'recording_chunk', 'session_recorded']);
    expect(ev[0]!.params['cmd']).toBe('uname -a');
    expect(ev.every((e) => e.params['src_ip'] === '10.0.0.5' && e.params['session_id'] === ev[0]!.params['session_id'])).toBe(true);
    const cast = Buffer.from(ev[1]!.params['data']!, 'base64').toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(cast[0]).toMatchObject({ version: 2, width: 100, height: 30 });
    expect(cast.slice(1)).toEqual([[0, 'o', 'root@h:~# '], [0, 'i', 'unam\x7fme -a\r'], [1.5, 'o', 'Linux h 6.1.0\r\n']]);
    expect(ev[2]!.params).toMatchObject({ sid: ev[0]!.params['session_id'], chunks: '1', format: 'asciicast-v2' });
    expect(ev[2]!.params['stored_as']).toMatch(/^hi\/ssh\/.*\.cast$/);
  });

  it('records a telnet session from its successful login on, never the password typed before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hi-tel-'));
    const lines: string[] = [];
    const reporter = new HiReporter(new EventLog({ decky: 'd1', out: (l) => lines.push(l), strictMsgids: true }), new ArtifactStore({ dir, maxFileBytes: 1 << 20, quotaBytes: 1 << 22 }));
    let running = true;
    const t = new SessionTracker({ dir, reporter, alive: () => running, now: () => 5_000 });
    const src = { ip: '10.0.0.6', port: 40001 };
    const start = { kind: 'start', service: 'telnet', pid: 50, id: '77', user: '', client: '', term: 'vt100', cols: 0, rows: 0 } as const;
    t.start(start, src);
    writeFileSync(join(dir, '77.i'), 'Script started on 2026-12-05 07:30:23+00:00 [x]\nroot\rs3cret-Pw\r');
    writeFileSync(join(dir, '77.o'), 'Script started on 2026-12-05 07:30:23+00:00 [x]\nh login: root\r\nPassword: ');
    await t.poll();
    t.authenticated(reporter.sessionIdFor(src), 'root');
    appendFileSync(join(dir, '77.o'), 'root@h:~# ');
    appendFileSync(join(dir, '77.i'), 'id\r');
    await t.poll();
    running = false;
    await t.poll();
    // A connection that never logged in leaves nothing.
    t.start({ ...start, pid: 51, id: '78' }, { ip: '10.0.0.6', port: 40002 });
    writeFileSync(join(dir, '78.i'), 'root\rwrong\r');
    await t.poll();
    expect(t.count).toBe(0);
    expect(existsSync(join(dir, '78.i'))).toBe(false);
    const ev = lines.map((l) => {
      const r = parseRfc5424(l);
      if (!r.ok) throw new Error(r.error.message);
      return { app: r.message.appName, msgid: r.message.msgid, params: sdParamsOf(r.message, 'relay@55555') };
    });
    expect(ev.map((e) => [e.app, e.msgid])).toEqual([['telnet', 'command'], ['telnet', 'recording_chunk'], ['telnet', 'session_recorded']]);
    expect(ev[0]!.params).toMatchObject({ cmd: 'id', user: 'root', src_ip: '10.0.0.6' });
    const cast = Buffer.from(ev[1]!.params['data']!, 'base64').toString('utf8');
    expect(cast).toContain('root@h:~# ');
    expect(cast).not.toContain('s3cret');
    expect(cast).not.toContain('Password');
    expect(ev[2]!.params['stored_as']).toMatch(/^hi\/telnet\/.*\.cast$/);
  });
});
