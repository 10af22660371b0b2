// Enrollment: generate the key, send the CSR with the single-use token, check the answer (CA pin
// when --ca-sha256 is given, certificate signed by that CA and carrying our key), then store key
// (0600), certificate, CA and config. From then on only that CA is trusted for the mTLS URL.
import { EnrollmentResponseSchema, HostnameSchema, type EnrollmentRequest, type EnrollmentResponse } from '@decnet/protocol';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { saveConfig } from '../config/load';
import { agentPaths } from '../config/paths';
import type { AgentConfig, AgentConfigInput } from '../config/schema';
import { AGENT_VERSION } from '../version';
import { checkIssuedCertificate, createCsr, generateAgentKey } from './keys';
import { certSha256 } from './x509';

export class EnrollError extends Error {
  override readonly name = 'EnrollError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface EnrollOptions {
  url: string;
  token: string;
  caSha256?: string;
  /** Host name reported to the control plane (default: this machine's). */
  name?: string;
  configPath: string;
  /** Existing config to keep settings from (bus, spool ...). */
  base?: Partial<AgentConfigInput>;
  dataDir: string;
  fetchImpl?: typeof fetch;
}

export interface EnrollResult {
  hostId: string;
  mtlsUrl: string;
  config: AgentConfig;
}

export function normalizeSha256(s: string): string {
  const h = s.toLowerCase().replace(/[:\s]/g, '');
  if (!/^[0-9a-f]{64}$/.test(h)) throw new EnrollError('bad_ca_sha256', '--ca-sha256 must be 64 hex digits (SHA-256 of the CA certificate DER)');
  return h;
}

function reportedHostname(name: string | undefined): string {
  for (const candidate of [name, osHostname()]) if (candidate && HostnameSchema.safeParse(candidate).success) return candidate;
  return 'decnet-sensor';
}

async function post(url: string, body: EnrollmentRequest, fetchImpl: typeof fetch): Promise<EnrollmentResponse> {
  let res: Response;
  try {
    res = await fetchImpl(new URL('/agent/v1/enroll', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw new EnrollError('unreachable', `cannot reach the control plane at ${url}: ${(e as Error).cause ?? (e as Error).message}`);
  }
  const json = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  if (!res.ok) throw new EnrollError(json?.error?.code ?? `http_${res.status}`, json?.error?.message ?? `enrollment failed with HTTP ${res.status}`);
  const parsed = EnrollmentResponseSchema.safeParse(json);
  if (!parsed.success) throw new EnrollError('bad_response', `unexpected enrollment answer: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function writePrivate(path: string, text: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

export async function enroll(o: EnrollOptions): Promise<EnrollResult> {
  const pin = o.caSha256 ? normalizeSha256(o.caSha256) : undefined;
  const key = await generateAgentKey();
  const hostname = reportedHostname(o.name);
  const res = await post(o.url, { token: o.token, csrPem: await createCsr(key, hostname), hostname, agentVersion: AGENT_VERSION }, o.fetchImpl ?? fetch);
  if (pin) {
    const got = await certSha256(res.caCertificatePem);
    if (got !== pin) throw new EnrollError('ca_mismatch', `the control plane's CA (sha256 ${got}) is not the pinned one (${pin}); refusing it`);
  }
  await checkIssuedCertificate(res.certificatePem, res.caCertificatePem, key.spki).catch((e: Error) => {
    throw new EnrollError('bad_certificate', e.message);
  });
  const base = o.base ?? {};
  const draft = { ...base, version: 1 as const, dataDir: o.dataDir };
  const paths = agentPaths({ dataDir: o.dataDir });
  mkdirSync(o.dataDir, { recursive: true, mode: 0o750 });
  writePrivate(paths.keyPem, key.privateKeyPem, 0o600);
  writePrivate(paths.certPem, res.certificatePem, 0o644);
  writePrivate(paths.caPem, res.caCertificatePem, 0o644);
  const config = saveConfig(o.configPath, {
    ...draft,
    hostId: res.hostId,
    hostname,
    controlPlane: { url: o.url, mtlsUrl: res.controlPlaneMtlsUrl },
  });
  return { hostId: res.hostId, mtlsUrl: res.controlPlaneMtlsUrl, config };
}
