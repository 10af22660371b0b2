// Virtual filesystem: overlay semantics (copy-on-write, whiteouts, opaque directories), Unix
// permissions including the sticky bit, symlinks, quotas and procfs rules.

import { describe, it, expect } from 'vitest';
import { VirtualFs } from './vfs';
import { TreeBuilder } from './tree-builder';
import { ROOT_CRED } from './vfs-types';
import type { Cred } from './vfs-types';
import { LIMITS } from '../limits';

const BOB: Cred = { uid: 1000, gid: 1000, groups: [1000] };
const EVE: Cred = { uid: 1001, gid: 1001, groups: [1001] };

function fixture(): VirtualFs {
  const t = new TreeBuilder(0);
  t.dir('/etc').file('/etc/passwd', 'root:x:0:0\n').file('/etc/shadow', 'secret\n', { mode: 0o640 });
  t.dir('/root', { mode: 0o700 }).file('/root/.bashrc', 'x');
  t.dir('/tmp', { mode: 0o1777 });
  t.dir('/home/bob', { uid: 1000, gid: 1000 }).file('/home/bob/notes', 'hi', { uid: 1000, gid: 1000 });
  t.dir('/usr/bin').link('/bin', 'usr/bin').file('/usr/bin/ls', 'ELF', { mode: 0o755, exec: 'ls' });
  t.dir('/proc', { mode: 0o555 }).file('/proc/uptime', (now) => `${now / 1000}\n`, { mode: 0o444, special: 'proc' });
  return new VirtualFs(t.build(), () => 5000);
}

describe('VirtualFs', () => {
  it('reads base files, computed proc files and follows symlinks', () => {
    const fs = fixture();
    expect(fs.readFile('/etc/passwd', BOB)).toEqual({ ok: true, value: 'root:x:0:0\n' });
    expect(fs.readFile('/proc/uptime', BOB)).toEqual({ ok: true, value: '5\n' });
    expect(fs.stat('/bin/ls', BOB).ok && fs.stat('/bin/ls', BOB)).toMatchObject({ value: { path: '/usr/bin/ls' } });
    expect(fs.readdir('/', BOB)).toEqual({ ok: true, value: ['bin', 'etc', 'home', 'proc', 'root', 'tmp', 'usr'] });
  });

  it('enforces permissions like the kernel', () => {
    const fs = fixture();
    expect(fs.readFile('/etc/shadow', BOB)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fs.readFile('/root/.bashrc', BOB)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fs.readdir('/root', BOB)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fs.writeFile('/etc/new', 'x', BOB)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fs.readFile('/etc/shadow', ROOT_CRED).ok).toBe(true);
    expect(fs.readFile('/etc', BOB)).toEqual({ ok: false, errno: 'EISDIR' });
    expect(fs.readFile('/etc/passwd/x', BOB)).toEqual({ ok: false, errno: 'ENOTDIR' });
    expect(fs.chmod('/etc/passwd', 0o777, BOB)).toEqual({ ok: false, errno: 'EPERM' });
    expect(fs.chown('/home/bob/notes', 0, 0, BOB)).toEqual({ ok: false, errno: 'EPERM' });
  });

  it('honours the sticky bit in /tmp', () => {
    const fs = fixture();
    expect(fs.writeFile('/tmp/a', 'x', BOB).ok).toBe(true);
    expect(fs.unlink('/tmp/a', EVE)).toEqual({ ok: false, errno: 'EPERM' });
    expect(fs.unlink('/tmp/a', BOB).ok).toBe(true);
  });

  it('refuses writes and creation under /proc, with EIO for root', () => {
    const fs = fixture();
    expect(fs.writeFile('/proc/uptime', '1', BOB)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fs.writeFile('/proc/uptime', '1', ROOT_CRED)).toEqual({ ok: false, errno: 'EIO' });
    expect(fs.writeFile('/proc/new', '1', ROOT_CRED)).toEqual({ ok: false, errno: 'EACCES' });
    expect(fs.mkdir('/proc/d', ROOT_CRED)).toEqual({ ok: false, errno: 'EPERM' });
    expect(fs.unlink('/proc/uptime', ROOT_CRED)).toEqual({ ok: false, errno: 'EPERM' });
  });

  it('whiteouts hide base entries and recreated directories are opaque', () => {
    const fs = fixture();
    expect(fs.unlink('/root/.bashrc', ROOT_CRED).ok).toBe(true);
    expect(fs.rmdir('/root', ROOT_CRED).ok).toBe(true);
    expect(fs.stat('/root', ROOT_CRED)).toEqual({ ok: false, errno: 'ENOENT' });
    expect(fs.mkdir('/root', ROOT_CRED).ok).toBe(true);
    expect(fs.readdir('/root', ROOT_CRED)).toEqual({ ok: true, value: [] });
    expect(fs.stat('/root/.bashrc', ROOT_CRED)).toEqual({ ok: false, errno: 'ENOENT' });
    expect(fs.rmdir('/etc', ROOT_CRED)).toEqual({ ok: false, errno: 'ENOTEMPTY' });
  });

  it('renames files and whole directories', () => {
    const fs = fixture();
    fs.mkdir('/tmp/d', BOB);
    fs.writeFile('/tmp/d/f', 'data', BOB);
    expect(fs.rename('/tmp/d', '/tmp/e', BOB).ok).toBe(true);
    expect(fs.readFile('/tmp/e/f', BOB)).toEqual({ ok: true, value: 'data' });
    expect(fs.stat('/tmp/d', BOB).ok).toBe(false);
    expect(fs.rename('/tmp/e', '/tmp/e/inside', BOB)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(fs.rename('/home/bob/notes', '/etc/notes', BOB)).toEqual({ ok: false, errno: 'EACCES' });
  });

  it('enforces the overlay quotas with ENOSPC and frees space on delete', () => {
    const fs = fixture();
    let created = 0;
    for (let i = 0; i < LIMITS.maxOverlayEntries + 50; i++) if (fs.writeFile(`/tmp/f${i}`, '', BOB).ok) created++;
    expect(created).toBe(LIMITS.maxOverlayEntries);
    expect(fs.writeFile('/tmp/more', '', BOB)).toEqual({ ok: false, errno: 'ENOSPC' });
    expect(fs.unlink('/tmp/f0', BOB).ok).toBe(true);
    expect(fs.writeFile('/tmp/more', 'x'.repeat(LIMITS.maxOverlayBytes + 1), BOB)).toEqual({ ok: false, errno: 'ENOSPC' });
    expect(fs.writeFile('/tmp/more', 'x', BOB).ok).toBe(true);
    expect(fs.usage().entries).toBe(LIMITS.maxOverlayEntries);
  });

  it('detects symlink loops and over-long names', () => {
    const fs = fixture();
    fs.symlink('b', '/tmp/a', ROOT_CRED);
    fs.symlink('a', '/tmp/b', ROOT_CRED);
    expect(fs.stat('/tmp/a', ROOT_CRED)).toEqual({ ok: false, errno: 'ELOOP' });
    expect(fs.writeFile(`/tmp/${'n'.repeat(300)}`, '', ROOT_CRED)).toEqual({ ok: false, errno: 'ENAMETOOLONG' });
  });
});
