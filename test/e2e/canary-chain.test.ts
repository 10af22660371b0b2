// Canary tokens end to end with real clients (issue 13): a host agent on the local runtime runs an
// ssh decky with a planted .env, AWS credentials file and SSH private key; OpenSSH logs in from one
// source address and cats the .env, curl fetches the URL in it from the same address -> an HTTP
// trigger linked to that attacker and a signed webhook at a local receiver; the AWS secret tried as
// an ssh password and the planted key offered with `ssh -i` -> passive triggers on the same attacker.
import { createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployIni } from '../../control-plane/src/services/deckies/deploy-ini';
import { plantToken } from '../../control-plane/src/services/canaries/plant';
import { attackerIdFor } from '../../control-plane/src/services/intel/aggregate';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { startReceiver, type Receiver } from '../../control-plane/src/testing/webhook-receiver';
import { startStack, type Stack } from '../../scripts/stack';
import { until } from './until';

const run = promisify(execFile);
const PW = 'Summer2026!x';
const WAIT_MS = 60_000; // ingest and delivery are sub-second; the bound is for a loaded machine
const SRC = '127.0.0.77'; // the attacker's source address for ssh, curl and the passive tries
const haveTools = ['/usr/bin/sshpass', '/usr/bin/ssh', '/usr/bin/curl'].every((p) => existsSync(p));

