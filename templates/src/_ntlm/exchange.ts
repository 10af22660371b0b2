// One server-side NTLM exchange (MS-NLMP §3.2.5): NEGOTIATE in, CHALLENGE out with a fresh random
// server challenge, AUTHENTICATE in, and the event fields DECNET logs (credential shape + hashcat).
import { randomBytes } from 'node:crypto';
import { credentialFields } from '@decnet/protocol';
import { classifyAuthenticate, hashcatNtlmV1, hashcatNtlmV2, ntlmPrincipal, type NtlmResponseKind } from './credential';
import type { NtlmIdentity } from './identity';
import { buildChallenge, parseAuthenticate, parseNegotiate, type NtlmAuthenticate, type NtlmNegotiate } from './ntlmssp';

export interface NtlmCapture {
  auth: NtlmAuthenticate;
  kind: NtlmResponseKind;
  principal: string;
  /** Event fields: user/domain/workstation, the credential (NTLMv2), `ntlmv2_hashcat` or `ntlmv1_hashcat`. */
  fields: Record<string, string>;
}

export interface NtlmExchange {
  readonly serverChallenge: Buffer;
  negotiate?: NtlmNegotiate;
  /** CHALLENGE for a NEGOTIATE; null when the bytes are not a NEGOTIATE_MESSAGE. */
  challenge(negotiate: Uint8Array): Buffer | null;
  /** Parses an AUTHENTICATE; null when malformed. `outcome` goes into the credential fields. */
  authenticate(msg: Uint8Array, outcome: 'success' | 'failure'): NtlmCapture | null;
}

export function ntlmServerExchange(identity: NtlmIdentity, now: () => Date, serverChallenge: Buffer = randomBytes(8)): NtlmExchange {
  const ex: NtlmExchange = {
    serverChallenge,
    challenge(msg) {
      const neg = parseNegotiate(msg);
      if (!neg) return null;
      ex.negotiate = neg;
      return buildChallenge({ identity, serverChallenge, clientFlags: neg.flags, now: now() });
    },
    authenticate(msg, outcome) {
      const auth = parseAuthenticate(msg);
      if (!auth) return null;
      const kind = classifyAuthenticate(auth);
      const principal = ntlmPrincipal(auth);
      const fields: Record<string, string> = {
        username: auth.user,
        domain: auth.domain,
        workstation: auth.workstation,
        ntlm_kind: kind,
        server_challenge: serverChallenge.toString('hex'),
      };
      const v2 = hashcatNtlmV2(auth, serverChallenge);
      if (v2) Object.assign(fields, credentialFields(principal, v2, 'ntlmssp_v2', outcome, auth.user), { ntlmv2_hashcat: v2 });
      const v1 = hashcatNtlmV1(auth, serverChallenge);
      if (v1) fields.ntlmv1_hashcat = v1;
      if (ex.negotiate?.workstation) fields.negotiate_workstation = ex.negotiate.workstation;
      return { auth, kind, principal, fields };
    },
  };
  return ex;
}
