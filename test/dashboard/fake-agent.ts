// A stand-in host agent for the browser tour: enrolls with a real CSR, then talks mutual TLS to
// the control plane, uploads event batches and sends heartbeats whose decky states advance
// pending -> starting -> running, so deploy progress can be watched in the dashboard.
import { request } from 'node:https';
import type { Heartbeat, ServiceEvent } from '@decnet/protocol';
import { EC_ALG, privateKeyPem, x509 } from '../../control-plane/src/pki/x509';
import { hostCatalogue } from '../../host-agent/src/fleet/service-catalogue';

export interface AgentIdentity {
  hostId: string;
  certPem: string;
  keyPem: string;
}

export async function enrollFakeAgent(cpUrl: string, adminToken: string, hostName: string): Promise<AgentIdentity> {
  const tokRes = await fetch(`${cpUrl}/api/v1/hosts/enrollment-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ hostName }),
  });
  if (tokRes.status !== 201) throw new Error(`enrollment token: ${tokRes.status} ${await tokRes.text()}`);
  const { token } = (await tokRes.json()) as { token: string };
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${hostName}`, keys, signingAlgorithm: EC_ALG });
  const res = await fetch(`${cpUrl}/agent/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, csrPem: csr.toString('pem'), hostname: hostName, agentVersion: '0.1.0' }),
  });
  if (res.status !== 200) throw new Error(`enroll: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { hostId: string; certificatePem: string };
  return { hostId: body.hostId, certPem: body.certificatePem, keyPem: await privateKeyPem(keys.privateKey) };
}

export function mtlsCall<T>(mtlsUrl: string, caPem: string, id: AgentIdentity, path: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${mtlsUrl}${path}`,
      { method: payload ? 'POST' : 'GET', ca: caPem, cert: id.certPem, key: id.keyPem, headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve(JSON.parse(text) as T) : reject(new Error(`${path}: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function uploadEvents(mtlsUrl: string, caPem: string, id: AgentIdentity, events: ServiceEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    await mtlsCall(mtlsUrl, caPem, id, '/agent/v1/events', { events: events.slice(i, i + 1000) });
  }
}

/** Heartbeats every `intervalMs`; each decky seen in the desired state advances one state per beat. */
export function startHeartbeats(mtlsUrl: string, caPem: string, id: AgentIdentity, opts: { intervalMs: number; failing?: string[] }): () => void {
  const steps = ['pending', 'starting', 'running'] as const;
  const age = new Map<string, number>();
  const started = Date.now();
  let stopped = false;
  const beat = async () => {
    const desired = await mtlsCall<{ deckies: { name: string; services: string[] }[] }>(mtlsUrl, caPem, id, '/agent/v1/desired-state?waitS=0');
    const deckies: Heartbeat['deckies'] = desired.deckies.map((d) => {
      const n = (age.get(d.name) ?? -1) + 1;
      age.set(d.name, n);
      const failed = opts.failing?.includes(d.name) && n >= 2;
      return {
        name: d.name,
        state: failed ? 'failed' : steps[Math.min(n, steps.length - 1)]!,
        services: d.services,
        runtime: 'docker',
        ...(failed ? { error: 'macvlan: parent interface eth1 not found' } : {}),
      };
    });
    const now = new Date().toISOString();
    const hb: Heartbeat = {
      agentVersion: '0.1.0',
      uptimeS: Math.round((Date.now() - started) / 1000) + 86_400 * 3,
      workers: ['collector', 'sniffer', 'prober', 'mutator', 'uplink'].map((name) => ({ name, status: name === 'prober' ? 'degraded' : 'ok', lastSeenTs: now })) as Heartbeat['workers'],
      deckies,
      spool: { pending: 3, dropped: 0 },
      catalogue: hostCatalogue('docker'), // what this build really offers, as a real agent reports it
    };
    await mtlsCall(mtlsUrl, caPem, id, '/agent/v1/heartbeat', hb);
  };
  const loop = async () => {
    while (!stopped) {
      await beat().catch((err: unknown) => console.warn('heartbeat failed:', (err as Error).message));
      await new Promise((r) => setTimeout(r, opts.intervalMs));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}
