// The detectability catalogue's checks (../shared/reference/detectability.md) over DeckyViews: each
// gives pass/fail/skip with the evidence an attacker would have. Fleet checks compare deckies.
import type { RealismCheck, RealismEvidence } from '@decnet/protocol';
import { osKindOf, personaClaim, personaContradictions, type LayerText } from '@decnet/templates';
import type { LoginOutcome } from './logins';
import type { DeckyView } from './observe';

// D1: defaults other honeypots ship and detectors match (cowrie, dionaea, conpot, opencanary).
const STATIC_BANNERS: ReadonlyArray<[RegExp, string]> = [
  [/honeypot|cowrie|kippo|dionaea|opencanary|conpot|decnet|decky/i, 'names a honeypot'],
  [/OpenSSH_5\.1p1 Debian-4/, 'OpenCanary default SSH banner'],
  [/Apache\/2\.2\.22 \(Ubuntu\)/, 'OpenCanary default HTTP banner'],
  [/5\.5\.43-0ubuntu0\.14\.04\.1/, 'OpenCanary default MySQL version'],
  [/\bsvr04\b|\bphil\b|\brichard\b/, 'Cowrie default host/user'],
  [/Technodrome|88111222|Siemens, SIMATIC, S7-200/, 'Conpot default template'],
];

const check = (id: RealismCheck['id'], evidence: RealismEvidence[], pass: string, fail: string): RealismCheck =>
  ({ id, status: evidence.some((e) => e.expected !== undefined) ? 'fail' : 'pass', summary: evidence.some((e) => e.expected !== undefined) ? fail : pass, evidence: evidence.slice(0, 64) });
const skip = (id: RealismCheck['id'], summary: string): RealismCheck => ({ id, status: 'skip', summary, evidence: [] });
const where = (s: { service: string; port: number }): string => `${s.service} (${s.port}/tcp)`;

/** The first line of a banner (ssh identification, 220 greeting) without its CR LF. */
function firstLine(text: string): string {
  return text.replace(/^(?:\\x[0-9a-f]{2})+/, '').split('\\r\\n')[0]!.split('\\n')[0]!;
}

export function nmapServicesCheck(v: DeckyView): RealismCheck {
  if (!v.nmapAvailable || !v.nmap) return skip('nmap-services', 'nmap is not installed on this sensor host (apt-get install nmap)');
  const ev: RealismEvidence[] = v.target.endpoints.map((ep) => {
    const p = v.nmap!.ports.find((x) => x.port === ep.port);
    const line = p ? `${p.state} ${p.service} ${p.version}`.trim() : 'not in nmap output';
    return p && p.state === 'open' && p.version !== '' ? { layer: `nmap -sV ${where(ep)}`, seen: line } : { layer: `nmap -sV ${where(ep)}`, seen: line, expected: `a named ${ep.service} product` };
  });
  return check('nmap-services', ev, 'nmap -sV names every service', 'nmap -sV leaves a service unnamed');
}

export function nmapOsCheck(v: DeckyView): RealismCheck {
  if (!v.nmapAvailable || !v.nmap) return skip('nmap-os', 'nmap is not installed on this sensor host');
  if (!v.nmap.osScan) return skip('nmap-os', 'nmap -O needs root (raw sockets); run the self-test as root');
  const guess = v.nmap.osGuess;
  if (!guess) return { id: 'nmap-os', status: 'skip', summary: 'nmap -O made no guess', evidence: [] };
  const found = personaContradictions(personaClaim(v.persona), { nmapOs: guess, layers: [] });
  return check('nmap-os', found.length ? found : [{ layer: 'nmap -O', seen: guess }], `nmap -O agrees with ${v.persona.osFamily}`, `nmap -O sees ${osKindOf(guess) ?? guess}, not ${v.persona.osFamily}`);
}

export function consistencyCheck(v: DeckyView, shell?: { uname?: string }): RealismCheck {
  const layers: LayerText[] = v.seen.map((s) => ({ layer: `${s.service} ${where(s)}`, text: s.service === 'telnet' ? s.text : firstLine(s.text) }));
  const serviceOs = v.nmap && !v.nmap.osScan ? v.nmap.osGuess : undefined;
  const found = personaContradictions(personaClaim(v.persona), { layers, ...(shell?.uname ? { uname: shell.uname } : {}), ...(serviceOs ? { nmapOs: serviceOs } : {}) });
  return check('persona-consistency', found.length ? found : layers.map((l) => ({ layer: l.layer, seen: l.text })), `every layer shows ${v.persona.osFamily}/${v.persona.distro}`, 'a layer contradicts the persona');
}

export function staticBannersCheck(v: DeckyView): RealismCheck {
  const ev: RealismEvidence[] = [];
  for (const s of v.seen) for (const [re, why] of STATIC_BANNERS) if (re.test(s.text)) ev.push({ layer: where(s), seen: s.text.slice(0, 300), expected: `no ${why}` });
  return check('static-banners', ev, 'no known honeypot default string', 'a known default banner is visible');
}

