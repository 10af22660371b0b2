// A bounded in-memory upload buffer (scp/sftp) and the `file_captured` event DECNET's SSH file
// catcher emits: stored_as, sha256, size, orig_path, ssh_user.
import type { TemplateContext } from '../template';

export class UploadBuffer {
  private readonly chunks: Array<{ offset: number; data: Uint8Array }> = [];
  private kept = 0;
  /** Highest end offset seen, counting bytes not kept. */
  private end = 0;
  truncated = false;

  constructor(readonly path: string, private readonly maxBytes: number) {}

  /** Store `data` at `offset` (SFTP writes carry offsets; scp writes are sequential). */
  write(offset: number, data: Uint8Array): void {
    this.end = Math.max(this.end, offset + data.length);
    if (offset >= this.maxBytes) {
      this.truncated = true;
      return;
    }
    const room = Math.min(data.length, this.maxBytes - offset);
    if (room < data.length) this.truncated = true;
    // Copy: the transport reuses its buffers.
    const part = Uint8Array.from(data.subarray(0, room));
    this.chunks.push({ offset, data: part });
    this.kept += part.length;
  }

  append(data: Uint8Array): void {
    this.write(this.end, data);
  }

  get size(): number {
    return this.end;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(Math.min(this.end, this.maxBytes));
    for (const c of this.chunks) out.set(c.data.subarray(0, Math.max(0, out.length - c.offset)), c.offset);
    return out;
  }
}

export async function captureUpload(ctx: TemplateContext<unknown>, upload: UploadBuffer, user: string, method: 'scp' | 'sftp'): Promise<void> {
  const name = upload.path.split('/').pop() ?? 'upload';
  const art = await ctx.capture(name, upload.bytes());
  ctx.emit('file_captured', {
    stored_as: art.storedAs ?? '',
    sha256: art.sha256,
    size: upload.size,
    orig_path: upload.path.slice(0, 1024),
    ssh_user: user,
    method,
    truncated: upload.truncated ? 1 : 0,
  });
}
