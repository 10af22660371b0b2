// The Windows, directory, database and mail services end to end with real parts: one control plane
// and host agent on the local runtime run every Windows archetype and the data/mail archetypes in
// full (every service bound), a docker host agent runs a Windows server decky on macvlan, and real
// clients (smbclient, xfreerdp, ldapsearch, tsql, psql, nmap vnc-brute, curl imap/pop3) log in with
// wrong passwords; every captured credential is then in the API with its kind.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archetype } from '@decnet/protocol';
import { createEnrollmentToken } from '../../control-plane/src/services/hosts/enrollment-token';
import { upsertDeckies } from '../../control-plane/src/services/deckies/write';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { Agent } from '../../host-agent/src/agent/agent';
import { enroll } from '../../host-agent/src/enroll/enroll';
import { ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp, type TestNet } from '../../scripts/docker/test-env';
import { startStack, type Stack } from '../../scripts/stack';
import { until } from './until';

const run = promisify(execFile);
const DOCKER_IP = '10.198.3.200';
const dockerSkip = process.getuid?.() !== 0 ? 'needs root' : await ensureDocker();
if (dockerSkip) console.warn(`windows services e2e: docker part SKIPPED: ${dockerSkip}`);

const FLEET = [
  '[win-dc]', 'archetype=domain-controller', '',
  '[win-srv]', 'archetype=windows-server', '',
  '[win-ws]', 'archetype=windows-workstation', '',
  '[db]', 'archetype=database-server', '',
  '[mail]', 'archetype=mail-server', '',
  '[sql]', 'services=mssql,vnc', '',
].join('\n');

