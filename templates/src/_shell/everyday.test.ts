// Issue 18's check: log into a Debian 12 persona as root and run 64 everyday commands an intruder
// types; count "command not found" and results that differ from a real (offline) Debian 12 server.

import { describe, it, expect } from 'vitest';
import { debian12Persona, testSession } from './test-session';
import type { ShellPersona } from './persona';
import { EVERYDAY } from './everyday-table';

interface Tally {
  notFound: string[];
  wrong: string[];
}

export function tallyEveryday(persona: ShellPersona): Tally {
  const s = testSession({ user: 'root', persona });
  const t: Tally = { notFound: [], wrong: [] };
  for (const [cmd, want] of EVERYDAY) {
    const output = s.run(cmd);
    const code = Number(s.run('echo $?').trim());
    if (code === 127 || /command not found/.test(output)) t.notFound.push(cmd);
    else if ((want === 'ok' && code !== 0) || (want === 'fail' && code === 0)) t.wrong.push(`${cmd} -> ${code}`);
  }
  return t;
}

describe('everyday commands on a Debian 12 persona (issue 18)', () => {
  it('has 64 commands in the table', () => {
    expect(EVERYDAY.length).toBe(64);
  });

  it('answers every one the way an offline Debian 12 server does', () => {
    const t = tallyEveryday(debian12Persona('everyday'));
    console.info(`everyday commands: ${EVERYDAY.length}, command not found: ${t.notFound.length}, other failures: ${t.wrong.length}`, t);
    expect(t.notFound).toEqual([]);
    expect(t.wrong).toEqual([]);
  });
});
