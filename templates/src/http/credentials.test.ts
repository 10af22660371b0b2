// Credential extraction from Authorization headers and login forms (urlencoded, JSON, multipart).
import { describe, expect, it } from 'vitest';
import { classifyAuthorization, extractFormCredentials } from './credentials';

describe('http credentials', () => {
  it('decodes Basic, Bearer/Token and Digest', () => {
    expect(classifyAuthorization(`Basic ${Buffer.from('admin:pa:ss').toString('base64')}`)).toMatchObject({ principal: 'admin', secret_printable: 'pa:ss', secret_kind: 'plaintext' });
    expect(classifyAuthorization('Bearer eyJhbGciOi.x.y')).toMatchObject({ principal: '', secret_printable: 'eyJhbGciOi.x.y', secret_kind: 'http_bearer' });
    expect(classifyAuthorization('Digest username="bob", realm="r", nonce="n1", uri="/", response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, cnonce="c"'))
      .toMatchObject({ principal: 'bob', secret_kind: 'http_digest_md5', secret_printable: '6629fae49393a05397450978507c4ef1', realm: 'r', nonce: 'n1', nc: '00000001' });
    expect(classifyAuthorization('NTLM TlRMTVNTUAAB')).toBeUndefined();
    expect(classifyAuthorization('Basic !!!')).toBeUndefined();
  });

  it('finds login fields in urlencoded, JSON and multipart bodies', () => {
    expect(extractFormCredentials(Buffer.from('log=admin&pwd=W0rd%21&wp-submit=Log+In'), 'application/x-www-form-urlencoded')).toMatchObject({ principal: 'admin', secret_printable: 'W0rd!' });
    expect(extractFormCredentials(Buffer.from('{"user":{"email":"a@b.c","password":"x y"}}'), 'application/json')).toMatchObject({ principal: 'a@b.c', secret_printable: 'x y' });
    const mp = '--B\r\nContent-Disposition: form-data; name="j_username"\r\n\r\nops\r\n--B\r\nContent-Disposition: form-data; name="j_password"\r\n\r\nhunter2\r\n--B--\r\n';
    expect(extractFormCredentials(Buffer.from(mp), 'multipart/form-data; boundary=B')).toMatchObject({ principal: 'ops', secret_printable: 'hunter2' });
    expect(extractFormCredentials(Buffer.from('q=search'), 'application/x-www-form-urlencoded')).toBeUndefined();
  });
});
