// Test helper: a shell on a fixed persona and clock that records every emitted event, with a
// `run(line)` shortcut returning the output. Used by the *.test.ts files of this folder only.

import { createShell } from './shell';
import type { Shell, ShellOptions } from './shell';
import { exampleShellPersona } from './persona';
import type { ShellPersona } from './persona';

export const T0 = Date.UTC(2024, 4, 9, 10, 11, 12);

export interface TestSession {
  shell: Shell;
  persona: ShellPersona;
  events: Array<{ type: string; fields: Record<string, string> }>;
  run(line: string): string;
  /** Move the clock forward. */
  advance(ms: number): void;
}

export function testSession(opts: { user?: string; persona?: ShellPersona; password?: string; session?: ShellOptions['session'] } = {}): TestSession {
  const persona = opts.persona ?? exampleShellPersona('alpha');
  let now = T0;
  const events: TestSession['events'] = [];
  const shell = createShell({
    persona,
    user: opts.user ?? 'deploy',
    emit: (type, fields) => events.push({ type, fields }),
    now: () => new Date(now),
    session: { remoteIp: '198.51.100.7', remotePort: 51_234, loginPassword: opts.password ?? 'hunter2', ...opts.session },
  });
  return {
    shell,
    persona,
    events,
    run: (line) => shell.execute(line).output,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** The persona of issue 18's check: Debian 12 with its kernel, otherwise the example persona. */
export function debian12Persona(seed: string): ShellPersona {
  return {
    ...exampleShellPersona(seed),
    osPrettyName: 'Debian GNU/Linux 12 (bookworm)',
    kernelRelease: '6.1.0-18-amd64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)',
  };
}
