// A small chrooted virtual filesystem for one FTP login: a persona-derived tree (see tree.ts) plus the
// files attackers upload, which stay visible to later sessions of the same decky account (bounded).

export interface FtpNode {
  kind: 'file' | 'dir';
  mode: number;
  owner: string;
  group: string;
  uid: number;
  gid: number;
  mtimeMs: number;
  /** Files: size and lazily produced bytes. */
  size: number;
  content?: () => Buffer;
  /** Stored by an attacker's STOR/APPE. */
  uploaded?: boolean;
}

export const MAX_UPLOADED_FILES = 64;

/** Normalises an FTP path against `cwd` inside the chroot ("/.." stays "/"). */
export function resolvePath(cwd: string, arg: string): string {
  const parts = (arg.startsWith('/') ? arg : `${cwd}/${arg}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

export const parentOf = (p: string): string => resolvePath(p, '..');
export const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export class FtpFs {
  constructor(private readonly nodes: Map<string, FtpNode>) {}

  get(path: string): FtpNode | undefined {
    return this.nodes.get(path);
  }

  /** Direct children of a directory, sorted by name as ls does in the C locale. */
  list(dir: string): Array<[string, FtpNode]> {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const out: Array<[string, FtpNode]> = [];
    for (const [p, n] of this.nodes) {
      if (p !== dir && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push([p.slice(prefix.length), n]);
    }
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  uploadedCount(): number {
    let n = 0;
    for (const node of this.nodes.values()) if (node.uploaded) n++;
    return n;
  }

  /** Adds or replaces a node; false when the upload quota is used up. */
  put(path: string, node: FtpNode): boolean {
    if (node.uploaded && !this.nodes.has(path) && this.uploadedCount() >= MAX_UPLOADED_FILES) return false;
    this.nodes.set(path, node);
    return true;
  }

  remove(path: string): void {
    const prefix = `${path}/`;
    for (const p of [...this.nodes.keys()]) if (p === path || p.startsWith(prefix)) this.nodes.delete(p);
  }

  rename(from: string, to: string): void {
    const prefix = `${from}/`;
    for (const [p, n] of [...this.nodes]) {
      if (p === from || p.startsWith(prefix)) {
        this.nodes.delete(p);
        this.nodes.set(to + p.slice(from.length), n);
      }
    }
  }
}
