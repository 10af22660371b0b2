// Issue 18's check per family: log in as root on a Debian 12, Rocky 9, Alpine 3.19 and embedded
// BusyBox persona and run the 64 everyday commands in that family's idiom; count "not found" and
// failures where the real system answers, and answers where the real system has no such tool.

import { describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { T0, testSession } from './test-session';
import { everydayFor, type FamilyKey } from './everyday-families';

interface Gaps {
  notFound: string[];
  wrong: string[];
  /** Answered although the real system has no such command. */
  extra: string[];
}

function tally(family: FamilyKey): Gaps {
  const distro = family === 'rhel' ? 'rocky9' : family === 'debian' ? 'debian' : 'alpine';
  const persona = derivePersona({ deckyName: `everyday-${family}`, nmapOs: family === 'embedded' ? 'embedded' : 'linux', distro, services: ['ssh'], nowMs: T0 }).shell;
  const s = testSession({ user: 'root', persona });
  const g: Gaps = { notFound: [], wrong: [], extra: [] };
  for (const [cmd, want] of everydayFor(family)) {
    const output = s.run(`${cmd} 2>&1`);
    const code = Number(s.run('echo $?').trim());
    const missing = code === 127 || /(command )?not found\n/.test(output);
    if (want === 'optional') continue;
    if (want === 'absent') {
      if (!missing) g.extra.push(cmd);
    } else if (missing) g.notFound.push(cmd);
    else if ((want === 'ok' && code !== 0) || (want === 'fail' && code === 0)) g.wrong.push(`${cmd} -> ${code}`);
  }
  return g;
}

describe('everyday commands per family (issue 18)', () => {
  for (const family of ['debian', 'rhel', 'alpine', 'embedded'] as const) {
    it(`${family}: every command the real system has answers as it does`, () => {
      const g = tally(family);
      console.info(`everyday ${family}: not found ${g.notFound.length}, failing ${g.wrong.length}, present but absent on the real system ${g.extra.length}`, g);
      expect(g).toEqual({ notFound: [], wrong: [], extra: [] });
    });
  }
});
