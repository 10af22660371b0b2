// DECNET's universal credential SD shape (inventory §1.1, syslog_bridge.encode_secret):
// principal, secret_kind, secret_printable, secret_b64, optional outcome and username.
import { z } from 'zod';
import { base64ToBytes, bytesToBase64, utf8Encode } from '../util/bytes';

export const SECRET_KINDS = [
  'plaintext',
  'http_bearer',
  'http_digest_md5',
  'ntlmssp_v2',
  'mysql_native_password',
  'postgres_md5_challenge',
  'vnc_des_response',
  'snmp_community',
  'scram_sha256',
  'scram_sha1',
  'scram_unknown',
  // Ours: a SIP Digest response with everything needed to check a guess offline (hashcat -m 11400 line).
  'sip_digest',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];
export const SecretKindSchema = z.enum(SECRET_KINDS);

export const CREDENTIAL_OUTCOMES = ['success', 'failure'] as const;

/**
 * Secrets are cut to this many bytes so that secret_b64 (4/3 larger) still fits the 4096-char
 * SD value cap and stays lossless; a cut secret is flagged with secret_truncated="1".
 */
export const SECRET_MAX_BYTES = 3072;

export const CredentialFieldsSchema = z.object({
  principal: z.string().max(4096),
  secret_kind: SecretKindSchema,
  secret_printable: z.string().max(4096),
  secret_b64: z.string().max(4096).regex(/^[A-Za-z0-9+/]*={0,2}$/),
  outcome: z.string().max(64).optional(),
  username: z.string().max(4096).optional(),
  secret_truncated: z.literal('1').optional(),
});
export type CredentialFields = z.infer<typeof CredentialFieldsSchema>;

/** Bytes outside 0x20..0x7e become `?`, one per byte (auth-helper.c's sd_escape). */
export function printableSecret(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '?';
  return out;
}

/**
 * Build the credential SD params. A string secret is encoded as UTF-8; pass bytes for binary
 * secrets (NTLM responses, DES responses, SCRAM proofs). The principal may be '' (Bearer tokens).
 */
export function credentialFields(
  principal: string,
  secret: Uint8Array | string,
  kind: SecretKind,
  outcome?: string,
  username?: string,
): CredentialFields {
  const all = typeof secret === 'string' ? utf8Encode(secret) : secret;
  const bytes = all.length > SECRET_MAX_BYTES ? all.subarray(0, SECRET_MAX_BYTES) : all;
  const fields: CredentialFields = {
    principal,
    secret_kind: kind,
    secret_printable: printableSecret(bytes),
    secret_b64: bytesToBase64(bytes),
  };
  if (outcome !== undefined) fields.outcome = outcome;
  if (username !== undefined) fields.username = username;
  if (bytes !== all) fields.secret_truncated = '1';
  return fields;
}

/** The ingester's detection rule: a field set carries a credential when secret_b64 is present. */
export function hasCredential(fields: Readonly<Record<string, string>>): boolean {
  return Object.hasOwn(fields, 'secret_b64');
}

/** Parse the credential part of an event's fields; null when absent or malformed. */
export function credentialFromFields(fields: Readonly<Record<string, string>>): CredentialFields | null {
  if (!hasCredential(fields)) return null;
  // auth-helper.c writes no secret_kind: its secrets are PAM plaintext.
  const r = CredentialFieldsSchema.safeParse({ principal: '', secret_kind: 'plaintext', ...fields });
  return r.success ? r.data : null;
}

/** The lossless secret bytes of a credential field set; null when secret_b64 is malformed. */
export function secretBytes(fields: Pick<CredentialFields, 'secret_b64'>): Uint8Array | null {
  return base64ToBytes(fields.secret_b64);
}
