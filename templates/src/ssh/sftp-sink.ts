// A small SFTP server (draft-ietf-secsh-filexfer-02, which OpenSSH speaks as version 3) that accepts
// uploads - `sftp put` and OpenSSH 9's scp, which runs over SFTP - into bounded buffers and captures
// them; downloads and listings of anything else look like an empty or missing path.
import type { Attributes, SFTPWrapper } from 'ssh2';
import type { TemplateContext } from '../template';
import { captureUpload, UploadBuffer } from './uploads';

// draft-ietf-secsh-filexfer-02 §7 status codes and §6.3 pflags.
const STATUS = { OK: 0, EOF: 1, NO_SUCH_FILE: 2, PERMISSION_DENIED: 3, FAILURE: 4, OP_UNSUPPORTED: 8 } as const;
const FXF_WRITE = 0x02;
const MAX_HANDLES = 64;
const MAX_UPLOADS = 64;
const KNOWN_DIRS = ['/', '/tmp', '/var/tmp', '/dev/shm', '/root', '/home', '/etc', '/usr', '/usr/bin', '/usr/local/bin', '/opt', '/var', '/run'];

function dirAttrs(nowS: number): Attributes {
  return { mode: 0o40755, uid: 0, gid: 0, size: 4096, atime: nowS, mtime: nowS };
}

/** Resolve `p` against the user's home like sftp-server's realpath; no symlinks, bounded length. */
export function resolvePath(home: string, p: string): string {
  const raw = p.slice(0, 4096);
  const parts = (raw.startsWith('/') ? raw : `${home}/${raw}`).split('/');
  const out: string[] = [];
  for (const seg of parts) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

type Handle = { kind: 'file'; upload: UploadBuffer } | { kind: 'dir'; done: boolean };

export function serveSftp(sftp: SFTPWrapper, ctx: TemplateContext<unknown>, user: string, home: string): void {
  const handles = new Map<number, Handle>();
  const files = new Map<string, number>();
  const dirs = new Set([...KNOWN_DIRS, home]);
  let nextHandle = 1;
  let uploads = 0;
  const nowS = (): number => Math.floor(ctx.now().getTime() / 1000);

  const open = (h: Handle): Buffer | undefined => {
    if (handles.size >= MAX_HANDLES) return undefined;
    const id = nextHandle++;
    handles.set(id, h);
    const b = Buffer.alloc(4);
    b.writeUInt32BE(id);
    return b;
  };
  const lookup = (b: Buffer): [number, Handle | undefined] => {
    const id = b.length === 4 ? b.readUInt32BE(0) : -1;
    return [id, handles.get(id)];
  };
  const stat = (reqId: number, path: string): void => {
    const full = resolvePath(home, path);
    const size = files.get(full);
    if (dirs.has(full)) sftp.attrs(reqId, dirAttrs(nowS()));
    else if (size !== undefined) sftp.attrs(reqId, { mode: 0o100644, uid: 0, gid: 0, size, atime: nowS(), mtime: nowS() });
    else sftp.status(reqId, STATUS.NO_SUCH_FILE, 'No such file');
  };

  // The client's EOF ends the subsystem. sshd then reports sftp-server's exit status 0 before
  // closing (scp treats a missing status as failure); ssh2's SFTP object has no exit(), so use its
  // protocol handle when present.
  sftp.on('end', () => {
    const raw = sftp as unknown as { _protocol?: { exitStatus?: (id: number, status: number) => void }; outgoing?: { id: number; state: string } };
    if (raw.outgoing?.state === 'open') raw._protocol?.exitStatus?.(raw.outgoing.id, 0);
    sftp.end();
  });
  sftp.on('error', () => undefined);

  sftp.on('REALPATH', (reqId, path) => {
    const full = resolvePath(home, path);
    sftp.name(reqId, [{ filename: full, longname: full, attrs: dirAttrs(nowS()) }]);
  });
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('OPEN', (reqId, filename, flags) => {
    const full = resolvePath(home, filename);
    if (!(flags & FXF_WRITE)) return sftp.status(reqId, files.has(full) ? STATUS.PERMISSION_DENIED : STATUS.NO_SUCH_FILE, files.has(full) ? 'Permission denied' : 'No such file');
    if (uploads >= MAX_UPLOADS) return sftp.status(reqId, STATUS.FAILURE, 'Failure');
    const h = open({ kind: 'file', upload: new UploadBuffer(full, ctx.limits.maxCaptureBytes) });
    if (!h) return sftp.status(reqId, STATUS.FAILURE, 'Failure');
    uploads++;
    sftp.handle(reqId, h);
  });
  sftp.on('WRITE', (reqId, handle, offset, data) => {
    const [, h] = lookup(handle);
    if (h?.kind !== 'file') return sftp.status(reqId, STATUS.FAILURE, 'Failure');
    h.upload.write(offset, data);
    sftp.status(reqId, STATUS.OK);
  });
  sftp.on('CLOSE', (reqId, handle) => {
    const [id, h] = lookup(handle);
    if (!h) return sftp.status(reqId, STATUS.FAILURE, 'Failure');
    handles.delete(id);
    sftp.status(reqId, STATUS.OK);
    if (h.kind === 'file') {
      files.set(h.upload.path, h.upload.size);
      captureUpload(ctx, h.upload, user, 'sftp').catch(() => undefined);
    }
  });
  sftp.on('FSTAT', (reqId, handle) => {
    const [, h] = lookup(handle);
    if (h?.kind === 'file') sftp.attrs(reqId, { mode: 0o100644, uid: 0, gid: 0, size: h.upload.size, atime: nowS(), mtime: nowS() });
    else sftp.status(reqId, STATUS.FAILURE, 'Failure');
  });
  sftp.on('OPENDIR', (reqId, path) => {
    const full = resolvePath(home, path);
    if (!dirs.has(full)) return sftp.status(reqId, STATUS.NO_SUCH_FILE, 'No such file');
    const h = open({ kind: 'dir', done: false });
    if (h) sftp.handle(reqId, h);
    else sftp.status(reqId, STATUS.FAILURE, 'Failure');
  });
  sftp.on('READDIR', (reqId) => sftp.status(reqId, STATUS.EOF));
  sftp.on('READ', (reqId) => sftp.status(reqId, STATUS.EOF));
  for (const ok of ['FSETSTAT', 'SETSTAT'] as const) sftp.on(ok, (reqId: number) => sftp.status(reqId, STATUS.OK));
  sftp.on('MKDIR', (reqId, path) => {
    if (dirs.size < 256) dirs.add(resolvePath(home, path));
    sftp.status(reqId, STATUS.OK);
  });
  sftp.on('REMOVE', (reqId, path) => sftp.status(reqId, files.delete(resolvePath(home, path)) ? STATUS.OK : STATUS.NO_SUCH_FILE));
  sftp.on('RENAME', (reqId) => sftp.status(reqId, STATUS.OK));
  for (const no of ['RMDIR', 'READLINK', 'SYMLINK', 'EXTENDED'] as const) sftp.on(no, (reqId: number) => sftp.status(reqId, STATUS.OP_UNSUPPORTED));
}