export function acceptAnyCheck(results: Array<{ service: string; port: number; outcome: LoginOutcome; seen: string }>): RealismCheck {
  if (results.length === 0) return skip('accept-any-password', 'no login service (ssh with sshpass, telnet, ftp) to try');
  const ev = results.map((r) => (r.outcome === 'accepted' ? { layer: where(r), seen: r.seen, expected: 'a random password refused' } : { layer: where(r), seen: `${r.outcome}: ${r.seen}` }));
  return check('accept-any-password', ev, 'a random password is refused everywhere', 'a random password was accepted');
}

export function timingCheck(v: DeckyView): RealismCheck {
  const t = [...v.firstByteMs].sort((a, b) => a - b);
  if (t.length < 3) return skip('timing', 'no service that speaks first');
  const spread = t[t.length - 1]! - t[0]!;
  const seen = `first byte after min ${t[0]!.toFixed(2)} / median ${t[Math.floor(t.length / 2)]!.toFixed(2)} / max ${t[t.length - 1]!.toFixed(2)} ms over ${t.length} connections`;
  // D7: identical, instant replies on every connection; real daemons fork/accept with some jitter.
  const uniform = spread < 0.02;
  return check('timing', [uniform ? { layer: 'banner latency', seen, expected: 'some jitter between connections' } : { layer: 'banner latency', seen }], 'reply times vary like a real host', 'every reply takes exactly the same time');
}

export function impossibleOutputsCheck(v: DeckyView, shell: { uname?: string; rmCode?: number | null; procCode?: number | null } | undefined, why: string): RealismCheck {
  if (!shell) return skip('impossible-outputs', why);
  const p = v.persona.shell;
  const want = `Linux ${p.hostname} ${p.kernelRelease} ${p.kernelVersion} ${p.arch} GNU/Linux`;
  const ev: RealismEvidence[] = [
    shell.uname === want ? { layer: 'uname -a', seen: shell.uname } : { layer: 'uname -a', seen: shell.uname ?? '', expected: want },
    shell.rmCode !== 0 ? { layer: 'rm of a missing file', seen: `exit ${String(shell.rmCode)}` } : { layer: 'rm of a missing file', seen: 'exit 0', expected: 'a failure (No such file or directory)' },
    shell.procCode !== 0 ? { layer: 'touch /proc/version', seen: `exit ${String(shell.procCode)}` } : { layer: 'touch /proc/version', seen: 'exit 0', expected: 'a failure (Permission denied)' },
  ];
  return check('impossible-outputs', ev, 'the shell answers like the claimed OS', 'the shell gave an impossible answer');
}

/** D9 fleet-wide: the same SSH host key or TLS certificate on two deckies, or the same greeting text. */
export function fleetChecks(views: DeckyView[]): Map<string, RealismCheck[]> {
  const out = new Map<string, RealismCheck[]>();
  const owners = (key: (v: DeckyView) => string[]): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const v of views) for (const k of key(v)) m.set(k, [...(m.get(k) ?? []), v.target.spec.name]);
    return m;
  };
  const keys = owners((v) => [...(v.sshKeys ?? []).map((k) => `ssh:${k}`), ...(v.tlsCert ? [`tls:${v.tlsCert}`] : [])]);
  const greetings = owners((v) => v.seen.filter((s) => s.service === 'telnet' || s.service === 'smtp' || s.service === 'ftp').map((s) => `${s.service}:${s.text}`));
  for (const v of views) {
    const name = v.target.spec.name;
    const shared: RealismEvidence[] = [...(v.sshKeys ?? []).map((k) => ['ssh host key', `ssh:${k}`]), ...(v.tlsCert ? [['TLS certificate', `tls:${v.tlsCert}`]] : [])].map(([layer, k]) => {
      const others = (keys.get(k!) ?? []).filter((n) => n !== name);
      return others.length ? { layer: layer!, seen: `sha256 ${k!.slice(4, 20)}… also on ${others.slice(0, 5).join(', ')}`, expected: 'a key of its own' } : { layer: layer!, seen: `sha256 ${k!.slice(4, 20)}…` };
    });
    const keyCheck = shared.length ? check('shared-keys', shared, 'host keys and certificates are its own', 'a key or certificate is shared with another decky') : skip('shared-keys', 'no ssh (with ssh-keyscan) or TLS service');
    const same: RealismEvidence[] = v.seen.filter((s) => s.service === 'telnet' || s.service === 'smtp' || s.service === 'ftp').map((s) => {
      const others = (greetings.get(`${s.service}:${s.text}`) ?? []).filter((n) => n !== name);
      return others.length ? { layer: where(s), seen: `${s.text.slice(0, 200)} (also on ${others.slice(0, 5).join(', ')})`, expected: 'a greeting with its own host name' } : { layer: where(s), seen: s.text.slice(0, 200) };
    });
    const constCheck = views.length < 2 ? skip('fleet-constants', 'one decky: nothing to compare') : same.length ? check('fleet-constants', same, 'no greeting repeated across the fleet', 'the same greeting on several deckies') : skip('fleet-constants', 'no telnet, smtp or ftp greeting to compare');
    out.set(name, [keyCheck, constCheck]);
  }
  return out;
}
