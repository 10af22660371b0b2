// Node and error types of the virtual filesystem, and the errno texts glibc prints for them
// (strerror), so every command reports failures with the exact wording of a real system.

export type NodeKind = 'file' | 'dir' | 'link' | 'chardev';

/** Content of a base file: a string, or computed on read (e.g. /proc/uptime at the shell's `now`). */
export type FileContent = string | ((nowMs: number) => string);

export interface VNode {
  kind: NodeKind;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  /** Regular files only. Binary data is a latin1 string (one char per byte). */
  content?: FileContent;
  /** Size reported by stat when content is computed (fake binaries); proc files report 0. */
  size?: number;
  /** Symlink target, as stored (may be relative). */
  target?: string;
  /** Registry name of the command a fake binary runs (`cp /usr/bin/ls /tmp/x; /tmp/x` still runs ls). */
  exec?: string;
  /** procfs: size 0, writes fail; dev: character device semantics. */
  special?: 'proc' | 'null' | 'zero' | 'random' | 'tty';
  /** Device numbers for `ls -l` ("1, 3"). */
  rdev?: [number, number];
  /** Content is regenerated on read (logs): the mtime looks recent, like a file being written to. */
  live?: boolean;
  /** Overlay directory that hides the base directory it replaced (overlayfs "opaque"). */
  opaque?: boolean;
}

export type Errno =
  | 'ENOENT'
  | 'EACCES'
  | 'EPERM'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'EEXIST'
  | 'ENOTEMPTY'
  | 'ENOSPC'
  | 'EIO'
  | 'ELOOP'
  | 'EINVAL'
  | 'ENAMETOOLONG'
  | 'EBUSY'
  | 'EXDEV';

export const ERRNO_TEXT: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ENOSPC: 'No space left on device',
  EIO: 'Input/output error',
  ELOOP: 'Too many levels of symbolic links',
  EINVAL: 'Invalid argument',
  ENAMETOOLONG: 'File name too long',
  EBUSY: 'Device or resource busy',
  EXDEV: 'Invalid cross-device link',
};

export type FsResult<T> = { ok: true; value: T } | { ok: false; errno: Errno };

export const ok = <T>(value: T): FsResult<T> => ({ ok: true, value });
export const fail = <T>(errno: Errno): FsResult<T> => ({ ok: false, errno });

/** Identity used for permission checks. */
export interface Cred {
  uid: number;
  gid: number;
  /** Supplementary groups. */
  groups: readonly number[];
}

export const ROOT_CRED: Cred = { uid: 0, gid: 0, groups: [0] };
