// nmap -sV (and -O when root) against one decky's ports, parsed into per-port service names and
// nmap's OS guess; absent when nmap is not installed (the report says so).
import { runTool } from './tools';

export interface NmapPort {
  port: number;
  state: string;
  service: string;
  /** Product and version as nmap prints them ("" when it could not name one). */
  version: string;
}

export interface NmapResult {
  ports: NmapPort[];
  /** "OS details:" / "Running:" / "Aggressive OS guesses:" first guess, or "Service Info: OS:". */
  osGuess?: string;
  osScan: boolean;
  raw: string;
}

export function parseNmap(stdout: string, osScan: boolean): NmapResult {
  const ports: NmapPort[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\d+)\/tcp\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (m) ports.push({ port: Number(m[1]), state: m[2]!, service: m[3]!, version: m[4]!.trim() });
  }
  const os = /^OS details: (.+)$/m.exec(stdout)?.[1] ?? /^Aggressive OS guesses: ([^,(]+)/m.exec(stdout)?.[1] ?? /^Running(?: \(JUST GUESSING\))?: (.+)$/m.exec(stdout)?.[1] ?? /Service Info: .*?OS: ([^;\n]+)/.exec(stdout)?.[1];
  return { ports, ...(os ? { osGuess: os.trim().slice(0, 200) } : {}), osScan, raw: stdout.slice(0, 20_000) };
}

/** undefined: nmap is not installed. -O needs raw sockets (root). */
export async function nmapScan(host: string, ports: number[], opts: { osScan: boolean; timeoutMs?: number }): Promise<NmapResult | undefined> {
  const args = ['-sV', '-Pn', '-n', '--version-intensity', '5', '-p', ports.join(','), ...(opts.osScan ? ['-O', '--osscan-guess'] : []), host];
  const r = await runTool('nmap', args, opts.timeoutMs ?? 180_000);
  if (!r) return undefined;
  return parseNmap(r.stdout, opts.osScan);
}
