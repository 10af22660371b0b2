// Is this bundle the release the control plane signed? Its SHA-256 and size must match the desired
// state's, and the signature over releaseSigningMessage() must verify with the CA certificate this
// agent pinned at enrollment (tls/ca.crt): a release signed by any other key is refused.
import { releaseSigningMessage, type DesiredRelease } from '@decnet/protocol';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

export class ReleaseRefused extends Error {
  override readonly name = 'ReleaseRefused';
}

export async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Throws ReleaseRefused with the reason; the signature is checked first (before hashing 64 MiB). */
export async function verifyRelease(file: string, release: DesiredRelease, caPem: string): Promise<void> {
  let ok = false;
  try {
    const key = new X509Certificate(caPem).publicKey;
    ok = verify('sha256', releaseSigningMessage(release), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(release.signature, 'base64'));
  } catch (e) {
    throw new ReleaseRefused(`signature check failed: ${(e as Error).message}`);
  }
  if (!ok) throw new ReleaseRefused(`release ${release.version} is not signed by the control plane CA this agent pinned at enrollment: refused`);
  const size = statSync(file).size;
  if (size !== release.size) throw new ReleaseRefused(`downloaded ${size} bytes, the release says ${release.size}`);
  const sha = await fileSha256(file);
  if (sha !== release.sha256) throw new ReleaseRefused(`SHA-256 mismatch: got ${sha}, the release says ${release.sha256}`);
}
