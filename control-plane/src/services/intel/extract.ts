// What one stored event contributes to the aggregates: attacker, session, credential, command,
// artifact and client hint. Every value is attacker-controlled, so each is bounded here.
import { secretBytes, type ServiceEvent } from '@decnet/protocol';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { phasesOf, type Phase } from './phases';
import { probeKindOf } from './probes';

export const COMMAND_MAX_CHARS = 1024;
export const HINT_MAX_CHARS = 256;

export interface CredentialPart {
  secretB64: string;
  secretPrintable: string;
  kind: string;
  principal: string;
  outcome: string | null;
}

export interface Extracted {
  phases: Phase[];
  sessionKey: string | null;
  command: string | null;
  credential: CredentialPart | null;
  artifact: { sha256: string; size: number; name: string | null; storedAs: string | null } | null;
  clientHint: string | null;
  /** Fingerprints the sniffer or the prober saw for the source: [kind, value]. */
  fingerprints: Array<[FingerprintKind, string]>;
}

/** `probe`: a scanner probe that reached a login prompt (probes.ts), recorded instead of a credential. */
export const FINGERPRINT_KINDS = ['ja3', 'ja4', 'hassh', 'os', 'jarm', 'hassh_server', 'mac', 'probe'] as const;
export type FingerprintKind = (typeof FINGERPRINT_KINDS)[number];
const FINGERPRINT_MAX_CHARS = 128;
const NO_JARM = '0'.repeat(62);

/** Fingerprint fields by event type (sniffer and prober events; other services carry none). */
function fingerprintsOf(e: ServiceEvent): Array<[FingerprintKind, string]> {
  const f = e.fields;
  const out: Array<[FingerprintKind, string]> = [];
  const add = (k: FingerprintKind, v: string | undefined, ok = true): void => {
    if (v && ok) out.push([k, clip(v, FINGERPRINT_MAX_CHARS)]);
  };
  if (e.eventType === 'tls_client_hello') (add('ja3', f.ja3), add('ja4', f.ja4));
  else if (e.eventType === 'ssh_client_banner') add('hassh', f.hassh);
  else if (e.eventType === 'tcp_syn_fingerprint') add('os', f.os_guess, f.os_guess !== 'unknown');
  else if (e.eventType === 'prober_result') (add('jarm', f.jarm, f.jarm !== NO_JARM), add('hassh_server', f.hassh_server));
  // The MAC an EUI-64 IPv6 address encodes (ipv6_link_local_leak): the attacker's NIC, whatever its IPs.
  else if (e.eventType === 'ipv6_link_local_leak') add('mac', f.mac);
  return out;
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

export function extract(e: ServiceEvent): Extracted {
  const f = e.fields;
  const sid = f.session_id ?? f.sid;
  let credential: CredentialPart | null = null;
  // The universal credential shape (DECNET: detected by secret_b64). Fields are already bounded
  // strings (the batch schema checked them); auth-helper lines carry no secret_kind: plaintext.
  if (f.secret_b64 !== undefined && /^[A-Za-z0-9+/]*={0,2}$/.test(f.secret_b64)) {
    credential = {
      secretB64: f.secret_b64,
      secretPrintable: clip(f.secret_printable ?? '', 512),
      kind: clip(f.secret_kind || 'plaintext', 48),
      principal: clip(f.principal ?? f.username ?? '', 256),
      outcome: f.outcome ? clip(f.outcome, 32) : null,
    };
  }
  const fingerprints = fingerprintsOf(e);
  // Probes land on line-oriented prompts as plaintext; challenge-response secrets (NTLM, VNC DES, SCRAM) are binary by design.
  const probe = credential && credential.kind === 'plaintext' ? probeKindOf(credential.principal, credential.secretB64) : null;
  if (probe) (credential = null, fingerprints.push(['probe', probe]));
  const size = Number(f.size);
  const artifact =
    f.sha256 && /^[0-9a-f]{64}$/i.test(f.sha256) && Number.isFinite(size) && size >= 0
      ? { sha256: f.sha256.toLowerCase(), size, name: clip(f.orig_path ?? f.path ?? f.filename ?? f.name ?? '', 1024) || null, storedAs: f.stored_as ?? null }
      : null;
  const hint = f.client_banner ?? f.client_version ?? f.user_agent ?? null;
  const command = e.eventType === 'command' ? clip(f.cmd ?? f.command ?? e.msg ?? '', COMMAND_MAX_CHARS) : null;
  return {
    phases: phasesOf(e.eventType, f),
    sessionKey: sid ? `${e.decky}/${e.service}/${clip(sid, 128)}` : null,
    command,
    credential,
    artifact,
    clientHint: hint ? clip(hint, HINT_MAX_CHARS) : null,
    fingerprints,
  };
}

/** SHA-256 hex of the decoded secret bytes (the dedup key DECNET uses). */
export function secretSha256(b64: string): string {
  return bytesToHex(sha256(secretBytes({ secret_b64: b64 }) ?? new TextEncoder().encode(b64)));
}
