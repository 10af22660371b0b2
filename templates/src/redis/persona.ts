// The redis persona part: the distro's redis-server version, INFO's os line and a seeded run_id
// (or the INI's `version` / `os_string`).
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export interface RedisPersona {
  version: string;
  /** INFO os, e.g. "Linux 5.15.0-105-generic x86_64" */
  os: string;
  runId: string;
}

function derived(b: PersonaBasis, runId: string): RedisPersona {
  if (b.foreign === 'bsd') return { version: '7.2.5', os: 'FreeBSD 14.1-RELEASE amd64', runId };
  if (b.foreign === 'cisco') return { version: '7.2.5', os: 'Linux 4.19.106 x86_64', runId };
  if (b.foreign) return { version: '5.0.14.1', os: 'Windows', runId };
  return { version: b.snap.redis, os: `Linux ${b.snap.kernelRelease} ${b.arch}`, runId };
}

export function redisPersona(b: PersonaBasis): RedisPersona {
  const p = derived(b, b.rng('redis').hex(40));
  return { ...p, version: configValue(b, 'redis', 'version') ?? p.version, os: configValue(b, 'redis', 'os_string') ?? p.os };
}

export function redisProcesses(): ShellProcessSeed[] {
  return [{ user: 'redis', command: '/usr/bin/redis-server 0.0.0.0:6379' }];
}
