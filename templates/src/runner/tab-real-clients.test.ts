// Tab completion over the wire with real clients in a real pty (util-linux `script`): the OpenSSH
// client (sshpass + ssh -tt) on a Debian 12 decky (readline), the netkit telnet client on an embedded
// BusyBox decky (ash); Tab bytes are sent and the echoed completion and listings checked.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { sshTemplate } from '../ssh/index';
import { telnetTemplate } from '../telnet/index';
import { startDeckyRunner, type DeckyRunner } from './runner';
import { LineSink } from './test-harness';

const NOW = Date.UTC(2026, 3, 1);
const debian = derivePersona({ deckyName: 'decky-tab', archetype: 'deaddeck', distro: 'debian', services: ['ssh'], nowMs: NOW });
const camera = derivePersona({ deckyName: 'cam-tab', nmapOs: 'embedded', distro: 'alpine', services: ['telnet'], nowMs: NOW });
const pw = (p: typeof debian): string => p.logins?.find((l) => l.user === 'root')?.password ?? '';
let runner: DeckyRunner;
let tnRunner: DeckyRunner;

beforeAll(async () => {
  runner = await startDeckyRunner({ decky: 'decky-tab', persona: debian, out: new LineSink().out, listeners: [{ service: 'ssh', template: sshTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } }] });
  tnRunner = await startDeckyRunner({ decky: 'cam-tab', persona: camera, out: new LineSink().out, listeners: [{ service: 'telnet', template: telnetTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } }] });
}, 30_000);
afterAll(async () => {
  await runner.close();
  await tnRunner.close();
});

/** A client under `script`, so it has a real pty; `until` polls its output (bounded, no sleeps). */
function terminal(command: string) {
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, TERM: 'xterm' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
  let mark = 0;
  return {
    send: (keys: string) => {
      mark = out.length;
      child.stdin.write(keys);
    },
    /** Output since the last send, once it matches `re`. */
    until: async (re: RegExp, timeoutMs = 15_000): Promise<string> => {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const seen = out.slice(mark);
        if (re.test(seen)) return seen;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no ${String(re)} in ${JSON.stringify(out.slice(mark).slice(-400))}`);
    },
    close: () => child.kill('SIGKILL'),
  };
}

describe('Tab completion with real clients (issue 18)', () => {
  it('completes, rings, lists and asks like bash over OpenSSH', async () => {
    const port = runner.ports[0]?.port ?? 0;
    const t = terminal(`sshpass -p '${pw(debian)}' ssh -tt -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o PubkeyAuthentication=no -p ${port} root@127.0.0.1`);
    try {
      await t.until(/:~# $/);
      t.send('unam\t');
      expect(await t.until(/unam(\x07)?e $/)).toBe('uname ');
      t.send('-n\r');
      expect(await t.until(/:~# $/)).toContain(`\r\n${debian.hostname}\r\n`);
      // Up recalls the line; Enter runs it again.
      t.send('\x1b[A');
      await t.until(/uname -n$/);
      t.send('\r');
      expect(await t.until(/:~# $/)).toContain(`\r\n${debian.hostname}\r\n`);
      t.send('ls /e\t');
      await t.until(/ls \/etc\/$/);
      t.send('\x15sha\t');
      await t.until(/sha\x07$/);
      t.send('\t');
      expect(await t.until(/\r\n.*sha\d+sum.*\r\n.*# sha$/s)).toMatch(/^\r\nsha1sum {4}sha256sum {2}sha512sum {2}\r\n/);
      t.send('\x15\t');
      await t.until(/\x07$/);
      t.send('\t');
      const ask = await t.until(/Display all \d+ possibilities\? \(y or n\)$/);
      expect(Number(/(\d+) possibilities/.exec(ask)?.[1])).toBeGreaterThanOrEqual(100);
      t.send('n');
      await t.until(/\r\n.*:~# $/);
      // Editing around a completion: Left, Backspace, Delete, then the completion at the cursor.
      t.send('cat /etc/hostnXY\x1b[D\x7f\x1b[3~\t');
      expect(await t.until(/ame $/)).toBe('cat /etc/hostnXY\b\bY \b\b \bame ');
      t.send('\x05\r');
      expect(await t.until(/:~# $/)).toContain(`\r\n${debian.hostname}\r\n`);
      t.send('exit\r');
      await t.until(/logout/);
    } finally {
      t.close();
    }
  }, 60_000);

  it('completes and lists like busybox ash over telnet', async () => {
    const port = tnRunner.ports[0]?.port ?? 0;
    const t = terminal(`telnet 127.0.0.1 ${port}`);
    try {
      await t.until(/login: $/);
      t.send('root\r');
      await t.until(/Password: $/);
      t.send(`${pw(camera)}\r`);
      await t.until(/# $/);
      const prompt = `${camera.hostname}:~# `;
      t.send('ec\t');
      await t.until(new RegExp(`\\r${prompt}echo \\x1b\\[J$`));
      t.send('\x15ls /e\t');
      await t.until(/ls \/etc\/\x1b\[J$/);
      t.send('\x15sha\t');
      await t.until(/\x07\r[^\r]*sha\x1b\[J$/);
      t.send('\t');
      const list = await t.until(/\r\n\r[^\r]*sha\x1b\[J$/);
      expect(list).toMatch(/^\r\nsha1sum {4}sha256sum\r\n/);
      t.send('\x15exit\r');
      await t.until(/Connection closed/);
    } finally {
      t.close();
    }
  }, 60_000);
});
