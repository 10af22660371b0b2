// Agent releases (issue 19): list, chunked upload (raw bytes, one PUT per chunk) then publish,
// register the built bundle, delete, push to host/site/all, per-host progress and rollback.
import type { HostUpdateView, ReleasePush, ReleaseView } from '@decnet/protocol';
import type { ApiClient } from './client';

export type { HostUpdateView, ReleaseView };

export interface ChunkSender {
  (path: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
}

export const releaseApi = (c: ApiClient, sendChunk: ChunkSender) => ({
  list: () => c.request<{ items: ReleaseView[] }>('GET', '/releases'),
  hosts: () => c.request<{ items: HostUpdateView[] }>('GET', '/releases/hosts'),
  fromBuild: () => c.request<ReleaseView>('POST', '/releases/from-build', { body: {} }),
  remove: (version: string) => c.request<void>('DELETE', `/releases/${encodeURIComponent(version)}`),
  push: (body: ReleasePush) => c.request<{ version: string; hosts: string[] }>('POST', '/releases/push', { body }),
  rollback: (hostId: string) => c.request<HostUpdateView>('POST', `/hosts/${encodeURIComponent(hostId)}/rollback`, { body: {} }),
  /** Creates the release, sends the file in the server's chunk size (progress 0..1), then publishes it. */
  async upload(version: string, file: Blob, sha256: string, onProgress: (f: number) => void): Promise<ReleaseView> {
    const r = await c.request<ReleaseView>('POST', '/releases', { body: { version, size: file.size, sha256 } });
    for (let i = 0; i < r.chunkCount; i++) {
      const part = new Uint8Array(await file.slice(i * r.chunkBytes, (i + 1) * r.chunkBytes).arrayBuffer());
      await sendChunk(`/releases/${encodeURIComponent(version)}/chunks/${i}`, part);
      onProgress((i + 1) / r.chunkCount);
    }
    return c.request<ReleaseView>('POST', `/releases/${encodeURIComponent(version)}/publish`, { body: {} });
  },
});

/** SHA-256 of a file, lowercase hex (WebCrypto; the file is read once, bounded by the 64 MiB release limit). */
export async function sha256Hex(file: Blob): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}
