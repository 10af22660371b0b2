// Secret kinds offered in the credentials filter; checked against the protocol's type.
import type { SecretKind } from '@decnet/protocol';

export const SECRET_KIND_OPTIONS = [
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
  'sip_digest',
] as const satisfies readonly SecretKind[];

// Fails to compile when protocol/ adds a kind this list lacks.
type Missing = Exclude<SecretKind, (typeof SECRET_KIND_OPTIONS)[number]>;
export const SECRET_KINDS_COMPLETE: [Missing] extends [never] ? true : Missing = true;
