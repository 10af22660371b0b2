// `--version` banners of GNU tools, with the coreutils/procps versions each distribution ships.

import type { ShellPersona } from '../persona';

export function coreutilsVersion(persona: ShellPersona): { version: string; year: string } {
  const p = persona.osPrettyName;
  if (persona.family === 'rhel') return /\b8(\.|\s)/.test(p) ? { version: '8.30', year: '2018' } : /\b7(\.|\s)/.test(p) ? { version: '8.22', year: '2013' } : { version: '8.32', year: '2020' };
  if (p.includes('24.04')) return { version: '9.4', year: '2023' };
  if (p.includes('20.04')) return { version: '8.30', year: '2018' };
  if (p.toLowerCase().includes('debian')) return /\b11\b/.test(p) ? { version: '8.32', year: '2020' } : { version: '9.1', year: '2022' };
  return { version: '8.32', year: '2020' };
}

/** "<cmd> (GNU coreutils) 8.32" banner with copyright, license and authors. */
export function gnuVersion(persona: ShellPersona, cmd: string, authors: string): string {
  const { version, year } = coreutilsVersion(persona);
  return `${cmd} (GNU coreutils) ${version}\nCopyright (C) ${year} Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by ${authors}.\n`;
}
