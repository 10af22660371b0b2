// Downloads a release bundle over mutual TLS (the agent's client certificate, only the pinned CA
// trusted) into a file, never more than the release's declared size: a longer answer is cut off.
import type { DesiredRelease } from '@decnet/protocol';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Agent, request } from 'undici';

export interface MtlsIdentity {
  mtlsUrl: string;
  keyPem: string;
  certPem: string;
  caPem: string;
}

export async function fetchBundle(id: MtlsIdentity, release: DesiredRelease, file: string, timeoutMs = 300_000): Promise<void> {
  const dispatcher = new Agent({ connect: { ca: id.caPem, cert: id.certPem, key: id.keyPem, rejectUnauthorized: true }, connections: 1 });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await request(new URL(release.url, id.mtlsUrl), { dispatcher, method: 'GET', signal, headersTimeout: 30_000, bodyTimeout: 60_000 });
    if (res.statusCode !== 200) {
      const text = (await res.body.text()).slice(0, 300);
      throw new Error(`download answered ${res.statusCode}: ${text}`);
    }
    const out = createWriteStream(file, { mode: 0o640 });
    let n = 0;
    try {
      for await (const chunk of res.body) {
        n += (chunk as Buffer).length;
        if (n > release.size) throw new Error(`the download is longer than the release's ${release.size} bytes`);
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
  } finally {
    await dispatcher.destroy().catch(() => {});
  }
}
