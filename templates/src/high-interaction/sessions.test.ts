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
    t.start({ kind: 'start', pid: 42, id: '123', user: 'root', client: '10.0.0.5 40000 22', term: 'xterm', cols: 100, rows: 30 }, src);
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
});
