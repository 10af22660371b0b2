// The attacker profile, derived on read from folded counters: behaviour class, tool guesses and
// timing statistics. Pure functions, so the same aggregates always give the same profile.
import type { AttackerRow } from '../../db/schema';

export type BehaviorClass = 'scanner' | 'brute_forcer' | 'interactive_human' | 'automated_bot' | 'unknown';

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

type Counters = Pick<AttackerRow, 'eventCount' | 'connectCount' | 'authCount' | 'commandCount' | 'requestCount' | 'iatCount' | 'iatSumS' | 'iatSumSqS'> & {
  services: string[];
};

export function behaviorOf(a: Counters): BehaviorClass {
  const t = timingOf(a);
  if (a.commandCount > 0) {
    // Commands typed by a person arrive seconds apart and irregularly; scripts fire them in bursts.
    const fast = t.meanIatS !== null && t.meanIatS < 0.5;
    const regular = t.cv !== null && t.cv < 0.3 && t.count >= 5;
    return fast || regular ? 'automated_bot' : 'interactive_human';
  }
  if (a.authCount >= 5) return 'brute_forcer';
  if (a.services.length >= 2 || a.connectCount + a.requestCount >= 3) return 'scanner';
  return a.eventCount < 3 ? 'unknown' : 'scanner';
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
  [/^curl\//i, 'curl'],
  [/^Wget\//i, 'Wget'],
  [/python-requests|aiohttp|python-urllib|httpx/i, 'Python HTTP client'],
  [/Go-http-client/i, 'Go HTTP client'],
  [/Mozilla\/5\.0/i, 'web browser'],
];

/** Tool guesses from client identification strings and timing. */
export function toolGuessesOf(clientHints: string[], timing: Timing, eventCount: number): string[] {
  const out = new Set<string>();
  for (const hint of clientHints) {
    for (const [re, name] of TOOL_PATTERNS) {
      if (re.test(hint)) {
        out.add(name);
        break;
      }
    }
  }
  if (eventCount >= 20 && timing.meanIatS !== null && timing.meanIatS < 0.2) out.add('automated (high request rate)');
  return [...out];
}