type Out = { stdout: string; stderr: string };
const sh = (cmd: string, args: string[]): Promise<Out> =>
  run(cmd, args, { timeout: 30_000 }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=10', '-b', SRC];
const sshPw = (ep: Endpoint, user: string, pw: string, cmd: string) =>
  sh('sshpass', ['-p', pw, 'ssh', '-p', String(ep.port), ...SSH_OPTS, '-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', `${user}@${ep.host}`, cmd]);
type Endpoint = { host: string; port: number };
const PLACES = [['env', '/root/app/.env'], ['aws_credentials', '/root/.aws/credentials'], ['ssh_key', '/root/.ssh/id_ed25519_backup']] as const;

describe.skipIf(!haveTools)('canary tokens end to end with real clients', () => {
  let stack: Stack;
  let rx: Receiver;
  let token = '';
  let ep: Endpoint;
  let secret = '';
  let files = '';
  const attackerId = attackerIdFor(SRC);
  const dir = mkdtempSync(join(tmpdir(), 'decnet-canary-e2e-'));
  const api = async (path: string, body?: unknown) => {
    const res = await fetch(stack.cp.url + '/api/v1' + path, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const tokens: Record<string, { id: string; url: string; principal: string | null }> = {};
  const triggers = async (id: string) => (await api(`/canaries/${id}/triggers`)).items as { via: string; srcIp: string; attackerId: string; userAgent: string | null; principal: string | null; decky: string | null; service: string | null }[];

  beforeAll(async () => {
    rx = await startReceiver();
    stack = await startStack({
      dataDir: dir, port: 0, mtlsPort: 0,
      env: { ...process.env, DECNET_ADMIN_PASSWORD: 'canary-admin-password-1', DECNET_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32', DECNET_PTR_LOOKUPS: '0' },
    });
    token = await firstAdminToken(stack.cp.url, 'canary-admin-password-1', 'canary-admin-password-2');
    secret = (await api('/webhooks', { name: 'receiver', url: rx.url, presets: ['attacker_activity'] })).secret;
    for (const generator of ['env', 'aws_credentials', 'ssh_key'] as const) tokens[generator] = await api('/canaries', { generator, memo: `${generator} on vault-01` });
    // The decky and its placements land together, so the agent starts it once with the files in place.
    await deployIni(stack.cp.deps, `[vault-01]\nservices=ssh\n\n[vault-01.ssh]\npassword=${PW}\nauth_failure_delay_ms=0\n`, stack.hostId!);
    for (const [generator, path] of PLACES) await plantToken(stack.cp.deps, tokens[generator]!.id, { decky: 'vault-01', path });
    await stack.fleetRunning(60_000);
    ep = await until('the ssh endpoint', async () => stack.agent!.status().desiredState?.endpoints?.find((e) => e.decky === 'vault-01' && e.service === 'ssh'));
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await rx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('OpenSSH cats the planted .env, curl fetches its URL from the same address -> a trigger on that attacker and a signed webhook', async () => {
    // One login reads all three planted files (the shell serves them once the agent has the placements).
    files = await until('the planted files in the decky', async () => {
      const r = await sshPw(ep, 'root', PW, PLACES.map(([, path]) => `cat ${path}`).join('; '));
      return r.stdout.includes('BEGIN OPENSSH PRIVATE KEY') ? r.stdout : undefined;
    }, WAIT_MS);
    const url = files.match(/https?:\/\/\S+\/c\/[a-z0-9]+/)![0];
    expect(url).toBe(tokens.env!.url);
    const hit = await sh('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--interface', SRC, '-A', 'curl/8.5 (attacker)', url]);
    expect(hit.stdout).toBe('200');

    const [t] = await until('the HTTP trigger', async () => ((await triggers(tokens.env!.id)).length ? triggers(tokens.env!.id) : undefined), WAIT_MS);
    expect(t).toMatchObject({ via: 'http', srcIp: SRC, attackerId, userAgent: 'curl/8.5 (attacker)' });
    // The attacker the trigger names is the one whose ssh session read the file.
    const attacker = await until('the attacker with its ssh command', async () => {
      const a = JSON.stringify(await api(`/attackers/${attackerId}`).catch(() => ''));
      return a.includes('cat /root/app/.env') ? a : undefined;
    }, WAIT_MS);
    expect(attacker).toContain(SRC);

    // The webhook: DECNET's body, HMAC-SHA256 with the subscription secret, the token and attacker in it.
    const got = await until('the canary webhook', async () => rx.received.find((r) => r.body.includes('"canary.triggered"') && r.body.includes(tokens.env!.id)), WAIT_MS);
    expect(got.headers['x-decnet-signature']).toBe(`sha256=${createHmac('sha256', secret).update(got.body).digest('hex')}`);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'canary.triggered', payload: { tokenId: tokens.env!.id, via: 'http', srcIp: SRC, attackerId } });
  });

  it('the planted AWS secret as an ssh password and the planted key offered with ssh -i -> passive triggers on the same attacker', async () => {
    const keyId = files.match(/aws_access_key_id = (\S+)/)![1]!;
    const awsSecret = files.match(/aws_secret_access_key = (\S+)/)![1]!;
    expect(keyId).toBe(tokens.aws_credentials!.principal);
    const keyPath = join(dir, 'stolen_key');
    writeFileSync(keyPath, files.slice(files.indexOf('-----BEGIN OPENSSH')).replace(/\r\n/g, '\n'), { mode: 0o600 });
    const [pw, pk] = await Promise.all([
      sshPw(ep, 'admin', awsSecret, 'id'),
      sh('ssh', ['-i', keyPath, '-p', String(ep.port), ...SSH_OPTS, '-o', 'IdentitiesOnly=yes', '-o', 'PreferredAuthentications=publickey', '-o', 'BatchMode=yes', `deploy@${ep.host}`, 'id']),
    ]);
    expect(pw.stderr).toContain('Permission denied');
    expect(pk.stderr).toContain('Permission denied');

    const [aws] = await until('the AWS trigger', async () => ((await triggers(tokens.aws_credentials!.id)).length ? triggers(tokens.aws_credentials!.id) : undefined), WAIT_MS);
    expect(aws).toMatchObject({ via: 'credential', srcIp: SRC, attackerId, decky: 'vault-01', service: 'ssh', principal: 'admin' });
    const [key] = await until('the SSH key trigger', async () => ((await triggers(tokens.ssh_key!.id)).length ? triggers(tokens.ssh_key!.id) : undefined), WAIT_MS);
    expect(key).toMatchObject({ via: 'credential', srcIp: SRC, attackerId, decky: 'vault-01', service: 'ssh', principal: 'deploy' });
    const got = await until('the key webhook', async () => rx.received.find((x) => x.body.includes(tokens.ssh_key!.id)), WAIT_MS);
    expect(got.headers['x-decnet-signature']).toBe(`sha256=${createHmac('sha256', secret).update(got.body).digest('hex')}`);
  });
});
