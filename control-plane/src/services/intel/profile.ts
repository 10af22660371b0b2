// The attacker profile, derived on read from folded counters: behaviour class, tool guesses and
// timing statistics. Pure functions, so the same aggregates always give the same profile.
import type { AttackerRow } from '../../db/schema';

/** DECNET's classes (inventory §8.1), from folded counters and inter-arrival statistics. */
export type BehaviorClass = 'slow_scan' | 'scanning' | 'brute_force' | 'beaconing' | 'interactive' | 'mixed' | 'unknown';

export interface Timing {
  count: number;
  meanIatS: number | null;
  stdevIatS: number | null;
  /** Coefficient of variation (stdev / mean): low for machines, high for humans. */
  cv: number | null;
}

export function timingOf(a: Pick<AttackerRow, 'iatCount' | 'iatSumS' | 'iatSumSqS'>): Timing {
  if (a.iatCount === 0) return { count: 0, meanIatS: null, stdevIatS: null, cv: null };
  const mean = a.iatSumS / a.iatCount;
  const variance = Math.max(0, a.iatSumSqS / a.iatCount - mean * mean);
  const stdev = Math.sqrt(variance);
  return { count: a.iatCount, meanIatS: mean, stdevIatS: stdev, cv: mean > 0 ? stdev / mean : null };
}

export type Counters = Pick<AttackerRow, 'eventCount' | 'connectCount' | 'authCount' | 'commandCount' | 'requestCount' | 'iatCount' | 'iatSumS' | 'iatSumSqS'> & {
  services: string[];
};

/** Counters of several addresses as one actor (an identity): sums, and the union of services. */
export function combineCounters(list: Counters[]): Counters {
  const sum = (k: keyof Omit<Counters, 'services'>) => list.reduce((n, c) => n + c[k], 0);
  return {
    eventCount: sum('eventCount'), connectCount: sum('connectCount'), authCount: sum('authCount'), commandCount: sum('commandCount'),
    requestCount: sum('requestCount'), iatCount: sum('iatCount'), iatSumS: sum('iatSumS'), iatSumSqS: sum('iatSumSqS'),
    services: [...new Set(list.flatMap((c) => c.services))],
  };
}

/** C2 frameworks' default beacon cadence (DECNET tools.py): period and jitter as CV. */
const C2_CADENCES: Array<[name: string, periodS: number, cv: number]> = [
  ['Cobalt Strike', 60, 0.2],
  ['Sliver', 60, 0.3],
  ['Havoc', 45, 0.1],
  ['Mythic', 30, 0.15],
];

export interface Beacon {
  periodS: number;
  jitterPct: number;
  /** C2 frameworks whose default cadence this matches (period within 15 %, jitter within 10 points). */
  likeC2: string[];
}

export interface Behaviour {
  behaviorClass: BehaviorClass;
  /** Every activity seen: scanning, slow_scan, brute_force, beaconing, interactive, scripted_commands (3+ commands). */
  signals: string[];
  beacon: Beacon | null;
}

/**
 * The behaviour class and its signals. DECNET's thresholds, applied as independent signals so that
 * an address doing two things (a brute force plus an nmap scan) is `mixed`, not whichever rule came
 * first; auth tries are counted without scanner probes (probes.ts), so a scan alone is no brute force.
 */
export function behaviourOf(a: Counters): Behaviour {
  const t = timingOf(a);
  const mean = t.meanIatS;
  const services = a.services.length;
  const signals: string[] = [];
  if (mean !== null && ((services >= 3 && mean < 10) || (services >= 2 && mean < 2))) signals.push('scanning');
  else if (mean !== null && services >= 2 && mean >= 10 && t.count >= 3) signals.push('slow_scan');
  if (a.authCount >= 8 && (mean === null || mean < 5)) signals.push('brute_force');
  // One or two commands inside a scan (a probe line a fake shell took) make no interactive session.
  if (a.commandCount >= 3) {
    // Commands typed by a person arrive seconds apart and irregularly; scripts fire them in bursts or on a beat.
    const scripted = (mean !== null && mean < 0.5) || (t.cv !== null && t.cv < 0.3 && t.count >= 5);
    signals.push(scripted ? 'scripted_commands' : 'interactive');
  }
  const periodic = mean !== null && mean >= 5 && t.cv !== null && t.cv < 0.35 && t.count >= 3;
  if (periodic && services <= 1 && a.authCount < 8) signals.push('beaconing');
  const beacon = periodic && mean !== null ? beaconOf(mean, t.cv ?? 0) : null;
  const activities = signals.filter((s) => s !== 'scripted_commands');
  let behaviorClass: BehaviorClass;
  if (a.eventCount < 3) behaviorClass = 'unknown';
  else if (activities.length === 1) behaviorClass = activities[0] as BehaviorClass;
  else if (activities.length > 1) behaviorClass = 'mixed';
  else if (signals.includes('scripted_commands')) behaviorClass = a.authCount > 0 ? 'brute_force' : 'mixed';
  else behaviorClass = a.authCount === 0 && a.connectCount + a.requestCount >= 3 ? 'scanning' : 'mixed';
  return { behaviorClass, signals, beacon: signals.includes('beaconing') ? beacon : null };
}

