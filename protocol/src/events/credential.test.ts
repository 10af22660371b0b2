import { describe, expect, it } from 'vitest';
import { formatRfc5424 } from '../rfc5424/format';
import { parseDecnetLine } from '../rfc5424/decnet-record';
import {
  credentialFields, credentialFromFields, hasCredential, printableSecret, SECRET_KINDS, SECRET_MAX_BYTES, secretBytes,
} from './credential';

describe('credential SD shape', () => {
  it('has the secret_kind values of inventory §1.1', () => {
    expect(SECRET_KINDS).toEqual([
      'plaintext', 'http_bearer', 'http_digest_md5', 'ntlmssp_v2', 'mysql_native_password', 'postgres_md5_challenge',
      'vnc_des_response', 'snmp_community', 'scram_sha256', 'scram_sha1', 'scram_unknown',
      // Ours: SIP Digest with everything an offline check needs (DECNET filed it as http_digest_md5).
      'sip_digest',
    ]);
  });

  it('encodes a plaintext password like syslog_bridge.encode_secret', () => {
    expect(credentialFields('root', 'hunter2', 'plaintext', 'failure')).toEqual({
      principal: 'root',
      secret_kind: 'plaintext',
      secret_printable: 'hunter2',
      secret_b64: 'aHVudGVyMg==',
      outcome: 'failure',
    });
  });

  it('maps every byte outside 0x20..0x7e to ? (UTF-8 multibyte gives one ? per byte)', () => {
    const f = credentialFields('u', 'pä\u0000ss\u007f', 'plaintext');
    expect(f.secret_printable).toBe('p???ss?');
    expect(printableSecret(new Uint8Array([0x1f, 0x20, 0x7e, 0x7f, 0xff]))).toBe('? ~??');
  });

  it('keeps binary secrets lossless in secret_b64', () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const f = credentialFields('DOMAIN\\user', bytes, 'ntlmssp_v2', undefined, 'user');
    expect(f.username).toBe('user');
    expect(secretBytes(f)).toEqual(bytes);
    expect(f.secret_printable).toHaveLength(256);
    expect('outcome' in f).toBe(false);
  });

  it('cuts oversized secrets so secret_b64 fits one SD value, and flags it', () => {
    const f = credentialFields('u', 'x'.repeat(10_000), 'plaintext');
    expect(f.secret_b64.length).toBeLessThanOrEqual(4096);
    expect(secretBytes(f)).toHaveLength(SECRET_MAX_BYTES);
    expect(f.secret_truncated).toBe('1');
  });

  it('survives a format -> parse round trip and is detected by secret_b64', () => {
    const creds = credentialFields('ad"min]', 'p@ss"\\]word\n', 'plaintext', 'failure');
    const line = formatRfc5424({ hostname: 'd', appName: 'ftp', msgid: 'auth_attempt', params: { ...creds, src_ip: '192.0.2.1' } });
    const r = parseDecnetLine(line);
    expect(r.kind).toBe('record');
    if (r.kind !== 'record') return;
    expect(hasCredential(r.record.fields)).toBe(true);
    const back = credentialFromFields(r.record.fields);
    expect(back).toEqual(creds);
    expect(new TextDecoder().decode(secretBytes(back!)!)).toBe('p@ss"\\]word\n');
  });

  it('reads auth-helper.c lines, which carry no secret_kind, as plaintext', () => {
    const fields = { username: 'root', principal: 'root', secret_printable: 'toor', secret_b64: 'dG9vcg==', src_ip: '192.0.2.9' };
    expect(credentialFromFields(fields)).toEqual({
      principal: 'root', secret_kind: 'plaintext', secret_printable: 'toor', secret_b64: 'dG9vcg==', username: 'root',
    });
  });

  it('returns null for absent or malformed credentials', () => {
    expect(credentialFromFields({ principal: 'x' })).toBeNull();
    expect(credentialFromFields({ secret_b64: 'not base64!', secret_printable: '', secret_kind: 'plaintext' })).toBeNull();
    expect(credentialFromFields({ secret_b64: 'AA==', secret_printable: '?', secret_kind: 'telepathy' })).toBeNull();
    expect(secretBytes({ secret_b64: 'A' })).toBeNull();
  });
});
