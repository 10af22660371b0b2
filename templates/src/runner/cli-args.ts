// Command line of the per-decky runner process (main.ts): what the host agent's local and docker
// runtimes pass. Parsing only; errors are thrown as CliError with a usage hint.
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import type { ArchetypeSlug, DistroSlug, OsFamily } from '@decnet/protocol';
import { isArchetypeSlug, isDistroSlug, isOsFamily } from '@decnet/protocol';

export const USAGE = 'usage: main.ts --decky NAME [--archetype A] [--services ssh,http] [--host 127.0.0.1[,127.0.0.2...]] [--port-map ssh=2222,http=8080] [--config-json JSON] [--artifacts DIR] [--distro D] [--nmap-os F] [--ip IP] [--log-file PATH [--log-file-max-bytes N] [--orphan-grace-ms MS]]';

export class CliError extends Error {}

/** `--help`: print the usage and exit 0 (the template image's default command). */
export class HelpRequested extends Error {}

export interface RunnerArgs {
  decky: string;
  archetype?: ArchetypeSlug;
  distro?: DistroSlug;
  nmapOs?: OsFamily;
  ip?: string;
  services?: string[];
  /** The first bind address (of `hosts`). */
  host: string;
  /** Every address the services listen on (a multi-homed topology decky on the local runtime has several). */
  hosts: string[];
  portMap: Record<string, number>;
  config: Record<string, Record<string, string>>;
  artifacts?: string;
  /** Append events to this file instead of stdout; stdin is then the agent's pipe (agent-link.ts). */
  logFile?: string;
  /** Past this size the runner asks its agent for the next file. */
  logFileMaxBytes: number;
  /** How long the runner keeps serving (and logging to its file) after its agent's pipe closed. */
  orphanGraceMs: number;
}

const DEFAULT_LOG_FILE_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_ORPHAN_GRACE_MS = 60_000;

function parseCount(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(n)) throw new CliError(`--${name}: want a non-negative integer, got "${text.slice(0, 32)}"`);
  return n;
}

/** A multi-homed decky has one address per LAN; more than this is not a decky. */
const MAX_HOSTS = 16;

function parseHosts(text: string | undefined): string[] {
  const hosts = (text ?? '0.0.0.0').split(',').map((h) => h.trim());
  if (hosts.length > MAX_HOSTS) throw new CliError(`--host: at most ${MAX_HOSTS} addresses`);
  const bad = hosts.find((h) => isIP(h) === 0);
  if (bad !== undefined) throw new CliError(`--host: not an IP address "${bad.slice(0, 64)}"`);
  return [...new Set(hosts)];
}

function parsePortMap(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [svc, port] = part.split('=');
    const n = Number(port);
    if (!svc || !Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port-map: bad entry "${part}" (want service=port)`);
    out[svc.trim()] = n;
  }
  return out;
}

function parseConfig(text: string | undefined): Record<string, Record<string, string>> {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError('--config-json: not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CliError('--config-json: want {"service": {"key": "value"}}');
  const out: Record<string, Record<string, string>> = {};
  for (const [svc, keys] of Object.entries(raw)) {
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new CliError(`--config-json: "${svc}" must be an object`);
    out[svc] = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, String(v)]));
  }
  return out;
}

const OPTIONS = {
  decky: { type: 'string' }, archetype: { type: 'string' }, services: { type: 'string' }, host: { type: 'string' },
  'port-map': { type: 'string' }, 'config-json': { type: 'string' }, artifacts: { type: 'string' },
  distro: { type: 'string' }, 'nmap-os': { type: 'string' }, ip: { type: 'string' }, help: { type: 'boolean' },
  'log-file': { type: 'string' }, 'log-file-max-bytes': { type: 'string' }, 'orphan-grace-ms': { type: 'string' },
} as const;

function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true });
  } catch (err) {
    // node:util reports unknown options and missing values as TypeError (ERR_PARSE_ARGS_*).
    throw new CliError((err as Error).message);
  }
}

export function parseRunnerArgs(argv: readonly string[]): RunnerArgs {
  const { values } = parseStrict(argv);
  if (values.help) throw new HelpRequested(USAGE);
  if (!values.decky) throw new CliError('--decky is required');
  if (values.archetype !== undefined && !isArchetypeSlug(values.archetype)) throw new CliError(`--archetype: unknown "${values.archetype}"`);
  if (values.distro !== undefined && !isDistroSlug(values.distro)) throw new CliError(`--distro: unknown "${values.distro}"`);
  if (values['nmap-os'] !== undefined && !isOsFamily(values['nmap-os'])) throw new CliError(`--nmap-os: unknown "${values['nmap-os']}"`);
  const hosts = parseHosts(values.host);
  return {
    decky: values.decky,
    archetype: values.archetype as ArchetypeSlug | undefined,
    distro: values.distro as DistroSlug | undefined,
    nmapOs: values['nmap-os'] as OsFamily | undefined,
    ip: values.ip,
    services: values.services?.split(',').map((s) => s.trim()).filter(Boolean),
    host: hosts[0]!,
    hosts,
    portMap: parsePortMap(values['port-map']),
    config: parseConfig(values['config-json']),
    artifacts: values.artifacts,
    logFile: values['log-file'],
    logFileMaxBytes: parseCount('log-file-max-bytes', values['log-file-max-bytes'], DEFAULT_LOG_FILE_MAX_BYTES),
    orphanGraceMs: parseCount('orphan-grace-ms', values['orphan-grace-ms'], DEFAULT_ORPHAN_GRACE_MS),
  };
}
