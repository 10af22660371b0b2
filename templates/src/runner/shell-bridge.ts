// Opens the fake shell for an accepted SSH or Telnet login with the context's bound event log,
// and the helpers both templates share: credential checks against the persona's logins.
import { timingSafeEqual } from 'node:crypto';
import { createShell, type Shell } from '../_shell/shell';
import type { Persona } from '../persona/types';
import type { TemplateContext } from '../template';

export interface ShellLogin {
  user: string;
  password: string;
  protocol: 'ssh' | 'telnet';
  tty?: string;
  term?: string;
  /** Sees each event the shell emits (e.g. to learn a command's exit_code). */
  observe?: (eventType: string, fields: Readonly<Record<string, string>>) => void;
}

export function openShell(ctx: TemplateContext<unknown>, login: ShellLogin): Shell {
  return createShell({
    persona: ctx.persona.shell,
    user: login.user,
    now: () => ctx.now(),
    emit: (eventType, fields) => {
      // The shell reports sudo/su prompts with DECNET's credential shape; its kind is plaintext.
      const f = fields['secret_kind'] === 'password' ? { ...fields, secret_kind: 'plaintext' } : fields;
      login.observe?.(eventType, f);
      ctx.emit(eventType, f);
    },
    session: {
      protocol: login.protocol,
      remoteIp: ctx.src.ip,
      remotePort: ctx.src.port,
      localPort: ctx.dst.port,
      tty: login.tty ?? 'pts/0',
      term: (login.term ?? 'xterm-256color').slice(0, 64),
      loginPassword: login.password,
    },
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when user/password is one of the persona's accounts; there is no accept-any mode (D8). */
export function checkLogin(persona: Persona, user: string, password: string): boolean {
  return (persona.logins ?? []).some((l) => l.user === user && sameText(l.password, password));
}
