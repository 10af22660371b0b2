// The CA signs agent CSRs with a subject it chooses, and refuses garbage and tampered CSRs.
import { describe, expect, it } from 'vitest';
import { createCaMaterial, loadCa } from './ca';
import { certFingerprint, EC_ALG, x509 } from './x509';

async function csrPem(cn = 'whatever-the-agent-wants'): Promise<string> {
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${cn}`, keys, signingAlgorithm: EC_ALG });
  return csr.toString('pem');
}

describe('control-plane CA', () => {
  it('signs a CSR into a client certificate for the host id, chained to the CA', async () => {
    const ca = await loadCa(await createCaMaterial());
    const { certPem, fingerprint } = await ca.signAgentCsr(await csrPem(), 'host-123');
    const cert = new x509.X509Certificate(certPem);
    expect(cert.subject).toContain('CN=host-123');
    expect(cert.issuer).toBe(ca.subject);
    expect(await cert.verify({ publicKey: new x509.X509Certificate(ca.certPem).publicKey })).toBe(true);
    expect(fingerprint).toBe(await certFingerprint(certPem));
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
    expect(eku?.usages).toContain(x509.ExtendedKeyUsage.clientAuth);
  });

  it('refuses garbage and CSRs whose signature does not verify', async () => {
    const ca = await loadCa(await createCaMaterial());
    await expect(ca.signAgentCsr('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----', 'h')).rejects.toThrow(/PKCS#10/);
    const good = new x509.Pkcs10CertificateRequest(await csrPem());
    const raw = new Uint8Array(good.rawData);
    raw[raw.length - 5] = raw[raw.length - 5]! ^ 0xff; // flip a byte of the signature
    const tampered = x509.PemConverter.encode(raw.buffer as ArrayBuffer, 'CERTIFICATE REQUEST');
    await expect(ca.signAgentCsr(tampered, 'h')).rejects.toThrow();
  });

  it('issues a server certificate with the requested names', async () => {
    const ca = await loadCa(await createCaMaterial());
    const { certPem } = await ca.issueServerCert(['localhost', '127.0.0.1']);
    const san = new x509.X509Certificate(certPem).getExtension(x509.SubjectAlternativeNameExtension);
    expect(san?.names.toJSON()).toEqual([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }]);
  });
});
