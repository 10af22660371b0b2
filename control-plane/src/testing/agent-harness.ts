// A real Node control plane (temp data dir, both listeners) plus helpers that act as an admin and as
// an enrolled agent over mutual TLS. Used by the agent and deckies API tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { EC_ALG, privateKeyPem, x509 } from '../pki/x509';
import { startControlPlane, type RunningControlPlane } from '../runtime/node';
import { firstAdminToken } from './first-admin';
import { SUITE_ENV } from './suite-env';

export interface Harness {
  cp: RunningControlPlane;
  api(path: string, body?: unknown, method?: string): Promise<{ status: number; body: Record<string, any> }>;
  /** A raw authenticated admin request (for downloads and streams). */
  raw(path: string, init?: RequestInit): Promise<Response>;
  newCsr(): Promise<{ csrPem: string; keyPem: string }>;
  enroll(hostName: string): Promise<{ hostId: string; certificatePem: string; caCertificatePem: string; controlPlaneMtlsUrl: string; keyPem: string; token: string; csrPem: string }>;
  mtls(cert?: string, key?: string): Agent;
  agentCall(dispatcher: Agent, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }>;
  close(): Promise<void>;
}

/** `env` is added to the suite's environment (e.g. a webhook private-target setting). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-cp-harness-'));
  const cp = await startControlPlane({ env: { ...SUITE_ENV, ...env }, dataDir: dir, port: 0, mtlsPort: 0 });
  const admin = { token: await firstAdminToken(cp.url, SUITE_ENV.DECNET_ADMIN_PASSWORD, 'harness-admin-password') };

  const h: Harness = {
    cp,
    async api(path, body, method = body ? 'POST' : 'GET') {
      const res = await fetch(cp.url + path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Record<string, any>) };
    },
    raw: (path, init = {}) => fetch(cp.url + path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${admin.token}` } }),
    async newCsr() {
      const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=sensor', keys, signingAlgorithm: EC_ALG });
      return { csrPem: csr.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
    },
    async enroll(hostName) {
      const tok = await h.api('/api/v1/hosts/enrollment-tokens', { hostName });
      if (tok.status !== 201) throw new Error(`token: ${tok.status} ${JSON.stringify(tok.body)}`);
      const { csrPem, keyPem } = await h.newCsr();
      const res = await fetch(`${cp.url}/agent/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: tok.body.token, csrPem, hostname: hostName, agentVersion: '0.1.0' }),
      });
      if (res.status !== 200) throw new Error(`enroll: ${res.status} ${await res.text()}`);
      return { ...((await res.json()) as any), keyPem, token: tok.body.token as string, csrPem };
    },
    mtls: (cert, key) => new Agent({ connect: { ca: cp.caCertPem, ...(cert && key ? { cert, key } : {}) } }),
    async agentCall(dispatcher, path, body) {
      const res = await request(cp.mtlsUrl + path, {
        dispatcher,
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, any> };
    },
    async close() {
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
