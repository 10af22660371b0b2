// The agent's identity key (ECDSA P-256, generated with WebCrypto) and its CSR.
import { EC_ALG, x509 } from './x509';

export interface AgentKey {
  keys: CryptoKeyPair;
  privateKeyPem: string;
  /** DER SubjectPublicKeyInfo, to check the issued certificate carries our key. */
  spki: ArrayBuffer;
}

export async function generateAgentKey(): Promise<AgentKey> {
  const keys = await globalThis.crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify']);
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const spki = await globalThis.crypto.subtle.exportKey('spki', keys.publicKey);
  return { keys, privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), spki };
}

/** PKCS#10 request, CN = the host name; the control plane decides the certificate's final subject. */
export async function createCsr(key: AgentKey, hostname: string): Promise<string> {
  const cn = hostname.replace(/[,+="<>#;\\]/g, '-');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}`,
    keys: key.keys,
    signingAlgorithm: EC_ALG,
  });
  return csr.toString('pem');
}

/** The issued certificate must be signed by the CA and certify our public key. */
export async function checkIssuedCertificate(certPem: string, caPem: string, spki: ArrayBuffer): Promise<void> {
  const cert = new x509.X509Certificate(certPem);
  const ca = new x509.X509Certificate(caPem);
  if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }))) {
    throw new Error('the issued certificate is not signed by the control plane CA');
  }
  if (!Buffer.from(cert.publicKey.rawData).equals(Buffer.from(spki))) {
    throw new Error('the issued certificate does not carry this agent\'s public key');
  }
}
