// Runs a real client binary (curl, nmap, redis-cli, mysql, swaks, lftp) with a timeout and returns
// its output; `hasBinary` lets tests skip cleanly where a Debian package is missing.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function hasBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function runCli(cmd: string, args: string[], options: { timeoutMs?: number; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: options.timeoutMs ?? 15_000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

const PROBES_FILE = '/usr/share/nmap/nmap-service-probes';

/**
 * The service line of `nmap -sV -p PORT 127.0.0.1`, e.g. "6379/tcp open  redis   Redis key-value
 * store 6.0.16". `asPorts` lists probes (e.g. "redis-server") nmap should treat as native to PORT, as
 * it does for the service's well-known port (`ports` and `sslports`), via a --datadir copy of the probe file.
 */
export async function nmapServiceLine(port: number, options: { asPorts?: string[]; extra?: string[] } = {}): Promise<string> {
  let datadir: string | undefined;
  const args = ['-sV', '-Pn', '-n', '-p', String(port), ...(options.extra ?? [])];
  if (options.asPorts?.length) {
    datadir = mkdtempSync(join(tmpdir(), 'decnet-nmap-'));
    const names = new Set(options.asPorts);
    let current = '';
    const lines = readFileSync(PROBES_FILE, 'utf8').split('\n').map((l) => {
      const probe = /^Probe TCP (\S+)/.exec(l);
      if (probe) current = probe[1] ?? '';
      return names.has(current) && /^(ssl)?ports /.test(l) ? `${l},${port}` : l;
    });
    writeFileSync(join(datadir, 'nmap-service-probes'), lines.join('\n'));
    args.push('--datadir', datadir);
  }
  try {
    const r = await runCli('nmap', [...args, '127.0.0.1'], { timeoutMs: 60_000 });
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${port}/tcp`));
    return line ?? `(no service line) ${r.stdout}${r.stderr}`;
  } finally {
    if (datadir) rmSync(datadir, { recursive: true, force: true });
  }
}
