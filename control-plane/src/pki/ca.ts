// The control plane's certificate authority: created once (Node: data directory; Workers: secrets),
// it signs agent CSRs (client certificates) and the Node mTLS listener's server certificate.
import { AppError } from '../errors';
import { certFingerprint, EC_ALG, importPrivateKeyPem, privateKeyPem, randomSerial, x509 } from './x509';

export interface CaMaterial {
  certPem: string;
  keyPem: string;
}

export interface Ca {
  certPem: string;
  /** SHA-256 of the CA certificate's DER, lowercase hex (printed in install commands). */
  sha256: string;
  subject: string;
  signAgentCsr(csrPem: string, hostId: string, validityDays?: number): Promise<{ certPem: string; fingerprint: string }>;
  issueServerCert(hostnames: string[], validityDays?: number): Promise<CaMaterial>;
  /** ECDSA P-256/SHA-256 signature by the CA key (IEEE P1363 r||s): agent releases (issue 19). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const DAY_MS = 86_400_000;

/** What enrollment answers when the runtime has no CA (Workers without its CA secrets). */
export const NO_CA_MESSAGE =
  'Agent enrollment is not configured on this control plane: no CA. Create one with `npm run workers:ca` and set ' +
  'the secrets it prints (DECNET_CA_CERT_PEM, DECNET_CA_KEY_PEM, DECNET_MTLS_URL); see the README, "Deploy the control plane to Cloudflare Workers"';

export async function createCaMaterial(commonName = 'DECNET-TS control plane CA'): Promise<CaMaterial> {
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${commonName}, O=DECNET-TS`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3650 * DAY_MS),
    signingAlgorithm: EC_ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

export async function loadCa(material: CaMaterial): Promise<Ca> {
  const caCert = new x509.X509Certificate(material.certPem);
  const caKey = await importPrivateKeyPem(material.keyPem);
  const sha256 = await certFingerprint(caCert);

  async function issue(subject: string, publicKey: x509.PublicKey | CryptoKey, days: number, extensions: x509.Extension[]) {
    return x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject,
      issuer: caCert.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + days * DAY_MS),
      signingAlgorithm: EC_ALG,
      publicKey,
      signingKey: caKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        await x509.AuthorityKeyIdentifierExtension.create(caCert),
        ...extensions,
      ],
    });
  }

  return {
    certPem: material.certPem,
    async sign(data) {
      return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, caKey, data as Uint8Array<ArrayBuffer>));
    },
    sha256,
    subject: caCert.subject,
    async signAgentCsr(csrPem, hostId, validityDays = 825) {
      let csr: x509.Pkcs10CertificateRequest;
      try {
        csr = new x509.Pkcs10CertificateRequest(csrPem);
      } catch {
        throw new AppError('validation_failed', 'csrPem is not a valid PKCS#10 certificate request');
      }
      if (!(await csr.verify())) throw new AppError('validation_failed', 'CSR signature does not verify');
      // The subject is ours to choose: the host id, never what the agent asked for.
      const cert = await issue(`CN=${hostId}, O=DECNET-TS agent`, csr.publicKey, validityDays, [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      ]);
      return { certPem: cert.toString('pem'), fingerprint: await certFingerprint(cert) };
    },
    async issueServerCert(hostnames, validityDays = 825) {
      const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
      const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
      const cert = await issue(`CN=${hostnames[0] ?? 'localhost'}`, keys.publicKey, validityDays, [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(hostnames.map((h) => ({ type: isIp(h) ? ('ip' as const) : ('dns' as const), value: h }))),
      ]);
      return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
    },
  };
}
