// The llmnr persona part: the NetBIOS name a Windows persona answers to (never used to answer; the
// detector must not probe for it) and the decky's seeded probe names, which look like mistyped or
// retired share hosts ("filesrv02", "prnsrv", "backp01") so a poisoner cannot tell them from a user's typo.
// `ps`: nothing on Linux personas (no resolver daemon listens on 5355 that a user could see; honest
// rather than a fake systemd-resolved whose LLMNR the persona's other services do not show).
import type { PersonaBasis } from '../service';

export interface LlmnrPersona {
  netbiosName: string;
  /** Names this decky asks for; nothing on the LAN owns them. */
  probeNames: string[];
}

const STEMS = ['filesrv', 'fileserv', 'fs', 'nas', 'printsrv', 'prnsrv', 'backp', 'bkupsrv', 'scan', 'shares', 'fileshare', 'sqlsrv', 'appsrv', 'intranet', 'dfs', 'archiv'];

export function llmnrPersona(b: PersonaBasis): LlmnrPersona {
  const rng = b.rng('llmnr');
  const own = (b.windows?.netbiosComputer ?? b.hostname).toUpperCase().slice(0, 15);
  const probeNames = new Set<string>();
  for (let i = 0; i < 24 && probeNames.size < 8; i++) {
    const stem = rng.pick(STEMS);
    const style = rng.int(0, 3);
    const name = style === 0 ? stem : style === 1 ? `${stem}${String(rng.int(1, 9)).padStart(2, '0')}` : style === 2 ? `${stem}${rng.int(2, 9)}` : `${stem}-old`;
    if (name.toUpperCase() !== own) probeNames.add(name);
  }
  return { netbiosName: own, probeNames: [...probeNames] };
}
