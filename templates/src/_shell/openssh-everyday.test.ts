// Issue 18's check over the wire: the real OpenSSH client (sshpass + ssh) logs into a derived Debian
// 12 decky and runs the 64 everyday commands in four exec requests; none may be "command not found".

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import { sshTemplate } from '../ssh/index';
import { EVERYDAY } from './everyday-table';

const persona = derivePersona({ deckyName: 'decky-everyday', archetype: 'deaddeck', distro: 'debian', services: ['ssh'], nowMs: Date.UTC(2026, 3, 1) });
const root = persona.logins?.find((l) => l.user === 'root');
const dir = mkdtempSync(join(tmpdir(), 'decnet-everyday-'));
let runner: DeckyRunner;
const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1'];

beforeAll(async () => {
  runner = await startDeckyRunner({ decky: 'decky-everyday', persona, out: new LineSink().out, artifactsDir: dir, listeners: [{ service: 'ssh', template: sshTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } }] });
}, 30_000);
afterAll(async () => {
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('everyday commands over real OpenSSH (issue 18)', () => {
  it('answers all 64 on the Debian persona, none "command not found"', async () => {
    expect(persona.shell.osPrettyName).toMatch(/^Debian GNU\/Linux 12/);
    const port = String(runner.ports.find((p) => p.service === 'ssh')?.port ?? 0);
    const exec = (command: string): Promise<string> =>
      new Promise((resolve) => execFile('sshpass', ['-p', root?.password ?? '', 'ssh', ...SSH_OPTS, '-p', port, 'root@127.0.0.1', command], { timeout: 20_000 }, (_e, out) => resolve(out)));
    // Four exec requests of 16 commands (one line must stay under bash's 4096 characters).
    let stdout = '';
    for (let start = 0; start < EVERYDAY.length; start += 16) {
      stdout += await exec(EVERYDAY.slice(start, start + 16).map(([cmd], j) => `${cmd} >/dev/null 2>/tmp/e; echo "@@${start + j} $? $(grep -c 'not found' /tmp/e)"`).join('; '));
    }
    const rows = [...stdout.matchAll(/^@@(\d+) (\d+) (\d+)$/gm)].map((m) => ({ cmd: EVERYDAY[Number(m[1])]?.[0] ?? '', code: Number(m[2]), notFound: Number(m[3]) > 0 || m[2] === '127' }));
    const notFound = rows.filter((r) => r.notFound).map((r) => r.cmd);
    console.info(`OpenSSH everyday: ${rows.length} commands answered, command not found: ${notFound.length}`, notFound);
    expect(rows.length).toBe(EVERYDAY.length);
    expect(notFound).toEqual([]);
  });
});
