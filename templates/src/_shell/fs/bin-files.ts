// Executables in /usr/bin and /usr/sbin for the commands the shell implements (and only those, so
// `which x` and "command not found" never disagree), as fake ELF files of plausible size whose
// `exec` tag names the emulated command; plus the merged-/usr symlinks of modern distributions.

import type { ShellPersona } from '../persona';
import type { TreeBuilder } from './tree-builder';
import { hash32 } from '../sys/rng';

export interface BinarySpec {
  /** Command name as typed. */
  name: string;
  /** Absolute path of the executable, e.g. "/usr/bin/ls". */
  path: string;
}

const KNOWN_SIZES: Record<string, number> = {
  bash: 1_396_520, ls: 142_312, cat: 35_280, cp: 141_824, mv: 137_728, rm: 59_912, mkdir: 68_000, ps: 137_688,
  grep: 186_936, wget: 502_160, curl: 260_328, uname: 35_240, id: 39_424, chmod: 59_896, chown: 68_120,
  ip: 737_968, head: 43_432, tail: 68_048, date: 104_960, df: 84_808, free: 27_208, sudo: 232_416, sh: 125_688,
};

/** A 64-bit little-endian ELF header for the persona's architecture, then filler bytes up to `size`. */
export function fakeElf(arch: string, name: string, size: number): string {
  const machine = arch === 'aarch64' || arch === 'arm64' ? 0xb7 : 0x3e;
  const header = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, machine, 0, 1, 0, 0, 0];
  let x = hash32(name) || 1;
  const out: string[] = [String.fromCharCode(...header)];
  let remaining = size - header.length;
  while (remaining > 0) {
    const chunk = Math.min(remaining, 4096);
    const bytes: number[] = [];
    for (let i = 0; i < chunk; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes.push(i % 7 === 0 ? 0 : (x >>> 0) & 0xff);
    }
    out.push(String.fromCharCode(...bytes));
    remaining -= chunk;
  }
  return out.join('');
}

export function addBinaries(t: TreeBuilder, persona: ShellPersona, binaries: readonly BinarySpec[], installedAtMs: number): void {
  const merged = persona.family !== 'alpine';
  for (const d of ['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/libexec']) t.dir(d, { mtimeMs: installedAtMs });
  if (merged) {
    t.link('/bin', 'usr/bin', { mtimeMs: installedAtMs });
    t.link('/sbin', 'usr/sbin', { mtimeMs: installedAtMs });
    t.link('/lib', 'usr/lib', { mtimeMs: installedAtMs });
    if (persona.arch === 'x86_64') {
      t.dir('/usr/lib64', { mtimeMs: installedAtMs });
      t.link('/lib64', 'usr/lib64', { mtimeMs: installedAtMs });
    }
  } else {
    t.dir('/bin', { mtimeMs: installedAtMs });
    t.dir('/sbin', { mtimeMs: installedAtMs });
    t.dir('/lib', { mtimeMs: installedAtMs });
  }
  for (const b of binaries) {
    if (t.has(b.path)) continue;
    const h = hash32(`${persona.seed}:${b.name}`);
    const size = KNOWN_SIZES[b.name] ?? 27_000 + (hash32(b.name) % 120_000);
    const mtimeMs = installedAtMs - (30 + (hash32(b.name) % 500)) * 86_400_000 - (h % 86_400) * 1000;
    const setuid = b.name === 'sudo' || b.name === 'su' || b.name === 'passwd';
    t.file(b.path, () => fakeElf(persona.arch, b.name, size), { mode: setuid ? 0o4755 : 0o755, size, exec: b.name, mtimeMs });
  }
}
