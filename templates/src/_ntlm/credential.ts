// What an AUTHENTICATE carries, for the event log: NTLMv2 / NTLMv1 / anonymous, and the line
// hashcat and john take (-m 5600 NetNTLMv2, -m 5500 NetNTLMv1), as Responder writes them.
import type { NtlmAuthenticate } from './ntlmssp';
import { NTLM } from './ntlmssp';

export type NtlmResponseKind = 'ntlmv2' | 'ntlmv1' | 'ntlmv1_ess' | 'anonymous' | 'no_response' | 'malformed';

/**
 * MS-NLMP §3.3: an NTLMv2 NtChallengeResponse is NTProofStr (16) + the client blob (>= 28 bytes),
 * NTLMv1 is exactly 24 bytes; an anonymous AUTHENTICATE has an empty user and an empty NT response
 * (with an empty or one-zero-byte LM response, §3.2.5.1.2). A named user without any response
 * (smbclient -N tries the login name first) is `no_response`; other NT lengths are `malformed`.
 */
export function classifyAuthenticate(a: NtlmAuthenticate): NtlmResponseKind {
  if (a.user === '' && a.nt.length === 0 && (a.lm.length === 0 || (a.lm.length === 1 && a.lm[0] === 0))) return 'anonymous';
  if (a.nt.length >= 16 + 28) return 'ntlmv2';
  if (a.nt.length === 0) return 'no_response';
  if (a.nt.length !== 24) return 'malformed';
  if (a.flags & NTLM.EXTENDED_SESSIONSECURITY) return 'ntlmv1_ess';
  return 'ntlmv1';
}

/** Strips the separators hashcat splits on, so an attacker-chosen name cannot forge fields. */
const clean = (s: string): string => s.replace(/[:\r\n]/g, '_');

/** `user::domain:serverChallenge:NTProofStr:blob` (hashcat -m 5600); undefined when not NTLMv2. */
export function hashcatNtlmV2(a: NtlmAuthenticate, serverChallenge: Buffer): string | undefined {
  if (classifyAuthenticate(a) !== 'ntlmv2') return undefined;
  const proof = a.nt.subarray(0, 16).toString('hex');
  const blob = a.nt.subarray(16).toString('hex');
  return `${clean(a.user)}::${clean(a.domain)}:${serverChallenge.toString('hex')}:${proof}:${blob}`;
}

/** `user::domain:lm:nt:serverChallenge` (hashcat -m 5500); undefined when not NTLMv1. */
export function hashcatNtlmV1(a: NtlmAuthenticate, serverChallenge: Buffer): string | undefined {
  const k = classifyAuthenticate(a);
  if (k !== 'ntlmv1' && k !== 'ntlmv1_ess') return undefined;
  return `${clean(a.user)}::${clean(a.domain)}:${a.lm.toString('hex')}:${a.nt.toString('hex')}:${serverChallenge.toString('hex')}`;
}

/** DECNET's principal: `DOMAIN\user`, or the bare user when no domain was sent. */
export function ntlmPrincipal(a: NtlmAuthenticate): string {
  return a.domain ? `${a.domain}\\${a.user}` : a.user;
}