function beaconOf(periodS: number, cv: number): Beacon {
  const likeC2 = C2_CADENCES.filter(([, p, c]) => Math.abs(periodS - p) / p <= 0.15 && Math.abs(cv - c) <= 0.1).map(([n]) => n);
  return { periodS: Math.round(periodS * 100) / 100, jitterPct: Math.round(cv * 1000) / 10, likeC2 };
}

/** The class alone (list views). */
export function behaviorOf(a: Counters): BehaviorClass {
  return behaviourOf(a).behaviorClass;
}

const TOOL_PATTERNS: [RegExp, string][] = [
  [/^SSH-2\.0-libssh2/i, 'libssh2 (scripted SSH client)'],
  [/^SSH-2\.0-libssh[-_]/i, 'libssh'],
  [/paramiko/i, 'paramiko (Python SSH)'],
  [/^SSH-2\.0-Go\b/i, 'Go x/crypto/ssh (bot or scanner)'],
  [/asyncssh/i, 'AsyncSSH (Python)'],
  [/JSCH/i, 'JSch (Java SSH)'],
  [/PuTTY/i, 'PuTTY'],
  [/^SSH-2\.0-OpenSSH/i, 'OpenSSH client'],
  [/Nmap Scripting Engine|\bnmap\b/i, 'Nmap'],
  [/masscan/i, 'masscan'],
  [/zgrab/i, 'ZGrab'],
  [/nikto/i, 'Nikto'],
  [/sqlmap/i, 'sqlmap'],
  [/nuclei/i, 'Nuclei'],
  [/gobuster|dirbuster|ffuf|feroxbuster/i, 'content discovery tool'],
  [/hydra/i, 'THC Hydra'],
  [/metasploit|\bmsf\d?\b|Rex::|Meterpreter/i, 'Metasploit'],
  [/medusa/i, 'Medusa'],
  [/ncrack/i, 'Ncrack'],
  [/gophish/i, 'GoPhish'],
  [/wpscan/i, 'WPScan'],
  [/Nuclei - Open-source project|projectdiscovery/i, 'Nuclei'],
  [/censys|shodan|internet-measurement|expanse|Palo Alto Networks/i, 'internet-wide scanner (research)'],
  [/^curl\//i, 'curl'],
  [/^Wget\//i, 'Wget'],
  [/python-requests|aiohttp|python-urllib|httpx/i, 'Python HTTP client'],
  [/Go-http-client/i, 'Go HTTP client'],
  [/Mozilla\/5\.0/i, 'web browser'],
];

/** What the sniffer and ingest saw that names a tool: p0f's scanner labels and scanner probes. */
const FINGERPRINT_TOOLS: Array<[kind: string, re: RegExp, name: string]> = [
  ['os', /nmap/i, 'Nmap'],
  ['os', /masscan|zmap/i, 'masscan / ZMap'],
  ['probe', /^(?:nmap_marker|sip_request|rtsp_request|protocol_command|protocol_header|probe_residue)$/, 'Nmap (service probes)'],
  ['probe', /^(?:http_request|tls_hello|sslv2_hello|binary|empty)$/, 'service scanner probes'],
];

/** Tool guesses from client identification strings, fingerprints and timing. */
export function toolGuessesOf(clientHints: string[], timing: Timing, eventCount: number, fingerprints: Array<{ kind: string; value: string }> = []): string[] {
  const out = new Set<string>();
  for (const hint of clientHints) {
    for (const [re, name] of TOOL_PATTERNS) {
      if (re.test(hint)) {
        out.add(name);
        break;
      }
    }
  }
  for (const f of fingerprints) for (const [kind, re, name] of FINGERPRINT_TOOLS) if (f.kind === kind && re.test(f.value)) out.add(name);
  if (out.has('Nmap') || out.has('Nmap (service probes)')) out.delete('service scanner probes');
  if (eventCount >= 20 && timing.meanIatS !== null && timing.meanIatS < 0.2) out.add('automated (high request rate)');
  return [...out];
}
