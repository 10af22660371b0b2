// The files an FTP login sees, derived from the persona: a chrooted home with the distro's dotfiles
// (the fake shell's), the persona's files under that home and seeded bait (backups, notes), or the
// anonymous /srv/ftp tree. Names, sizes and dates differ per decky (D1/D9); content is made lazily.
import { skelFiles } from '../_shell/fs/skel-files';
import { makeRng } from '../_shell/sys/rng';
import type { ShellUser } from '../_shell/persona';
import type { Persona } from '../persona/types';
import type { FtpNode } from './vfs';

const DAY_MS = 86_400_000;

export interface TreeOptions {
  persona: Persona;
  /** The logged-in account, or undefined for anonymous. */
  user?: ShellUser;
  nowMs: number;
}

function companyOf(persona: Persona, rng: ReturnType<typeof makeRng>): string {
  const first = persona.domain.split('.')[0] ?? '';
  return first && !['local', 'localdomain', 'lan', 'corp', 'internal', 'home'].includes(first)
    ? first
    : rng.pick(['acme', 'northwind', 'initech', 'globex', 'contoso', 'umbrella', 'vandelay']);
}

/** Seeded pseudo-random bytes behind a gzip header, so `file` and magic checks look right. */
function gzipLike(seed: string, size: number): () => Buffer {
  return () => {
    const rng = makeRng(seed);
    const b = Buffer.alloc(size);
    for (let i = 0; i < size; i++) b[i] = rng.int(0, 255);
    Buffer.from([0x1f, 0x8b, 0x08, 0x00]).copy(b, 0);
    return b;
  };
}

const text = (s: string): { size: number; content: () => Buffer } => ({ size: Buffer.byteLength(s), content: () => Buffer.from(s) });

export function buildTree({ persona, user, nowMs }: TreeOptions): Map<string, FtpNode> {
  const rng = makeRng(`${persona.seed}:ftp:${user?.name ?? 'anonymous'}`);
  const installed = persona.shell.bootedAtMs - rng.int(40, 600) * DAY_MS;
  const nodes = new Map<string, FtpNode>();
  const owner = user?.name ?? 'root';
  const uid = user?.uid ?? 0;
  const gid = user?.gid ?? uid;
  const dir = (p: string, mode: number, mtimeMs: number, o = owner): void => {
    nodes.set(p, { kind: 'dir', mode, owner: o, group: o === 'root' && !user ? 'ftp' : o, uid: o === 'root' ? 0 : uid, gid: o === 'root' ? 0 : gid, mtimeMs, size: 4096 });
  };
  const file = (p: string, f: { size: number; content: () => Buffer }, mtimeMs: number, mode = 0o644): void => {
    nodes.set(p, { kind: 'file', mode, owner, group: user ? owner : 'root', uid, gid, mtimeMs, ...f });
  };
  const company = companyOf(persona, rng);
  const env = rng.pick(['prod', 'prd', 'live', 'stage', 'backup']);

  if (!user) {
    dir('/', 0o555, installed, 'root');
    dir('/pub', 0o755, nowMs - rng.int(5, 90) * DAY_MS, 'root');
    file('/pub/README', text(`${company} public file area\n\nFirmware and driver packages for field staff.\nUploads are not accepted here; mail ops@${persona.domain} for access.\n`), installed + DAY_MS);
    for (let i = 0; i < rng.int(1, 3); i++) {
      const name = `${rng.pick(['fw', 'driver', 'toolkit', 'agent'])}-${rng.int(1, 4)}.${rng.int(0, 12)}.${rng.int(0, 30)}.tar.gz`;
      const size = rng.int(40_000, 900_000);
      file(`/pub/${name}`, { size, content: gzipLike(`${persona.seed}:${name}`, size) }, nowMs - rng.int(3, 200) * DAY_MS);
    }
    return nodes;
  }

  dir('/', 0o750, installed);
  // The same dotfiles the SSH/Telnet shell shows for this account (D5).
  const skel = skelFiles(persona.shell.family, user.uid === 0, persona.distro.startsWith('ubuntu'));
  for (const [name, body] of Object.entries(skel)) file(`/${name}`, text(body), installed);
  const home = user.home.replace(/\/$/, '');
  for (const [path, content] of Object.entries(persona.shell.files)) {
    if (!path.startsWith(`${home}/`)) continue;
    const rel = path.slice(home.length);
    const parts = rel.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) dir(`/${parts.slice(0, i).join('/')}`, 0o755, installed + 2 * DAY_MS);
    file(rel, text(content), nowMs - rng.int(1, 60) * DAY_MS);
  }
  const backupsAt = nowMs - rng.int(0, 3) * DAY_MS;
  dir('/backups', 0o755, backupsAt);
  for (let i = rng.int(2, 5); i > 0; i--) {
    const day = new Date(backupsAt - i * rng.int(1, 7) * DAY_MS);
    const tag = day.toISOString().slice(0, 10).replace(/-/g, '');
    const name = `${company}-${env}-${tag}.tar.gz`;
    const size = rng.int(8_000, 96_000);
    file(`/backups/${name}`, { size, content: gzipLike(`${persona.seed}:${name}`, size) }, day.getTime() + rng.int(1, 4) * 3_600_000);
  }
  file('/README.txt', text(`${company} ${env} drop area\nRotation: keep last 14, nightly rsync from db${rng.int(1, 9)}.${persona.domain}\nContact: ops-${env}@${persona.domain}\n`), installed + rng.int(3, 30) * DAY_MS);
  return nodes;
}
