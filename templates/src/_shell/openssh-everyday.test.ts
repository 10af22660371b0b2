// Issue 18's check over the wire: the real OpenSSH client (sshpass + ssh) logs into a derived Debian 12,
// Rocky 9, Alpine 3.19 and embedded BusyBox decky and runs the 64 everyday commands in that family's
// idiom in four exec requests each; none the real system has may be "command not found" or fail.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import type { Persona } from '../persona/types';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import { sshTemplate } from '../ssh/index';
import { everydayFor, type FamilyKey } from './everyday-families';

const NOW = Date.UTC(2026, 3, 1);
const FAMILIES: ReadonlyArray<[FamilyKey, Persona]> = [
  ['debian', derivePersona({ deckyName: 'decky-everyday', archetype: 'deaddeck', distro: 'debian', services: ['ssh'], nowMs: NOW })],
  ['rhel', derivePersona({ deckyName: 'decky-everyday-rh', nmapOs: 'linux', distro: 'rocky9', services: ['ssh'], nowMs: NOW })],
  ['alpine', derivePersona({ deckyName: 'decky-everyday-al', nmapOs: 'linux', distro: 'alpine', services: ['ssh'], nowMs: NOW })],
  ['embedded', derivePersona({ deckyName: 'decky-everyday-em', nmapOs: 'embedded', distro: 'alpine', services: ['ssh'], nowMs: NOW })],
];
const dir = mkdtempSync(join(tmpdir(), 'decnet-everyday-'));
const runners = new Map<FamilyKey, DeckyRunner>();
const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1'];

beforeAll(async () => {
  for (const [family, persona] of FAMILIES) {
    runners.set(family, await startDeckyRunner({ decky: `decky-everyday-${family}`, persona, out: new LineSink().out, artifactsDir: dir, listeners: [{ service: 'ssh', template: sshTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } }] }));
  }
}, 60_000);
afterAll(async () => {
  for (const r of runners.values()) await r.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('everyday commands over real OpenSSH (issue 18)', () => {
  for (const [family, persona] of FAMILIES) {
    it(`answers all 64 on the ${family} persona as that system does`, async () => {
      if (family === 'debian') expect(persona.shell.osPrettyName).toMatch(/^Debian GNU\/Linux 12/);
      const table = everydayFor(family);
      const password = persona.logins?.find((l) => l.user === 'root')?.password ?? '';
      const port = String(runners.get(family)?.ports.find((p) => p.service === 'ssh')?.port ?? 0);
      const exec = (command: string): Promise<string> =>
        new Promise((resolve) => execFile('sshpass', ['-p', password, 'ssh', ...SSH_OPTS, '-p', port, 'root@127.0.0.1', command], { timeout: 20_000 }, (_e, out) => resolve(out)));
      // Four exec requests of 16 commands (one line must stay under bash's 4096 characters).
      let stdout = '';
      for (let start = 0; start < table.length; start += 16) {
        stdout += await exec(table.slice(start, start + 16).map(([cmd], j) => `${cmd} >/dev/null 2>/tmp/e; echo "@@${start + j} $? $(grep -c 'not found' /tmp/e)"`).join('; '));
      }
      const rows = [...stdout.matchAll(/^@@(\d+) (\d+) (\d+)$/gm)].map((m) => ({ row: table[Number(m[1])] ?? ['', 'any'], code: Number(m[2]), notFound: Number(m[3]) > 0 || m[2] === '127' }));
      const notFound = rows.filter((r) => r.notFound && r.row[1] !== 'absent' && r.row[1] !== 'optional').map((r) => r.row[0]);
      const extra = rows.filter((r) => !r.notFound && r.row[1] === 'absent').map((r) => r.row[0]);
      const wrong = rows.filter((r) => !r.notFound && ((r.row[1] === 'ok' && r.code !== 0) || (r.row[1] === 'fail' && r.code === 0))).map((r) => `${r.row[0]} -> ${r.code}`);
      console.info(`OpenSSH everyday ${family}: ${rows.length} commands answered, command not found: ${notFound.length}, failing: ${wrong.length}, present but absent on the real system: ${extra.length}`, notFound, wrong, extra);
      expect(rows.length).toBe(table.length);
      expect({ notFound, wrong, extra }).toEqual({ notFound: [], wrong: [], extra: [] });
    }, 60_000);
  }
});
