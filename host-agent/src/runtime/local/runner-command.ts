// The command line of a runner process (a group of deckies: runner-group.ts appends `--group ID`; each
// decky's own flags go over stdin, built by runnerArgs). Compiled (the production build): this Node binary
// running dist/runner.mjs beside the agent bundle, with V8 flags that keep an idle runner small. From
// sources (tests under vitest): tsx and the templates runner's main.ts, resolved through the workspace.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeckySpec } from '@decnet/protocol';
import { compiledSibling } from '../../compiled';
import type { PlannedPort } from './port-plan';

export interface RunnerCommand {
  /** Executable and the arguments before the decky's own flags. */
  file: string;
  prefix: string[];
  /** A string unique to runner processes in their /proc/<pid>/cmdline (orphan reaping checks it). */
  marker: string;
  /** Working directory of the runner (never the caller's: the service user may not be able to enter it). */
  cwd: string;
}

/** A decky's config travels in one stdin line (a runner takes 1 MiB) and, for a single runner, in argv, which Linux caps at 128 KiB per string (MAX_ARG_STRLEN): stay well below both. */
export const MAX_CONFIG_ARG_BYTES = 100 * 1024;

/**
 * An idle decky needs little heap: a 1 MiB young-generation semi-space (default 16) keeps the pages a
 * scavenge touches few; the old generation is capped so a leak ends in a restart, not a swapping host:
 * 256 MB per decky of the group, at most 1 GB a process.
 */
export function runnerV8Flags(deckiesPerRunner = 1): string[] {
  return ['--max-semi-space-size=1', `--max-old-space-size=${Math.min(256 * Math.max(1, deckiesPerRunner), 1024)}`];
}

/**
 * glibc raises its mmap threshold when a large block is freed, after which big start-up buffers come
 * from the brk heap and stay resident: about one idle runner in two kept 8 MB more (72 instead of
 * 64 MB RSS). A fixed threshold hands them back. Set through env(1), which execs node in place (same
 * pid, and /proc/<pid>/cmdline still names the runner for orphan reaping).
 */
const ENV_BIN = '/usr/bin/env';
export const RUNNER_MALLOC_ENV = ['MALLOC_MMAP_THRESHOLD_=131072'];

export function defaultRunnerCommand(deckiesPerRunner = 1): RunnerCommand {
  const compiled = compiledSibling('./runner.mjs');
  if (compiled) {
    const node = [process.execPath, ...runnerV8Flags(deckiesPerRunner), compiled];
    const [file, ...prefix] = existsSync(ENV_BIN) ? [ENV_BIN, ...RUNNER_MALLOC_ENV, ...node] : node;
    return { file: file!, prefix, marker: compiled, cwd: dirname(compiled) };
  }
  const require = createRequire(import.meta.url);
  const main = join(dirname(require.resolve('@decnet/templates')), 'runner', 'main.ts');
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return { file: process.execPath, prefix: ['--import', tsx, main], marker: main, cwd: dirname(main) };
}

export class RunnerArgsError extends Error {
  override readonly name = 'RunnerArgsError';
}

/** `hosts`: the bind address, or a multi-homed decky's addresses comma-separated (primary first). */
export function runnerArgs(spec: DeckySpec, hosts: string, ports: readonly PlannedPort[], artifactsDir: string): string[] {
  const args = ['--decky', spec.name, '--host', hosts, '--artifacts', artifactsDir];
  args.push('--services', spec.services.join(','));
  const map = ports.map((p) => `${p.service}=${p.port}`).join(',');
  if (map) args.push('--port-map', map);
  if (spec.archetype) args.push('--archetype', spec.archetype);
  if (spec.nmapOs) args.push('--nmap-os', spec.nmapOs);
  if (spec.ip) args.push('--ip', spec.ip); // the persona's address (its fake `ip addr`), not the bind address
  if (Object.keys(spec.serviceConfig).length > 0) {
    const json = JSON.stringify(spec.serviceConfig);
    if (Buffer.byteLength(json) > MAX_CONFIG_ARG_BYTES) {
      throw new RunnerArgsError(`service config of ${spec.name} is ${Buffer.byteLength(json)} bytes; the local runner takes at most ${MAX_CONFIG_ARG_BYTES}`);
    }
    args.push('--config-json', json);
  }
  return args;
}
