// Reads nmap's service database (nmap-service-probes) for tests: the match and softmatch lines of one
// probe as JS regexes, so a test can tell which line nmap would name a first read with.
import { existsSync, readFileSync } from 'node:fs';

export const NMAP_SERVICE_PROBES = '/usr/share/nmap/nmap-service-probes';

export interface NmapMatchLine {
  soft: boolean;
  service: string;
  re: RegExp;
  /** The p/…/ product, when the line names one. */
  product?: string;
  line: number;
}

/** Lines of `Probe TCP <probe>` (NULL by default); Perl-only patterns JS cannot compile are skipped. */
export function nmapMatchLines(probe = 'NULL', file = NMAP_SERVICE_PROBES): NmapMatchLine[] {
  if (!existsSync(file)) return [];
  const out: NmapMatchLine[] = [];
  let inProbe = false;
  readFileSync(file, 'latin1').split('\n').forEach((text, i) => {
    if (text.startsWith('Probe ')) inProbe = text.startsWith(`Probe TCP ${probe} `);
    if (!inProbe) return;
    const m = /^(match|softmatch) (\S+) m(.)/.exec(text);
    if (!m) return;
    const delim = m[3]!;
    const start = m[0].length;
    const end = text.indexOf(delim, start);
    if (end < 0) return;
    const flags = /^[si]*/.exec(text.slice(end + 1))![0];
    const rest = text.slice(end + 1 + flags.length);
    try {
      const re = new RegExp(text.slice(start, end), flags.replace(/[^si]/g, ''));
      out.push({ soft: m[1] === 'softmatch', service: m[2]!, re, product: /\sp\/([^/]*)\//.exec(rest)?.[1], line: i + 1 });
    } catch {
      // (?<name>…) with Perl-only syntax, possessive quantifiers: not needed for the lines we check.
    }
  });
  return out;
}

/** The first line matching `data` (bytes as latin1), in file order, the way nmap tries them. */
export function firstNmapMatch(lines: readonly NmapMatchLine[], data: Uint8Array): NmapMatchLine | undefined {
  const text = Buffer.from(data).toString('latin1');
  return lines.find((l) => !l.soft && l.re.test(text)) ?? lines.find((l) => l.soft && l.re.test(text));
}