async function sh(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(cmd, args, { timeout: 60_000, env: { ...process.env, ...env } }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
  return `${r.stdout}${r.stderr}`;
}

describe('Windows, directory, database and mail services, end to end', () => {
  let stack: Stack;
  let dockerAgent: Agent | undefined;
  let net: TestNet | undefined;
  let token = '';
  const dir = mkdtempSync(join(tmpdir(), 'decnet-win-e2e-'));
  const api = async (path: string) => (await (await fetch(stack.cp.url + path, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, any>;

  beforeAll(async () => {
    stack = await startStack({ dataDir: join(dir, 'cp'), port: 0, mtlsPort: 0, fleetIni: FLEET, env: { ...process.env, DECNET_ADMIN_PASSWORD: 'win-e2e-admin-pass-1' } });
    await stack.fleetRunning(120_000);
    token = await firstAdminToken(stack.cp.url, 'win-e2e-admin-pass-1', 'win-e2e-admin-pass-2');
    if (!dockerSkip) {
      await ensureTemplateImage();
      net = await vethUp(3);
      const t = await createEnrollmentToken(stack.cp.deps, 'test', { hostName: 'docker-win' }, stack.cp.url);
      const res = await enroll({
        url: stack.cp.url, token: t.token, caSha256: t.caSha256, name: 'docker-win', configPath: join(dir, 'docker-agent', 'agent.json'), dataDir: join(dir, 'docker-agent'),
        base: { runtime: 'docker', docker: { network: { name: 'decnet_e2e_win', parent: net.parent, subnet: net.subnet, ipRange: '10.198.3.128/25' }, image: TEST_IMAGE }, bus: { tcpPort: 0 }, heartbeatIntervalMs: 2000 },
      });
      dockerAgent = await Agent.start({ config: res.config, log: () => undefined });
      await upsertDeckies(stack.cp.deps, res.hostId, [{ name: 'dock-win', archetype: 'windows-server', services: [], serviceConfig: {}, ip: DOCKER_IP }]);
    }
  }, 400_000);

  afterAll(async () => {
    if (dockerAgent) {
      await dockerAgent.stop();
      await sh('docker', ['rm', '-f', 'decnet-dock-win', 'decnet-dock-win.svc']);
      await sh('docker', ['network', 'rm', 'decnet_e2e_win']);
    }
    if (net) await vethDown(net);
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every service of the Windows archetypes on the local runtime, and a Windows server on docker', async () => {
    type Row = { name: string; services: string[]; reported: { state: string; services: string[] } | null };
    // The control plane learns decky states from heartbeats, a little after the agent does.
    const items = await until('every local decky reported running', async () => {
      const rows = (await api('/api/v1/deckies')).items as Row[];
      return ['win-dc', 'win-srv', 'win-ws', 'db', 'mail', 'sql'].every((n) => rows.find((r) => r.name === n)?.reported?.state === 'running') ? rows : undefined;
    }, 60_000);
    for (const slug of ['win-dc', 'win-srv', 'win-ws', 'db', 'mail']) {
      const d = items.find((x) => x.name === slug)!;
      expect(d.reported, slug).toMatchObject({ state: 'running' });
      expect(d.reported!.services.sort(), slug).toEqual([...d.services].sort());
    }
    expect(items.find((x) => x.name === 'win-dc')!.services.sort()).toEqual([...archetype('domain-controller').services].sort());
    const eps = stack.agent!.status().desiredState!.endpoints!;
    for (const svc of ['ldap', 'smb', 'rdp', 'llmnr']) expect(eps.some((e) => e.decky === 'win-dc' && e.service === svc), svc).toBe(true);
    if (!dockerSkip) {
      const dock = await until('the docker Windows server running', async () => (await api('/api/v1/deckies')).items.find((d: { name: string; reported: { state: string } | null }) => d.name === 'dock-win' && d.reported?.state === 'running'), 180_000);
      expect(dock.reported.services.sort()).toEqual(['ldap', 'rdp', 'smb']);
      // "running" is the containers' state; the runner binds its listeners a moment later.
      const listing = await until('an anonymous share listing from the docker decky', async () => {
        const out = await sh('smbclient', ['-N', '-L', `//${DOCKER_IP}`]);
        return /IPC\$/.test(out) ? out : undefined;
      }, 60_000);
      expect(listing).toMatch(/ADMIN\$/);
    }
  }, 240_000);

  it('puts every credential real clients try into the API with its kind', async () => {
    const eps = stack.agent!.status().desiredState!.endpoints!;
    const at = (decky: string, service: string) => eps.find((e) => e.decky === decky && e.service === service)!;
    const smb = at('win-srv', 'smb');
    const rdp = at('win-ws', 'rdp');
    const ldap = at('win-dc', 'ldap');
    const mssql = at('sql', 'mssql');
    const vnc = at('sql', 'vnc');
    const pg = at('db', 'postgres');
    const imap = at('mail', 'imap');
    const pop3 = at('mail', 'pop3');
    const passdb = join(dir, 'vnc-pass.txt');
    writeFileSync(passdb, 'VncGuess7\n');

    await Promise.all([
      sh('smbclient', ['-L', `//${smb.host}`, '-p', String(smb.port), '-U', 'CORP\\alice%SmbGuess1!']),
      sh('xvfb-run', ['-a', 'xfreerdp', '/cert:ignore', '/u:bob', '/p:RdpGuess2!', '/d:CORP', `/v:${rdp.host}:${rdp.port}`, '+auth-only']),
      sh('ldapsearch', ['-x', '-H', `ldap://${ldap.host}:${ldap.port}`, '-D', 'CN=carol,CN=Users,DC=corp,DC=local', '-w', 'LdapGuess3!', '-b', '', '-s', 'base']),
      sh('tsql', ['-H', mssql.host, '-p', String(mssql.port), '-U', 'sa', '-P', 'SqlGuess4!']),
      sh('psql', ['-h', pg.host, '-p', String(pg.port), '-U', 'dave', '-d', 'shop', '-c', 'select 1'], { PGPASSWORD: 'PgGuess5!', PGCONNECT_TIMEOUT: '20' }),
      sh('nmap', ['-Pn', '-n', '-p', String(vnc.port), '--script', 'vnc-brute', '--script-args', `passdb=${passdb},brute.firstonly=true`, vnc.host]),
      sh('curl', ['-s', '--max-time', '20', `imap://${imap.host}:${imap.port}/INBOX`, '-u', 'erin:ImapGuess6!']),
      sh('curl', ['-s', '--max-time', '20', `pop3://${pop3.host}:${pop3.port}/`, '-u', 'frank:PopGuess8!']),
    ]);

    type Cred = { principal: string; secretPrintable: string; kind: string; targets: { decky: string; service: string }[] };
    const want: Array<[service: string, kind: RegExp, principal: RegExp]> = [
      ['smb', /^ntlmssp_v2$/, /alice/i],
      ['rdp', /^ntlmssp_v2$/, /bob/i],
      ['ldap', /^plaintext$/, /carol/i],
      ['mssql', /^plaintext$/, /^sa$/],
      ['postgres', /^(postgres_md5_challenge|scram_sha256)$/, /dave/],
      ['vnc', /^vnc_des_response$/, /.*/],
      ['imap', /^plaintext$/, /^erin$/],
      ['pop3', /^plaintext$/, /^frank$/],
    ];
    let missing: string[] = [];
    const creds = await until('a credential from every service', async () => {
      const c = (await api('/api/v1/credentials?limit=200')).items as Cred[];
      missing = want.map(([svc]) => svc).filter((svc) => !c.some((x) => x.targets.some((t) => t.service === svc)));
      return missing.length === 0 ? c : undefined;
    }, 90_000).catch((e: Error) => {
      throw new Error(`${e.message} (none yet from: ${missing.join(', ')})`);
    });
    for (const [svc, kind, principal] of want) {
      const c = creds.find((x) => x.targets.some((t) => t.service === svc))!;
      expect(c.kind, svc).toMatch(kind);
      expect(c.principal, svc).toMatch(principal);
    }
    for (const plain of ['LdapGuess3!', 'SqlGuess4!', 'ImapGuess6!', 'PopGuess8!']) expect(creds.some((c) => c.secretPrintable === plain), plain).toBe(true);
  }, 180_000);
});
