// Reads an agent bundle's package.json (name and version) from its .tar.gz with Web APIs only
// (DecompressionStream + ustar headers), stopping as soon as it is found. Bounded: at most
// MANIFEST_MAX_BYTES of JSON, and the scan gives up after the whole (already size-capped) stream.
import { z } from 'zod';

const BLOCK = 512;
const MANIFEST_MAX_BYTES = 64 * 1024;
export const BUNDLE_NAME = 'decnet-agent-bundle';

const ManifestSchema = z.object({ name: z.string().max(100), version: z.string().max(64) });
export type BundleManifest = z.infer<typeof ManifestSchema>;

function octal(b: Uint8Array): number {
  const s = new TextDecoder().decode(b).replace(/\0.*$/s, '').trim();
  return s ? parseInt(s, 8) : 0;
}

function entryName(h: Uint8Array): string {
  const dec = new TextDecoder();
  const name = dec.decode(h.subarray(0, 100)).replace(/\0.*$/s, '');
  const prefix = dec.decode(h.subarray(345, 500)).replace(/\0.*$/s, '');
  return (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, '');
}

/** The bundle's top-level package.json, or null when the archive has none (or is not a gzip'd tar). */
export async function readBundleManifest(gz: ReadableStream<Uint8Array>): Promise<BundleManifest | null> {
  const reader = gz.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  let buf = new Uint8Array(0);
  const need = async (n: number): Promise<boolean> => {
    while (buf.length < n) {
      const { done, value } = await reader.read();
      if (done) return false;
      const next = new Uint8Array(buf.length + value.length);
      next.set(buf);
      next.set(value, buf.length);
      buf = next;
    }
    return true;
  };
  try {
    for (;;) {
      if (!(await need(BLOCK))) return null;
      const header = buf.subarray(0, BLOCK);
      if (header.every((b) => b === 0)) return null; // end of archive
      const name = entryName(header);
      const size = octal(header.subarray(124, 136));
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      buf = buf.slice(BLOCK);
      if (name === 'package.json' && size <= MANIFEST_MAX_BYTES) {
        if (!(await need(size))) return null;
        const parsed = ManifestSchema.safeParse(JSON.parse(new TextDecoder().decode(buf.subarray(0, size))));
        return parsed.success ? parsed.data : null;
      }
      // Skip the entry's data without keeping it.
      let skip = padded;
      while (skip > 0) {
        if (buf.length === 0 && !(await need(1))) return null;
        const n = Math.min(skip, buf.length);
        buf = buf.slice(n);
        skip -= n;
      }
    }
  } catch {
    return null; // not gzip, not tar, or not JSON
  } finally {
    await reader.cancel().catch(() => {});
  }
}
